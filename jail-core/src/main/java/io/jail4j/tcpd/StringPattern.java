package io.jail4j.tcpd;

import java.util.Arrays;
import java.util.Set;

/**
 * One pattern as libwrap's {@code string_match} (Debian) applies it to a daemon, user, host name
 * or address, tried in this order: a pattern with {@code *} or {@code ?} is a wildcard;
 * {@code .suffix}; {@code ALL}; {@code KNOWN} (anything but {@code unknown}); {@code prefix.};
 * {@code [ipv6]} (compared as addresses); otherwise equal ignoring ASCII case.
 */
final class StringPattern {
    enum Kind { GLOB, SUFFIX, ALL, KNOWN, PREFIX, BRACKET6, EXACT, NEVER }

    final Kind kind;
    /** The pattern with ASCII letters lowered. */
    final String lower;
    private final Glob glob;
    private final byte[] v6;

    private StringPattern(Kind kind, String lower, byte[] v6) {
        this.kind = kind;
        this.lower = lower;
        this.glob = kind == Kind.GLOB ? new Glob(lower) : null;
        this.v6 = v6;
    }

    /** Compiles a pattern (a byte string, never empty in a rule; may be empty from a list file). */
    static StringPattern of(String tok, Set<String> interfaces) {
        String lower = CText.lower(tok);
        if (tok.indexOf('*') >= 0 || tok.indexOf('?') >= 0) {
            return new StringPattern(Kind.GLOB, lower, null);
        }
        if (tok.isEmpty()) {
            return new StringPattern(Kind.NEVER, lower, null); // C reads before the token: no match
        }
        if (tok.charAt(0) == '.') {
            return new StringPattern(Kind.SUFFIX, lower, null);
        }
        if (lower.equals("all")) {
            return new StringPattern(Kind.ALL, lower, null);
        }
        if (lower.equals("known")) {
            return new StringPattern(Kind.KNOWN, lower, null);
        }
        char last = tok.charAt(tok.length() - 1);
        if (last == '.') {
            return new StringPattern(Kind.PREFIX, lower, null);
        }
        if (last == ']' && tok.charAt(0) == '[') {
            byte[] addr = tok.length() >= 2 ? Inet6.parse(tok.substring(1, tok.length() - 1), interfaces) : null;
            return new StringPattern(addr == null ? Kind.NEVER : Kind.BRACKET6, lower, addr);
        }
        return new StringPattern(Kind.EXACT, lower, null);
    }

    boolean matches(Subject s, MatchContext ctx) {
        switch (kind) {
            case GLOB:
                return glob.matches(s.lower);
            case SUFFIX:
                return s.lower.length() > lower.length() && s.lower.endsWith(lower);
            case ALL:
                return true;
            case KNOWN:
                return !s.lower.equals(Endpoint.UNKNOWN);
            case PREFIX:
                return s.lower.startsWith(lower);
            case BRACKET6:
                byte[] a = s.v6(ctx.interfaces);
                return a != null && Arrays.equals(a, v6);
            case EXACT:
                return s.lower.equals(lower);
            default:
                return false;
        }
    }
}
