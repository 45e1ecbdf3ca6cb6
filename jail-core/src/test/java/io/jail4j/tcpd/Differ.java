package io.jail4j.tcpd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the same rule files and requests to jail4j and to the real libwrap and lists every
 * difference: the verdict, and what libwrap logs on the way (warnings, errors,
 * {@code matched:  FILE line N}, {@code option:} lines) against {@link Decision#explanation()}.
 */
final class Differ {
    private final Libwrap libwrap;
    private final Path dir;
    private int serial;

    Differ(Libwrap libwrap, Path dir) {
        this.libwrap = libwrap;
        this.dir = dir;
    }

    /** Writes a rule file (bytes as ISO-8859-1 chars), or returns a missing path for {@code null}. */
    Path file(String name, String content) throws IOException {
        Path p = dir.resolve((serial++) + "-" + name);
        if (content != null) {
            Files.write(p, content.getBytes(StandardCharsets.ISO_8859_1));
        }
        return p;
    }

    /** Returns the differences for each request, prefixed by the case name; empty if none. */
    List<String> compare(String name, String allow, String deny, List<Request> requests) throws IOException {
        return compare(name, allow, deny, requests, false);
    }

    /**
     * As {@link #compare(String, String, String, List)}; with {@code dryRun}, the options jail4j
     * leaves to handlers are accepted as in libwrap's dry run (the oracle's): carried out by doing
     * nothing, {@code user} and {@code group} checked against {@code /etc/passwd} and
     * {@code /etc/group}, and a {@code twist} counted as the match it is there.
     */
    List<String> compare(String name, String allow, String deny, List<Request> requests, boolean dryRun)
            throws IOException {
        Path a = file("allow", allow);
        Path d = file("deny", deny);
        HostsAccess rules;
        try {
            HostsAccess.Builder b = HostsAccess.builder().allowFile(a).denyFile(d);
            if (dryRun) {
                for (String option : List.of("spawn", "twist", "aclexec", "setenv", "nice", "umask")) {
                    b.handle(option, (o, v, r) -> true);
                }
                b.handle("user", (o, v, r) -> {
                    int dot = v.indexOf('.');
                    if (dot >= 0 && !known("/etc/group", v.substring(dot + 1))) {
                        throw new IllegalArgumentException("unknown group: \"" + v.substring(dot + 1) + "\"");
                    }
                    if (!known("/etc/passwd", dot < 0 ? v : v.substring(0, dot))) {
                        throw new IllegalArgumentException("unknown user: \"" + (dot < 0 ? v : v.substring(0, dot)) + "\"");
                    }
                    return true;
                });
                b.handle("group", (o, v, r) -> {
                    if (!known("/etc/group", v)) {
                        throw new IllegalArgumentException("unknown group: \"" + v + "\"");
                    }
                    return true;
                });
            }
            rules = b.load();
        } catch (HostsFileException e) {
            return List.of(name + ": jail4j refused to load: " + e.getMessage());
        }
        List<String> diffs = new ArrayList<>();
        for (Request r : requests) {
            Libwrap.Answer want = libwrap.ask(a, d, r);
            Decision dec = rules.check(r);
            boolean gotAllowed = dec.delegated() ? dec.file().map(f -> f.equals(a)).orElse(false) : dec.allowed();
            Decision got = dec;
            List<String> wantLog = new ArrayList<>();
            for (String l : want.log()) {
                if (!l.startsWith("stub ")) {
                    wantLog.add(l);
                }
            }
            if (want.allowed() != gotAllowed || !wantLog.equals(got.explanation())) {
                diffs.add(name + ": " + r + "\n    libwrap: " + (want.allowed() ? "ALLOW " : "DENY ") + wantLog
                        + "\n    jail4j:  " + (gotAllowed ? "ALLOW " : "DENY ") + got.explanation()
                        + "\n    allow file: " + show(allow) + "\n    deny file:  " + show(deny));
            }
        }
        return diffs;
    }

    private static boolean known(String db, String name) {
        try {
            for (String l : Files.readAllLines(Path.of(db), StandardCharsets.UTF_8)) {
                if (l.startsWith(name + ":")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String show(String s) {
        if (s == null) {
            return "(missing)";
        }
        return s.length() > 600 ? CText.printable(s.substring(0, 600)) + "...(" + s.length() + " bytes)"
                : CText.printable(s);
    }
}
