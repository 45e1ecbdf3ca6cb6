package io.jail4j;

import java.util.List;

/**
 * The work {@link Jail#prepare()} starts early on a thread of its own: loading the native binding
 * and running the default preload, concurrently with the application's own start-up, so that
 * {@code enter()} only waits for what is left of it.
 */
final class Warmup {
    private static Thread thread;
    private static volatile boolean done;
    private static volatile Throwable failure;
    private static volatile int failedRow = -1;
    private static volatile long tookNanos;

    private Warmup() {
    }

    static synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(Warmup::run, "jail4j-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        long start = System.nanoTime();
        try {
            Native.get();
            List<Runnable> rows = DefaultPreload.actions();
            for (int i = 0; i < rows.size(); i++) {
                failedRow = i;
                rows.get(i).run();
            }
            failedRow = -1;
            done = true;
        } catch (Throwable t) {
            failure = t;
        } finally {
            tookNanos = System.nanoTime() - start;
        }
    }

    /** Returns how long the warm-up ran on its own thread, or 0 if it never ran. */
    static long tookNanos() {
        return tookNanos;
    }

    /**
     * Waits for a started warm-up to end. Returns whether the default preload already ran
     * successfully; throws what it failed with, so that {@code enter()} reports it.
     */
    static boolean awaitDefaultPreload() throws JailException {
        Thread t;
        synchronized (Warmup.class) {
            t = thread;
        }
        if (t == null) {
            return false;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JailStateException("enter(): interrupted while waiting for Jail.prepare() to finish", e);
        }
        Throwable f = failure;
        if (f instanceof JailException) {
            throw (JailException) f;
        }
        if (f != null) {
            throw PreloadException.defaultRow(String.valueOf(DefaultPreload.actions().get(Math.max(failedRow, 0))), f);
        }
        return done;
    }
}
