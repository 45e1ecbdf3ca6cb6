package io.jail4j.examples;

import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options of {@code demo}, a picocli mixin of its command; each value is checked as it is read. */
public final class DemoOptions {
    /** Where the demo listens unless {@code --listen} is given. */
    static final String DEFAULT_LISTEN = "127.0.0.1:79";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private ListenAddress listen;
    private boolean systemd;
    private String user = "nobody";
    private Path jail;
    private int connections;
    @Option(names = "--json", description = "Print the entry report as JSON on stdout (status lines on stderr).")
    private boolean json;
    private Path learn;

    /** Creates the options with their defaults; picocli sets them from the command line. */
    public DemoOptions() {
    }

    @Option(names = "--listen", paramLabel = "ADDR:PORT|systemd", description = "Loopback address literal and port"
            + " to bind as root (default " + DEFAULT_LISTEN + "; only 127.0.0.0/8 and [::1]), or systemd: take the"
            + " socket from the service manager (then any user holding CAP_SYS_CHROOT, CAP_SETUID and CAP_SETGID"
            + " may start it).")
    void listen(String where) {
        systemd = where.equals(SystemdSockets.LISTEN_VALUE);
        listen = systemd ? null : ArgCheck.listen(spec, where, "the demo");
    }

    @Option(names = "--user", paramLabel = "NAME", description = "The user to drop to (default nobody).")
    void user(String name) {
        user = ArgCheck.user(spec, "--user", name);
    }

    @Option(names = "--jail", paramLabel = "DIR", description = "The jail (default: a fresh one under the temp"
            + " directory).")
    void jail(String dir) {
        jail = ArgCheck.path(spec, "--jail", dir);
    }

    @Option(names = "--connections", paramLabel = "N", description = "Exit after N connections (default: serve"
            + " until stopped).")
    void connections(String n) {
        connections = ArgCheck.positive(spec, "--connections", n);
    }

    @Option(names = "--learn", paramLabel = "PLANFILE", description = "Learn mode, NOT jailed (no chroot; ids"
            + " dropped, no_new_privs, syscall policy): write at exit what the demo opened outside the jail as a"
            + " plan (Preload calls, layout lines). For a test environment.")
    void learn(String text) {
        Path p = ArgCheck.path(spec, "--learn", text);
        if (p.getFileName() == null || text.endsWith("/")) {
            throw ArgCheck.usage(spec, "--learn \"" + text + "\": name a plan file, not a directory");
        }
        learn = p;
    }

    /** Returns where to listen; 127.0.0.1:79 unless given; null with {@code --listen systemd}. */
    ListenAddress listen() {
        return listen != null || systemd ? listen : ListenAddress.parse(DEFAULT_LISTEN, "the demo");
    }

    /** Returns whether the socket comes from the service manager ({@code --listen systemd}). */
    boolean systemd() {
        return systemd;
    }

    /** Returns the user to drop to; nobody unless given. */
    String user() {
        return user;
    }

    /** Returns the jail given as an absolute normalized path, or empty to create a fresh one. */
    Optional<Path> jail() {
        return Optional.ofNullable(jail);
    }

    /** Returns how many connections to serve before exiting, 0 for no limit. */
    int connections() {
        return connections;
    }

    /**
     * Returns the plan file of learn mode ({@code --learn PLANFILE}: the demo runs NOT jailed and
     * writes what it would miss in the jail), or empty for a jailed run. Only this option turns
     * learn mode on; no environment variable does.
     */
    Optional<Path> learn() {
        return Optional.ofNullable(learn);
    }

    /** Returns whether to print the entry report as JSON. */
    boolean json() {
        return json;
    }
}
