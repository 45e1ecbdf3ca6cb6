package io.jail4j.tcpd;

import java.util.Set;

/**
 * One string a pattern is matched against (a daemon, user, host name or address), in the form
 * libwrap's {@code string_match} sees it: an IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d} is
 * first cut to {@code a.b.c.d} (whenever the rest is a dotted quad, even for a daemon or user).
 */
final class Subject {
    /** The string after the {@code ::ffff:} cut, original case. */
    final String conv;
    /** {@link #conv} with ASCII letters lowered, for case-insensitive comparison. */
    final String lower;
    /** The parsed IPv6 form, once computed (final field: safe to share between threads). */
    record V6(byte[] bytes) {
    }

    private V6 v6;

    Subject(String raw) {
        this.conv = mappedCut(raw);
        this.lower = CText.lower(conv);
    }

    /** Creates a subject for {@code raw}, which the caller found to be ASCII with no capital. */
    Subject(String raw, boolean lowerAscii) {
        this.conv = mappedCut(raw);
        this.lower = lowerAscii && conv == raw ? raw : CText.lower(conv);
    }

    /** Returns {@code s} without a leading {@code ::ffff:} when the rest is a dotted quad. */
    static String mappedCut(String s) {
        if (s.length() > 7 && s.charAt(0) == ':' && s.regionMatches(true, 0, "::ffff:", 0, 7)
                && CNumbers.dotQuad(s.substring(7)) != CNumbers.NONE) {
            return s.substring(7);
        }
        return s;
    }

    /** Returns the IPv6 bytes of {@link #conv}, or {@code null} if it is not IPv6 text. */
    byte[] v6(Set<String> interfaces) {
        V6 v = v6;
        if (v == null) {
            v = new V6(Inet6.parse(conv, interfaces));
            v6 = v;
        }
        return v.bytes();
    }
}
