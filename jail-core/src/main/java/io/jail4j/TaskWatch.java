package io.jail4j;

import java.util.List;
import java.util.Set;

/**
 * The WATCH_TASKS step of {@code enter()} and what it prepares for the window: every thread's
 * status file opened and checked, the proof's reads warmed up, and the wait until the other
 * threads sleep. Only reads.
 */
final class TaskWatch {
    private final SystemCalls os;
    private final List<String> notes;
    private final SystemCalls.Needle runningNeedle;

    TaskWatch(SystemCalls os, List<String> notes) {
        this.os = os;
        this.notes = notes;
        this.runningNeedle = os.needle("\nState:\tR");
    }

    /**
     * Opens every thread's status file and reads it once (so the read path is loaded before the
     * chroot). Refuses if threads differ in their seccomp filters (the no_new_privs step could not
     * reach them all) or if a thread lacks one of the capabilities (capabilities are per thread:
     * its set*id calls would fail while the others' succeed, and glibc aborts the process).
     */
    List<SystemCalls.TaskStatus> watch(int jailFd) throws JailException {
        List<SystemCalls.TaskStatus> tasks = null;
        try {
            tasks = os.watchTasks();
            String firstFilters = null;
            long firstTid = 0;
            for (SystemCalls.TaskStatus task : tasks) {
                if (!task.reread()) {
                    continue;
                }
                String own = os.privateContext(task.tid());
                if (own != null) {
                    throw new JailStateException("enter(): thread " + task.tid() + " has " + own + "; end it, or let it"
                            + " share the process's context, before enter()");
                }
                ProcStatus status = new ProcStatus(task.text());
                String filters = status.field("Seccomp") + "/" + status.field("Seccomp_filters");
                if (firstFilters == null) {
                    firstFilters = filters;
                    firstTid = task.tid();
                } else if (!firstFilters.equals(filters)) {
                    throw new JailStateException("enter(): threads differ in their seccomp state (thread " + firstTid
                            + ": mode/filters " + firstFilters + ", thread " + task.tid() + ": " + filters
                            + "); no_new_privs could not be set on every thread with SECCOMP_FILTER_FLAG_TSYNC");
                }
                long caps = status.caps("CapEff");
                List<String> missing = SystemCheck.missingCapabilities(caps);
                if (caps >= 0 && !missing.isEmpty()) {
                    throw new MissingCapabilityException(missing, "enter(): thread " + task.tid() + " ("
                            + status.field("Name") + ") lacks " + String.join(", ", missing) + " in its effective set"
                            + " (CapEff=" + Long.toHexString(caps) + "); capabilities are per thread, and glibc aborts"
                            + " the process when one thread's set*id call fails while the others' succeed");
                }
            }
            return tasks;
        } catch (JailException | RuntimeException e) {
            if (tasks != null) {
                tasks.forEach(SystemCalls.TaskStatus::close);
            }
            os.close(jailFd);
            throw e;
        }
    }

    /**
     * Runs the reads the proof makes inside the window (ids, a thread's status and its searches,
     * the root and working directory, the descriptor sweep), often enough that the JIT compiles
     * them and the native stubs behind them before the point of no return: interpreted, each
     * native call costs microseconds, and the proof makes a few hundred. Only reads.
     */
    void warmWindow(List<SystemCalls.TaskStatus> tasks, Proof.Expected expected) throws SystemCallException {
        SystemCalls.TaskStatus any = tasks.get(0);
        int fdSize = Proof.fdTableSize(tasks);
        int rounds = os.warmRounds();
        for (int i = 0; i < rounds; i++) {
            os.credentials();
            os.noNewPrivs();
            if (any.reread()) {
                expected.matches(any, expected.noCapabilities(any));
            }
            Proof.rehearse(os, expected);
            os.directoryDescriptors(i % 8 == 0 ? fdSize : 3); // the whole sweep now and then: it costs more
        }
    }

    /** How long {@link #settle} waits at most for the other threads to stop running. */
    private static final long SETTLE_NANOS = 50_000_000L;

    /**
     * Waits, up to {@link #SETTLE_NANOS}, until no thread but the caller is running. Each of the
     * window's three glibc broadcasts (setgroups, setresgid, setresuid) waits until every thread
     * has run its signal handler; a thread that is busy elsewhere (the JIT compiles hard just after
     * the preload) then holds the whole process half-jailed for a time slice or more on a small
     * machine. Entering when the others sleep keeps the window short. Only reads.
     */
    void settle(List<SystemCalls.TaskStatus> tasks) throws SystemCallException {
        long start = System.nanoTime();
        int running = 0;
        for (int round = 0; ; round++) {
            running = 0;
            for (SystemCalls.TaskStatus task : tasks) {
                if (task.reread() && task.contains(runningNeedle)) {
                    running++;
                }
            }
            if (running <= 1 || System.nanoTime() - start > SETTLE_NANOS) {
                break; // one is the caller itself
            }
            java.util.concurrent.locks.LockSupport.parkNanos(round < 10 ? 100_000L : 1_000_000L);
        }
        long waited = System.nanoTime() - start;
        if (waited > 1_000_000L) {
            notes.add(String.format(java.util.Locale.ROOT, "waited %.1f ms for the JVM's other threads to stop running"
                    + " before the point of no return (%s)", waited / 1e6,
                    running <= 1 ? "they did" : (running - 1) + " still running"));
        }
    }

    /** Returns the descriptors enter() itself holds: the jail's and the thread status files'. */
    static Set<Integer> ownDescriptors(int jailFd, List<SystemCalls.TaskStatus> tasks) {
        Set<Integer> own = new java.util.HashSet<>();
        own.add(jailFd);
        for (SystemCalls.TaskStatus task : tasks) {
            own.add(task.fd());
        }
        return own;
    }

    /** Describes CapBnd as the first watched thread's last read shows it. */
    static String boundingSet(List<SystemCalls.TaskStatus> tasks) {
        for (SystemCalls.TaskStatus task : tasks) {
            String text = task.text();
            long caps;
            try {
                caps = text == null ? -1 : new ProcStatus(text).caps("CapBnd");
            } catch (NumberFormatException e) {
                caps = -1;
            }
            if (caps >= 0) {
                return "CapBnd " + Long.toHexString(caps) + " on thread " + task.tid();
            }
        }
        return "CapBnd unknown";
    }
}
