package io.jail4j.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks the jail's own path, the way {@code enter()} does before it chroots: every component a
 * directory, no symbolic link, owned by root and writable by root alone (a root-owned sticky
 * ancestor such as {@code /tmp} is accepted); and the mounts inside the jail.
 */
final class PathChecks {
    private PathChecks() {
    }

    /** Checks the path as given and as resolved; returns the jail's real path. */
    static Path check(List<Finding> out, Path jail) throws IOException, AuditException {
        Path abs = jail.toAbsolutePath().normalize();
        Path cur = abs.getRoot();
        for (int i = 0; i < abs.getNameCount(); i++) {
            cur = cur.resolve(abs.getName(i));
            Stat st = Stat.of(cur);
            if (st == null) {
                throw new AuditException(cur, "cannot audit the jail " + abs + ": " + cur + " does not exist");
            }
            if (st.isSymlink()) {
                boolean self = i == abs.getNameCount() - 1;
                out.add(new Finding(self ? "/" : cur.toString(), Check.JAIL_SYMLINK, Severity.ERROR, (self ? "the jail "
                        : "ancestor ") + cur + " is a symbolic link to " + Files.readSymbolicLink(cur) + ": enter() refuses"
                        + " it, and whoever can change the link can move the jail", "use the real path "
                        + abs.toRealPath()));
            }
        }
        Path real = abs.toRealPath();
        Path here = real.getRoot();
        ancestor(out, here, false);
        for (int i = 0; i < real.getNameCount(); i++) {
            here = here.resolve(real.getName(i));
            ancestor(out, here, i == real.getNameCount() - 1);
        }
        return real;
    }

    private static void ancestor(List<Finding> out, Path path, boolean self) throws IOException, AuditException {
        Stat st = Stat.of(path);
        String name = self ? "/" : path.toString();
        String which = self ? "the jail " + path : "ancestor " + path;
        if (st == null || !st.isDirectory()) {
            throw new AuditException(path, "cannot audit: " + which + " is " + (st == null ? "missing" : "a " + st.typeName()));
        }
        if (st.uid != 0) {
            out.add(new Finding(name, Check.JAIL_PATH, Severity.ERROR, which + " is owned by uid " + st.uid + ", not root:"
                    + " its owner can rename or replace what lies below it, the jail included", "chown root " + path));
        }
        int p = st.permissions();
        if ((p & 022) != 0) {
            if ((p & 01000) != 0 && !self && st.uid == 0) {
                out.add(new Finding(name, Check.JAIL_PATH, Severity.INFO, which + " is writable by others but root-owned"
                        + " and sticky (" + Stat.octal(p) + "): accepted, as enter() accepts it, since others cannot rename"
                        + " or replace the root-owned directory below it", ""));
            } else {
                out.add(new Finding(name, Check.JAIL_PATH, Severity.ERROR, which + " is writable by "
                        + ((p & 020) != 0 ? "group" : "") + ((p & 022) == 022 ? " and " : "") + ((p & 002) != 0 ? "others" : "")
                        + " (" + Stat.octal(p) + "): they can rename or replace what lies below it; enter() refuses it",
                        "chmod go-w " + path));
            }
        }
    }

    /** Reports the mounts inside the jail (not the jail itself). */
    static void mounts(AuditRun run, List<Mounts.Mount> all) {
        for (Mounts.Mount m : all) {
            if (!m.point.startsWith(run.jail) || m.point.equals(run.jail)) {
                continue;
            }
            String rel = run.jail.relativize(m.point).toString();
            String opts = (m.hasOption("nosuid") ? "" : " nosuid") + (m.hasOption("nodev") ? "" : " nodev");
            String fix = "umount " + m.point + (opts.isEmpty() ? "" : ", or remount it with" + opts);
            if (m.kernel()) {
                String why = m.type.equals("proc") ? "every host process is visible, and /proc/PID/root and /proc/PID/cwd"
                        + " of a process the jailed user can trace lead out of the chroot"
                        : "it exposes the kernel's or the host's devices and state";
                run.add(rel, Check.MOUNT, Severity.ERROR, m.type + " is mounted here: " + why, "umount " + m.point);
            } else if (m.bind()) {
                run.add(rel, Check.MOUNT, Severity.WARNING, "bind mount of " + m.root + " from " + m.source + " (" + m.type
                        + "): the host directory's contents, outside any layout, appear in the jail", fix);
            } else if (m.type.equals("tmpfs") && opts.isEmpty()) {
                run.add(rel, Check.MOUNT, Severity.INFO, "tmpfs mounted here with nosuid,nodev: its contents are outside"
                        + " the layout's control", "");
            } else {
                run.add(rel, Check.MOUNT, Severity.WARNING, m.type + " from " + m.source + " is mounted here" + (opts.isEmpty()
                        ? "" : " without" + opts) + ": its contents are outside the layout's control", fix);
            }
        }
    }
}
