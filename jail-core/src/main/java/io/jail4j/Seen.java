package io.jail4j;

/** What learn mode saw of one path: guarded by its {@link LearnSession}. */
final class Seen {
    final String path;
    int opens;
    int reads;
    /** A read of a class-path jar while a thread reopened it by path (the JDK shares the open file). */
    String byPath;
    int writes;
    boolean exec;
    boolean directory;
    long firstNanos;
    String trigger;
    String initializer;
    int samples;

    Seen(String path, long firstNanos) {
        this.path = path;
        this.firstNanos = firstNanos;
    }

    /** Returns a copy, for a plan rendered while the reader goes on. */
    Seen copy() {
        Seen c = new Seen(path, firstNanos);
        c.opens = opens;
        c.reads = reads;
        c.byPath = byPath;
        c.writes = writes;
        c.exec = exec;
        c.directory = directory;
        c.trigger = trigger;
        c.initializer = initializer;
        return c;
    }
}
