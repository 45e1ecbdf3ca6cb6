package io.jail4j.examples;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The parsed arguments of {@code demo}. */
final class DemoOptions {
    static final String USAGE = "demo [--listen ADDR:PORT|systemd] [--user NAME] [--jail DIR] [--connections N] [--json]"
            + " [--learn PLANFILE]";

    private ListenAddress listen;
    private boolean systemd;
    private String user = "nobody";
    private Path jail;
    private int connections;
    private boolean json;
    private Path learn;

    private DemoOptions() {
    }

    /**
     * Parses the arguments after {@code demo}.
     *
     * @throws UsageException naming the argument and what is allowed
     */
    static DemoOptions parse(List<String> args) throws UsageException {
        DemoOptions o = new DemoOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--listen":
                    String where = value(args, i++);
                    o.systemd = where.equals(SystemdSockets.LISTEN_VALUE);
                    o.listen = o.systemd ? null : listen(where);
                    break;
                case "--user":
                    o.user = value(args, i++);
                    if (o.user.isEmpty()) {
                        throw new UsageException("--user: the user name is empty");
                    }
                    break;
                case "--jail":
                    o.jail = jailPath(value(args, i++));
                    break;
                case "--connections":
                    o.connections = positive("--connections", value(args, i++));
                    break;
                case "--json":
                    o.json = true;
                    break;
                case "--learn":
                    o.learn = planPath(value(args, i++));
                    break;
                default:
                    throw new UsageException("unknown argument \"" + arg + "\"");
            }
        }
        if (o.listen == null && !o.systemd) {
            o.listen = listen("127.0.0.1:79");
        }
        return o;
    }

    private static String value(List<String> args, int i) throws UsageException {
        if (i + 1 >= args.size()) {
            throw new UsageException(args.get(i) + ": missing value");
        }
        return args.get(i + 1);
    }

    private static Path jailPath(String text) throws UsageException {
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException("--jail \"" + text + "\": not a path (" + e.getReason() + ")");
        }
    }

    private static Path planPath(String text) throws UsageException {
        try {
            Path p = Path.of(text).toAbsolutePath().normalize();
            if (p.getFileName() == null || text.endsWith("/")) {
                throw new UsageException("--learn \"" + text + "\": name a plan file, not a directory");
            }
            return p;
        } catch (InvalidPathException e) {
            throw new UsageException("--learn \"" + text + "\": not a path (" + e.getReason() + ")");
        }
    }

    static int positive(String option, String text) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " \"" + text + "\": expected a whole number from 1 to " + Integer.MAX_VALUE);
    }

    /** Returns where to listen; 127.0.0.1:79 unless given; null with {@code --listen systemd}. */
    ListenAddress listen() {
        return listen;
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

    private static ListenAddress listen(String text) throws UsageException {
        try {
            return ListenAddress.parse(text, "the demo");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
