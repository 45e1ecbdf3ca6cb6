package io.jail4j;

import io.jail4j.layout.AuditException;
import io.jail4j.layout.AuditReport;
import io.jail4j.layout.JailAudit;
import io.jail4j.layout.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run of {@link Jail#enter()}: the whole order of operations, top to bottom, in
 * {@link #run()}. Nothing else in the library changes process state.
 */
final class Entry {
    static final long CAP_SETGID = io.jail4j.internal.LinuxAbi.CAP_SETGID;
    static final long CAP_SETUID = io.jail4j.internal.LinuxAbi.CAP_SETUID;
    static final long CAP_SYS_CHROOT = io.jail4j.internal.LinuxAbi.CAP_SYS_CHROOT;
    static final int SECBIT_NO_SETUID_FIXUP = io.jail4j.internal.LinuxAbi.SECBIT_NO_SETUID_FIXUP;
    static final int SECBIT_KEEP_CAPS = io.jail4j.internal.LinuxAbi.SECBIT_KEEP_CAPS;
    private static final long NOBODY = 65534;

    private final Jail plan;
    private final SystemCalls os;
    private final SystemCalls.Needle runningNeedle;
    private final long[] stepNanos = new long[Step.values().length];
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** What the ENVIRONMENT step sets (null value: unsets), decided before the point of no return. */
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean clearEnvironment;
    /** When the caller called {@code enter()}, and how long it waited for the native binding. */
    private final long callStart;
    private final long bindingWaitNanos;
    /** Every class-path and module-path entry, found in the PRELOAD step. */
    private ClassPathAccess classPath;

    Entry(Jail plan, SystemCalls os) {
        this(plan, os, System.nanoTime(), 0);
    }

    /**
     * An entry whose clock started at {@code callStart}, before the caller waited
     * {@code bindingWaitNanos} for the native binding: the report's total and the CHECK_SYSTEM
     * step include that wait, so that they match a stopwatch around {@code enter()}.
     */
    Entry(Jail plan, SystemCalls os, long callStart, long bindingWaitNanos) {
        this.plan = plan;
        this.os = os;
        this.runningNeedle = os.needle("\nState:\tR");
        this.callStart = callStart;
        this.bindingWaitNanos = bindingWaitNanos;
    }

    EntryReport run() throws JailException {
        synchronized (Entry.class) {
            long start = callStart;
            long mark = start;

            Credentials before = checkSystem();
            mark = lap(Step.CHECK_SYSTEM, mark);

            TargetUser target = resolveUser();
            mark = lap(Step.RESOLVE_USER, mark);

            runPreloads();
            mark = lap(Step.PRELOAD, mark);

            audit(target);
            mark = lap(Step.AUDIT_JAIL, mark);

            int jailFd = openJail(target);
            mark = lap(Step.OPEN_JAIL, mark);

            SyscallPolicy policy = plan.policy();
            List<SystemCalls.TaskStatus> tasks = watchTasks(jailFd);
            mark = lap(Step.WATCH_TASKS, mark);

            // Descriptors and the rest are judged last, with the jail and the status files open,
            // so that nothing opened before the point of no return escapes judgement and no
            // number is confused with ours; only the signal hold comes after.
            Handles handles;
            Proof.Expected expected;
            SystemCalls.HeldSignals held = null;
            LearnSession learn = null;
            try {
                expected = new Proof.Expected(target, os, os.identify(jailFd));
                os.prepareChroot(jailFd);
                os.prepareEnvironment(environmentStrings());
                Set<Integer> own = ownDescriptors(jailFd, tasks);
                if (plan.learnMode() != null) {
                    // Made as root (CAP_SYS_ADMIN) before the judgement, so that its number is ours
                    // and no other descriptor is taken for it; the only descriptor learn mode keeps.
                    long learnStart = System.nanoTime();
                    learn = LearnSession.open(os, plan.learnMode(), plan.dir(), target, new LearnContext(
                            System.getProperty("java.home"), tmpDir(), classPath.entries(), plan.mirrorsClassPath(),
                            target));
                    own.add(learn.group());
                    notes.add(String.format(java.util.Locale.ROOT, "learn mode: fanotify group fd %d kept (made before"
                            + " the drop; it reads this process's opens), %d file system(s) watched%s, in %.1f ms;"
                            + " plan file %s", learn.group(), learn.watched(), learn.unwatched().isEmpty() ? ""
                            : ", not watched: " + learn.unwatched(), (System.nanoTime() - learnStart) / 1e6,
                            plan.learnMode().planFile()));
                }
                for (int attempt = 1; ; attempt++) {
                    int notesBefore = notes.size();
                    int warningsBefore = warnings.size();
                    handles = judgeHandles(before, target, own);
                    held = os.holdShutdownSignals(handles.terminal().sessionLeader());
                    checkNotShuttingDown(handles.terminal(), held);
                    if (attempt == 1) {
                        os.rehearse(policy.program());
                        warmWindow(tasks, expected);
                    }
                    settle(tasks);
                    try {
                        requireUnchanged(handles, own, tasks);
                        break;
                    } catch (OpenDescriptorException changed) {
                        held.release();
                        held = null;
                        if (attempt == JUDGEMENTS) {
                            throw changed;
                        }
                        notes.subList(notesBefore, notes.size()).clear(); // judged again below
                        warnings.subList(warningsBefore, warnings.size()).clear();
                    }
                }
            } catch (JailException | RuntimeException e) {
                if (held != null) {
                    held.release();
                }
                if (learn != null) {
                    learn.abandon();
                }
                tasks.forEach(SystemCalls.TaskStatus::close);
                os.close(jailFd);
                throw e;
            }
            mark = lap(Step.LIST_FDS, mark);

            // ---- point of no return: from here on a failure halts the process ----
            Step step = Step.CLOSE_FDS;
            Proof.Result proof = null;
            try {
                os.markEntered();
                if (learn == null) {
                    neutralise(handles);
                }
                if (handles.terminal().ttyNr() != 0) {
                    os.detachTerminal();
                }
                mark = lap(step, mark);

                step = Step.CHROOT;
                if (learn == null) {
                    os.fchdir(jailFd);
                    os.chroot(jailFd);
                    os.chdir("/");
                    os.close(jailFd);
                    Proof.whereabouts(os, expected);
                } else {
                    os.close(jailFd); // learn mode: no chroot
                }
                mark = lap(step, mark);

                step = Step.ENVIRONMENT;
                if (clearEnvironment) {
                    os.clearenv();
                }
                for (Map.Entry<String, String> e : environment.entrySet()) {
                    if (e.getValue() == null) {
                        os.unsetenv(e.getKey());
                    } else {
                        os.setenv(e.getKey(), e.getValue());
                    }
                }
                mark = lap(step, mark);

                step = Step.SETGROUPS;
                os.setgroups(toArray(target.groups()));
                mark = lap(step, mark);

                step = Step.SETRESGID;
                os.setresgid(target.gid(), target.gid(), target.gid());
                mark = lap(step, mark);

                step = Step.SETRESUID;
                if (before.ruid() != 0 || before.euid() != 0 || before.suid() != 0) {
                    // The kernel clears capabilities only when the uids go from containing 0 to
                    // containing none (capabilities(7)); a capability-only caller passes through 0.
                    os.setresuid(0, 0, 0);
                }
                os.setresuid(target.uid(), target.uid(), target.uid());
                mark = lap(step, mark);

                step = Step.NO_NEW_PRIVS;
                os.noNewPrivsOnEveryThread(policy.program());
                mark = lap(step, mark);

                step = Step.VERIFY;
                proof = Proof.verify(os, target, before, tasks, expected, learn == null);
                lap(step, mark);
            } catch (Throwable t) {
                Halt.halt(os, step, t);
            }
            // The process is jailed and proved: what follows only reports, and never halts it.
            held.release();
            notes.add(boundingSet(tasks) + ": the bounding set is per thread and limits only what execve can grant,"
                    + " which no_new_privs already reduces to nothing");
            tasks.forEach(SystemCalls.TaskStatus::close);
            if (proof.inheritableThreads() > 0) {
                notes.add("CapInh " + Long.toHexString(proof.inheritable()) + " remains on " + proof.inheritableThreads()
                        + " thread(s): the inheritable set is per thread and cannot be cleared on other threads;"
                        + " no_new_privs keeps exec from using it");
            }
            if (!held.names().isEmpty()) {
                notes.add(String.join(", ", held.names()) + " held from the point of no return to the end of the proof"
                        + " and delivered after it");
            }
            for (Map.Entry<SyscallRule, String> lifted : plan.allowedRules().entrySet()) {
                warnings.add("INSECURE: syscall rule " + lifted.getKey() + " lifted by insecureAllow (" + lifted.getValue()
                        + "): " + lifted.getKey().calls() + " stay open to the jailed process");
            }
            Path learnPlan = null;
            if (learn != null) {
                learnPlan = plan.learnMode().planFile();
                String loud = "jail4j: LEARN MODE: this process is NOT JAILED (no chroot; ids dropped to " + target
                        + ", no_new_privs and the syscall policy in force); recording what it opens outside "
                        + plan.dir() + " for the plan " + learnPlan + "; never run a production daemon like this";
                warnings.add(0, loud.substring("jail4j: ".length()));
                os.writeStderr((loud + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                learn.start();
                warnings.addAll(learn.unreadableClassPath());
            }
            Credentials after = os.credentials();
            return new EntryReport(plan.dir(), target, before, after, timings(), System.nanoTime() - start,
                    handles.descriptors(), tasks.size() - proof.exited(), proof.exited(), policy.describe(), warnings,
                    notes, learnPlan);
        }
    }

    /** Describes CapBnd as the first watched thread's last read shows it. */
    private static String boundingSet(List<SystemCalls.TaskStatus> tasks) {
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

    private long lap(Step step, long mark) {
        long now = System.nanoTime();
        stepNanos[step.ordinal()] = now - mark;
        return now;
    }

    private Map<Step, Long> timings() {
        Map<Step, Long> out = new EnumMap<>(Step.class);
        for (Step s : Step.values()) {
            out.put(s, stepNanos[s.ordinal()]);
        }
        return out;
    }

    // ---- reversible steps -----------------------------------------------------------------------

    private Credentials checkSystem() throws JailException {
        if (os.entered()) {
            throw new JailStateException("enter(): this process already entered a jail;"
                    + " enter() runs once per process");
        }
        OwnClasses.load();
        Credentials creds = os.credentials();
        long caps = os.effectiveCapabilities();
        List<String> missing = missingCapabilities(caps);
        if (missing.size() == 3 && !creds.anyRoot()) {
            throw new JailStateException("enter(): the process is already unprivileged (" + creds
                    + ", no CAP_SYS_CHROOT, CAP_SETUID or CAP_SETGID): there is nothing to drop;"
                    + " start it as root or with those capabilities");
        }
        if (!missing.isEmpty()) {
            throw new MissingCapabilityException(missing, "enter(): the process lacks " + String.join(", ", missing)
                    + " in its effective capability set (CapEff=" + Long.toHexString(caps) + ", " + creds
                    + "); run as root with the full capability set, or grant them"
                    + " (systemd: AmbientCapabilities=CAP_SYS_CHROOT CAP_SETUID CAP_SETGID)");
        }
        int securebits = os.securebits();
        if ((securebits & (SECBIT_KEEP_CAPS | SECBIT_NO_SETUID_FIXUP)) != 0) {
            throw new JailStateException("enter(): securebits 0x" + Integer.toHexString(securebits) + " include "
                    + ((securebits & SECBIT_KEEP_CAPS) != 0 ? "SECBIT_KEEP_CAPS" : "SECBIT_NO_SETUID_FIXUP")
                    + ": the kernel would keep capabilities across the drop; start the process without them");
        }
        try {
            os.seccompMode();
        } catch (SystemCallException e) {
            throw new JailStateException("enter(): the kernel has no seccomp support (" + e.getMessage()
                    + "); jail4j needs it to set no_new_privs on every thread", e);
        }
        if (creds.euid() != 0) {
            notes.add("capability-only caller (" + creds + "): setresuid(0, 0, 0) precedes the drop"
                    + " so that the kernel clears the capabilities");
        }
        return creds;
    }

    private static List<String> missingCapabilities(long caps) {
        List<String> missing = new ArrayList<>();
        if ((caps & (1L << CAP_SYS_CHROOT)) == 0) {
            missing.add("CAP_SYS_CHROOT");
        }
        if ((caps & (1L << CAP_SETUID)) == 0) {
            missing.add("CAP_SETUID");
        }
        if ((caps & (1L << CAP_SETGID)) == 0) {
            missing.add("CAP_SETGID");
        }
        return missing;
    }

    private TargetUser resolveUser() throws JailException {
        TargetUser target;
        if (plan.userName() != null) {
            String name = plan.userName();
            SystemCalls.Passwd pw = os.getpwnam(name);
            if (pw == null) {
                throw new UnknownUserException(name);
            }
            if (pw.uid() == 0) {
                throw new InvalidTargetException("dropTo(\"" + name + "\"): the user has uid 0;"
                        + " a drop to uid 0 keeps every privilege");
            }
            if (pw.gid() == 0) {
                throw new InvalidTargetException("dropTo(\"" + name + "\"): the user's primary group is gid 0 (root);"
                        + " give it a group of its own");
            }
            List<Long> groups = new ArrayList<>();
            for (long g : os.getgrouplist(name, pw.gid())) {
                groups.add(g);
            }
            if (groups.contains(0L)) {
                throw new InvalidTargetException("dropTo(\"" + name + "\"): the user is a member of group 0 (root),"
                        + " which grants root's group permissions; remove it from that group");
            }
            target = new TargetUser(name, pw.uid(), pw.gid(), groups);
            planEnvironment(name, pw.home(), pw.shell());
        } else {
            target = new TargetUser(null, plan.uid(), plan.gid(), List.of(plan.gid()));
            planEnvironment(null, "", "");
        }
        if (target.uid() == NOBODY || target.name().filter("nobody"::equals).isPresent()) {
            warnings.add("the target is nobody, which other daemons share: a jailed process can signal processes"
                    + " of its own uid (the syscall policy denies tracing them); create a dedicated user");
        } else {
            int others = os.processesWithUid(target.uid());
            if (others > 0) {
                warnings.add(others + " other process(es) run as uid " + target.uid() + ": a jailed process can"
                        + " signal processes of its own uid (the syscall policy denies tracing them); use a dedicated"
                        + " user");
            }
        }
        return target;
    }

    /**
     * Decides the environment the ENVIRONMENT step sets: the kept variables when the plan clears
     * the rest, then PWD, HOME (the target's home mapped into the jail, else /), USER, LOGNAME and
     * SHELL (unset for a numeric target, which has no name).
     */
    private void planEnvironment(String name, String home, String shell) {
        if (plan.keepEnvironment() != null) {
            clearEnvironment = true;
            for (String keep : plan.keepEnvironment()) {
                String value = os.getenv(keep);
                if (value != null) {
                    environment.put(keep, value);
                }
            }
        }
        environment.put("PWD", "/");
        String jail = plan.dir().toString();
        environment.put("HOME", home.startsWith(jail + "/") ? home.substring(jail.length()) : "/");
        environment.put("USER", name);
        environment.put("LOGNAME", name);
        environment.put("SHELL", name == null || shell.isEmpty() ? null : shell);
        StringBuilder set = new StringBuilder("environment: ");
        environment.forEach((k, v) -> set.append(k).append(v == null ? " unset" : plan.keepEnvironment() != null
                && plan.keepEnvironment().contains(k) ? " kept" : "=" + v).append(", "));
        set.setLength(set.length() - 2);
        notes.add(set + (clearEnvironment ? "; everything else cleared" : ""));
        String userDir = System.getProperty("user.dir", "/");
        if (!userDir.equals("/")) {
            warnings.add("user.dir is " + userDir + ": after the chroot Java still resolves relative paths against it"
                    + " (File.getAbsolutePath, Path.toAbsolutePath) while the kernel resolves them against /;"
                    + " start the JVM with working directory / (systemd's default)");
        }
    }

    private void runPreloads() throws JailException {
        long waitStart = System.nanoTime();
        boolean defaultsDone = PrepareAhead.awaitDefaultPreload();
        if (defaultsDone) {
            long preloadWait = System.nanoTime() - waitStart;
            notes.add(String.format(java.util.Locale.ROOT, "Jail.prepare() ran the default preload early (%.1f ms on its own"
                    + " thread); enter() waited %.1f ms for it (%.1f ms for the native binding, %.1f ms for the preload)",
                    PrepareAhead.tookNanos() / 1e6, (bindingWaitNanos + preloadWait) / 1e6, bindingWaitNanos / 1e6,
                    preloadWait / 1e6));
        } else if (bindingWaitNanos > 1_000_000L) {
            notes.add(String.format(java.util.Locale.ROOT, "enter() waited %.1f ms for the native binding to load"
                    + " (Jail.prepare() at start-up loads it in the background)", bindingWaitNanos / 1e6));
        }
        if (plan.defaultPreload() && !defaultsDone) {
            long start = System.nanoTime();
            for (Runnable row : DefaultPreload.actions()) {
                runPreload(-1, row);
            }
            notes.add(String.format(java.util.Locale.ROOT, "default preload ran inline (%.1f ms); Jail.prepare() at start-up"
                    + " would take it off enter()'s time", (System.nanoTime() - start) / 1e6));
        } else if (!plan.defaultPreload()) {
            warnings.add("default preload skipped (withoutDefaultPreload()): TLS, crypto, time zones, NIO channels,"
                    + " logging and MXBeans first used after enter() may fail inside the jail");
        }
        List<Runnable> actions = plan.preloads();
        for (int i = 0; i < actions.size(); i++) {
            runPreload(i, actions.get(i));
        }
        classPathAccess();
    }

    /**
     * Keeps every class-path and module-path entry usable inside the jail: opens every loader and
     * fills the JDK's jar cache; with {@code mirrorClassPath()}, copies the entries into the jail;
     * otherwise warns for each entry that code reopening it by path would not find there.
     */
    private void classPathAccess() throws JailException {
        long start = System.nanoTime();
        int cached;
        try {
            classPath = ClassPathAccess.discover();
            cached = classPath.prime();
        } catch (RuntimeException e) {
            throw PreloadException.classPath("open every class-path and module-path entry, fill the JDK's jar cache", e);
        }
        long jars = classPath.entries().stream().filter(ClassPathAccess.Entry::jar).count();
        String primed = String.format(java.util.Locale.ROOT, "class path: %d entries (%d jars, %d in the JDK's jar cache"
                + " for getResource, ResourceBundle and jar: URLs; read-only descriptors)", classPath.entries().size(),
                jars, cached);
        if (plan.mirrorsClassPath()) {
            ClassPathMirror.Result r;
            try {
                r = ClassPathMirror.mirror(plan.dir(), classPath.entries());
            } catch (java.io.UncheckedIOException e) {
                throw new JailPathException(plan.dir(), "mirrorClassPath(): " + e.getMessage(), e);
            }
            notes.add(String.format(java.util.Locale.ROOT, "%s; mirrored into the jail at the same paths: %d files,"
                    + " %d copied (%.1f MB), in %.1f ms", primed, r.files(), r.copied(), r.bytesCopied() / 1e6,
                    (System.nanoTime() - start) / 1e6));
        } else {
            notes.add(String.format(java.util.Locale.ROOT, "%s, in %.1f ms", primed, (System.nanoTime() - start) / 1e6));
            try {
                warnings.addAll(classPath.unreachable(plan.dir()));
            } catch (RuntimeException e) {
                throw new JailPathException(plan.dir(), "enter(): cannot check whether the class path is inside the jail "
                        + plan.dir() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Audits the jail as the plan asks. Runs before the descriptors are listed: the audit closes
     * every directory it opens and its worker threads end before it returns.
     */
    private void audit(TargetUser target) throws JailException {
        Jail.Audit audit = plan.auditPlan();
        if (audit == null) {
            return;
        }
        JailAudit check = JailAudit.forUser(target.name().orElse(null), target.uid(), target.groups());
        if (audit.allowed() != null) {
            check = check.allowing(audit.allowed());
        }
        if (plan.mirrorsClassPath()) {
            List<Path> copies = new ArrayList<>();
            classPath.entries().forEach(e -> copies.add(e.path()));
            check = check.mirroring(copies);
        }
        AuditReport report;
        try {
            report = check.audit(plan.dir());
        } catch (AuditException e) {
            throw new JailException("enter(): cannot audit the jail " + plan.dir() + ": " + e.getMessage(), e);
        }
        if (!report.passed()) {
            throw new JailAuditException(report);
        }
        notes.add("audit passed: " + report.entries() + " entries, " + report.count(Severity.INFO)
                + " note(s)");
    }

    private static void runPreload(int index, Runnable action) throws PreloadException {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
            throw new PreloadException(index, String.valueOf(action), e);
        }
    }

    private static final int EBADF = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EBADF);

    /** Returns java.io.tmpdir as a normalized absolute path without a trailing slash, or null. */
    private static String tmpDir() {
        String tmp = System.getProperty("java.io.tmpdir");
        if (tmp == null || tmp.isEmpty()) {
            return null;
        }
        Path p = Path.of(tmp).toAbsolutePath().normalize();
        return p.toString();
    }

    /** Returns the descriptors enter() itself holds: the jail's and the thread status files'. */
    private static Set<Integer> ownDescriptors(int jailFd, List<SystemCalls.TaskStatus> tasks) {
        Set<Integer> own = new java.util.HashSet<>();
        own.add(jailFd);
        for (SystemCalls.TaskStatus task : tasks) {
            own.add(task.fd());
        }
        return own;
    }

    /** Returns every name and value the ENVIRONMENT step passes to native code. */
    private List<String> environmentStrings() {
        List<String> strings = new ArrayList<>();
        environment.forEach((name, value) -> {
            strings.add(name);
            if (value != null) {
                strings.add(value);
            }
        });
        return strings;
    }

    /** What the LIST_FDS step decided: the descriptors and the controlling terminal. */
    record Handles(List<OpenDescriptor> descriptors, Map<Integer, SystemCalls.FileId> identities, SystemCalls.Terminal terminal) { }

    /**
     * Judges everything that could lead out of the jail besides the root and the working
     * directory: the descriptors (without the jail's and the status files'), shared writable
     * mappings, child processes and the controlling terminal. Refuses on any of them, and on any
     * failure to read one.
     */
    private Handles judgeHandles(Credentials before, TargetUser target, Set<Integer> own) throws JailException {
        List<SystemCalls.Fd> found = new ArrayList<>();
        Map<Integer, SystemCalls.FileId> identities = new java.util.HashMap<>();
        for (SystemCalls.Fd fd : os.listFds()) {
            if (!own.contains(fd.fd())) {
                found.add(fd);
                identities.put(fd.fd(), fd.id());
            }
        }
        List<String> jars = new ArrayList<>(); // java.class.path, manifest Class-Path, agents, module path
        classPath.entries().forEach(e -> jars.add(e.path().toString()));
        FdPolicy.Context ctx = new FdPolicy.Context(plan, System.getProperty("java.home"), jars,
                ProcessHandle.current().pid(), before.euid() == 0);
        List<OpenDescriptor> fds = FdPolicy.judge(found, ctx, warnings);
        HandlePolicy.judgeMappings(os.sharedWritableMappings(), plan, notes, warnings);
        HandlePolicy.judgeChildren(os.children(), target, plan, notes, warnings);
        SystemCalls.Terminal terminal = os.terminal();
        if (terminal.ttyNr() != 0) {
            notes.add("controlling terminal (tty_nr " + terminal.ttyNr() + ") detached with TIOCNOTTY before the chroot;"
                    + " TIOCSTI and TIOCLINUX are also denied by the syscall policy");
        }
        return new Handles(fds, identities, terminal);
    }

    /**
     * Runs the reads the proof makes inside the window (ids, a thread's status and its searches,
     * the root and working directory, the descriptor sweep), often enough that the JIT compiles
     * them and the native stubs behind them before the point of no return: interpreted, each
     * native call costs microseconds, and the proof makes a few hundred. Only reads.
     */
    private void warmWindow(List<SystemCalls.TaskStatus> tasks, Proof.Expected expected) throws SystemCallException {
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
    private void settle(List<SystemCalls.TaskStatus> tasks) throws SystemCallException {
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

    /** How often {@code enter()} judges the descriptors when other threads keep changing them. */
    private static final int JUDGEMENTS = 3;

    /**
     * Checks, as the last thing before the point of no return, that the descriptors are still
     * the ones judged: every open number (one {@code poll}) and the identity of each. The
     * rehearsal and the settling ran in between, and other threads may have opened or replaced
     * a descriptor meanwhile; such a descriptor was never judged: {@code enter()} judges again,
     * and after {@link #JUDGEMENTS} tries refuses and names it.
     */
    private void requireUnchanged(Handles handles, Set<Integer> own, List<SystemCalls.TaskStatus> tasks) throws JailException {
        List<String> changed = new ArrayList<>();
        for (int fd : os.openDescriptors(Proof.fdTableSize(tasks))) {
            if (own.contains(fd)) {
                continue;
            }
            SystemCalls.FileId judged = handles.identities().get(fd);
            SystemCalls.FileId now;
            try {
                now = os.identify(fd);
            } catch (SystemCallException e) {
                if (e.errno() == EBADF) { // closed meanwhile: nothing left to judge
                    continue;
                }
                throw e;
            }
            if (judged == null) {
                changed.add("fd " + fd + " opened after the descriptors were judged (" + now + ")");
            } else if (!judged.equals(now)) {
                changed.add("fd " + fd + " now names " + now + ", not the file judged (" + judged + ")");
            }
        }
        if (!changed.isEmpty()) {
            throw new OpenDescriptorException(List.of(), "enter(): another thread changed the descriptors while"
                    + " enter() prepared the point of no return: " + String.join("; ", changed)
                    + "; let those threads finish opening files before enter(), then call it again");
        }
    }

    /**
     * Refuses while the JVM shuts down (hooks already running would run on as root inside the
     * window), and for a session leader with a terminal whose SIGHUP would end or shut down the
     * process when {@code TIOCNOTTY} sends it.
     */
    private static void checkNotShuttingDown(SystemCalls.Terminal terminal, SystemCalls.HeldSignals held) throws JailStateException {
        Thread probe = new Thread(() -> { }, "jail4j-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
        } catch (IllegalStateException shuttingDown) {
            throw new JailStateException("enter(): the JVM is shutting down; its shutdown hooks would run as root"
                    + " while the process is half-jailed", shuttingDown);
        }
        if (terminal.ttyNr() != 0 && terminal.sessionLeader() && !held.hangupSafe()) {
            throw new JailStateException("enter(): the JVM leads its session and has a controlling terminal (tty_nr "
                    + terminal.ttyNr() + "); detaching it sends SIGHUP, which this JVM leaves to the operating system"
                    + " (-Xrs) and which would end it; start it without a terminal (setsid, systemd) or without -Xrs");
        }
    }

    /**
     * Opens every thread's status file and reads it once (so the read path is loaded before the
     * chroot). Refuses if threads differ in their seccomp filters (the no_new_privs step could not
     * reach them all) or if a thread lacks one of the capabilities (capabilities are per thread:
     * its set*id calls would fail while the others' succeed, and glibc aborts the process).
     */
    private List<SystemCalls.TaskStatus> watchTasks(int jailFd) throws JailException {
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
                List<String> missing = missingCapabilities(caps);
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

    /** Opens the jail from "/" one component at a time, checking each on the descriptor opened. */
    private int openJail(TargetUser target) throws JailException {
        Path jail = plan.dir();
        int fd = os.openRoot();
        Path here = jail.getRoot();
        try {
            checkComponent(here, os.fstat(fd), false);
            for (int i = 0; i < jail.getNameCount(); i++) {
                String name = jail.getName(i).toString();
                Path next = here.resolve(name);
                int nextFd;
                try {
                    nextFd = os.openDirectoryAt(fd, name);
                } catch (SystemCallException e) {
                    throw explainOpenFailure(fd, name, next, jail, e);
                }
                os.close(fd);
                fd = nextFd;
                here = next;
                SystemCalls.FileStat st = os.fstat(fd);
                boolean isJail = i == jail.getNameCount() - 1;
                checkComponent(here, st, isJail);
                if (isJail) {
                    checkSearchable(st, target);
                }
            }
            return fd;
        } catch (JailException | RuntimeException e) {
            os.close(fd);
            throw e;
        }
    }

    private JailException explainOpenFailure(int dirFd, String name, Path path, Path jail, SystemCallException e) {
        String which = path.equals(jail) ? "the jail " + jail : "ancestor " + path + " of the jail " + jail;
        SystemCalls.FileStat st = null;
        try {
            st = os.lstatAt(dirFd, name);
        } catch (SystemCallException ignored) {
            // nothing there: reported below from the open's errno
        }
        if (st != null && st.isSymlink()) {
            return new JailPathException(path, "Jail.at(" + jail + "): " + which + " is a symbolic link;"
                    + " a jail path must not contain symlinks (pass the real path, and make sure nobody"
                    + " but root can change it)", e);
        }
        if (st != null && !st.isDirectory()) {
            return new JailPathException(path, "Jail.at(" + jail + "): " + which + " is not a directory", e);
        }
        if (st == null) {
            return new JailPathException(path, "Jail.at(" + jail + "): " + which + " does not exist", e);
        }
        return new JailPathException(path, "Jail.at(" + jail + "): cannot open " + which + ": " + e.getMessage(), e);
    }

    private void checkComponent(Path path, SystemCalls.FileStat st, boolean isJail) throws JailPathException {
        String which = isJail ? "the jail " + path : "ancestor " + path + " of the jail " + plan.dir();
        if (!st.isDirectory()) {
            throw new JailPathException(path, "Jail.at(" + plan.dir() + "): " + which + " is not a directory");
        }
        if (st.uid() != 0) {
            throw new JailPathException(path, "Jail.at(" + plan.dir() + "): " + which + " is owned by uid " + st.uid()
                    + ", not root; its owner could change what the jail contains (chown root " + path + ")");
        }
        int perms = st.permissions();
        if ((perms & 022) != 0) {
            boolean sticky = (perms & 01000) != 0;
            if (sticky && !isJail) {
                notes.add("accepted root-owned sticky ancestor " + path + " (mode " + octal(perms)
                        + "): the sticky bit stops others from renaming or replacing the root-owned directory below it");
                return;
            }
            throw new JailPathException(path, "Jail.at(" + plan.dir() + "): " + which + " is writable by "
                    + ((perms & 020) != 0 ? "group" : "") + ((perms & 022) == 022 ? " and " : "")
                    + ((perms & 002) != 0 ? "others" : "") + " (mode " + octal(perms) + ");"
                    + " a jail and its ancestors must be root-owned and writable by root only (chmod go-w " + path + ")");
        }
    }

    private void checkSearchable(SystemCalls.FileStat st, TargetUser target) {
        int perms = st.permissions();
        boolean viaGroup = target.groups().contains(st.gid()) && (perms & 010) != 0;
        if ((perms & 001) == 0 && !viaGroup) {
            warnings.add("the jail " + plan.dir() + " (mode " + octal(perms) + ") is not searchable by " + target
                    + ": the process will not be able to open anything inside it");
        }
    }

    private static String octal(int perms) {
        return String.format("%04o", perms);
    }

    // ---- irreversible steps -----------------------------------------------------------------------

    /**
     * Points the descriptors judged NEUTRALISED at /dev/null, keeping their numbers taken. A
     * number that now names another file than the one judged (closed and reused meanwhile) was
     * never judged: that fails, and so halts.
     */
    private void neutralise(Handles handles) throws JailException {
        int devNull = -1;
        for (OpenDescriptor d : handles.descriptors()) {
            if (d.action() == OpenDescriptor.Action.NEUTRALISED) {
                if (devNull < 0) {
                    devNull = os.openDevNull();
                }
                if (d.fd() == devNull) {
                    continue; // another thread closed the judged file; its number is now our /dev/null
                }
                SystemCalls.FileId now;
                try {
                    now = os.identify(d.fd());
                } catch (SystemCallException e) {
                    if (e.errno() == EBADF) {
                        continue; // another thread closed it since it was judged: nothing left to neutralise
                    }
                    throw e;
                }
                SystemCalls.FileId judged = handles.identities().get(d.fd());
                if (!now.equals(judged)) {
                    throw new OpenDescriptorException(List.of(), "statx(" + d.fd() + "): descriptor " + d.fd()
                            + " now names " + now + ", not the " + d.target() + " (" + judged + ") it was judged as");
                }
                os.dup2(devNull, d.fd());
            }
        }
        if (devNull >= 0) {
            os.close(devNull);
        }
    }

    private static long[] toArray(Set<Long> set) {
        long[] out = new long[set.size()];
        int i = 0;
        for (long v : new TreeSet<>(set)) {
            out[i++] = v;
        }
        return out;
    }
}
