package io.jail4j.testkit;

import org.opentest4j.AssertionFailedError;

/**
 * Stands for an assertion error thrown inside the jail whose type is not re-created outside (an
 * assertion library's own subtype of {@link AssertionError}, say). Being an
 * {@code AssertionError} itself, it counts as a failure, not an error, as the original would; it
 * keeps the original's expected and actual values when it had them, and prints as the original
 * did, with the original class name, message, stack trace, cause and suppressed exceptions.
 */
public final class JailedAssertionError extends AssertionFailedError {
    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** The binary name of the class of the original thrown inside the jail. */
    private final String originalClassName;

    JailedAssertionError(String originalClassName, String message) {
        super(message);
        this.originalClassName = originalClassName;
    }

    JailedAssertionError(String originalClassName, String message, Object expected, Object actual) {
        super(message, expected, actual);
        this.originalClassName = originalClassName;
    }

    /**
     * Returns the name of the class of the assertion error thrown inside the jail.
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
