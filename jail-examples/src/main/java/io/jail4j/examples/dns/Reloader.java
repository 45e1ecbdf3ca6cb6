package io.jail4j.examples.dns;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import sun.misc.Signal;

/**
 * Reloads the zones on SIGHUP, from inside the jail: a handler (installed before the chroot)
 * wakes a thread that reads every zone file again under {@code /} and swaps the new set in; if
 * any file fails, the old zones stay and the error, with file and line, is logged.
 *
 * <p>The handler uses {@code sun.misc.Signal} (module {@code jdk.unsupported}): the JDK has no
 * supported API for signals, and it works unchanged on JDK 17 to 25. It replaces the JVM's own
 * SIGHUP handling, which would otherwise run the shutdown hooks and exit.
 */
final class Reloader {
    private final Responder responder;
    private final List<String> zones;
    private final Consumer<String> log;
    private final Semaphore wake = new Semaphore(0);
    private volatile Path root;

    Reloader(Responder responder, List<String> zones, Consumer<String> log) {
        this.responder = responder;
        this.zones = List.copyOf(zones);
        this.log = log;
    }

    /** Installs the SIGHUP handler; reloads then read under {@code root} (the jail before entering). */
    void install(Path firstRoot) {
        this.root = firstRoot;
        Signal.handle(new Signal("HUP"), sig -> wake.release());
    }

    /** Reads later reloads under {@code newRoot}: {@code /} once the process is in the jail. */
    void root(Path newRoot) {
        this.root = newRoot;
    }

    /** Starts the thread that reloads after each SIGHUP (several pending signals make one reload). */
    void start() {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    wake.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                wake.drainPermits();
                reload(true);
            }
        }, "dnsd-reload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Reads every zone again and serves the result; returns whether it did. Failures are always
     * logged, success only if {@code verbose}.
     */
    boolean reload(boolean verbose) {
        try {
            Zones fresh = Zones.load(new ZoneRoot(root, true), zones);
            responder.replace(fresh);
            if (verbose) {
                log.accept("reloaded " + fresh.describe());
            }
            return true;
        } catch (ZoneException e) {
            log.accept("reload failed, still serving the previous zones: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.accept("reload failed, still serving the previous zones: " + e);
        }
        return false;
    }
}
