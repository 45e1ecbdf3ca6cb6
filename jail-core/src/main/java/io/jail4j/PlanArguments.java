package io.jail4j;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the arguments of {@link Jail}'s builder methods before they reach the {@link Plan}:
 * each failure names the method, the value and what is allowed.
 */
final class PlanArguments {
    /** The largest uid or gid a plan accepts: (uid_t) -1 means "unchanged" to the kernel. */
    static final long MAX_ID = 0xFFFF_FFFEL;

    private PlanArguments() {
    }

    /** Checks a jail directory for {@link Jail#at(Path)}: absolute, normalized, not {@code /}, no NUL. */
    static void jailDir(Path dir) {
        Objects.requireNonNull(dir, "Jail.at: dir");
        String text = dir.toString();
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException("Jail.at: \"" + text + "\" is a relative path; the jail must be absolute");
        }
        if (!dir.normalize().equals(dir) || text.contains("/./") || text.endsWith("/.")) {
            throw new IllegalArgumentException("Jail.at: \"" + text + "\" has \".\" or \"..\" components;"
                    + " pass the normalized path " + dir.normalize());
        }
        if (dir.getNameCount() == 0) {
            throw new IllegalArgumentException("Jail.at: \"/\" is not a jail; name a directory below it");
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Jail.at: the path contains a NUL character");
        }
    }

    /** Returns {@code why} if it is a reason the report can show, else throws naming {@code call}. */
    static String why(String call, String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException(call + ": give the reason (the entry report lists it)");
        }
        return why;
    }

    /** Returns {@code file} normalized if it is absolute, else throws naming {@code call}. */
    static Path absolute(String call, Path file) {
        Objects.requireNonNull(file, call + ": file");
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException(call + ": \"" + file + "\" is relative; pass the absolute path");
        }
        return file.normalize();
    }

    /** Returns learn mode's plan file normalized if it is absolute and names a file. */
    static Path planFile(Path planFile) {
        Path file = absolute("learn", planFile);
        if (file.getFileName() == null) {
            throw new IllegalArgumentException("learn: \"" + planFile + "\" names no file");
        }
        return file;
    }

    /** Returns the variable names, each once, in the order given, if every one is a name. */
    static Set<String> variableNames(String... names) {
        Set<String> keep = new LinkedHashSet<>();
        for (String n : names) {
            if (n == null || n.isEmpty() || n.indexOf('=') >= 0 || n.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("clearEnvironmentExcept: \"" + n + "\" is not a variable name");
            }
            keep.add(n);
        }
        return keep;
    }

    /** Checks a user name for {@link Jail#dropTo(String)}. */
    static void userName(String user) {
        Objects.requireNonNull(user, "dropTo: user");
        if (user.isEmpty() || user.chars().anyMatch(c -> c == ':' || c == 0 || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("dropTo: \"" + user + "\" is not a user name"
                    + " (expected a non-empty name without ':', whitespace or NUL)");
        }
        if ("root".equals(user)) {
            throw new IllegalArgumentException("dropTo: \"root\" is not a drop target");
        }
    }

    /** Checks a numeric id for {@link Jail#dropTo(long, long)}: 1..{@link #MAX_ID}. */
    static void id(String what, long id) {
        if (id == 0) {
            throw new IllegalArgumentException("dropTo: " + what + " 0 is not a drop target");
        }
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("dropTo: " + what + " " + id + " is outside 1.." + MAX_ID);
        }
    }
}
