package io.jail4j.examples;

/** Reports a command line that cannot be run as given; the command exits with status 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
