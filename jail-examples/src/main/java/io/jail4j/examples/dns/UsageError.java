package io.jail4j.examples.dns;

/** Reports a command line that cannot be run as given; {@code dnsd} then exits with status 2. */
final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
