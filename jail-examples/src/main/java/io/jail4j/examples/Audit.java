package io.jail4j.examples;

import io.jail4j.layout.AuditException;
import io.jail4j.layout.AuditReport;
import io.jail4j.layout.Finding;
import io.jail4j.layout.JailAudit;
import io.jail4j.layout.JailLayout;
import io.jail4j.layout.LayoutException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code jail4j audit [--user NAME] [--layout SPEC] [--json] DIR}: checks a directory as a chroot
 * jail for a runtime user (resolved on the host with {@code getent} and {@code id}, so NSS users
 * work) and prints the findings as a table or a JSON array. Exit status 0 when nothing worse than
 * a note was found, 1 otherwise (or when the directory cannot be audited), 2 on usage errors.
 */
final class Audit {
    static final String USAGE = "audit [--user NAME] [--layout SPEC] [--json] DIR";

    private Audit() {
    }

    /** Runs the command; returns the exit status. */
    static int main(List<String> args, PrintStream out, PrintStream err) {
        String user = null;
        Path spec = null;
        boolean json = false;
        Path dir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                out.println("usage: jail4j " + USAGE);
                return Main.OK;
            } else if (a.equals("--json")) {
                json = true;
            } else if ((a.equals("--user") || a.equals("--layout")) && i + 1 < args.size()) {
                String v = args.get(++i);
                if (a.equals("--user")) {
                    user = v;
                } else {
                    spec = Path.of(v);
                }
            } else if (a.startsWith("-") || dir != null) {
                return usage(err, (a.startsWith("-") ? "unknown option or missing value: " : "unexpected argument: ") + "\"" + a + "\"");
            } else {
                dir = Path.of(a);
            }
        }
        if (dir == null) {
            return usage(err, "missing DIR");
        }
        JailAudit audit;
        try {
            audit = user == null ? JailAudit.forAnyUser() : resolve(user);
            if (spec != null) {
                audit = audit.allowing(JailLayout.parse(Files.readString(spec, StandardCharsets.UTF_8)));
            }
        } catch (IllegalArgumentException | LayoutException | IOException e) {
            return usage(err, (spec != null && !(e instanceof IllegalArgumentException) ? spec + ": " : "") + e.getMessage());
        }
        AuditReport report;
        try {
            report = audit.audit(dir);
        } catch (AuditException e) {
            err.println("jail4j audit: " + e.getMessage());
            return Main.REFUSED;
        }
        out.print(json ? json(report) + "\n" : report.toString());
        out.flush();
        return report.passed() ? Main.OK : Main.REFUSED;
    }

    private static int usage(PrintStream err, String message) {
        err.println("jail4j audit: " + message);
        err.println("usage: jail4j " + USAGE);
        return Main.USAGE;
    }

    /** Returns the findings as a JSON array of objects: path, check, severity, message, fix. */
    static String json(AuditReport report) {
        JsonWriter w = new JsonWriter().beginArray();
        for (Finding f : report.findings()) {
            w.beginObject().field("path", f.path()).field("check", f.check().id()).field("severity", f.severity().id())
                    .field("message", f.message()).field("fix", f.fix()).endObject();
        }
        return w.endArray().toString();
    }

    /** Resolves a user name (or uid) on the host: {@code getent passwd} for uid and gid, {@code id -G} for the groups. */
    static JailAudit resolve(String user) throws IOException {
        String entry = command("getent", "passwd", user);
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("--user \"" + user + "\": no such user on this host (getent passwd)");
        }
        String[] f = entry.strip().split(":", -1);
        long uid = Long.parseLong(f[2]);
        long gid = Long.parseLong(f[3]);
        Set<Long> groups = new TreeSet<>();
        groups.add(gid);
        String ids = command("id", "-G", f[0]);
        if (ids != null) {
            for (String g : ids.strip().split("\\s+")) {
                groups.add(Long.parseLong(g));
            }
        }
        return JailAudit.forUser(f[0], uid, groups);
    }

    /** Runs a command; returns its standard output, or null if it failed. */
    private static String command(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd[0], e);
        }
        return p.exitValue() == 0 ? out : null;
    }
}
