package io.jail4j.testkit;

import io.jail4j.EntryReport;
import java.nio.file.Path;

/** What the jailed child hands to the test: set once, after {@code enter()} returned. */
final class ChildContext {
    private static volatile ChildContext current;

    final EntryReport report;
    final Path jail;
    final ListeningSockets sockets;

    ChildContext(EntryReport report, Path jail, ListeningSockets sockets) {
        this.report = report;
        this.jail = jail;
        this.sockets = sockets;
    }

    /** Returns the context in the jailed child, or null in any other JVM. */
    static ChildContext current() {
        return current;
    }

    static void set(ChildContext context) {
        current = context;
    }
}
