package io.jail4j.tcpd;

import java.util.List;

/**
 * libwrap's {@code percent_x}: {@code %} expansions in option values and banners. Characters of
 * an expansion that a shell could misread are replaced by {@code _}; an unknown {@code %x} expands
 * to nothing with a warning; a result longer than the buffer is an error (libwrap then ends the
 * process).
 */
final class Expander {
    private static final String OK = "1234567890!@%-_=+:,./abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final long PID = ProcessHandle.current().pid();

    private Expander() {
    }

    /**
     * Expands {@code s} for {@code r} into at most {@code size - 2} bytes; returns {@code null}
     * if it does not fit. Warning messages go to {@code warnings}.
     */
    static String expand(String s, Request r, int size, List<String> warnings) {
        StringBuilder out = new StringBuilder(s.length() + 32);
        int limit = size - 1;
        int i = 0;
        while (i < s.length()) {
            String piece;
            boolean sanitize;
            if (s.charAt(i) == '%' && i + 1 < s.length()) {
                piece = value(s.charAt(i + 1), r, warnings);
                sanitize = true;
                i += 2;
            } else {
                piece = s.substring(i, i + 1);
                sanitize = false;
                i++;
            }
            if (out.length() + piece.length() >= limit) {
                warnings.add("percent_x: expansion too long: "
                        + CText.printable(out.substring(0, Math.min(30, out.length()))) + "...");
                return null;
            }
            for (int k = 0; k < piece.length(); k++) {
                char c = piece.charAt(k);
                out.append(sanitize && OK.indexOf(c) < 0 ? '_' : c);
            }
        }
        return out.toString();
    }

    private static String value(char c, Request r, List<String> warnings) {
        switch (c) {
            case 'a':
                return r.client().rawAddr;
            case 'A':
                return r.server().rawAddr;
            case 'c':
                return client(r);
            case 'd':
                return rawDaemon(r);
            case 'h':
                return r.client().info();
            case 'H':
                return r.server().info();
            case 'n':
                return r.client().rawName;
            case 'N':
                return r.server().rawName;
            case 'p':
                return Long.toString(PID);
            case 'r':
                return Integer.toString(Math.max(0, r.clientPort()));
            case 'R':
                return Integer.toString(Math.max(0, r.serverPort()));
            case 's':
                return server(r);
            case 'u':
                return rawUser(r);
            case '%':
                return "%";
            default:
                warnings.add("unrecognized %" + c);
                return "";
        }
    }

    /** libwrap's {@code eval_client}: {@code user@host}, or the host (name, else address). */
    static String client(Request r) {
        String user = rawUser(r);
        return CText.eqIgnoreCase(user, Endpoint.UNKNOWN) ? r.client().info() : user + "@" + r.client().info();
    }

    /** libwrap's {@code eval_server}: {@code daemon@host}, or the daemon alone. */
    static String server(Request r) {
        String host = r.server().info();
        return CText.eqIgnoreCase(host, Endpoint.UNKNOWN) ? rawDaemon(r) : rawDaemon(r) + "@" + host;
    }

    static String rawDaemon(Request r) {
        return r.rawDaemon();
    }

    static String rawUser(Request r) {
        return r.rawUser();
    }
}
