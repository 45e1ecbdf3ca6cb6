package io.jail4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LIST_FDS step of {@code enter()} and the neutralisation after the point of no return:
 * judges every descriptor, shared writable mapping, child process and the controlling terminal,
 * checks just before the point of no return that the descriptors are still the ones judged, and
 * then points the stray ones at {@code /dev/null}.
 */
final class HandleJudgement {
    private static final int EBADF = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EBADF);

    private final Plan plan;
    private final SystemCalls os;
    private final List<String> notes;
    private final List<String> warnings;

    HandleJudgement(Plan plan, SystemCalls os, List<String> notes, List<String> warnings) {
        this.plan = plan;
        this.os = os;
        this.notes = notes;
        this.warnings = warnings;
    }

    /** What the LIST_FDS step decided: the descriptors and the controlling terminal. */
    record Handles(List<OpenDescriptor> descriptors, Map<Integer, SystemCalls.FileId> identities, SystemCalls.Terminal terminal) { }

    /**
     * Judges everything that could lead out of the jail besides the root and the working
     * directory: the descriptors (without the jail's and the status files'), shared writable
     * mappings, child processes and the controlling terminal. Refuses on any of them, and on any
     * failure to read one.
     */
    Handles judge(Credentials before, TargetUser target, Set<Integer> own, ClassPathAccess classPath)
            throws JailException {
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

    /** How often {@code enter()} judges the descriptors when other threads keep changing them. */
    static final int JUDGEMENTS = 3;

    /**
     * Checks, as the last thing before the point of no return, that the descriptors are still
     * the ones judged: every open number (one {@code poll}) and the identity of each. The
     * rehearsal and the settling ran in between, and other threads may have opened or replaced
     * a descriptor meanwhile; such a descriptor was never judged: {@code enter()} judges again,
     * and after {@link #JUDGEMENTS} tries refuses and names it.
     */
    void requireUnchanged(Handles handles, Set<Integer> own, List<SystemCalls.TaskStatus> tasks) throws JailException {
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
    static void checkNotShuttingDown(SystemCalls.Terminal terminal, SystemCalls.HeldSignals held) throws JailStateException {
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
     * Points the descriptors judged NEUTRALISED at /dev/null, keeping their numbers taken. A
     * number that now names another file than the one judged (closed and reused meanwhile) was
     * never judged: that fails, and so halts.
     */
    void neutralise(Handles handles) throws JailException {
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
}
