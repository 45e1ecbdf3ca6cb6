package io.jail4j;

import java.util.List;
import java.util.Set;

/**
 * Proves a drop against the kernel, as OpenSSH's {@code permanently_set_uid} does and then some:
 * the ids in every slot, the groups as a set (the kernel sorts them), regain attempts that must
 * fail, every watched thread's status file, no directory descriptor leading outside the jail, and
 * the process root and working directory both being the jail (by mount id, device and inode).
 */
final class Proof {
    private static final String[] CLEARED_SETS = {"CapPrm", "CapEff", "CapAmb"};

    private Proof() {
    }

    /** A proof that did not hold; always ends the process. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /**
     * What the proof saw beyond pass or fail.
     *
     * @param exited             watched threads that exited before they could be read
     * @param inheritableThreads threads whose inheritable capability set is not empty
     * @param inheritable        the union of those inheritable sets
     */
    record Result(int exited, int inheritableThreads, long inheritable) { }

    /**
     * The status lines every dropped thread must show, prepared before the point of no return so
     * that the check inside the window is four searches per thread. A thread whose text lacks one
     * of them is parsed field by field, which names what differs (or accepts a format this fast
     * path did not expect).
     */
    static final class Expected {
        private static final String ZERO = "0000000000000000\n";
        private final SystemCalls.Needle[] lines;
        private final SystemCalls.Needle noCapabilities;
        private final SystemCalls.Needle noPermittedOrEffective;
        private final SystemCalls.FileId jail;

        Expected(TargetUser target, SystemCalls os, SystemCalls.FileId jail) {
            this.jail = jail;
            StringBuilder groups = new StringBuilder("\nGroups:\t");
            for (long g : target.groups()) {
                groups.append(g).append(' ');
            }
            lines = new SystemCalls.Needle[] {
                os.needle(ids("Uid", target.uid()) + ids("Gid", target.gid()).substring(1)),
                os.needle(groups.append('\n').toString()),
                os.needle("\nCapAmb:\t" + ZERO + "NoNewPrivs:\t1\n")};
            noCapabilities = os.needle("\nCapInh:\t" + ZERO + "CapPrm:\t" + ZERO + "CapEff:\t" + ZERO);
            noPermittedOrEffective = os.needle("\nCapPrm:\t" + ZERO + "CapEff:\t" + ZERO);
        }

        private static String ids(String field, long id) {
            return "\n" + field + ":\t" + id + "\t" + id + "\t" + id + "\t" + id + "\n";
        }

        /** Returns whether CapInh, CapPrm and CapEff are all empty (one search). */
        boolean noCapabilities(SystemCalls.TaskStatus status) {
            return status.contains(noCapabilities);
        }

        /** Returns whether the status shows every expected line, the inheritable set aside. */
        boolean matches(SystemCalls.TaskStatus status, boolean noCapabilities) {
            for (SystemCalls.Needle line : lines) {
                if (!status.contains(line)) {
                    return false;
                }
            }
            return noCapabilities || status.contains(noPermittedOrEffective);
        }
    }

    /** Checks everything, then every watched thread; the caller closes the status files. */
    static Result verify(SystemCalls os, TargetUser target, Credentials before, List<SystemCalls.TaskStatus> tasks, Expected expected)
            throws Failure, SystemCallException {
        return verify(os, target, before, tasks, expected, true);
    }

    /**
     * As {@link #verify(SystemCalls, TargetUser, Credentials, List, Expected)}; without {@code chrooted}
     * (learn mode, which skips the chroot) the directory sweep and the root and working directory
     * checks are left out, everything about the ids, groups, capabilities and no_new_privs stays.
     */
    static Result verify(SystemCalls os, TargetUser target, Credentials before, List<SystemCalls.TaskStatus> tasks, Expected expected,
            boolean chrooted) throws Failure, SystemCallException {
        Credentials now = os.credentials();
        long uid = target.uid();
        long gid = target.gid();
        if (now.ruid() != uid || now.euid() != uid || now.suid() != uid) {
            throw new Failure("getresuid() = " + now.ruid() + "/" + now.euid() + "/" + now.suid()
                    + ", expected " + uid + " in all three slots");
        }
        if (now.rgid() != gid || now.egid() != gid || now.sgid() != gid) {
            throw new Failure("getresgid() = " + now.rgid() + "/" + now.egid() + "/" + now.sgid()
                    + ", expected " + gid + " in all three slots");
        }
        if (!now.groups().equals(target.groups())) {
            throw new Failure("getgroups() = " + now.groups() + ", expected " + target.groups());
        }
        regainMustFail("setuid(0)", os.trySetuid(0));
        regainMustFail("setgid(0)", os.trySetgid(0));
        regainMustFail("seteuid(0)", os.trySeteuid(0));
        regainMustFail("setgroups(1, [0])", os.trySetgroups(new long[] {0}));
        if (before.ruid() != uid && before.ruid() != 0) {
            regainMustFail("setuid(" + before.ruid() + ")", os.trySetuid(before.ruid()));
        }
        if (!os.noNewPrivs()) {
            throw new Failure("prctl(PR_GET_NO_NEW_PRIVS) = 0 after it was set");
        }
        int gone = 0;
        int inheritableThreads = 0;
        long inheritable = 0;
        for (SystemCalls.TaskStatus task : tasks) {
            if (!task.reread()) {
                gone++;
                continue;
            }
            boolean noCapabilities = expected.noCapabilities(task);
            if (!expected.matches(task, noCapabilities)) {
                if (exiting(task)) {
                    gone++; // glibc skips a thread that is exiting when it changes the ids of every thread
                    continue;
                }
                noCapabilities = expected.noCapabilities(task);
                checkTask(task.tid(), new ProcStatus(task.text()), target);
            }
            if (!noCapabilities) {
                long inh = new ProcStatus(task.text()).caps("CapInh");
                if (inh > 0) {
                    inheritableThreads++;
                    inheritable |= inh;
                }
            }
        }
        if (!chrooted) {
            return new Result(gone, inheritableThreads, inheritable);
        }
        int fdSize = fdTableSize(tasks);
        for (int fd : os.directoryDescriptors(fdSize)) {
            if (!os.underRoot(fd, expected.jail)) {
                throw new Failure("descriptor " + fd + " is a directory outside the jail after the drop (another thread"
                        + " opened it while enter() ran): a way out of the jail");
            }
        }
        // Last: a thread that moved a host directory into the working directory and closed its
        // descriptor passed the sweep above, and is caught here.
        whereabouts(os, expected);
        return new Result(gone, inheritableThreads, inheritable);
    }

