package io.jail4j.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A forked jailed JVM: its output, forwarded as it comes (until {@link #stopForwarding()}) and kept
 * (the last {@value #KEEP} bytes of each stream), and a way to kill it and everything it started,
 * by pid. Every live child is also registered for a shutdown hook of the test JVM, so that none
 * outlives it (a test JVM killed with SIGKILL runs no hook: its children halt when their control
 * socket ends).
 */
final class ChildProcess {
    static final int KEEP = 256 * 1024;
    private static final Map<Process, Path> LIVE = new ConcurrentHashMap<>();
    private static final List<Path> DIRS = new CopyOnWriteArrayList<>();
    private static final Thread HOOK = new Thread(ChildProcess::reapAll, "jailed-children-reaper");

    static {
        Runtime.getRuntime().addShutdownHook(HOOK);
    }

    private final Process process;
    private final Tail stdout = new Tail();
    private final Tail stderr = new Tail();
    private volatile boolean forwarding = true;
    private final Thread outPump;
    private final Thread errPump;

    private ChildProcess(Process process) {
        this.process = process;
        this.outPump = pump(process.getInputStream(), () -> forwarding ? System.out : null, stdout,
                "jailed-stdout-" + process.pid());
        this.errPump = pump(process.getErrorStream(), () -> forwarding ? System.err : null, stderr,
                "jailed-stderr-" + process.pid());
    }

    /**
     * Starts {@code command} in {@code /} with standard input at its end; its output goes to this
     * JVM's standard output and error, as they are when the output comes. If this JVM shuts down
     * while the child runs, the child is killed and {@code dir} (its jail's parent) deleted.
     */
    static ChildProcess start(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(new File("/")).start();
        reapOnExit(p, dir);
        p.getOutputStream().close();
        return new ChildProcess(p);
    }

    /** Kills {@code p} if it still runs when this JVM shuts down, then deletes {@code dir}. */
    static void reapOnExit(Process p, Path dir) {
        LIVE.put(p, dir);
        p.onExit().thenRun(() -> LIVE.remove(p));
    }

    /** Deletes {@code dir} when this JVM shuts down, after every child is killed. */
    static void deleteOnExit(Path dir) {
        DIRS.add(dir);
    }

    private static Thread pump(InputStream in, Supplier<PrintStream> forward, Tail keep, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    keep.add(buf, n);
                    PrintStream to = forward.get();
                    if (to != null) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops forwarding the output (it is still kept). */
    void stopForwarding() {
        forwarding = false;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the exit; returns false if the child still runs after {@code millis}. */
    boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Kills the child and its descendants with SIGKILL and waits for the child's exit (at most 10 s). */
    boolean kill() throws InterruptedException {
        killTree(process);
        return process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends SIGKILL to the child and its descendants without waiting. */
    void killNow() {
        killTree(process);
    }

    /** The shutdown hook: kills every live child, then deletes its directory and the others registered. */
    private static void reapAll() {
        LIVE.forEach((p, dir) -> {
            killTree(p);
            try {
                p.waitFor(2, TimeUnit.SECONDS);
                TempTree.delete(dir);
            } catch (IOException | InterruptedException e) {
                // shutting down: nothing left to report to
            }
        });
        for (Path dir : DIRS) {
            try {
                TempTree.delete(dir);
            } catch (IOException e) {
                // shutting down: nothing left to report to
            }
        }
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Waits (at most {@code millis}) until both output streams have ended. */
    void drain(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        outPump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        errPump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
    }

    String stdout() {
        return stdout.text();
    }

    String stderr() {
        return stderr.text();
    }

    /** The last {@link #KEEP} bytes of a stream. */
    private static final class Tail {
        private final byte[] ring = new byte[KEEP];
        private long total;

        synchronized void add(byte[] b, int n) {
            for (int i = 0; i < n; i++) {
                ring[(int) ((total + i) % KEEP)] = b[i];
            }
            total += n;
        }

        synchronized String text() {
            if (total <= KEEP) {
                return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
            }
            int start = (int) (total % KEEP);
            byte[] out = new byte[KEEP];
            System.arraycopy(ring, start, out, 0, KEEP - start);
            System.arraycopy(ring, 0, out, KEEP - start, start);
            return "[" + (total - KEEP) + " earlier bytes dropped]\n" + new String(out, StandardCharsets.UTF_8);
        }
    }
}
