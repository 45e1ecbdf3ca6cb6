package io.jail4j.examples.dns;

import io.jail4j.examples.ListenAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parsed arguments of {@code dnsd}. */
final class DnsdOptions {
    static final String USAGE =
            "dnsd [--listen ADDR:PORT|systemd] --zone FILE [--zone FILE ...] [--jail DIR] [--user NAME] [--allow FILE --deny FILE]";

    private ListenAddress listen;
    private boolean systemd;
    private final List<Path> zones = new ArrayList<>();
    private Path jail;
    private String user = "nobody";
    private Path allow;
    private Path deny;

    private DnsdOptions() {
    }

    /**
     * Parses the arguments after {@code dnsd}.
     *
     * @throws UsageError naming the argument and what is allowed
     */
    static DnsdOptions parse(List<String> args) throws UsageError {
        DnsdOptions o = new DnsdOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--listen":
                    String where = value(args, i++);
                    o.systemd = where.equals(io.jail4j.examples.SystemdSockets.LISTEN_VALUE);
                    o.listen = o.systemd ? null : listen(where);
                    break;
                case "--zone":
                    o.zones.add(path("--zone", value(args, i++)));
                    break;
                case "--jail":
                    o.jail = path("--jail", value(args, i++));
                    break;
                case "--user":
                    o.user = value(args, i++);
                    if (o.user.isEmpty()) {
                        throw new UsageError("--user: the user name is empty");
                    }
                    break;
                case "--allow":
                    o.allow = path("--allow", value(args, i++));
                    break;
                case "--deny":
                    o.deny = path("--deny", value(args, i++));
                    break;
                default:
                    throw new UsageError("unknown argument \"" + arg + "\"");
            }
        }
        if (o.zones.isEmpty()) {
            throw new UsageError("no --zone given: name at least one zone file");
        }
        if ((o.allow == null) != (o.deny == null)) {
            throw new UsageError("--allow and --deny go together: give both rule files, or neither (then no client"
                    + " may transfer zones)");
        }
        if (o.listen == null && !o.systemd) {
            o.listen = listen("127.0.0.1:53");
        }
        return o;
    }

    private static String value(List<String> args, int i) throws UsageError {
        if (i + 1 >= args.size()) {
            throw new UsageError(args.get(i) + ": missing value");
        }
        return args.get(i + 1);
    }

    private static Path path(String option, String text) throws UsageError {
        if (text.isEmpty()) {
            throw new UsageError(option + ": the path is empty");
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageError(option + " \"" + text + "\": not a path (" + e.getReason() + ")");
        }
    }

    /** Returns where to listen, UDP and TCP; 127.0.0.1:53 unless given; null with {@code --listen systemd}. */
    ListenAddress listen() {
        return listen;
    }

    /** Returns whether the sockets come from the service manager ({@code --listen systemd}). */
    boolean systemd() {
        return systemd;
    }

    /** Returns the zone files as given, absolute and normalized. */
    List<Path> zones() {
        return zones;
    }

    /** Returns the jail, or empty to create a fresh one and copy the zones into it. */
    Optional<Path> jail() {
        return Optional.ofNullable(jail);
    }

    /** Returns the user to drop to; nobody unless given. */
    String user() {
        return user;
    }

    /** Returns the hosts.allow-style file for zone transfers, or empty. */
    Optional<Path> allow() {
        return Optional.ofNullable(allow);
    }

    /** Returns the hosts.deny-style file for zone transfers, or empty. */
    Optional<Path> deny() {
        return Optional.ofNullable(deny);
    }

    private static ListenAddress listen(String text) throws UsageError {
        try {
            return ListenAddress.parse(text, "dnsd");
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
