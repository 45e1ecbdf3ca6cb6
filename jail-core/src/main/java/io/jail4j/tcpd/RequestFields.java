package io.jail4j.tcpd;

/**
 * A {@link Request}'s fields as libwrap's {@code request_set} stores them: each cut at a NUL and
 * to its first {@link #MAX_FIELD} bytes ({@code STRN_CPY(ptr, value, STRING_LENGTH)}), the
 * daemon name together with its {@link Subject}, and the client and server as
 * {@link Endpoint}s.
 */
final class RequestFields {
    /** The bytes of a field libwrap keeps: {@code STRING_LENGTH} (128) less the NUL. */
    static final int MAX_FIELD = 127;

    /**
     * Daemon names seen, kept by identity (a server passes the same string each time, a checker
     * of many daemons the same few strings) in a small direct-mapped table. A record has only
     * final fields, so a thread that reads a slot another one wrote sees it whole, or a record
     * for another name, or none: each is correct.
     */
    record Daemon(String name, String bytes, Subject subject) {
    }

    private static final Daemon[] DAEMONS = new Daemon[16];

    private RequestFields() {
    }

    /** Returns the daemon name {@code daemon} as rules see it, from the table if it was seen. */
    static Daemon daemon(String daemon) {
        int slot = System.identityHashCode(daemon) & (DAEMONS.length - 1);
        Daemon known = DAEMONS[slot];
        if (known != null && known.name == daemon) {
            return known;
        }
        String d = field(daemon);
        Daemon made = new Daemon(daemon, d, new Subject(d));
        DAEMONS[slot] = made;
        return made;
    }

    /**
     * Returns a field as libwrap's {@code request_set} stores it: the byte string up to the first
     * NUL, cut to {@link #MAX_FIELD} bytes ({@code STRN_CPY(ptr, value, STRING_LENGTH)}).
     */
    static String field(String s) {
        if (s == null) {
            return "";
        }
        String b = CText.plain(s) ? s : CText.cString(CText.bytes(s));
        return b.length() > MAX_FIELD ? b.substring(0, MAX_FIELD) : b;
    }

    /** Returns the endpoint of a host name and address as given ({@code null}: unknown). */
    static Endpoint endpoint(String name, String address) {
        if (plainLower(address) && (name == null || name.equals(address))) {
            return new Endpoint(name == null ? "" : address, address, true); // the common case: one scan
        }
        return new Endpoint(field(name), field(address), false);
    }

    /** Returns whether {@code s} is ASCII, without NUL or capitals, and at most 127 long. */
    private static boolean plainLower(String s) {
        if (s == null || s.length() > MAX_FIELD) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= 0x80 || c >= 'A' && c <= 'Z') {
                return false;
            }
        }
        return true;
    }
}
