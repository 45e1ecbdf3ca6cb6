package io.jail4j.layout;


import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a directory as a chroot jail for a runtime user, and reports every finding with the
 * path, the check, a severity, why it matters and how to fix it. It reads only, stats every
 * entry once ({@code lstat}, never following a link) and does not walk into kernel file systems
 * ({@code proc}, {@code sysfs}, ...) mounted inside.
 *
 * <pre>{@code
 * AuditReport report = JailAudit.forUser("ftp", 4242, Set.of(4242L))
 *         .allowing(layout)                     // what the layout declares is allowed
 *         .audit(Path.of("/srv/ftp"));
 * if (!report.passed()) { System.err.print(report); }
 * }</pre>
 *
 * <p>The checks ({@link Check}): the jail path as {@code enter()} checks it; entries writable by the
 * runtime user or by group or others (a root-owned temporary directory such as {@code tmp}, mode
 * 1777, is only a note: others' entries cannot be removed or renamed there); entries not owned by root; setuid and setgid files; device
 * nodes other than {@code dev/null}, {@code dev/zero}, {@code dev/random}, {@code dev/urandom} (or
 * the layout's), or with the wrong numbers; hard links whose other names lie outside the jail;
 * symbolic links that leave the jail when followed on the host, or lead nowhere inside; sockets
 * and fifos; mounts inside; shells, {@code su}, {@code sudo}, interpreters and other helpful tools;
 * {@code etc/passwd} and {@code etc/group} entries beyond root, the runtime user, its groups and
 * the layout's, a second uid 0, members of group 0, password hashes; secrets ({@code etc/shadow},
 * private keys, key stores) readable by more than root; a listable {@code dev}; and, with
 * {@link #mirroring}, copies of host files that must be identical.
 *
 * <p>A layout passed to {@link #allowing} turns findings about paths it declares exactly as they
 * are (type, owner, mode, device numbers) into {@link Severity#INFO}, as it does for ownership
 * and write access inside its data directories.
 *
 * <p>The audit is a snapshot read by path: it complements, and does not replace, the checks
 * {@code enter()} makes on the descriptors it opens.
 */
public final class JailAudit {
    private final AuditUser user;
    private final JailLayout layout;
    private final List<Path> mirrors;

    private JailAudit(AuditUser user, JailLayout layout, List<Path> mirrors) {
        this.user = user;
        this.layout = layout;
        this.mirrors = mirrors;
    }

    /**
     * Audits for a runtime user given by name (may be null), uid and groups (the primary group
     * included).
     *
     * @param name the user's name, used in reports and to find its {@code etc/passwd} entry; null
     *     to find that entry by uid
     * @param uid the user id, 1 to 4294967294
     * @param groups every group id the user holds, the primary group included; no null element
     * @return an audit for that user that allows nothing beyond the tight defaults and requires no
     *     mirrored files
     * @throws IllegalArgumentException if uid is 0 (root is never a runtime user) or an id is out of range
     */
    public static JailAudit forUser(String name, long uid, Collection<Long> groups) {
        Objects.requireNonNull(groups, "forUser: groups");
        if (uid == 0) {
            throw new IllegalArgumentException("forUser: uid 0 is not a runtime user; a jail only holds root when"
                    + " nothing else does");
        }
        LayoutPaths.id("forUser: uid", uid);
        Set<Long> g = new TreeSet<>();
        for (Long id : groups) {
            LayoutPaths.id("forUser: group", Objects.requireNonNull(id, "forUser: a group is null"));
            g.add(id);
        }
        return new JailAudit(new AuditUser(name, uid, g), null, List.of());
    }

    /**
     * Audits for an unknown runtime user: write and read access count through the bits for others only.
     *
     * @return an audit for no particular user that allows nothing beyond the tight defaults and
     *     requires no mirrored files
     */
    public static JailAudit forAnyUser() {
        return new JailAudit(AuditUser.ANY, null, List.of());
    }

    /**
     * Returns an audit that allows what {@code layout} declares.
     *
     * @param layout the layout whose declared paths, owners, modes, devices, data directories and
     *     accounts are allowed
     * @return a new audit for the same user and mirrors, with {@code layout} in place of any layout
     *     given before
     * @throws NullPointerException if {@code layout} is null
     */
    public JailAudit allowing(JailLayout layout) {
        return new JailAudit(user, Objects.requireNonNull(layout, "allowing: layout"), mirrors);
    }

    /**
     * Returns an audit that also requires a copy of each host file or directory at the same
     * absolute path inside the jail, byte for byte identical (every regular file below a
     * directory): what {@code Jail.mirrorClassPath()} puts there. A missing or different copy is
     * an error ({@link Check#MIRROR}): code that reopens it by path after the chroot would read
     * something else than the JVM loaded.
     *
     * @param hostPaths absolute host paths of files or directories; they are normalized
     * @return a new audit that requires these copies in addition to those required before
     * @throws IllegalArgumentException if a path is not absolute
     * @throws NullPointerException if {@code hostPaths} or one of its paths is null
     */
    public JailAudit mirroring(Collection<Path> hostPaths) {
        List<Path> all = new ArrayList<>(mirrors);
        for (Path p : Objects.requireNonNull(hostPaths, "mirroring: hostPaths")) {
            Path abs = Objects.requireNonNull(p, "mirroring: a path is null");
            if (!abs.isAbsolute()) {
                throw new IllegalArgumentException("mirroring: " + p + " is not an absolute path");
            }
            all.add(abs.normalize());
        }
        return new JailAudit(user, layout, List.copyOf(all));
    }

    /**
     * Audits {@code jail}.
     *
     * @param jail the jail directory on the host
     * @return the report: every finding, how many entries were examined and how long it took
     * @throws AuditException if the jail or an ancestor is missing or not a directory, the mount
     *                        table cannot be read, or the layout is inconsistent
     */
    public AuditReport audit(Path jail) throws AuditException {
        Objects.requireNonNull(jail, "audit: jail");
        long start = System.nanoTime();
        ResolvedLayout resolved = null;
        if (layout != null) {
            try {
                resolved = ResolvedLayout.of(layout);
            } catch (LayoutException e) {
                throw new AuditException(jail, "cannot audit " + jail + " against the layout: " + e.getMessage(), e);
            }
        }
        List<Finding> findings = new ArrayList<>();
        try {
            Path real = PathChecks.check(findings, jail);
            AuditRun run = new AuditRun(user, resolved, real);
            run.findings.addAll(findings);
            List<Mounts.Mount> mounts = Mounts.read();
            for (Mounts.Mount m : mounts) {
                if (m.point.startsWith(real) && !m.point.equals(real)) {
                    run.mounts.put(real.relativize(m.point).toString(), m);
                }
            }
            long entries = run.walk();
            LinkChecks.check(run);
            AccountChecks.check(run);
            PathChecks.mounts(run, mounts);
            MirrorChecks.check(run, real, mirrors);
            return new AuditReport(real, user.toString(), entries, System.nanoTime() - start, run.findings);
        } catch (IOException e) {
            throw new AuditException(jail, "cannot audit " + jail + ": " + e, e);
        }
    }

    /** Returns {@code JailAudit for ftp (uid 4242, groups [4242]) allowing a layout of N paths}. */
    @Override
    public String toString() {
        return "JailAudit for " + user + (layout == null ? "" : " allowing a layout of " + layout.declared().entries.size() + " paths");
    }
}
