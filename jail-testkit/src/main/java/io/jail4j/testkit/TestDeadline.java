package io.jail4j.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The deadline of one jailed test. When it passes: ask the child for a thread dump and keep its
 * main thread's stack, kill the child and everything it started by pid, and close the sockets
 * the test thread blocks on, so that it returns at once. The kill happens whatever the
 * diagnostics throw.
 */
final class TestDeadline {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jailed-timeout");
        t.setDaemon(true);
        return t;
    });

    private final ChildProcess child;
    private final long seconds;
    private final List<Closeable> toClose = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> alarm;
    private volatile boolean fired;
    private volatile String mainStack = "";

    TestDeadline(ChildProcess child, long seconds, Closeable blocking) {
        this.child = child;
        this.seconds = seconds;
        toClose.add(blocking);
        this.alarm = TIMER.schedule(this::fire, seconds, TimeUnit.SECONDS);
    }

    /** Closes {@code c} too when the deadline passes. */
    void alsoClose(Closeable c) {
        toClose.add(c);
    }

    void cancel() {
        alarm.cancel(false);
    }

    boolean fired() {
        return fired;
    }

    private void fire() {
        fired = true;
        try {
            child.stopForwarding(); // the dump goes into the failure and the stdout entry, not the build log
            HostFacts.run("kill", "-QUIT", Long.toString(child.pid()));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < end && !child.stdout().contains("JNI global refs")) {
                Thread.sleep(20);
            }
            mainStack = ThreadDumps.mainThread(child.stdout(), 25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) { // diagnostics only
            mainStack = "  (no thread dump: " + e + ")\n";
        } finally {
            child.killNow();
            for (Closeable c : toClose) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing only to unblock
                }
            }
        }
    }

    /** Returns the failure of a test whose deadline passed, after making sure the child has exited. */
    TimeoutException failure(String where) {
        String gone;
        try {
            gone = child.kill() ? "; the child (pid " + child.pid() + ") was killed and has exited"
                    : "; the child (pid " + child.pid() + ") could NOT be killed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gone = "; interrupted while killing the child (pid " + child.pid() + ")";
        }
        return new TimeoutException("@Jailed(timeoutSeconds = " + seconds + ") on " + where + ": no result after "
                + seconds + " s" + gone + (mainStack.isEmpty() ? "" : "\nits main thread was at:\n" + mainStack));
    }
}
