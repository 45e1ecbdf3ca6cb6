package io.jail4j;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run of {@link Jail#enter()}: the whole order of operations, top to bottom, in
 * {@link #run()}. Nothing else in the library changes process state; the steps' bodies live in
 * {@link SystemCheck}, {@link TargetResolution}, {@link PreloadRun}, {@link JailDirectory},
 * {@link TaskWatch}, {@link HandleJudgement} and {@link Proof}.
 */
final class Entry {
    private final Plan plan;
    private final SystemCalls os;
    private final long[] stepNanos = new long[Step.values().length];
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final TaskWatch taskWatch;
    private final JailDirectory jailDirectory;
    private final HandleJudgement judgement;
    /** When the caller called {@code enter()}, and how long it waited for the native binding. */
    private final long callStart;
    private final long bindingWaitNanos;

    Entry(Plan plan, SystemCalls os) {
        this(plan, os, System.nanoTime(), 0);
    }

    /**
     * An entry whose clock started at {@code callStart}, before the caller waited
     * {@code bindingWaitNanos} for the native binding: the report's total and the CHECK_SYSTEM
     * step include that wait, so that they match a stopwatch around {@code enter()}.
     */
    Entry(Plan plan, SystemCalls os, long callStart, long bindingWaitNanos) {
        this.plan = plan;
        this.os = os;
        this.taskWatch = new TaskWatch(os, notes);
        this.jailDirectory = new JailDirectory(plan, os, notes, warnings);
        this.judgement = new HandleJudgement(plan, os, notes, warnings);
        this.callStart = callStart;
        this.bindingWaitNanos = bindingWaitNanos;
    }

    EntryReport run() throws JailException {
        synchronized (Entry.class) {
            long start = callStart;
            long mark = start;

            Credentials before = SystemCheck.check(os, notes);
            mark = lap(Step.CHECK_SYSTEM, mark);

            TargetResolution resolved = TargetResolution.resolve(plan, os, notes, warnings);
            TargetUser target = resolved.target();
            mark = lap(Step.RESOLVE_USER, mark);

            ClassPathAccess classPath = PreloadRun.run(plan, bindingWaitNanos, notes, warnings);
            mark = lap(Step.PRELOAD, mark);

            jailDirectory.audit(target, classPath);
            mark = lap(Step.AUDIT_JAIL, mark);

            int jailFd = jailDirectory.open(target);
            mark = lap(Step.OPEN_JAIL, mark);

            SyscallPolicy policy = plan.policy();
            List<SystemCalls.TaskStatus> tasks = taskWatch.watch(jailFd);
            mark = lap(Step.WATCH_TASKS, mark);

            // Descriptors and the rest are judged last, with the jail and the status files open,
            // so that nothing opened before the point of no return escapes judgement and no
            // number is confused with ours; only the signal hold comes after.
            HandleJudgement.Handles handles;
            Proof.Expected expected;
            SystemCalls.HeldSignals held = null;
            LearnSession learn = null;
            try {
                expected = new Proof.Expected(target, os, os.identify(jailFd));
                os.prepareChroot(jailFd);
                os.prepareEnvironment(resolved.environmentStrings());
                Set<Integer> own = TaskWatch.ownDescriptors(jailFd, tasks);
                if (plan.learn() != null) {
                    // Made as root (CAP_SYS_ADMIN) before the judgement, so that its number is ours
                    // and no other descriptor is taken for it; the only descriptor learn mode keeps.
                    learn = openLearnSession(target, classPath);
                    own.add(learn.group());
                }
                for (int attempt = 1; ; attempt++) {
                    int notesBefore = notes.size();
                    int warningsBefore = warnings.size();
                    handles = judgement.judge(before, target, own, classPath);
                    held = os.holdShutdownSignals(handles.terminal().sessionLeader());
                    HandleJudgement.checkNotShuttingDown(handles.terminal(), held);
                    if (attempt == 1) {
                        os.rehearse(policy.program());
                        taskWatch.warmWindow(tasks, expected);
                    }
                    taskWatch.settle(tasks);
                    try {
                        judgement.requireUnchanged(handles, own, tasks);
                        break;
                    } catch (OpenDescriptorException changed) {
                        held.release();
                        held = null;
                        if (attempt == HandleJudgement.JUDGEMENTS) {
                            throw changed;
                        }
                        notes.subList(notesBefore, notes.size()).clear(); // judged again below
                        warnings.subList(warningsBefore, warnings.size()).clear();
                    }
                }
            } catch (JailException | RuntimeException e) {
                undo(held, learn, tasks, jailFd);
                throw e;
            }
            mark = lap(Step.LIST_FDS, mark);

            // ---- point of no return: from here on a failure halts the process ----
            Step step = Step.CLOSE_FDS;
            Proof.Result proof = null;
            try {
                os.markEntered();
                if (learn == null) {
                    judgement.neutralise(handles);
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
                resolved.apply(os);
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
            return report(start, before, target, handles, tasks, proof, held, learn, policy);
        }
    }

    /** Releases what the reversible steps hold when one of them refuses: the process is left as it was. */
    private void undo(SystemCalls.HeldSignals held, LearnSession learn, List<SystemCalls.TaskStatus> tasks, int jailFd) {
        if (held != null) {
            held.release();
        }
        if (learn != null) {
            learn.abandon();
        }
        tasks.forEach(SystemCalls.TaskStatus::close);
        os.close(jailFd);
    }

    /** Makes learn mode's fanotify group, as root before the judgement, and notes it. */
    private LearnSession openLearnSession(TargetUser target, ClassPathAccess classPath) throws JailException {
        long learnStart = System.nanoTime();
        LearnSession learn = LearnSession.open(os, plan.learn(), plan.dir(), target, new LearnContext(
                System.getProperty("java.home"), tmpDir(), classPath.entries(), plan.mirrorsClassPath(), target));
        notes.add(String.format(Locale.ROOT, "learn mode: fanotify group fd %d kept (made before"
                + " the drop; it reads this process's opens), %d file system(s) watched%s, in %.1f ms;"
                + " plan file %s", learn.group(), learn.watched(), learn.unwatched().isEmpty() ? ""
                : ", not watched: " + learn.unwatched(), (System.nanoTime() - learnStart) / 1e6,
                plan.learn().planFile()));
        return learn;
    }

    /**
     * Writes the report after the proof, and in learn mode starts recording: only reports, and
     * never halts the process.
     */
    private EntryReport report(long start, Credentials before, TargetUser target, HandleJudgement.Handles handles,
            List<SystemCalls.TaskStatus> tasks, Proof.Result proof, SystemCalls.HeldSignals held, LearnSession learn,
            SyscallPolicy policy) throws JailException {
        notes.add(TaskWatch.boundingSet(tasks) + ": the bounding set is per thread and limits only what execve can"
                + " grant, which no_new_privs already reduces to nothing");
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
            learnPlan = plan.learn().planFile();
            String loud = "jail4j: LEARN MODE: this process is NOT JAILED (no chroot; ids dropped to " + target
                    + ", no_new_privs and the syscall policy in force); recording what it opens outside "
                    + plan.dir() + " for the plan " + learnPlan + "; never run a production daemon like this";
            warnings.add(0, loud.substring("jail4j: ".length()));
            os.writeStderr((loud + "\n").getBytes(StandardCharsets.UTF_8));
            learn.start();
            warnings.addAll(learn.unreadableClassPath());
        }
        Credentials after = os.credentials();
        return new EntryReport(plan.dir(), target, before, after, timings(), System.nanoTime() - start,
                handles.descriptors(), tasks.size() - proof.exited(), proof.exited(), policy.describe(), warnings,
                notes, learnPlan);
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

    /** Returns java.io.tmpdir as a normalized absolute path without a trailing slash, or null. */
    private static String tmpDir() {
        String tmp = System.getProperty("java.io.tmpdir");
        if (tmp == null || tmp.isEmpty()) {
            return null;
        }
        Path p = Path.of(tmp).toAbsolutePath().normalize();
        return p.toString();
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
