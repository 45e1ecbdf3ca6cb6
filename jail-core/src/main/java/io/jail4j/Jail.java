package io.jail4j;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A plan to lock the calling JVM into a chroot jail and drop it to an unprivileged user.
 *
 * <pre>{@code
 * ServerSocket port21 = new ServerSocket(21);          // as root, before the jail
 * EntryReport report = Jail.at(Path.of("/srv/ftp"))
 *         .preload(() -> loadConfig())
 *         .closeFds()
 *         .dropTo("ftp")
 *         .enter();                                    // now uid ftp, root /srv/ftp
 * }</pre>
 *
 * <p>Every method but {@link #enter()} only returns a new immutable plan; the order of the calls
 * does not matter (preload actions keep their relative order). {@code enter()} alone touches the
 * operating system, always in this order (see {@link Step}):
 * <ol>
 *   <li>check the live system: first entry in this process; CAP_SYS_CHROOT, CAP_SETUID and
 *       CAP_SETGID in the effective set; no securebits that keep capabilities across the drop;
 *       seccomp support;</li>
 *   <li>resolve the target user and all its groups on the host ({@code getpwnam_r},
 *       {@code getgrouplist} through libc, so NSS, LDAP and sssd work); refuse uid 0, gid 0 and
 *       membership in group 0;</li>
 *   <li>run the default preload (what every JVM loses at the chroot: security providers, crypto,
 *       TLS, time zones, charsets, NIO, logging, MXBeans; see {@link #withoutDefaultPreload()}),
 *       then the plan's preload actions, in order;</li>
 *   <li>with {@link #audit()}: audit the jail for the target user and refuse on a warning;</li>
 *   <li>open the jail component by component from {@code /} with
 *       {@code O_DIRECTORY|O_NOFOLLOW} and check owner and mode on those same descriptors:
 *       every component root-owned and not writable by group or others, except that a
 *       root-owned sticky ancestor such as {@code /tmp} is accepted (the sticky bit stops others
 *       from renaming or replacing the root-owned directory below it); the jail itself must
 *       not be group/other writable in any case;</li>
 *   <li>open every thread's {@code /proc/self/task/TID/status} (regular files: no escape);
 *       refuse if threads differ in their seccomp filters, or if one has a root or a descriptor
 *       table of its own ({@code unshare(CLONE_FS)}, {@code unshare(CLONE_FILES)});</li>
 *   <li>record the jail's identity (mount id, device, inode); list and judge every descriptor
 *       (see {@link #closeFds()}; directories, kernel objects off the allow-list, unix sockets
 *       with something queued or connected to another process as root, and writable host
 *       files refuse; sockets taken with {@link SocketActivation} are kept and named), shared
 *       writable mappings of host files ({@link SharedMappingException}),
 *       child processes running as another user ({@link ChildProcessException}) and the
 *       controlling terminal; hold SIGTERM, SIGINT and SIGHUP; refuse while the JVM shuts
 *       down;</li>
 *   <li><b>point of no return</b>: with {@link #closeFds()}, point stray descriptors at
 *       {@code /dev/null}; detach the controlling terminal ({@code TIOCNOTTY});</li>
 *   <li>{@code fchdir(jail)}, {@code chroot} through the jail's descriptor, {@code chdir("/")};
 *       the root and the working directory must then both be the jail;</li>
 *   <li>set {@code PWD=/}, {@code HOME} (the target's home mapped into the jail, else {@code /}),
 *       {@code USER}, {@code LOGNAME} and {@code SHELL}, after clearing the rest if
 *       {@link #clearEnvironmentExcept(String...)} asks for it (natively; a
 *       {@link System#getenv()} map read earlier keeps its old values);</li>
 *   <li>{@code setgroups}, {@code setresgid}, {@code setresuid} through glibc, which applies each
 *       call to every thread of the JVM (a caller that is not root but holds the capabilities
 *       first passes through {@code setresuid(0, 0, 0)}, so that the kernel clears them);</li>
 *   <li>{@code prctl(PR_SET_NO_NEW_PRIVS)}, then the syscall policy ({@link SyscallRule})
 *       installed with {@code SECCOMP_FILTER_FLAG_TSYNC}, which gives every thread
 *       no_new_privs and the policy;</li>
 *   <li>prove it: {@code getresuid}/{@code getresgid} show the target in all three slots,
 *       {@code getgroups} equals the resolved set, {@code setuid(0)}, {@code setgid(0)},
 *       {@code seteuid(0)} and {@code setgroups([0])} fail, and every thread's status shows the
 *       target ids in all four slots, the target's groups, empty CapPrm, CapEff and CapAmb, and
 *       NoNewPrivs 1; no descriptor below the process's FDSize is a directory outside the jail
 *       (other threads may have opened one while {@code enter()} ran); last, the root and the
 *       working directory are both the jail.</li>
 * </ol>
 *
 * <p><b>Guarantees.</b> A failure in steps 1-7 throws a {@link JailException} and leaves the
 * process as it was. A failure from step 8 on never returns: it writes one line to standard
 * error and ends the process with {@code _exit} and the step's documented exit code
 * ({@link Step#haltCode()}), so the process never continues half-jailed as root. Shutdown
 * signals arriving in between are delivered after the proof. Threads started after step 6 (G1
 * adds GC threads over time) are changed by glibc like every other thread but cannot be read
 * once {@code /proc} is out of reach; the report says how many were read. Other threads keep
 * running during {@code enter()}, as root until the uid changes.
 *
 * <p><b>Learn mode.</b> With {@link #learn(Path)}, {@code enter()} runs every step above except
 * the neutralisation of step 8 and the chroot of step 9 (and the proof's root, working directory
 * and directory checks), keeps a fanotify group made before the drop, and the process is NOT
 * jailed: it records what the daemon opens outside the jail and writes a plan ({@link LearnPlan}).
 * For a test environment only.
 *
 * <p><b>Not started as root.</b> A process that is not uid 0 but holds the three capabilities
 * (systemd's {@code User=} with {@code AmbientCapabilities=CAP_SYS_CHROOT CAP_SETUID
 * CAP_SETGID}) enters the same way; with {@link SocketActivation} it gets its privileged port
 * from the service manager and never needs uid 0 at all.
 *
 * <p><b>Limits.</b> After {@code enter()} the JVM can only open files inside the jail: classes
 * not yet loaded from a class-path directory, resources, time-zone data, security providers and
 * the like must be touched before (use {@link #preload(Runnable...)}). {@code user.dir} keeps the
 * old working directory, so start the JVM with working directory {@code /} if code resolves
 * relative paths.
 */
public final class Jail {
    private final Plan plan;

    private Jail(Plan plan) {
        this.plan = plan;
    }

    /**
     * Starts a plan for the jail directory {@code dir}.
     *
     * @param dir an absolute, normalized path other than {@code /}; it is checked against the
     *            live file system only by {@link #enter()}
     * @return a new plan for {@code dir} with every option off and no drop target yet
     * @throws IllegalArgumentException if {@code dir} is relative, not normalized or {@code /}
     * @throws NullPointerException if {@code dir} is null
     */
    public static Jail at(Path dir) {
        PlanArguments.jailDir(dir);
        return new Jail(Plan.of(dir));
    }

    /**
     * Starts, on threads of its own, the work {@code enter()} would otherwise do on the caller's
     * time: loading the native binding and, at the same time on a second thread, running the
     * default preload (together about 0.2-0.5 s of CPU).
     * Call it first thing in {@code main()}; it runs while the application starts up, and
     * {@code enter()} then only waits for what is left. It changes nothing about the process;
     * calling it again does nothing. A failure is reported by {@code enter()}.
     */
    public static void prepare() {
        PrepareAhead.start();
    }

    /**
     * Adds actions to run before the chroot, in the given order, after all actions added before.
     * Use them to touch what the application needs from the host's disk ({@link Preload} has the
     * common ones). A failing action stops {@code enter()} with a {@link PreloadException} naming
     * it (by its {@code toString()}).
     *
     * @param actions the actions to append, none of them null; an empty array adds nothing
     * @return a new plan with these actions after the ones this plan already has
     * @throws NullPointerException if {@code actions} or one of its elements is null
     */
    public Jail preload(Runnable... actions) {
        Objects.requireNonNull(actions, "preload: actions");
        for (int i = 0; i < actions.length; i++) {
            Objects.requireNonNull(actions[i], "preload: action #" + (i + 1) + " is null");
        }
        return new Jail(plan.withPreloads(Arrays.asList(actions)));
    }

    /**
     * Skips the default preload. Without it, security providers, crypto, TLS, time zones, charsets,
     * NIO channels, logging and MXBeans that were not used before {@code enter()} fail inside the
     * jail, often silently or for good.
     *
     * @return a new plan that runs only the actions added with {@link #preload(Runnable...)}
     */
    public Jail withoutDefaultPreload() {
        return new Jail(plan.withoutDefaultPreload());
    }

    /**
     * Points every descriptor that leads to a file outside the jail at {@code /dev/null} with
     * {@code dup2}, just after the point of no return, except standard streams, read-only
     * runtime image and class-path jars, harmless devices ({@code /dev/null}, {@code zero},
     * {@code random}, {@code urandom}), sockets, pipes, allowed kernel objects, memfds and what
     * is kept with {@link #keep(int, String)}. A writable file under {@code java.home} or on the
     * class path is neutralised like any other. The numbers stay taken, so no Java object ends
     * up talking to a file opened later under a reused number. Directory descriptors make
     * {@code enter()} refuse with or without this option.
     *
     * @return a new plan that neutralises such descriptors at {@code enter()}
     */
    public Jail closeFds() {
        return new Jail(plan.withClosingFds());
    }

    /**
     * Puts a read-only copy of every class-path and module-path entry (jars, class directories,
     * manifest {@code Class-Path} jars, agents) into the jail at its canonical host path, brought
     * up to date (size and modification time) at every {@code enter()} before the jail is audited
     * and opened; the report says how much was copied.
     *
     * <p>Without it, the class loaders keep serving classes from the jars they hold open, and
     * {@code enter()} fills the JDK's jar cache so that {@code getResource}, {@code
     * getResourceAsStream}, {@code ResourceBundle} and {@code jar:} URLs keep working; but whatever
     * reopens a jar <em>by path</em> after the chroot fails: {@code ServiceLoader} (it turns the
     * jar cache off: SLF4J then falls back to a no-op logger, Jetty finds no compression
     * provider), zipfs mounts of a jar (Jetty 12's own resources), {@code new JarFile(path)}.
     * {@code enter()} then warns, naming each entry that is not at its path inside the jail.
     *
     * <p>Not the default because it writes into the jail, which is often the tree a daemon serves
     * (an FTP root): the application's jars become readable there. Every directory on the way must
     * be owned by root and writable by root alone (or sticky), else {@code enter()} refuses with a
     * {@link JailPathException} naming it; files are written as root with mode 0444. With
     * {@link #audit()}, the audit also checks that every copy is identical to the host's file.
     *
     * @return a new plan that copies the class path into the jail at {@code enter()}
     */
    public Jail mirrorClassPath() {
        return new Jail(plan.withMirroredClassPath());
    }

    /**
     * Keeps descriptor {@code fd} open as it is under {@link #closeFds()}, and accepts it when it
     * would otherwise refuse: a kernel object off the allow-list (a fanotify group for a learn
     * mode, say), a unix socket with something queued or connected to another process as root;
     * {@code why} appears in the report. A directory is never kept, and a descriptor writable to
     * a host file outside the jail needs {@link #insecureKeepWritable(Path, String)}.
     *
     * @param fd  the descriptor number, 0 or more
     * @param why the reason, not blank; the entry report shows it
     * @return a new plan with this descriptor added to the ones kept
     * @throws IllegalArgumentException if {@code fd} is negative or {@code why} is null or blank
     */
    public Jail keep(int fd, String why) {
        if (fd < 0) {
            throw new IllegalArgumentException("keep: fd " + fd + " is not a descriptor");
        }
        return new Jail(plan.withKeep(new Plan.Keep(fd, null, PlanArguments.why("keep", why), false)));
    }

    /**
     * Keeps every descriptor open on {@code file} (compared by real path) as it is under
     * {@link #closeFds()}, read-only ones included, and every unix socket bound or connected to
     * {@code file} even while it runs as root on the other end; {@code why} appears in the report.
     *
     * @param file the absolute path of the file or socket; it is normalized here and resolved to its
     *             real path only at {@code enter()}
     * @param why  the reason, not blank; the entry report shows it
     * @return a new plan with this file added to the ones kept
     * @throws NullPointerException     if {@code file} is null
     * @throws IllegalArgumentException if {@code file} is relative or {@code why} is null or blank
     */
    public Jail keep(Path file, String why) {
        return new Jail(plan.withKeep(new Plan.Keep(-1, PlanArguments.absolute("keep", file),
                PlanArguments.why("keep", why), false)));
    }

    /**
     * Keeps descriptors open <em>for writing</em> on a host file outside the jail, such as a log
     * file opened before {@code enter()}, and shared writable mappings of it (a
     * {@link java.nio.MappedByteBuffer}). This weakens the jail: the jailed process can still
     * write that host file. The report lists it under warnings.
     *
     * @param file the absolute path of the host file; it is normalized here
     * @param why  the reason, not blank; the entry report shows it next to the warning
     * @return a new plan that keeps writable descriptors and shared mappings of {@code file}
     * @throws NullPointerException     if {@code file} is null
     * @throws IllegalArgumentException if {@code file} is relative or {@code why} is null or blank
     */
    public Jail insecureKeepWritable(Path file, String why) {
        return new Jail(plan.withKeep(new Plan.Keep(-1, PlanArguments.absolute("insecureKeepWritable", file),
                PlanArguments.why("insecureKeepWritable", why), true)));
    }

    /**
     * Turns this plan into a <b>learn mode</b> run, which does NOT jail the process: {@code enter()}
     * does everything it would do (checks, preloads, descriptor judgement, the drop of every id,
     * no_new_privs, the syscall policy) except the chroot and the descriptor neutralisation, then
     * records, until the process ends, every file this process opens outside the jail (a fanotify
     * group made as root before the drop, the one descriptor learn mode keeps) and writes a plan
     * to {@code planFile} at exit: the {@link Preload} calls, {@link #mirrorClassPath()} and the
     * layout lines that would cover each item, and what cannot be covered, with the fix (see
     * {@link LearnPlan}, {@link LearnSession}). For a test environment only: run the daemon once
     * under real traffic, apply the plan, then run it jailed.
     *
     * <p>Only this call (or a launcher's explicit command-line option that calls it) turns learn
     * mode on; jail4j reads no environment variable for it, so a forgotten setting cannot disable
     * the jail in production. The report says {@link EntryReport#jailed() jailed() == false}, and
     * {@code enter()} writes a line to standard error saying the process is NOT jailed: the one
     * place jail4j writes to standard error itself, because a process that looks jailed and is
     * not must be impossible to miss, whatever the application does with the report.
     *
     * @param planFile an absolute path in an existing directory; {@code enter()} creates (or
     *                 truncates) it as root, mode 0600, owned by the target user, who writes the plan
     * @return a new plan in learn mode, writing its plan at exit; it replaces any learn setting
     *         made before
     * @throws IllegalArgumentException if {@code planFile} is relative
     */
    public Jail learn(Path planFile) {
        return learnFor(planFile, null);
    }

    /**
     * Like {@link #learn(Path)}, but stops learning and writes the plan after {@code duration}
     * (and not again at exit).
     *
     * @param planFile an absolute path in an existing directory, as for {@link #learn(Path)}
     * @param duration how long to learn, counted from {@code enter()}; must be positive
     * @return a new plan in learn mode, writing its plan after {@code duration}; it replaces any
     *         learn setting made before
     * @throws NullPointerException     if {@code planFile} or {@code duration} is null
     * @throws IllegalArgumentException if {@code planFile} is relative or names no file, or
     *                                  {@code duration} is zero or negative
     */
    public Jail learn(Path planFile, java.time.Duration duration) {
        Objects.requireNonNull(duration, "learn: duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("learn: the learning time " + duration + " is not positive");
        }
        return learnFor(planFile, duration);
    }

    private Jail learnFor(Path planFile, java.time.Duration duration) {
        return new Jail(plan.withLearn(new Plan.Learn(PlanArguments.planFile(planFile), duration)));
    }

    /**
     * Clears the environment before the chroot except the named variables; {@code PWD},
     * {@code HOME}, {@code USER}, {@code LOGNAME} and {@code SHELL} are then set for the target
     * as always.
     *
     * @param names the names of the variables to keep; none given clears every variable but the
     *              five above. A name given twice counts once.
     * @return a new plan that clears the environment; it replaces the names of an earlier call
     * @throws IllegalArgumentException if a name is null, empty, or contains {@code '='} or NUL
     */
    public Jail clearEnvironmentExcept(String... names) {
        return new Jail(plan.withKeepEnvironment(PlanArguments.variableNames(names)));
    }

    /**
     * Audits the jail for the target user before the chroot ({@link io.jail4j.layout.JailAudit}:
     * owners, write access, setuid files, device nodes, hard links and symbolic links leading out,
     * sockets, fifos, mounts, shells, passwd/group entries, readable secrets) and refuses with a
     * {@link JailAuditException} on any warning or error.
     *
     * @return a new plan that audits the jail at {@code enter()}, allowing nothing beyond the
     *         defaults; it replaces an earlier {@link #audit(io.jail4j.layout.JailLayout)}
     */
    public Jail audit() {
        return new Jail(plan.withAudit(new Plan.Audit(null)));
    }

    /**
     * Like {@link #audit()}, allowing what {@code allowed} declares (such as an upload directory).
     *
     * @param allowed the layout whose declared exceptions the audit accepts
     * @return a new plan that audits the jail at {@code enter()}; it replaces an earlier audit setting
     * @throws NullPointerException if {@code allowed} is null
     */
    public Jail audit(io.jail4j.layout.JailLayout allowed) {
        Objects.requireNonNull(allowed, "audit: allowed");
        return new Jail(plan.withAudit(new Plan.Audit(allowed)));
    }

    /**
     * Lifts one rule of the syscall policy that {@code enter()} installs after the drop (see
     * {@link SyscallRule}). This weakens the jail: each lifted rule reopens a way out or into
     * other processes that chroot cannot close, and the report lists it under warnings. Typical
     * needs: {@link SyscallRule#UNIX_SOCKETS} for a daemon that logs to {@code /dev/log} or talks
     * to a unix socket inside its jail, or that lets {@code jcmd} attach.
     *
     * @param rule the rule to lift
     * @param why  the reason, not blank; the entry report shows it next to the warning. Lifting
     *             the same rule again replaces the reason.
     * @return a new plan with {@code rule} lifted as well as those lifted before
     * @throws IllegalArgumentException if {@code why} is blank
     * @throws NullPointerException if {@code rule} is null
     */
    public Jail insecureAllow(SyscallRule rule, String why) {
        Objects.requireNonNull(rule, "insecureAllow: rule");
        return new Jail(plan.withAllowedRule(rule, PlanArguments.why("insecureAllow", why)));
    }

    /**
     * Returns the syscall policy {@code enter()} installs after the drop for this plan, a line a
     * rule, as the entry report lists it.
     *
     * @return the rules as text, one element a rule, in the policy's order; a new list at each call,
     *         computed for the running architecture
     * @throws IllegalStateException if jail4j has no policy for this architecture (only x86_64
     *                               and aarch64 have one)
     */
    public List<String> syscallPolicy() {
        return plan.policy().describe();
    }

    /**
     * Returns the syscall policy {@code enter()} installs after the drop for this plan as the
     * classic BPF program the kernel receives ({@code struct sock_filter[]}, 8 bytes an
     * instruction, little-endian), for review with a BPF disassembler or for a reference run of
     * the same filter.
     *
     * @return the program's bytes, a new array at each call, a multiple of 8 bytes long
     * @throws IllegalStateException if jail4j has no policy for this architecture (only x86_64
     *                               and aarch64 have one)
     */
    public byte[] syscallPolicyProgram() {
        return plan.policy().program();
    }

    /**
     * Lets {@code enter()} go on while a child process of this one runs as another user than the
     * target, such as a helper started as root before the jail. This weakens the jail: the jailed
     * process can still drive the child through the pipes it holds, and the child keeps its
     * privileges. Without it such a child makes {@code enter()} refuse; children that run as the
     * target are only reported.
     *
     * @param why the reason, not blank; the entry report shows it next to the warning
     * @return a new plan that tolerates such children
     * @throws IllegalArgumentException if {@code why} is null or blank
     */
    public Jail insecureAllowChildProcesses(String why) {
        return new Jail(plan.withAllowedChildren(PlanArguments.why("insecureAllowChildProcesses", why)));
    }

    /**
     * Drops to the named user, its primary group and all its supplementary groups, as the host's
     * user database (through NSS) reports them before the chroot.
     *
     * @param user the user name, looked up only at {@code enter()}
     * @return a new plan that drops to {@code user}
     * @throws IllegalArgumentException if the name is empty or contains {@code ':'}, whitespace
     *                                  or NUL, or is {@code root}
     * @throws IllegalStateException    if a different drop target was already set
     * @throws NullPointerException     if {@code user} is null
     */
    public Jail dropTo(String user) {
        PlanArguments.userName(user);
        requireNoOtherTarget(user, -1, -1);
        return new Jail(plan.withTarget(user, -1, -1));
    }

    /**
     * Drops to a numeric uid and gid with no supplementary group but {@code gid}.
     *
     * @param uid the user id, 1..4294967294
     * @param gid the group id, 1..4294967294, also the only supplementary group
     * @return a new plan that drops to {@code uid} and {@code gid}
     * @throws IllegalArgumentException if an id is 0 or outside 1..4294967294
     * @throws IllegalStateException    if a different drop target was already set
     */
    public Jail dropTo(long uid, long gid) {
        PlanArguments.id("uid", uid);
        PlanArguments.id("gid", gid);
        requireNoOtherTarget(null, uid, gid);
        return new Jail(plan.withTarget(null, uid, gid));
    }

    private void requireNoOtherTarget(String name, long newUid, long newGid) {
        if (plan.hasTarget() && !plan.targets(name, newUid, newGid)) {
            throw new IllegalStateException("dropTo: the plan already drops to " + plan.targetText()
                    + "; a plan has one target");
        }
    }

    /**
     * Enters the jail as planned. See the class documentation for the order of operations and
     * the guarantees.
     *
     * @return what was done, how long each step took, what was kept and any warnings
     * @throws JailException if a check, the user resolution, a preload or the descriptor listing
     *                       fails; the process is then unchanged. Failures after the point of no
     *                       return end the process instead.
     */
    public EntryReport enter() throws JailException {
        if (!plan.hasTarget()) {
            throw new JailStateException("enter(): the plan has no drop target; call dropTo(user) first"
                    + " (jail4j never leaves a process jailed as root)");
        }
        long start = System.nanoTime();
        Native binding = Native.get(); // blocks while Jail.prepare() is still loading it: part of enter()'s time
        return new Entry(plan, binding, start, System.nanoTime() - start).run();
    }

    EntryReport enter(SystemCalls os) throws JailException {
        return new Entry(plan, os).run();
    }

    /** Returns the plan's settings. */
    Plan plan() {
        return plan;
    }

    /**
     * Returns whether {@code o} is a plan that runs the same way: same jail, same preload actions
     * in the same order, same options, the same kept descriptors and variables in any order, and
     * the same target.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Jail && plan.equals(((Jail) o).plan);
    }

    @Override
    public int hashCode() {
        return plan.hashCode();
    }

    /** Returns the plan as it will run, such as
     *  {@code Jail /srv/ftp: preload [..], close stray fds, chroot, drop to user "ftp"}. */
    @Override
    public String toString() {
        return plan.toString();
    }
}
