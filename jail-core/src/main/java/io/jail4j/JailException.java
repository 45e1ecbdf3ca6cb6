package io.jail4j;

/**
 * Reports that {@link Jail#enter()} refused to enter, before it changed anything.
 *
 * <p>Every subclass is thrown from the reversible part of {@code enter()}: when the caller sees
 * one, the process still has its root directory, working directory, ids, groups and open files as
 * they were. Failures after the point of no return never surface as exceptions: they halt the
 * process (see {@link Step}).
 */
public class JailException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the value and what was expected.
     *
     * @param message the detail message, naming the value and what was expected
     */
    public JailException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the failure that caused it.
     *
     * @param message the detail message
     * @param cause   the failure that caused this one, or null if none is known
     */
    public JailException(String message, Throwable cause) {
        super(message, cause);
    }
}
