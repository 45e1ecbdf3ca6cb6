package io.jail4j.examples;

import io.jail4j.internal.JsonWriter;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code jail4j audit [--user NAME] [--layout SPEC] [--json] DIR}: checks a directory as a chroot
 * jail for a runtime user (resolved on the host with {@code getent} and {@code id}, so NSS users
 * work) and prints the findings as a table or a JSON array. Exit status 0 when nothing worse than
 * a note was found, 1 otherwise (or when the directory cannot be audited), 2 on usage errors.
 */
public final class Audit {
    private Audit() {
    }

    /**
     * Returns the audit for a runtime user (or any unprivileged user), allowing what a layout spec declares.
     *
     * @param user the user's name or uid, resolved on the host; null for any unprivileged user
     * @param spec a layout spec file, or null
     * @return the audit to run
     * @throws IllegalArgumentException if there is no such user
     * @throws LayoutException if the spec is malformed (naming the line)
     * @throws IOException if the spec cannot be read or the user not looked up
     */
    public static JailAudit auditFor(String user, Path spec) throws IOException, LayoutException {
        JailAudit audit = user == null ? JailAudit.forAnyUser() : resolve(user);
        if (spec != null) {
            audit = audit.allowing(JailLayout.parse(Files.readString(spec, StandardCharsets.UTF_8)));
        }
        return audit;
    }

    /**
     * Audits the directory and prints the findings.
     *
     * @param audit the audit, from {@link #auditFor(String, Path)}
     * @param dir the jail to check
     * @param json print a JSON array instead of a table
     * @param out receives the findings
     * @param err receives the error if the directory cannot be audited
     * @return {@link ExitCode#OK} when nothing worse than a note was found, {@link ExitCode#REFUSED}
     *         otherwise or when the directory cannot be audited
     */
    public static ExitCode run(JailAudit audit, Path dir, boolean json, PrintStream out, PrintStream err) {
        AuditReport report;
        try {
            report = audit.audit(dir);
        } catch (AuditException e) {
            err.println("jail4j audit: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        out.print(json ? json(report) + "\n" : report.toString());
        out.flush();
        return report.passed() ? ExitCode.OK : ExitCode.REFUSED;
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
