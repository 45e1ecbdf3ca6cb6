package io.jail4j.layout;

import java.util.Objects;

/** Validates what a {@link JailLayout} is given, with messages that name the method, the value and what is allowed. */
final class LayoutPaths {
    private LayoutPaths() {
    }

    /**
     * Returns {@code path} relative to the jail ("" for "/"), given as the jailed process sees it,
     * with or without the leading '/'.
     */
    static String check(String method, String path) {
        Objects.requireNonNull(path, method + ": path");
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        for (String c : p.split("/", -1)) {
            if (c.isEmpty() || c.equals(".") || c.equals("..")) {
                throw new IllegalArgumentException(method + ": \"" + path + "\" has an empty, \".\" or \"..\" component;"
                        + " write the path as the jailed process sees it, such as /etc/passwd");
            }
        }
        if (p.indexOf('\0') >= 0 || p.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(method + ": the path contains a NUL or newline character");
        }
        return p;
    }

    /** Like {@link #check} but refuses the jail itself. */
    static String nonRoot(String method, String path) {
        String p = check(method, path);
        if (p.isEmpty()) {
            throw new IllegalArgumentException(method + ": \"" + path + "\" is the jail itself; name a path below it");
        }
        return p;
    }

    static String owner(String method, String owner) {
        Objects.requireNonNull(owner, method + ": owner");
        int colon = owner.indexOf(':');
        if (colon <= 0 || colon == owner.length() - 1 || owner.indexOf(':', colon + 1) >= 0
                || owner.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(method + ": owner \"" + owner + "\" is not user:group"
                    + " (names the layout declares, root, or numbers)");
        }
        return owner;
    }

    static int mode(String method, String path, int mode, boolean directory) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException(method + " " + path + ": mode 0" + Integer.toOctalString(mode)
                    + " is outside 0000..7777");
        }
        if ((mode & 04000) != 0 || (!directory && (mode & 02000) != 0)) {
            throw new IllegalArgumentException(method + " " + path + ": mode " + Stat.octal(mode)
                    + " sets setuid or setgid; a jail layout never grants them (setgid only on directories)");
        }
        return mode;
    }

    static String reason(String method, String what, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(method + " " + what + ": the reason is missing;"
                    + " every entry says why it is in the jail");
        }
        if (reason.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(method + " " + what + ": the reason must be one line");
        }
        return reason.strip();
    }

    static void accountName(String method, String name) {
        Objects.requireNonNull(name, method + ": name");
        if (name.isEmpty() || name.chars().anyMatch(c -> c == ':' || c == ',' || c == 0 || Character.isWhitespace(c))) {
            throw new IllegalArgumentException(method + ": \"" + name + "\" is not an account name"
                    + " (expected a non-empty name without ':', ',', whitespace or NUL)");
        }
    }

    static void id(String what, long id) {
        if (id < 0 || id > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException(what + " " + id + " is outside 0..4294967294");
        }
    }

    static void field(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.indexOf(':') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " \"" + value + "\" must be non-empty, without ':' or newline");
        }
    }
}
