package io.jail4j.tcpd;

import java.nio.charset.StandardCharsets;

/**
 * Byte-string helpers that reproduce the C library calls libwrap makes, in the C locale.
 *
 * <p>Inside this package every text from a rule file or a request is a "byte string": a Java
 * string whose chars are bytes 0-255 (ISO-8859-1), so that lengths, buffer limits, {@code NUL}
 * bytes and case folding behave exactly as they do on libwrap's {@code char} arrays. Case folding
 * is ASCII only, as {@code strcasecmp} does in the C locale.
 */
final class CText {
    private CText() {
    }

    /** Returns the byte string of a caller's text: its UTF-8 bytes, one char per byte. */
    static String bytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return s;
    }

    /** Returns whether {@code s} is ASCII without NUL: its own byte string, unchanged by C. */
    static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Returns the caller's text for a byte string (its bytes decoded as UTF-8). */
    static String text(String b) {
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) >= 0x80) {
                return new String(b.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return b;
    }

    /** Returns {@code s} with ASCII letters lowered, the folding {@code strcasecmp} applies. */
    static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = s.toCharArray();
                for (int j = i; j < out.length; j++) {
                    char d = out[j];
                    if (d >= 'A' && d <= 'Z') {
                        out[j] = (char) (d + 32);
                    }
                }
                return new String(out);
            }
        }
        return s;
    }

    /** {@code strcasecmp(a, b) == 0}. */
    static boolean eqIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (fold(a.charAt(i)) != fold(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static char fold(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** {@code isspace(c)} in the C locale. */
    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** Returns the C string at the start of {@code s}: everything before the first NUL. */
    static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /**
     * libwrap's {@code split_at} (Debian): the index of the first {@code delimiter} at bracket
     * depth zero, counting {@code [} and {@code ]} from {@code from}; -1 if there is none.
     */
    static int splitAt(String s, int from, char delimiter) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth == 0 && c == delimiter) {
                return i;
            }
        }
        return -1;
    }








    /** Replaces characters outside {@code [ -~]} for display, keeping the byte count visible. */
    static String printable(String b) {
        StringBuilder out = new StringBuilder(b.length());
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
            }
        }
        return out.toString();
    }
}
