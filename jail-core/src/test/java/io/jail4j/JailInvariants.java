package io.jail4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules a finished entry must satisfy, checked on the kernel model's final state and on the
 * recorded call sequence. Each returns what it found wrong, so a property can show it and the
 * deliberately broken sequences can prove that each rule bites.
 */
final class JailInvariants {
    private JailInvariants() {
    }

    /** Checks that the model ends jailed: root, cwd, ids, groups, capabilities, no_new_privs. */
    static List<String> jailed(FakeOs os, Scenario sc) {
        List<String> bad = new ArrayList<>();
        String jail = sc.jail().toString();
        if (!os.root.equals(jail)) {
            bad.add("root is " + os.root + ", not the jail " + jail);
        }
        if (!(os.cwd.equals(jail) || os.cwd.startsWith(jail + "/"))) {
            bad.add("cwd " + os.cwd + " is outside the jail");
        }
        long uid = sc.uid();
        long gid = sc.gid();
        if (os.ruid != uid || os.euid != uid || os.suid != uid) {
            bad.add("uids " + os.ruid + "/" + os.euid + "/" + os.suid + ", expected " + uid);
        }
        if (os.rgid != gid || os.egid != gid || os.sgid != gid) {
            bad.add("gids " + os.rgid + "/" + os.egid + "/" + os.sgid + ", expected " + gid);
        }
        if (!os.groups.equals(new TreeSet<>(sc.groups()))) {
            bad.add("groups " + os.groups + ", expected " + new TreeSet<>(sc.groups()));
        }
        if (os.caps != 0) {
            bad.add("capabilities " + Long.toHexString(os.caps) + " kept");
        }
        if (!os.noNewPrivs) {
            bad.add("no_new_privs not set");
        }
        return bad;
    }

    /** Checks the descriptors the report says were left open. */
    static List<String> descriptors(EntryReport report, Scenario sc) {
        List<String> bad = new ArrayList<>();
        for (OpenDescriptor d : report.descriptors()) {
            if (d.kind() == OpenDescriptor.Kind.DIRECTORY && d.action() == OpenDescriptor.Action.KEPT) {
                bad.add("directory kept: " + d);
            }
            boolean outside = d.kind() == OpenDescriptor.Kind.FILE && !d.target().startsWith(sc.jail() + "/");
            if (sc.closeFds() && outside && d.writable() && d.action() == OpenDescriptor.Action.KEPT) {
                bad.add("writable host file kept: " + d);
            }
        }
        return bad;
    }

    /** Checks the order of the recorded calls. */
    static List<String> order(List<String> calls, boolean named) {
        List<String> bad = new ArrayList<>();
        int resolve = first(calls, "getpwnam_r(");
        int fchdir = first(calls, "fchdir(");
        int chroot = first(calls, "chroot(");
        int chdir = first(calls, "chdir(\"/\")");
        int setgroups = firstNot(calls, "setgroups(", "setgroups([0])");
        int setresgid = first(calls, "setresgid(");
        int setresuid = last(calls, "setresuid(");
        int listFds = first(calls, "listFds()");
        if (named && !(resolve >= 0 && resolve < chroot)) {
            bad.add("the user is not resolved before the chroot");
        }
        if (!(fchdir >= 0 && fchdir < chroot)) {
            bad.add("no fchdir into the jail before chroot");
        }
        if (!(chroot >= 0 && chroot < chdir)) {
            bad.add("no chdir(\"/\") after chroot");
        }
        if (!(listFds >= 0 && listFds < chroot)) {
            bad.add("descriptors not listed before the chroot");
        }
        if (!(setgroups >= 0 && setgroups < setresgid && setresgid < setresuid)) {
            bad.add("not setgroups < setresgid < setresuid: " + setgroups + ", " + setresgid + ", " + setresuid);
        }
        Set<String> allowedAfterDrop = Set.of("noNewPrivsOnEveryThread", "setuid", "setgid", "seteuid",
                "directoryDescriptors", "underRoot", "identify", "releaseSignals", "closeTask", "write", "_exit");
        for (int i = setresuid + 1; setresuid >= 0 && i < calls.size(); i++) {
            String c = calls.get(i);
            String name = Errnos.name(c);
            boolean probe = c.equals("setgroups([0])");
            if (!allowedAfterDrop.contains(name) && !probe) {
                bad.add("after setresuid only hardening and verification may run, found " + c);
            }
        }
        return bad;
    }

    private static int first(List<String> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstNot(List<String> calls, String prefix, String except) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix) && !calls.get(i).equals(except)) {
                return i;
            }
        }
        return -1;
    }

    private static int last(List<String> calls, String prefix) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
