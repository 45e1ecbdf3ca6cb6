package io.jail4j.layout;

import io.jail4j.internal.LinuxAbi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The checks that need one entry's stat and nothing else: permissions, owner, setid bits, devices, fifos, sockets. */
final class EntryChecks {
    private static final Map<String, long[]> DEFAULT_DEVICES = Map.of(
            "dev/null", new long[] {1, 3}, "dev/zero", new long[] {1, 5},
            "dev/random", new long[] {1, 8}, "dev/urandom", new long[] {1, 9});
    private static final Map<String, String> KNOWN_DEVICES = Map.of(
            "1:1", "/dev/mem: physical memory", "1:2", "/dev/kmem: kernel memory", "1:4", "/dev/port: I/O ports",
            "1:11", "/dev/kmsg: the kernel log", "5:1", "/dev/console", "10:237", "/dev/loop-control",
            "10:229", "/dev/fuse", "5:2", "/dev/ptmx");

    private EntryChecks() {
    }

    static void check(AuditRun run, String rel, Path path, Stat st) throws IOException {
        switch (st.type()) {
            case LinuxAbi.S_IFREG:
                setid(run, rel, st);
                fileCapabilities(run, rel, path, st);
                NameChecks.check(run, rel, path, st);
                writable(run, rel, st);
                owner(run, rel, st);
                if (st.nlink > 1) {
                    String key = st.dev + ":" + st.ino;
                    run.linked.merge(key, new long[] {st.nlink, 1}, (a, b) -> new long[] {a[0], a[1] + b[1]});
                    run.firstLinkPath.merge(key, rel, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
                break;
            case LinuxAbi.S_IFDIR:
                writable(run, rel, st);
                owner(run, rel, st);
                if (rel.equals("dev")) {
                    devMode(run, rel, st);
                }
                break;
            case LinuxAbi.S_IFLNK:
                run.links.put(rel, Files.readSymbolicLink(path).toString());
                NameChecks.check(run, rel, path, st);
                break;
            case LinuxAbi.S_IFCHR:
            case LinuxAbi.S_IFBLK:
                device(run, rel, st);
                owner(run, rel, st);
                break;
            case LinuxAbi.S_IFIFO:
                run.add(rel, Check.FIFO, Severity.WARNING, "a named pipe (" + run.owner(st) + " " + Stat.octal(st.permissions())
                        + "): whoever opens it outside the jail talks to the jailed process, a channel the chroot does not close",
                        "remove it (rm " + run.host(rel) + "), or move the channel outside the jail and pass a descriptor before enter()");
                owner(run, rel, st);
                break;
            case LinuxAbi.S_IFSOCK:
                run.add(rel, Check.SOCKET, Severity.WARNING, "a Unix domain socket (" + run.owner(st) + " "
                        + Stat.octal(st.permissions()) + "): connecting to it reaches whatever listens on it, which may be"
                        + " a host daemon running with more privilege", "remove it (rm " + run.host(rel) + ") unless the jail needs it"
                        + " (such as dev/log for syslog); prefer a descriptor opened before enter()");
                owner(run, rel, st);
                break;
            default:
                break;
        }
    }

    private static void writable(AuditRun run, String rel, Stat st) {
        boolean byUser = run.user.canWrite(st);
        boolean byOthers = (st.permissions() & 022) != 0;
        if (!byUser && !byOthers) {
            return;
        }
        String kind = st.isDirectory() ? "directory" : "file";
        String what = kind + " (" + run.owner(st) + " " + Stat.octal(st.permissions()) + ")";
        String allowed = run.declared(rel, st);
        allowed = allowed != null ? allowed : run.inDataDir(rel);
        String effect = st.isDirectory() ? "can add, remove and rename entries in it (plant a library or a config file the"
                + " daemon loads, or replace one)" : "can change what the daemon reads or runs";
        if (allowed != null) {
            run.add(rel, Check.WRITABLE, Severity.INFO, "writable " + what + " allowed; " + allowed, "");
        } else if (st.isDirectory() && st.uid == 0 && (st.permissions() & 01002) == 01002) {
            // A temporary directory as /tmp is (root-owned, world-writable and sticky), which the JVM
            // needs for java.io.tmpdir, heap dumps, attach files and native libraries a jar extracts:
            // the sticky bit lets each user add entries but remove or rename only its own, so nothing
            // root put there can be replaced. A directory only some group may write (an upload
            // directory, 1730) is application data: the layout declares it or it is an error.
            run.add(rel, Check.WRITABLE, Severity.INFO, "writable " + what + ", root-owned and sticky: a temporary"
                    + " directory; users can add entries but not remove or rename others' (root's included); keep"
                    + " nothing the daemon loads or trusts in it", "");
        } else if (byUser) {
            run.add(rel, Check.WRITABLE, Severity.ERROR, "writable by " + (run.user.known() ? "the runtime user " + run.user
                    : "others") + ": " + what + "; the jailed process " + effect,
                    "chown root:root " + run.host(rel) + " && chmod go-w " + run.host(rel) + ", or declare it in the layout with a reason");
        } else {
            int p = st.permissions();
            String who = ((p & 020) != 0 ? "group " + st.gid : "") + ((p & 022) == 022 ? " and " : "")
                    + ((p & 002) != 0 ? "others" : "");
            run.add(rel, Check.WRITABLE, Severity.WARNING, "writable by " + who + " (not by the runtime user): " + what
                    + "; every user on the host who is " + who + " " + effect,
                    "chmod go-w " + run.host(rel) + ", or declare it in the layout with a reason");
        }
    }

    private static void owner(AuditRun run, String rel, Stat st) {
        if (st.uid == 0) {
            return;
        }
        String allowed = run.declared(rel, st);
        allowed = allowed != null ? allowed : run.inDataDir(rel);
        if (allowed != null) {
            run.add(rel, Check.OWNER, Severity.INFO, "owned by " + run.owner(st) + ", allowed; " + allowed, "");
        } else if (run.user.owns(st)) {
            run.add(rel, Check.OWNER, Severity.ERROR, "owned by the runtime user " + run.user + ": it can chmod the "
                    + st.typeName() + " and change it whatever its mode (" + Stat.octal(st.permissions()) + ")",
                    "chown root:root " + run.host(rel) + ", or declare it in a data directory of the layout");
        } else {
            run.add(rel, Check.OWNER, Severity.WARNING, "owned by uid " + st.uid + ", not root: that user, on the"
                    + " host, can chmod the " + st.typeName() + " and change it", "chown root:root " + run.host(rel));
        }
    }

    private static void setid(AuditRun run, String rel, Stat st) {
        int p = st.permissions();
        if ((p & 06000) == 0) {
            return;
        }
        String bits = ((p & 04000) != 0 ? "setuid " + (st.uid == 0 ? "root" : "uid " + st.uid) : "")
                + ((p & 06000) == 06000 ? " and " : "") + ((p & 02000) != 0 ? "setgid " + (st.gid == 0 ? "root" : "gid " + st.gid) : "");
        boolean runnable = (p & 0111) != 0;
        run.add(rel, Check.SETID, runnable ? Severity.ERROR : Severity.WARNING, bits + " (mode " + Stat.octal(p) + "): "
                + (runnable ? "running it grants its owner's privileges, and root inside a chroot can break out of it"
                : "not executable now, but one chmod away from it"), "chmod ug-s " + run.host(rel) + ", or remove it from the jail");
    }

    /**
     * Capabilities granted by {@code execve} of the file. Only files with an execute bit are read
     * (one {@code lgetxattr} each): without one, only the owner (root, else flagged) could run it.
     */
    private static void fileCapabilities(AuditRun run, String rel, Path path, Stat st) throws IOException {
        if ((st.permissions() & 0111) == 0) {
            return;
        }
        java.util.Optional<String> caps = FileCapabilities.of(path);
        if (caps.isPresent()) {
            run.add(rel, Check.FILE_CAPS, Severity.ERROR, "file capabilities " + caps.get() + ": running it grants them,"
                    + " as a setuid bit grants its owner's privileges; no_new_privs makes them inert for the jailed daemon"
                    + " itself, but host users and other daemons that can reach the file (through the jail's path on the"
                    + " host, or in another jail sharing it) gain them", "setcap -r " + run.host(rel)
                    + ", or remove it from the jail");
        }
    }

    private static void device(AuditRun run, String rel, Stat st) {
        String numbers = st.major() + ":" + st.minor();
        String known = KNOWN_DEVICES.get(numbers);
        String what = st.typeName() + (known == null ? "" : " (" + known + ")");
        if (st.type() == LinuxAbi.S_IFBLK) {
            run.add(rel, Check.DEVICE, Severity.ERROR, what + ": raw access to a disk, every file on it readable and"
                    + " writable around all permissions", "rm " + run.host(rel));
            return;
        }
        long[] want = allowed(run, rel);
        if (want == null) {
            run.add(rel, Check.DEVICE, Severity.ERROR, what + " is not an allowed device (" + allowedNames(run) + ")",
                    "rm " + run.host(rel) + ", or declare it in the layout with a reason");
        } else if (want[0] != st.major() || want[1] != st.minor()) {
            run.add(rel, Check.DEVICE, Severity.ERROR, "named like an allowed device but is " + what + ", not "
                    + want[0] + ":" + want[1], "rm " + run.host(rel) + " && mknod " + run.host(rel) + " c " + want[0] + " " + want[1]);
        }
    }

    private static long[] allowed(AuditRun run, String rel) {
        if (run.layout == null) {
            return DEFAULT_DEVICES.get(rel);
        }
        ResolvedLayout.Target t = run.layout.at(rel);
        return t == null || t.entry.kind != LayoutEntry.Kind.CHAR ? null : new long[] {t.entry.major, t.entry.minor};
    }

    private static String allowedNames(AuditRun run) {
        if (run.layout == null) {
            return "dev/null, dev/zero, dev/random, dev/urandom";
        }
        StringBuilder s = new StringBuilder();
        for (ResolvedLayout.Target t : run.layout.targets.values()) {
            if (t.entry.kind == LayoutEntry.Kind.CHAR) {
                s.append(s.length() == 0 ? "" : ", ").append(t.entry.path);
            }
        }
        return s.length() == 0 ? "the layout declares none" : "the layout declares " + s;
    }

    private static void devMode(AuditRun run, String rel, Stat st) {
        if (st.permissions() != 0111 && (st.permissions() & 0666) != 0) {
            run.add(rel, Check.DEV_MODE, Severity.INFO, "dev is " + Stat.octal(st.permissions()) + "; the advice is"
                    + " d--x--x--x (0111): the device nodes stay usable by name, but nobody can list them", "chmod 0111 dev");
        }
    }
}
