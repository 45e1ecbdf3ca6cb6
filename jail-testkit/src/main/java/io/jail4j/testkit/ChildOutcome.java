package io.jail4j.testkit;

import java.io.IOException;

/** How the one test run in the jail ended, as the child reports it. */
final class ChildOutcome {
    enum Status { SUCCESSFUL, FAILED, ABORTED, SKIPPED }

    final Status status;
    final Throwable throwable;
    final String reason;

    ChildOutcome(Status status, Throwable throwable, String reason) {
        this.status = status;
        this.throwable = throwable;
        this.reason = reason;
    }

    FrameFields.Out write() {
        FrameFields.Out out = new FrameFields.Out().string(status.name()).string(reason);
        ThrowableCodec.write(out, throwable);
        return out;
    }

    static ChildOutcome read(FrameFields.In in) throws IOException {
        String name = in.string();
        Status status;
        try {
            status = Status.valueOf(String.valueOf(name));
        } catch (IllegalArgumentException e) {
            throw new IOException("control socket: unknown outcome " + name, e);
        }
        String reason = in.string();
        return new ChildOutcome(status, ThrowableCodec.read(in), reason);
    }
}
