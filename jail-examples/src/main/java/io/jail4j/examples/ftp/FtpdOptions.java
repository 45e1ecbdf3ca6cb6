package io.jail4j.examples.ftp;

import io.jail4j.examples.ListenAddress;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The parsed arguments of {@code ftpd}; every error names the argument and what is allowed. */
final class FtpdOptions {
    static final String USAGE = "ftpd (--listen ADDR:PORT|systemd --root DIR | --demo [--listen ADDR:PORT|systemd]) [--user NAME]"
            + " [--pasv-ports LOW-HIGH] [--allow FILE --deny FILE] [--upload SUBDIR]"
            + " [--tls-cert PEM [--tls-key PEM] | --tls-self-signed] [--max-clients N] [--max-per-ip N]"
            + " [--max-line BYTES] [--login-timeout S] [--idle-timeout S] [--accept-timeout S]"
            + " [--connect-timeout S] [--data-timeout S]";

    /** Where {@code --demo} listens unless {@code --listen} is given. */
    static final String DEMO_LISTEN = "127.0.0.1:2121";

    /** A command line that cannot be run as given (exit status 2). */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

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
    boolean tlsSelfSigned;
    /** Serve a demo tree from a fresh jail under the temp directory instead of {@code --root}. */
    boolean demo;
    /** Client limits and timeouts ({@link Limits#DEFAULTS} unless given). */
    Limits limits = Limits.DEFAULTS;

    private FtpdOptions() {
    }

    static FtpdOptions parse(List<String> args) throws UsageException {
        FtpdOptions o = new FtpdOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--listen":
                    String where = value(args, i++);
                    o.systemd = where.equals(io.jail4j.examples.SystemdSockets.LISTEN_VALUE);
                    o.listen = o.systemd ? null : listen(where);
                    break;
                case "--root": o.root = absolute(arg, value(args, i++)); break;
                case "--user":
                    o.user = value(args, i++);
                    if (o.user.isEmpty()) {
                        throw new UsageException("--user: the user name is empty");
                    }
                    break;
                case "--pasv-ports":
                    try {
                        o.pasvPorts = PortRange.parse(value(args, i++));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--pasv-ports " + e.getMessage());
                    }
                    break;
                case "--allow": o.allow = absolute(arg, value(args, i++)); break;
                case "--deny": o.deny = absolute(arg, value(args, i++)); break;
                case "--upload": o.upload = upload(value(args, i++)); break;
                case "--tls-cert": o.tlsCert = absolute(arg, value(args, i++)); break;
                case "--tls-key": o.tlsKey = absolute(arg, value(args, i++)); break;
                case "--tls-self-signed": o.tlsSelfSigned = true; break;
                case "--demo": o.demo = true; break;
                case "--max-clients":
                    o.limits = o.limits.withClients(number(arg, value(args, i++), 1, Limits.MOST_CLIENTS),
                            o.limits.maxPerAddress());
                    break;
                case "--max-per-ip":
                    o.limits = o.limits.withClients(o.limits.maxClients(),
                            number(arg, value(args, i++), 1, Limits.MOST_CLIENTS));
                    break;
                case "--max-line": o.limits = o.limits.withMaxLine(number(arg, value(args, i++), 64, 1 << 20)); break;
                case "--login-timeout":
                    o.limits = o.limits.withControlTimeouts(seconds(arg, value(args, i++)), o.limits.idleTimeout());
                    break;
                case "--idle-timeout":
                    o.limits = o.limits.withControlTimeouts(o.limits.loginTimeout(), seconds(arg, value(args, i++)));
                    break;
                case "--accept-timeout":
                    o.limits = o.limits.withDataTimeouts(seconds(arg, value(args, i++)), o.limits.connectTimeout(),
                            o.limits.dataTimeout());
                    break;
                case "--connect-timeout":
                    o.limits = o.limits.withDataTimeouts(o.limits.acceptTimeout(), seconds(arg, value(args, i++)),
                            o.limits.dataTimeout());
                    break;
                case "--data-timeout":
                    o.limits = o.limits.withDataTimeouts(o.limits.acceptTimeout(), o.limits.connectTimeout(),
                            seconds(arg, value(args, i++)));
                    break;
                default: throw new UsageException("unknown argument \"" + arg + "\"");
            }
        }
        if (o.demo && o.root != null) {
            throw new UsageException("--demo and --root exclude each other (--demo creates its own jail)");
        }
        if (o.demo && o.listen == null && !o.systemd) {
            o.listen = listen(DEMO_LISTEN);
        }
        if (o.listen == null && !o.systemd) {
            throw new UsageException("--listen ADDR:PORT is required");
        }
        if (o.root == null && !o.demo) {
            throw new UsageException("--root DIR is required (or --demo)");
        }
        if (o.tlsSelfSigned && o.tlsCert != null) {
            throw new UsageException("--tls-cert and --tls-self-signed exclude each other");
        }
        if (o.tlsKey != null && o.tlsCert == null) {
            throw new UsageException("--tls-key needs --tls-cert");
        }
        return o;
    }

    /** Parses a whole number in {@code [low, high]}. */
    static int number(String option, String text, int low, int high) throws UsageException {
        if (text.matches("[0-9]{1,9}")) {
            int v = Integer.parseInt(text);
            if (v >= low && v <= high) {
                return v;
            }
        }
        throw new UsageException(option + " \"" + Replies.printable(text) + "\": expected a whole number from " + low
                + " to " + high);
    }

    /** Parses a timeout in whole seconds, 1 to 86400 (a day). */
    static Duration seconds(String option, String text) throws UsageException {
        return Duration.ofSeconds(number(option, text, 1, 86_400));
    }

    private static String value(List<String> args, int i) throws UsageException {
        if (i + 1 >= args.size()) {
            throw new UsageException(args.get(i) + ": missing value");
        }
        return args.get(i + 1);
    }

    private static Path absolute(String option, String text) throws UsageException {
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException(option + " \"" + text + "\": not a path (" + e.getReason() + ")");
        }
    }

    /** Parses {@code 127.0.0.1:21} or {@code [::1]:21}: address literals only, no name lookup. */
    static InetSocketAddress listen(String text) throws UsageException {
        try {
            return ListenAddress.parse(text, null).socketAddress();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Returns the drop box as a normalized virtual path such as {@code /incoming}. */
    static String upload(String text) throws UsageException {
        String v;
        try {
            v = VirtualPath.resolve("/", text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--upload \"" + Replies.printable(text) + "\": control character in the path");
        }
        if (text.startsWith("/") || text.contains("..") || v.equals("/")) {
            throw new UsageException("--upload \"" + text + "\": expected a subdirectory of the root such as"
                    + " incoming (relative, no \"..\")");
        }
        return v;
    }
}
