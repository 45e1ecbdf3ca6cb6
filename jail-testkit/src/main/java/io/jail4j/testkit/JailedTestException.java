package io.jail4j.testkit;

/**
 * Stands for an exception thrown inside the jail whose type is not re-created outside: anything
 * but the JDK's own exceptions and opentest4j's types, and not an {@link AssertionError} (that
 * arrives as a {@link JailedAssertionError}). It prints as the
 * original did, with the original class name, message, stack trace, cause and suppressed
 * exceptions; the testkit never deserializes objects sent by a jailed process.
 */
public final class JailedTestException extends RuntimeException {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** The binary name of the class of the original thrown inside the jail. */
    private final String originalClassName;

    JailedTestException(String originalClassName, String message) {
        super(message);
        this.originalClassName = originalClassName;
    }

    /**
     * Returns the name of the class of the exception thrown inside the jail.
     *
     * @return the original's binary class name, such as {@code "com.example.CustomFailure"}
     */
    public String originalClassName() {
        return originalClassName;
    }

    /** Returns the original class name and message, as the original's {@code toString()} did. */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
