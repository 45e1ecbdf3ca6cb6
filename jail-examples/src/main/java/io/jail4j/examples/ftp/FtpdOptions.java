package io.jail4j.examples.ftp;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.SystemdSockets;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of {@code ftpd}, a picocli mixin of its command: each value is checked as it is
 * read and {@link #validate()} checks how they go together; every error names the option, the
 * value and what is allowed (a usage error, exit status 2).
 */
public final class FtpdOptions {
    /** Where {@code --demo} listens unless {@code --listen} is given. */
    static final String DEMO_LISTEN = "127.0.0.1:2121";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    InetSocketAddress listen;
    /** Take the control socket from the service manager ({@code --listen systemd}); {@link #listen} is then null. */
    boolean systemd;
    Path root;
    String user;
    PortRange pasvPorts;
    Path allow;
    Path deny;
    String upload;
    Path tlsCert;
    Path tlsKey;
    @Option(names = "--tls-self-signed", description = "Serve explicit FTPS (RFC 4217) with a certificate made at start.")
    boolean tlsSelfSigned;
    /** Serve a demo tree from a fresh jail under the temp directory instead of {@code --root}. */
    @Option(names = "--demo", description = "Make a jail with a small tree under the temp directory and serve it"
            + " (on " + DEMO_LISTEN + " unless --listen is given).")
    boolean demo;
    /** Client limits and timeouts ({@link Limits#DEFAULTS} unless given). */
    Limits limits = Limits.DEFAULTS;

    /** Creates the options with their defaults; picocli sets them from the command line. */
    public FtpdOptions() {
    }

    @Option(names = "--listen", paramLabel = "ADDR:PORT|systemd", description = "Address literal and port to bind"
            + " as root (any address; no name lookup), or systemd: take the control socket from the service manager.")
    void listen(String where) {
        systemd = where.equals(SystemdSockets.LISTEN_VALUE);
        listen = systemd ? null : ArgCheck.listen(spec, where, null).socketAddress();
    }

    @Option(names = "--root", paramLabel = "DIR", description = "The tree to serve and the jail: owned by root,"
            + " not group/other-writable.")
    void root(String dir) {
        root = ArgCheck.path(spec, "--root", dir);
    }

    @Option(names = "--user", paramLabel = "NAME", description = "The user to drop to (default: ftp, else nobody).")
    void user(String name) {
        user = ArgCheck.user(spec, "--user", name);
    }

    @Option(names = "--pasv-ports", paramLabel = "LOW-HIGH", description = "Ports for passive data connections"
            + " (default: any free port).")
    void pasvPorts(String text) {
        try {
            pasvPorts = PortRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw ArgCheck.usage(spec, "--pasv-ports " + e.getMessage());
        }
    }

    @Option(names = "--allow", paramLabel = "FILE", description = "hosts.allow-style rules (daemon name ftpd).")
    void allow(String file) {
        allow = ArgCheck.path(spec, "--allow", file);
    }

    @Option(names = "--deny", paramLabel = "FILE", description = "hosts.deny-style rules.")
    void deny(String file) {
        deny = ArgCheck.path(spec, "--deny", file);
    }

    @Option(names = "--upload", paramLabel = "SUBDIR", description = "Take anonymous uploads into the write-only"
            + " drop box DIR/SUBDIR.")
    void upload(String subdir) {
        upload = upload(spec, subdir);
    }

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain for explicit FTPS (RFC 4217).")
    void tlsCert(String pem) {
        tlsCert = ArgCheck.path(spec, "--tls-cert", pem);
    }

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of --tls-cert (default: in the same"
            + " file).")
    void tlsKey(String pem) {
        tlsKey = ArgCheck.path(spec, "--tls-key", pem);
    }

    @Option(names = "--max-clients", paramLabel = "N", description = "Most sessions at once, 1 to " + Limits.MOST_CLIENTS
            + " (default " + Limits.MAX_CLIENTS + ").")
    void maxClients(String n) {
        limits = limits.withClients(number("--max-clients", n, 1, Limits.MOST_CLIENTS), limits.maxPerAddress());
    }

    @Option(names = "--max-per-ip", paramLabel = "N", description = "Most sessions per client address (default "
            + Limits.MAX_PER_ADDRESS + "; a client not logged in gives way to a newcomer).")
    void maxPerIp(String n) {
        limits = limits.withClients(limits.maxClients(), number("--max-per-ip", n, 1, Limits.MOST_CLIENTS));
    }

    @Option(names = "--max-line", paramLabel = "BYTES", description = "Longest command line, 64 to 1048576 (default "
            + Limits.MAX_LINE + ").")
    void maxLine(String n) {
        limits = limits.withMaxLine(number("--max-line", n, 64, 1 << 20));
    }

    @Option(names = "--login-timeout", paramLabel = "S", description = "Seconds to log in (default 60).")
    void loginTimeout(String s) {
        limits = limits.withControlTimeouts(seconds("--login-timeout", s), limits.idleTimeout());
    }

    @Option(names = "--idle-timeout", paramLabel = "S", description = "Seconds a session may idle (default 300).")
    void idleTimeout(String s) {
        limits = limits.withControlTimeouts(limits.loginTimeout(), seconds("--idle-timeout", s));
    }

    @Option(names = "--accept-timeout", paramLabel = "S", description = "Seconds to wait for a passive data"
            + " connection (default 60).")
    void acceptTimeout(String s) {
        limits = limits.withDataTimeouts(seconds("--accept-timeout", s), limits.connectTimeout(), limits.dataTimeout());
    }

    @Option(names = "--connect-timeout", paramLabel = "S", description = "Seconds to connect an active data"
            + " connection (default 60).")
    void connectTimeout(String s) {
        limits = limits.withDataTimeouts(limits.acceptTimeout(), seconds("--connect-timeout", s), limits.dataTimeout());
    }

    @Option(names = "--data-timeout", paramLabel = "S", description = "Seconds a transfer may stall (default 300).")
    void dataTimeout(String s) {
        limits = limits.withDataTimeouts(limits.acceptTimeout(), limits.connectTimeout(), seconds("--data-timeout", s));
    }

    /**
     * Checks how the options go together and fills in what {@code --demo} implies.
     *
     * @throws picocli.CommandLine.ParameterException naming the options that conflict or are missing
     */
    public void validate() {
        if (demo && root != null) {
            throw ArgCheck.usage(spec, "--demo and --root exclude each other (--demo creates its own jail)");
        }
        if (demo && listen == null && !systemd) {
            listen = ArgCheck.listen(spec, DEMO_LISTEN, null).socketAddress();
        }
        if (listen == null && !systemd) {
            throw ArgCheck.usage(spec, "--listen ADDR:PORT is required");
        }
        if (root == null && !demo) {
            throw ArgCheck.usage(spec, "--root DIR is required (or --demo)");
        }
        if (tlsSelfSigned && tlsCert != null) {
            throw ArgCheck.usage(spec, "--tls-cert and --tls-self-signed exclude each other");
        }
        if (tlsKey != null && tlsCert == null) {
            throw ArgCheck.usage(spec, "--tls-key needs --tls-cert");
        }
    }

    private int number(String option, String text, int low, int high) {
        return (int) ArgCheck.number(spec, option, Replies.printable(text), low, high);
    }

    /** Parses a timeout in whole seconds, 1 to 86400 (a day). */
    private Duration seconds(String option, String text) {
        return Duration.ofSeconds(number(option, text, 1, 86_400));
    }

    /** Returns the drop box as a normalized virtual path such as {@code /incoming}. */
    static String upload(CommandSpec spec, String text) {
        String v;
        try {
            v = VirtualPath.resolve("/", text);
        } catch (IllegalArgumentException e) {
            throw ArgCheck.usage(spec, "--upload \"" + Replies.printable(text) + "\": control character in the path");
        }
        if (text.startsWith("/") || text.contains("..") || v.equals("/")) {
            throw ArgCheck.usage(spec, "--upload \"" + text + "\": expected a subdirectory of the root such as"
                    + " incoming (relative, no \"..\")");
        }
        return v;
    }
}
