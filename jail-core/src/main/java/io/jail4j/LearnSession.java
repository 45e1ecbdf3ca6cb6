package io.jail4j;

import static io.jail4j.internal.LinuxAbi.FAN_CLOEXEC;
import static io.jail4j.internal.LinuxAbi.FAN_UNLIMITED_QUEUE;
import static io.jail4j.internal.LinuxAbi.FAN_MODIFY;
import static io.jail4j.internal.LinuxAbi.FAN_CLOSE_WRITE;
import static io.jail4j.internal.LinuxAbi.FAN_OPEN;
import static io.jail4j.internal.LinuxAbi.FAN_OPEN_EXEC;
import static io.jail4j.internal.LinuxAbi.FAN_Q_OVERFLOW;
import static io.jail4j.internal.LinuxAbi.FAN_ONDIR;
import static io.jail4j.internal.LinuxAbi.FAN_ACCESS;

import io.jail4j.internal.LinuxAbi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running learn mode ({@link Jail#learn(Path)}): the process went through {@code enter()}
 * without the chroot and the descriptor neutralisation, and a fanotify group made before the drop
 * records every file this process opens (by Java or native code) outside the jail. The plan
 * ({@link LearnPlan}) is written when the process exits, when the learning time given to
 * {@link Jail#learn(Path, Duration)} ends, and whenever {@link #writePlan()} is called.
 *
 * <p>What it records: every {@code FAN_OPEN}/{@code FAN_OPEN_EXEC} of a file or directory and every
 * {@code FAN_MODIFY}/{@code FAN_CLOSE_WRITE} whose process is this one, on every file system
 * mounted when {@code enter()} ran except the kernel's own ({@code proc}, {@code sysfs},
 * {@code cgroup} and the like). For the first event of a file other than a class file, it looks
 * at the stacks of the JVM's threads for the one that opens it or loads a native library, and
 * keeps that thread's first application frame and, for a library, the class whose static
 * initialiser loads it. What it cannot see is listed in every plan.
 */
public final class LearnSession {
    private static final System.Logger LOG = System.getLogger(LearnSession.class.getName());

    // fanotify(7) values from the ABI table, open flags from jnr-constants
    static final int O_NONBLOCK = LinuxAbi.of(jnr.constants.platform.OpenFlags.O_NONBLOCK);
    static final int O_LARGEFILE = LinuxAbi.current().oLargefile;
    static final int O_CLOEXEC = LinuxAbi.of(jnr.constants.platform.OpenFlags.O_CLOEXEC);
    static final long MASK = FAN_ACCESS | FAN_OPEN | FAN_OPEN_EXEC | FAN_MODIFY | FAN_CLOSE_WRITE | FAN_ONDIR;
    /** How often the reader looks at the stacks for a class-path jar read through a descriptor it already had. */
    private static final int JAR_READ_SAMPLES = 16;
    /** How often the reader looks at the threads' stacks again for a library whose loader is unknown. */
    private static final int LIBRARY_SAMPLES = 8;

    private static volatile LearnSession current;

    private final SystemCalls os;
    private final int group;
    private final Path planFile;
    private final Path jail;
    private final Duration duration;
    private final long pid = ProcessHandle.current().pid();
    private final LearnContext context;
    private final List<String> unwatched;
    private final Map<String, Seen> seen = new LinkedHashMap<>();
    private long startNanos;
    private volatile boolean stopped;
    private boolean finishing;
    /** How many mounts were marked. */
    private int watched;
    private long overflows;
    private long ownEvents;
    private long foreignEvents;
    private String readerFailure;
    private String lastWritten = "not yet";

    private LearnSession(SystemCalls os, int group, Path planFile, Path jail, Duration duration, LearnContext context,
            List<String> unwatched) {
        this.os = os;
        this.group = group;
        this.planFile = planFile;
        this.jail = jail;
        this.duration = duration;
        this.context = context;
        this.unwatched = unwatched;
    }

    /**
     * Returns the learn mode of this process, if {@code enter()} started one. Empty in every
     * jailed process.
     *
     * @return the session that learn mode's {@code enter()} started, or empty if none was started
     */
    public static Optional<LearnSession> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Returns the file the plan is written to.
     *
     * @return the absolute path given to {@link Jail#learn(Path)}, normalized
     */
    public Path planFile() {
        return planFile;
    }

    /**
     * Returns how many distinct paths outside the jail this process opened so far.
     *
     * @return the number of distinct paths recorded since {@code enter()}, 0 or more
     */
    public synchronized int pathsSeen() {
        return seen.size();
    }

    /**
     * Writes the plan now, replacing the file's content; learning goes on.
     *
     * @return the plan file
     * @throws IOException if the file cannot be written (it was created for the target user before
     *                     the drop; a change to it or its directory since then shows here)
     */
    public Path writePlan() throws IOException {
        drain();
        String text;
        synchronized (this) {
            lastWritten = Instant.now().toString();
            LearnStacks.renderer = Thread.currentThread();
            try {
                text = LearnPlanWriter.render(this);
            } finally {
                LearnStacks.renderer = null;
            }
        }
        Files.writeString(planFile, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        return planFile;
    }

    /** Counted down when the reader sees an open of the plan file: every earlier event was read. */
    private volatile java.util.concurrent.CountDownLatch barrier;

    /**
     * Waits (up to 2 s) until the reader has read every event queued so far: opens the plan file
     * for reading, an event the kernel queues after all earlier ones, and waits for the reader to
     * see it. A process that reads a file and exits at once otherwise ends before its last events
     * are read.
     */
    private void drain() throws IOException {
        if (readerFailure != null || Thread.currentThread().getName().equals("jail4j-learn")) {
            return;
        }
        java.util.concurrent.CountDownLatch seenIt = new java.util.concurrent.CountDownLatch(1);
        barrier = seenIt;
        try (java.io.InputStream in = Files.newInputStream(planFile, LinkOption.NOFOLLOW_LINKS)) {
            in.read();
        }
        try {
            if (!seenIt.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "learn mode: the reader did not catch up within 2 s;"
                        + " the plan may miss the last opens");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns the file systems that are not watched and why, for the plan. */
    List<String> unwatched() {
        return unwatched;
    }

    Path jail() {
        return jail;
    }

    LearnContext context() {
        return context;
    }

    synchronized List<Seen> seen() {
        List<Seen> copy = new ArrayList<>();
        for (Seen s : seen.values()) {
            copy.add(s.copy());
        }
        return copy;
    }

    /** Returns a line on how long and how well this session learned. */
    synchronized String summary() {
        return String.format(java.util.Locale.ROOT, "learned for %.1f s after enter() (%s); %d events of this process,"
                + " %d of other processes ignored, %d queue overflows%s; plan written %s",
                (System.nanoTime() - startNanos) / 1e9, stopped ? "stopped" : "still learning", ownEvents, foreignEvents,
                overflows, readerFailure == null ? "" : "; THE READER FAILED: " + readerFailure, lastWritten);
    }

    long startNanos() {
        return startNanos;
    }

    Duration duration() {
        return duration;
    }

    // ---- set-up, as root, before the descriptors are judged -----------------------------------------

    /**
     * Creates the plan file for the target user (so that it can be written after the drop), the
     * fanotify group and its marks. Runs before the descriptors are judged; the group's number is
     * then {@code enter()}'s own. Fails with a {@link JailException} naming what to fix.
     */
    static LearnSession open(SystemCalls os, Plan.Learn learn, Path jail, TargetUser target, LearnContext context)
            throws JailException {
        LearnSetup.preparePlanFile(learn.planFile(), target);
        int group;
        try {
            group = os.fanotifyInit(FAN_CLOEXEC | FAN_UNLIMITED_QUEUE, O_NONBLOCK | O_LARGEFILE | O_CLOEXEC);
        } catch (SystemCallException e) {
            throw new JailStateException("learn(): cannot create the fanotify group learn mode records opens with ("
                    + e.getMessage() + "); learn mode needs Linux 5.0 or later and CAP_SYS_ADMIN before the drop"
                    + " (run it as root in a test environment)", e);
        }
        List<String> unwatched = new ArrayList<>();
        int watchedCount;
        try {
            watchedCount = LearnSetup.markFileSystems(os, group, MASK, unwatched);
        } catch (JailException | RuntimeException e) {
            os.close(group);
            throw e;
        }
        LearnSession session = new LearnSession(os, group, learn.planFile(), jail, learn.duration(), context,
                List.copyOf(unwatched));
        session.watched = watchedCount;
        return session;
    }

    /** Returns how many mounts carry a mark of the group. */
    int watched() {
        return watched;
    }

    /** Returns the group's descriptor, which {@code enter()} counts as its own. */
    int group() {
        return group;
    }

    /** Closes the group of a session that never started ({@code enter()} refused). */
    void abandon() {
        os.close(group);
    }

    // ---- after the proof ----------------------------------------------------------------------------

    /**
     * Starts recording: the reader thread, the shutdown hook that writes the plan, and the timer
     * of a learning time. Called once, after the proof.
     */
    void start() {
        startNanos = System.nanoTime();
        current = this;
        Thread reader = new Thread(this::readEvents, "jail4j-learn");
        reader.setDaemon(true);
        reader.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> finish("at exit"), "jail4j-learn-plan"));
        if (duration != null) {
            Thread timer = new Thread(() -> {
                try {
                    Thread.sleep(duration.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                finish("after " + duration);
            }, "jail4j-learn-timer");
            timer.setDaemon(true);
            timer.start();
        }
    }

    /**
     * Returns a warning for every class-path entry the process, now the target user, cannot read:
     * learn mode runs without the chroot as that user, so its opens there fail, and the kernel
     * reports only opens that succeed. Called after the drop.
     */
    List<String> unreadableClassPath() {
        List<String> out = new ArrayList<>();
        for (ClassPathAccess.Entry e : context.classPath()) {
            if (!Files.isReadable(e.path())) {
                out.add("learn mode: " + e.path() + " is not readable by " + context.target() + ": what reopens it after"
                        + " enter() fails in this run and is not seen; make the class path readable by the target user"
                        + " (as in production: a jailed run reads its copies) and learn again");
            }
        }
        return out;
    }

    private void finish(String when) {
        synchronized (this) {
            if (finishing) {
                return;
            }
            finishing = true;
        }
        try {
            drain();
            stopped = true;
            writePlan();
            LOG.log(System.Logger.Level.INFO, "learn mode: plan written to " + planFile + " " + when);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "learn mode: cannot write the plan to " + planFile + ": " + e, e);
        }
    }

    private void readEvents() {
        try {
            LearnReader.read(os, group, pid, new LearnReader.Sink() {
                @Override
                public void overflow() {
                    synchronized (LearnSession.this) {
                        overflows++;
                    }
                }

                @Override
                public void foreign() {
                    synchronized (LearnSession.this) {
                        foreignEvents++;
                    }
                }

                @Override
                public void opened(String path, long mask) {
                    record(path, mask);
                }
            });
        } catch (SystemCallException | RuntimeException e) {
            synchronized (this) {
                readerFailure = e.toString();
            }
            LOG.log(System.Logger.Level.ERROR, "learn mode: the fanotify reader stopped: " + e, e);
        }
    }

    private void record(String rawPath, long mask) {
        String path = rawPath.endsWith(" (deleted)") ? rawPath.substring(0, rawPath.length() - 10) : rawPath;
        java.util.concurrent.CountDownLatch waiting = barrier;
        if (waiting != null && path.equals(planFile.toString())) {
            waiting.countDown();
        }
        if (stopped || !path.startsWith("/") || path.equals(planFile.toString()) || LearnLines.under(path, jail.toString())) {
            return;
        }
        boolean readOnly = (mask & ~(FAN_ACCESS | FAN_ONDIR)) == 0;
        if (readOnly && ((mask & FAN_ONDIR) != 0 || !classPathJar(path))) {
            return; // a read through a descriptor opened before: only class-path jars can hide a reopen by path
        }
        Seen s;
        boolean sample;
        synchronized (this) {
            ownEvents++;
            s = seen.computeIfAbsent(path, p -> new Seen(p, System.nanoTime() - startNanos));
            if (readOnly) {
                s.reads++;
                sample = s.byPath == null && s.samples < JAR_READ_SAMPLES;
                if (sample) {
                    s.samples++;
                }
            } else {
                sample = false;
            }
        }
        if (readOnly) {
            String reopen = sample ? LearnStacks.sampleReopens() : null;
            synchronized (this) {
                if (reopen != null && s.byPath == null) {
                    s.byPath = reopen;
                }
            }
            return;
        }
        synchronized (this) {
            if ((mask & (FAN_OPEN | FAN_OPEN_EXEC)) != 0) {
                s.opens++;
            }
            if ((mask & (FAN_MODIFY | FAN_CLOSE_WRITE)) != 0) {
                s.writes++;
            }
            s.exec |= (mask & FAN_OPEN_EXEC) != 0;
            s.directory |= (mask & FAN_ONDIR) != 0;
            boolean library = LearnLines.isLibrary(path);
            sample = !path.endsWith(".class") && (s.trigger == null && s.samples == 0
                    || library && s.initializer == null && s.samples < LIBRARY_SAMPLES);
            if (sample) {
                s.samples++;
            }
        }
        if (sample) {
            String[] found = LearnStacks.sampleStacks(LearnLines.isLibrary(path),
                    context.javaHome() != null && LearnLines.under(path, context.javaHome()));
            synchronized (this) {
                if (found[0] != null && s.trigger == null) {
                    s.trigger = found[0];
                }
                if (found[1] != null && s.initializer == null) {
                    s.initializer = found[1];
                }
            }
        }
    }

    private boolean classPathJar(String path) {
        for (ClassPathAccess.Entry e : context.classPath()) {
            if (e.jar() && e.path().toString().equals(path)) {
                return true;
            }
        }
        return false;
    }
}
