package io.jail4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The text of a learn plan's lines: layout fields and lines, Java literals for plan calls, and
 * the path tests the plan's rules use.
 */
final class LearnLines {
    private static final Pattern LIBRARY = Pattern.compile(".*\\.so(\\.[0-9][0-9.]*)?$");

    private LearnLines() {
    }

    /** Returns whether {@code path} names a shared library ({@code .so}, maybe versioned). */
    static boolean isLibrary(String path) {
        return LIBRARY.matcher(path).matches();
    }

    /** Returns whether {@code path} names an entry of the directory {@code dir} itself. */
    static boolean directlyUnder(String path, String dir) {
        Path parent = Path.of(path).getParent();
        return parent != null && parent.toString().equals(dir);
    }

    /** Returns whether {@code path} is {@code dir} or below it. */
    static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
    }

    /** Returns the layout line that copies the host file {@code p} to the same path in the jail. */
    static String copyLine(String p, Path host) {
        int mode;
        String owner = "root:root";
        try {
            int hostMode = (Integer) Files.getAttribute(host, "unix:mode") & 0777;
            mode = hostMode & 0444;
            if ((hostMode & 04) == 0) {
                owner = Files.getAttribute(host, "unix:uid") + ":" + Files.getAttribute(host, "unix:gid");
            } else {
                mode = 0444;
            }
        } catch (IOException | RuntimeException e) {
            mode = 0444;
        }
        return "copy " + field(p) + " " + owner + " " + String.format("%04o", mode) + " " + field(p);
    }

    /** Returns whether {@code host} is a character device. */
    static boolean isCharDevice(Path host) {
        try {
            return ((Integer) Files.getAttribute(host, "unix:mode") & 0170000) == 0020000;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Returns the layout line that makes the device node {@code p} with the host's numbers. */
    static String charLine(String p, Path host) {
        try {
            long rdev = (Long) Files.getAttribute(host, "unix:rdev");
            int mode = (Integer) Files.getAttribute(host, "unix:mode") & 0666;
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return "char " + field(p) + " root:root " + String.format("%04o", mode) + " " + major + ":" + minor;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the device numbers of " + p + ": " + e, e);
        }
    }

    /** Quotes a layout field when it needs it (whitespace, quotes, backslashes, control characters). */
    static String field(String s) {
        boolean plain = !s.isEmpty() && !s.equals("--") && !s.startsWith("#");
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c > ' ' && c != '"' && c != '\\' && c < 0x7f;
        }
        if (plain) {
            return s;
        }
        StringBuilder b = new StringBuilder("\"");
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < ' ' || c >= 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }

    /** Returns {@code s} as a Java string literal, non-ASCII as {@code \\uXXXX}. */
    static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < ' ' || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Returns {@code s} with line breaks turned into spaces, for a comment line. */
    static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
