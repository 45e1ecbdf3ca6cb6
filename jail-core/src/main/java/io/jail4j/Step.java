package io.jail4j;

/**
 * The steps of {@link Jail#enter()}, in the one order they always run.
 *
 * <p>The first seven steps are <em>reversible</em>: they change nothing the caller can observe (they
 * only read, open and close, and hold shutdown signals that they let go again), and a failure throws a {@link JailException} with the process as
 * it was. {@link #CLOSE_FDS} is the point of no return. From there on, any failure, including an
 * unexpected {@link Throwable}, writes one line to standard error (a native {@code write(2)} on
 * fd 2, naming the step, the call, its arguments and errno) and ends the process at once with a
 * native {@code _exit(2)} and the step's {@linkplain #haltCode() exit code}: no shutdown hook, no
 * {@code finally} block and no other thread runs as a half-jailed root.
 *
 * <p>glibc applies {@code setgroups}, {@code setresgid} and {@code setresuid} to every thread of
 * the process; if threads disagree on the result, glibc itself aborts the process (exit status
 * 134, {@code SIGABRT}).
 */
public enum Step {
    /** Checks that this is the first {@code enter()}, that the process holds CAP_SYS_CHROOT,
     *  CAP_SETUID and CAP_SETGID, and reads its current ids. */
    CHECK_SYSTEM("check the live system", 0),
    /** Resolves the target user and all its groups on the host (getpwnam_r, getgrouplist). */
    RESOLVE_USER("resolve user and groups", 0),
    /** Runs the default preload and the plan's preload actions, in order. */
    PRELOAD("run preloads", 0),
    /** With {@link Jail#audit()}: audits the jail for the target user and refuses on a warning. */
    AUDIT_JAIL("audit the jail", 0),
    /** Opens the jail component by component from {@code /} with {@code O_NOFOLLOW} and checks
     *  owner and mode of each component on the opened descriptor. */
    OPEN_JAIL("open and check the jail", 0),
    /** Opens every thread's {@code /proc/self/task/TID/status} for the proof after the drop;
     *  refuses a thread with a root or a descriptor table of its own. */
    WATCH_TASKS("open thread status files", 0),
    /** Records the jail's identity; in learn mode creates and marks the fanotify group; rehearses the later calls and runs the proof's reads until
     *  they are compiled; waits (at most 50 ms) for the JVM's other threads to stop running;
     *  then lists and judges every descriptor (with the jail and status files already open, so
     *  that nothing escapes judgement), shared writable mappings, child processes and the
     *  controlling terminal; holds SIGTERM, SIGINT and SIGHUP. */
    LIST_FDS("judge descriptors, mappings, children", 0),
    /** Point of no return. With {@link Jail#closeFds()}: points stray descriptors at
     *  {@code /dev/null} (not in learn mode); detaches the controlling terminal ({@code TIOCNOTTY}). */
    CLOSE_FDS("neutralise stray descriptors", 90),
    /** {@code fchdir(jail)}, {@code chroot} through the jail's descriptor, {@code chdir("/")};
     *  then the root and the working directory must both be the jail. In learn mode
     *  ({@link Jail#learn(java.nio.file.Path)}) it only closes the jail's descriptor. */
    CHROOT("change root", 91),
    /** Sets {@code PWD=/}, {@code HOME=/}, {@code USER} and {@code LOGNAME} to the target. */
    ENVIRONMENT("fix environment", 92),
    /** {@code setgroups} with the target's resolved groups. */
    SETGROUPS("set supplementary groups", 93),
    /** {@code setresgid(gid, gid, gid)}. */
    SETRESGID("set gid", 94),
    /** {@code setresuid(uid, uid, uid)}; a caller whose ids were not all 0 first goes through
     *  {@code setresuid(0, 0, 0)} so that the kernel clears its capabilities. */
    SETRESUID("set uid", 95),
    /** {@code prctl(PR_SET_NO_NEW_PRIVS)} on the calling thread, then the syscall policy
     *  ({@link SyscallRule}) installed with {@code SECCOMP_FILTER_FLAG_TSYNC}, which gives every
     *  thread no_new_privs and the policy. */
    NO_NEW_PRIVS("set no_new_privs and the syscall policy on every thread", 96),
    /** Proves the drop: ids in all slots, groups, regain attempts fail, every watched thread, no
     *  directory descriptor outside the jail, root and working directory both the jail. */
    VERIFY("prove the drop", 97);

    private final String description;
    private final int haltCode;

    Step(String description, int haltCode) {
        this.description = description;
        this.haltCode = haltCode;
    }

    /**
     * Returns a short human description of the step.
     *
     * @return the description, in lower case, such as {@code "change root"}
     */
    public String description() {
        return description;
    }

    /**
     * Returns whether a failure in this step leaves the process unchanged (and throws).
     *
     * @return true for the steps before the point of no return, whose failure throws a
     *         {@link JailException}; false for the steps whose failure halts the process
     */
    public boolean reversible() {
        return haltCode == 0;
    }

    /**
     * Returns the process exit code used when this step fails, or 0 for reversible steps.
     *
     * @return the exit code, 90 to 97 for an irreversible step (one per step); 0 for a reversible one
     */
    public int haltCode() {
        return haltCode;
    }
}
