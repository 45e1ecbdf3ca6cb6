package io.jail4j.tcpd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable set of TCP wrapper rules ({@code hosts_access(5)}, {@code hosts_options(5)}),
 * read once (before the chroot) and checked in-process, deciding exactly as Debian's libwrap
 * 7.6.q does for the same files and the same {@link Request}.
 *
 * <pre>{@code
 * HostsAccess rules = HostsAccess.load(Path.of("/etc/hosts.allow"), Path.of("/etc/hosts.deny"));
 * Decision d = rules.check(Request.of("in.ftpd", "ftp.example.org", "127.0.0.7", null));
 * if (!d.allowed()) { ... close the connection ... }
 * }</pre>
 *
 * <p><b>The decision.</b> The first rule of the allow file whose daemon list and client list both
 * match grants access; otherwise the first matching rule of the deny file denies it; otherwise
 * access is granted. A missing file is an empty file. A rule's options can turn its verdict
 * ({@code allow}, {@code deny}) or deny on an error, as in libwrap. Everything libwrap reads at
 * each check ({@code /path} list files, {@code banners} directories) is read here at load time.
 *
 * <p><b>Malformed files</b> are decided as libwrap decides them, and reported in
 * {@link #warnings()}: a line without {@code :} is skipped; a line of 2047 bytes or more, or a
 * last line without a newline, ends the file there, and a check that reaches that point without a
 * match counts as an error: in the deny file that denies every such client. A line indented
 * before its {@code #} is not a comment. A rule whose options are wrong denies access when it
 * matches.
 *
 * <p><b>Deliberate differences</b>, all failing closed at load with a {@link HostsFileException}
 * that names the file and line: options that would run a shell or change the whole process
 * ({@code spawn}, {@code twist}, {@code aclexec}, {@code user}, {@code group}, {@code umask},
 * {@code nice}, {@code setenv}) need an {@link OptionHandler}; a rule file that exists but cannot
 * be read, is a directory, or exceeds 16 MiB is refused (libwrap would skip an unreadable allow
 * file and deny everyone for an unreadable deny file, at every connection); list files that
 * include each other in a loop, and list-file patterns too long for libwrap's buffer, are refused
 * (libwrap would crash). Netgroups ({@code @group}) never match (no NIS lookups from a jail); the
 * {@code rfc931} option makes no ident lookup.
 *
 * <p>Checks are thread-safe and do no I/O; rules are indexed by daemon name and by client
 * address, so a check against thousands of rules costs about as much as against a few.
 */
public final class HostsAccess {
    /** The allow file libwrap reads by default. */
    public static final Path HOSTS_ALLOW = Path.of("/etc/hosts.allow");
    /** The deny file libwrap reads by default. */
    public static final Path HOSTS_DENY = Path.of("/etc/hosts.deny");

    private final Table allow;
    private final Table deny;
    private final Set<String> interfaces;
    private final Map<String, OptionHandler> handlers;
    private final List<Diagnostic> notes;
    private final List<FileStamp> stamps;
    private final RuleCheck rules;
    private final boolean needsNames;
    private final boolean needsServerNames;

    private HostsAccess(Table allow, Table deny, Set<String> interfaces, Map<String, OptionHandler> handlers,
                        LoadContext loading) {
        this.allow = allow;
        this.deny = deny;
        this.interfaces = interfaces;
        this.handlers = handlers;
        this.notes = List.copyOf(loading.notes);
        this.stamps = List.copyOf(loading.stamps);
        this.rules = new RuleCheck(allow, deny, interfaces);
        boolean names = false;
        boolean serverNames = false;
        for (Table t : List.of(allow, deny)) {
            for (Rule rule : t.rules) {
                names |= rule.needsClientName();
                serverNames |= rule.needsServerName();
            }
        }
        this.needsNames = names;
        this.needsServerNames = serverNames;
    }

    /**
     * Reads the two rule files (and the list files and banner directories they name), with no
     * option handlers.
     *
     * @param allow the allow file ({@code hosts.allow} format); a missing file is read as empty
     * @param deny the deny file ({@code hosts.deny} format); a missing file is read as empty
     * @return the rules, ready to check; what libwrap would warn about is in {@link #warnings()}
     * @throws HostsFileException if a file cannot be loaded (see the class comment)
     */
    public static HostsAccess load(Path allow, Path deny) throws HostsFileException {
        return builder().allowFile(allow).denyFile(deny).load();
    }

    /**
     * Returns a builder reading {@link #HOSTS_ALLOW} and {@link #HOSTS_DENY} unless told otherwise.
     *
     * @return a new builder with no option handlers; nothing is read until {@link Builder#load()}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides a request; thread-safe; runs option handlers of the matching rule, if any.
     *
     * @param r the connection to decide, not {@code null}
     * @return the decision, never {@code null}; a handler that fails or throws makes its rule deny
     *     (an {@code aclexec} handler: not match) instead of propagating
     */
    public Decision check(Request r) {
        Objects.requireNonNull(r, "request");
        return rules.check(r);
    }

    /**
     * Returns what libwrap would warn about or treat as an error in these files, in its words
     * ({@code warning: FILE, line N: message}): skipped lines, files cut short, options that
     * deny when their rule matches, unreadable list files.
     *
     * @return a new list, one message per element, in the order they were found while reading
     *     (the allow file and the list files it names first); empty when there is nothing of
     *     the kind
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (Diagnostic n : notes) {
            out.add(n.toString());
        }
        return out;
    }

    /**
     * Returns the allow file this rule set was read from.
     *
     * @return the path as it was given ({@link #HOSTS_ALLOW} by default), not resolved; the file
     *     may not exist (then it was read as empty)
     */
    public Path allowFile() {
        return allow.path;
    }

    /**
     * Returns the deny file this rule set was read from.
     *
     * @return the path as it was given ({@link #HOSTS_DENY} by default), not resolved; the file
     *     may not exist (then it was read as empty)
     */
    public Path denyFile() {
        return deny.path;
    }

    /**
     * Returns the number of rules read from the allow and deny files together.
     *
     * @return the count of {@code daemon_list : client_list} rules, a rule continued over several
     *     lines counting once; comments, blank lines, lines without {@code :} and anything after a
     *     point where reading stopped are not counted
     */
    public int size() {
        return allow.rules.size() + deny.rules.size();
    }

    /**
     * Returns whether some rule may look at the client's host name (a name, domain, wildcard,
     * {@code KNOWN}, {@code LOCAL} or {@code PARANOID} pattern, or {@code %n}); if not, callers
     * can skip the name lookup, as libwrap does.
     *
     * @return {@code true} if some rule has such a client pattern (directly or in a list file),
     *     a {@code banners} option, or an expanded option value containing {@code %n};
     *     {@code false} otherwise
     */
    public boolean needsClientNames() {
        return needsNames;
    }

    /**
     * Returns whether some rule may look at the server's host name: a {@code daemon@host} entry
     * whose host pattern compares names, or an expanded option value containing {@code %N},
     * {@code %H} or {@code %s}. libwrap looks the server's name up (and verifies it) as it does
     * the client's; if not, callers can skip that lookup.
     *
     * @return {@code true} if some rule needs the server's name; {@code false} otherwise
     */
    public boolean needsServerNames() {
        return needsServerNames;
    }

    /** Returns whether a file read for this rule set has changed, appeared or gone since. */
    boolean stale() {
        for (FileStamp s : stamps) {
            if (s.stale()) {
                return true;
            }
        }
        return false;
    }

    /** Reads the same files again with the same handlers and interface names. */
    HostsAccess reload() throws HostsFileException {
        return read(allow.path, deny.path, handlers, interfaces);
    }

    private static HostsAccess read(Path allowFile, Path denyFile, Map<String, OptionHandler> handlers,
                                    Set<String> interfaces) throws HostsFileException {
        LoadContext ctx = new LoadContext(interfaces, handlers);
        Table allow = Table.load(allowFile, true, ctx);
        Table deny = Table.load(denyFile, false, ctx);
        return new HostsAccess(allow, deny, interfaces, handlers, ctx);
    }

    @Override
    public String toString() {
        return "HostsAccess[" + allow.path + " (" + allow.rules.size() + " rules), " + deny.path + " ("
                + deny.rules.size() + " rules)" + (notes.isEmpty() ? "" : ", " + notes.size() + " warnings") + "]";
    }

    /** Configures which files to read and which refused options to accept through handlers. */
    public static final class Builder {
        private Path allow = HOSTS_ALLOW;
        private Path deny = HOSTS_DENY;
        private final Map<String, OptionHandler> handlers = new HashMap<>();

        private Builder() {
        }

        /**
         * Sets the allow file (default {@code /etc/hosts.allow}).
         *
         * @param file the allow file, not {@code null}; read by {@link #load()}, a missing file
         *     being read as empty
         * @return this builder
         */
        public Builder allowFile(Path file) {
            this.allow = Objects.requireNonNull(file, "allowFile");
            return this;
        }

        /**
         * Sets the deny file (default {@code /etc/hosts.deny}).
         *
         * @param file the deny file, not {@code null}; read by {@link #load()}, a missing file
         *     being read as empty
         * @return this builder
         */
        public Builder denyFile(Path file) {
            this.deny = Objects.requireNonNull(file, "denyFile");
            return this;
        }

        /**
         * Accepts rules that use {@code option}, one of {@code spawn}, {@code twist},
         * {@code aclexec}, {@code user}, {@code group}, {@code umask}, {@code nice},
         * {@code setenv}, by handing it to {@code handler} when such a rule matches.
         *
         * @param option the option's name, in any case
         * @param handler called each time a rule with {@code option} matches, not {@code null};
         *     it replaces a handler registered earlier for the same option
         * @return this builder
         * @throws IllegalArgumentException if {@code option} is {@code null} or not one of the
         *     eight names above
         */
        public Builder handle(String option, OptionHandler handler) {
            String name = option == null ? "" : option.toLowerCase(Locale.ROOT);
            if (!Options.HANDLED.contains(name)) {
                throw new IllegalArgumentException("handle: \"" + option + "\" is not an option jail4j leaves to a "
                        + "handler; expected one of " + Options.HANDLED);
            }
            handlers.put(name, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Reads the files now (call before the chroot if they live outside the jail).
         *
         * @return the rules read from the two files, with the handlers registered so far
         * @throws HostsFileException if a file cannot be loaded (see {@link HostsAccess})
         */
        public HostsAccess load() throws HostsFileException {
            TcpdClasses.load();
            return read(allow, deny, Map.copyOf(handlers), Inet6.interfaceNames());
        }
    }
}