    /**
     * Runs the checks of {@link #whereabouts} before the point of no return, results
     * ignored (the root is not the jail yet), so that none of their code runs for the first time
     * inside the window.
     */
    static void rehearse(SystemCalls os, Expected expected) throws SystemCallException {
        os.identify("/").equals(expected.jail);
        os.identify(".").equals(expected.jail);
    }

    /**
     * Checks that the process root and the working directory are both the jail. {@code chroot}
     * and {@code chdir} act on state every thread shares, so another thread's {@code chdir} or
     * {@code fchdir} can move either at any time until the proof ends.
     */
    static void whereabouts(SystemCalls os, Expected expected) throws Failure, SystemCallException {
        SystemCalls.FileId root = os.identify("/");
        if (!root.equals(expected.jail)) {
            throw new Failure("the process root is " + root + ", not the jail (" + expected.jail + ")");
        }
        SystemCalls.FileId cwd = os.identify(".");
        if (!cwd.equals(expected.jail)) {
            throw new Failure("the working directory is " + cwd + ", not the jail's root (" + expected.jail
                    + "): another thread changed it while enter() ran");
        }
    }

    /**
     * Returns FDSize, the size of the process's descriptor table (threads share it): every open
     * descriptor is below it. Falls back to a generous bound if no status could be read.
     */
    static int fdTableSize(List<SystemCalls.TaskStatus> tasks) {
        for (SystemCalls.TaskStatus task : tasks) {
            String text = task.text();
            String size = text == null ? null : new ProcStatus(text).field("FDSize");
            if (size != null) {
                return Integer.parseInt(size);
            }
        }
        return 4096;
    }

    /** How long a thread that does not show the drop may take to finish exiting. */
    private static final long EXIT_GRACE_NANOS = 200_000_000L;

    /**
     * Returns whether a thread whose status does not show the drop is on its way out: it is a
     * zombie or dead, or its status file goes away within {@link #EXIT_GRACE_NANOS}. A thread
     * that still shows other ids after that is alive and not dropped; the caller then fails.
     */
    private static boolean exiting(SystemCalls.TaskStatus task) throws SystemCallException {
        long deadline = System.nanoTime() + EXIT_GRACE_NANOS;
        do {
            String state = new ProcStatus(task.text()).field("State");
            if (state != null && (state.startsWith("Z") || state.startsWith("X"))) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            if (!task.reread()) {
                return true;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static void regainMustFail(String call, int errno) throws Failure {
        if (errno == 0) {
            throw new Failure(call + " succeeded after the drop: the privileges can be regained");
        }
    }

    private static void checkTask(long tid, ProcStatus status, TargetUser target) throws Failure {
        expectAll(tid, "Uid", status.ids("Uid"), target.uid());
        expectAll(tid, "Gid", status.ids("Gid"), target.gid());
        Set<Long> groups = status.groups();
        if (!groups.equals(target.groups())) {
            throw new Failure("thread " + tid + ": Groups " + groups + ", expected " + target.groups());
        }
        if (!"1".equals(status.field("NoNewPrivs"))) {
            throw new Failure("thread " + tid + ": NoNewPrivs " + status.field("NoNewPrivs") + ", expected 1");
        }
        for (String set : CLEARED_SETS) {
            long caps = status.caps(set);
            if (caps != 0) {
                throw new Failure("thread " + tid + ": " + set + " " + Long.toHexString(caps) + ", expected 0");
            }
        }
    }

    private static void expectAll(long tid, String field, long[] ids, long expected) throws Failure {
        boolean ok = ids.length == 4;
        for (long id : ids) {
            ok &= id == expected;
        }
        if (!ok) {
            StringBuilder got = new StringBuilder();
            for (long id : ids) {
                got.append(' ').append(id);
            }
            throw new Failure("thread " + tid + ": " + field + got + ", expected " + expected + " in all four slots");
        }
    }
}
