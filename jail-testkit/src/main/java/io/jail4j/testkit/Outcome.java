package io.jail4j.testkit;

import java.io.IOException;

/** How the one test run in the jail ended, as the child reports it. */
final class Outcome {
    enum Status { SUCCESSFUL, FAILED, ABORTED, SKIPPED }

    final Status status;
    final Throwable throwable;
    final String reason;

    Outcome(Status status, Throwable throwable, String reason) {
        this.status = status;
        this.throwable = throwable;
        this.reason = reason;
    }

    Payload.Out write() {
        Payload.Out out = new Payload.Out().string(status.name()).string(reason);
        ThrowableCodec.write(out, throwable);
        return out;
    }

    static Outcome read(Payload.In in) throws IOException {
        String name = in.string();
        Status status;
        try {
            status = Status.valueOf(String.valueOf(name));
        } catch (IllegalArgumentException e) {
            throw new IOException("control socket: unknown outcome " + name, e);
        }
        String reason = in.string();
        return new Outcome(status, ThrowableCodec.read(in), reason);
    }
}
