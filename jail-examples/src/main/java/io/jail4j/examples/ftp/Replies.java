package io.jail4j.examples.ftp;

/** Text that goes into replies and listings: never a control character from the client or disk. */
final class Replies {
    private Replies() {
    }

    /** Returns {@code s} with every control character (and DEL) replaced by {@code ?}. */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, '?');
            }
        }
        return b == null ? s : b.toString();
    }

    /** Quotes a path name for a 257 reply as RFC 959 asks: each {@code "} doubled. */
    static String quoted(String path) {
        return "\"" + printable(path).replace("\"", "\"\"") + "\"";
    }
}
