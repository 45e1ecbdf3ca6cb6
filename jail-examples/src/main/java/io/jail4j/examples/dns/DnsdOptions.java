package io.jail4j.examples.dns;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.ListenAddress;
import io.jail4j.examples.SystemdSockets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of {@code dnsd}, a picocli mixin of its command: each value is checked as it is
 * read and {@link #validate()} checks how they go together (usage errors, exit status 2).
 */
public final class DnsdOptions {
    /** Where dnsd listens unless {@code --listen} is given. */
    static final String DEFAULT_LISTEN = "127.0.0.1:53";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private ListenAddress listen;
    private boolean systemd;
    private final List<Path> zones = new ArrayList<>();
    private Path jail;
    private String user = "nobody";
    private Path allow;
    private Path deny;

    /** Creates the options with their defaults; picocli sets them from the command line. */
    public DnsdOptions() {
    }

    @Option(names = "--listen", paramLabel = "ADDR:PORT|systemd", description = "Loopback address literal and port"
            + " to bind UDP and TCP on as root (default " + DEFAULT_LISTEN + "; only 127.0.0.0/8 and [::1]), or"
            + " systemd: take one UDP and one listening TCP socket from the service manager.")
    void listen(String where) {
        systemd = where.equals(SystemdSockets.LISTEN_VALUE);
        listen = systemd ? null : ArgCheck.listen(spec, where, "dnsd");
    }

    @Option(names = "--zone", paramLabel = "FILE", description = "A zone file in master format; repeat for more"
            + " zones. At least one.")
    void zone(List<String> files) {
        // picocli hands a repeatable option's setter every value given so far, each time
        zones.clear();
        for (String file : files) {
            zones.add(ArgCheck.path(spec, "--zone", file));
        }
    }

    @Option(names = "--jail", paramLabel = "DIR", description = "The jail, holding the zone files (default: a fresh"
            + " jail under the temp directory the zones are copied to).")
    void jail(String dir) {
        jail = ArgCheck.path(spec, "--jail", dir);
    }

    @Option(names = "--user", paramLabel = "NAME", description = "The user to drop to (default nobody).")
    void user(String name) {
        user = ArgCheck.user(spec, "--user", name);
    }

    @Option(names = "--allow", paramLabel = "FILE", description = "hosts.allow-style rules for zone transfers"
            + " (daemon dnsd-axfr); goes with --deny.")
    void allow(String file) {
        allow = ArgCheck.path(spec, "--allow", file);
    }

    @Option(names = "--deny", paramLabel = "FILE", description = "hosts.deny-style rules for zone transfers; goes"
            + " with --allow. Without both, no client may transfer zones.")
    void deny(String file) {
        deny = ArgCheck.path(spec, "--deny", file);
    }

    /**
     * Checks how the options go together and fills in the default address.
     *
     * @throws picocli.CommandLine.ParameterException naming what is missing or does not go together
     */
    public void validate() {
        if (zones.isEmpty()) {
            throw ArgCheck.usage(spec, "no --zone given: name at least one zone file");
        }
        if ((allow == null) != (deny == null)) {
            throw ArgCheck.usage(spec, "--allow and --deny go together: give both rule files, or neither (then no"
                    + " client may transfer zones)");
        }
        if (listen == null && !systemd) {
            listen = ArgCheck.listen(spec, DEFAULT_LISTEN, "dnsd");
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
}
