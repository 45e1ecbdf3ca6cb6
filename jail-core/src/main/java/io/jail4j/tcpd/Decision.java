package io.jail4j.tcpd;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The answer of {@link HostsAccess#check(Request)}: whether access is granted, which file and
 * line decided it (none when no rule matched and access is granted by default), the effects the
 * rule's options ask of the caller, and an explanation in the words of {@code tcpdmatch(8)}.
 */
public final class Decision {
    /** What one table contributed: the rule that matched (or none) and its options' trace. */
    record Part(Table table, Rule rule, List<String> trace) {
    }

    private final boolean allowed;
    private final boolean delegated;
    private final Part decidedBy;
    private final Part allowPart;
    private final Part denyPart;
    private final Level severity;
    private final boolean keepAlive;
    private final int linger;
    private final byte[] banner;
    private final Request request;
    private final Set<String> interfaces;
    private final String error;

    Decision(boolean allowed, boolean delegated, Part allowPart, Part denyPart, Level severity, boolean keepAlive,
             int linger, byte[] banner, Request request, Set<String> interfaces) {
        this.request = request;
        this.interfaces = interfaces;
        this.allowed = allowed;
        this.delegated = delegated;
        this.allowPart = allowPart;
        this.denyPart = denyPart;
        this.decidedBy = denyPart != null ? denyPart : allowPart;
        this.severity = severity != null ? severity : allowed ? Level.INFO : Level.WARNING;
        this.keepAlive = keepAlive;
        this.linger = linger;
        this.banner = banner;
        this.error = null;
    }

    private Decision(String error) {
        this.allowed = false;
        this.delegated = false;
        this.allowPart = null;
        this.denyPart = null;
        this.decidedBy = null;
        this.severity = Level.ERROR;
        this.keepAlive = false;
        this.linger = -1;
        this.banner = new byte[0];
        this.request = null;
        this.interfaces = Set.of();
        this.error = error;
    }

    /** A refusal that no rule made: deciding failed inside jail4j ({@code failure} says how). */
    static Decision internalError(Throwable failure) {
        return new Decision("internal error: " + failure.getClass().getName());
    }

    /**
     * Returns whether the connection may be served.
     *
     * @return {@code true} if access is granted (by a rule or, when no rule matched, by default);
     *     {@code false} if it is refused, if a {@code twist} handler took the connection over
     *     ({@link #delegated()}), or if deciding failed inside jail4j
     */
    public boolean allowed() {
        return allowed;
    }

    /**
     * Returns whether a {@code twist} handler took the connection over (then
     * {@link #allowed()} is false: the caller must not serve it).
     *
     * @return {@code true} only when the matching rule's {@code twist} option was handed to its
     *     {@link OptionHandler} and the handler returned {@code true}
     */
    public boolean delegated() {
        return delegated;
    }

    /**
     * Returns the file whose rule decided, or empty when no rule matched.
     *
     * @return the allow or deny file, as its path was given when the rules were loaded; empty
     *     when no rule matched (access granted by default, or refused because the deny file was
     *     cut short) and when deciding failed inside jail4j
     */
    public Optional<Path> file() {
        Rule rule = decidedBy == null ? null : decidedBy.rule();
        return rule == null ? Optional.empty() : Optional.of(decidedBy.table().path);
    }

    /**
     * Returns the line of the rule that decided, as libwrap counts it, or 0 when none did.
     *
     * @return the line number in {@link #file()}, counted from 1; for a rule continued with
     *     backslashes, its last physical line (libwrap's {@code tcpd_context.line}); 0 when
     *     {@link #file()} is empty
     */
    public int line() {
        Rule rule = decidedBy == null ? null : decidedBy.rule();
        return rule == null ? 0 : rule.line;
    }

    /**
     * Returns the text of the rule that decided (continuation lines joined), or "".
     *
     * @return the rule as written ({@code daemon_list : client_list [ : options ]}), each
     *     backslash-newline removed and without the final newline, its bytes decoded as UTF-8;
     *     {@code ""} when {@link #file()} is empty
     */
    public String rule() {
        Rule rule = decidedBy == null ? null : decidedBy.rule();
        return rule == null ? "" : CText.text(rule.text);
    }

    /**
     * Returns the level libwrap would log this connection at: its {@code severity} option if the
     * rule had one, else {@code INFO} when allowed and {@code WARNING} when refused.
     *
     * @return for a {@code severity} option ({@code level} or {@code facility.level}, the facility
     *     dropped): {@code ERROR} for {@code emerg}, {@code alert}, {@code crit} and {@code err},
     *     {@code WARNING} for {@code warning}, {@code INFO} for {@code notice} and {@code info},
     *     {@code DEBUG} for {@code debug}; without one, {@code INFO} or {@code WARNING} as
     *     {@link #allowed()} says; {@code ERROR} when deciding failed inside jail4j
     */
    public Level severity() {
        return severity;
    }

    /**
     * Returns whether the rule asked for TCP keep-alive ({@code keepalive}).
     *
     * @return {@code true} if the options of the rule that decided include {@code keepalive}, to
     *     be applied to the connection as {@code SO_KEEPALIVE} ({@link HostsGuard} does so for the
     *     connections it returns)
     */
    public boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Returns the {@code SO_LINGER} seconds the rule asked for ({@code linger}), if any.
     *
     * @return the value of the rule's {@code linger} option, in seconds, 0 or more; 0 means
     *     lingering turned off, as libwrap sets {@code l_onoff} only for a non-zero value; empty
     *     when the rule has no {@code linger} option
     */
    public OptionalInt linger() {
        return linger < 0 ? OptionalInt.empty() : OptionalInt.of(linger);
    }

    /**
     * Returns the banner to send to the client before anything else (empty if none).
     *
     * @return a copy of the bytes to send, whether access is granted or refused: for each
     *     {@code banners} option carried out, in order, the file of that directory named after the
     *     daemon, with its {@code %} expansions done and each line ended by CR LF; an empty array
     *     when there is no such option or no such file
     */
    public byte[] banner() {
        return banner.clone();
    }

    /**
     * Returns how the decision was reached, line by line as {@code tcpdmatch(8)} shows it:
     * warnings met while scanning each file, {@code matched:  FILE line N}, each option as it
     * was carried out ({@code option:   name value}) and errors. Empty when no file had a rule
     * or a remark.
     *
     * @return a new list, one line per element, allow file first; when deciding failed inside
     *     jail4j, the single line {@code error: internal error: } followed by the failure's class
     */
    public List<String> explanation() {
        List<String> out = new ArrayList<>();
        if (error != null) {
            out.add("error: " + error);
            return out;
        }
        explain(allowPart, out);
        if (denyPart != null) {
            explain(denyPart, out);
        }
        return out;
    }

    private void explain(Part part, List<String> out) {
        part.table().explain(request, interfaces, part.rule(), part.trace(), out);
    }

    @Override
    public String toString() {
        if (error != null) {
            return "denied (" + error + ")";
        }
        String verdict = delegated ? "delegated" : allowed ? "granted" : "denied";
        Rule rule = decidedBy.rule();
        return rule == null ? verdict : verdict + " by " + decidedBy.table().path + " line " + rule.line;
    }
}
