package io.jail4j;

/**
 * Reports that the process is not in a state from which it can enter a jail: {@code enter()} was
 * already called in this process, or the process has already given up its privileges.
 */
public final class JailStateException extends JailException {
    private static final long serialVersionUID = 1L;

    JailStateException(String message) {
        super(message);
    }

    JailStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
