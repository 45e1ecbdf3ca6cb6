package io.jail4j;

import java.nio.charset.StandardCharsets;

/**
 * Ends the process after a failure past the point of no return: one line on fd 2, then
 * {@code _exit} with the step's code. Uses only classes loaded before the chroot.
 */
final class Halt {
    private static final byte[] FALLBACK =
            "jail4j: halted after a failure past the point of no return\n".getBytes(StandardCharsets.US_ASCII);

    private Halt() {
    }

    static void halt(SystemCalls os, Step step, Throwable cause) {
        byte[] line;
        try {
            line = message(step, cause).getBytes(StandardCharsets.UTF_8);
        } catch (Throwable t) {
            line = FALLBACK;
        }
        try {
            os.writeStderr(line);
        } finally {
            os.exit(step.haltCode());
        }
        throw new IllegalStateException("unreachable: _exit returned");
    }

    static String message(Step step, Throwable cause) {
        String what = cause instanceof SystemCallException || cause instanceof Proof.Failure
                ? cause.getMessage() : cause.toString();
        return new StringBuilder("jail4j: halted at step ").append(step.name()).append(" (")
                .append(step.description()).append("), exit ").append(step.haltCode()).append(": ")
                .append(what).append('\n').toString();
    }
}
