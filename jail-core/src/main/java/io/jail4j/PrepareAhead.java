package io.jail4j;

import java.util.List;

/**
 * The work {@link Jail#prepare()} starts early on a thread of its own: loading the native binding
 * and running the default preload, concurrently with the application's own start-up, so that
 * {@code enter()} only waits for what is left of it.
 */
final class PrepareAhead {
    private static Thread thread;
    private static volatile boolean done;
    private static volatile Throwable failure;
    private static volatile int failedRow = -1;
    private static volatile long tookNanos;

    private PrepareAhead() {
    }

    static synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(PrepareAhead::run, "jail4j-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Loads the native binding on a second thread while this one runs the default preload (the
     * rows need no native call): on a machine with a spare CPU the two take as long as the longer.
     */
    private static void run() {
        long start = System.nanoTime();
        Throwable[] nativeFailure = new Throwable[1];
        Thread binding = new Thread(() -> {
            try {
                Native.get();
            } catch (Throwable t) {
                nativeFailure[0] = t;
            }
        }, "jail4j-prepare-native");
        binding.setDaemon(true);
        binding.start();
        try {
            List<Runnable> rows = DefaultPreload.actions();
            for (int i = 0; i < rows.size(); i++) {
                failedRow = i;
                rows.get(i).run();
            }
            failedRow = -1;
            try {
                // opens every class loader entry and fills the jar cache while the application starts;
                // enter() does it again (then cheaply) and reports any failure itself
                ClassPathAccess.discover().prime();
            } catch (RuntimeException e) {
                // enter() repeats this step and reports what fails
            }
            binding.join();
            if (nativeFailure[0] != null) {
                throw nativeFailure[0];
            }
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
    /**
     * Waits until the work {@link Jail#prepare()} started has ended, without reporting its
     * failure ({@code enter()} does): for {@link SocketActivation}, which must not change the
     * process environment while the preload may read it on another thread (glibc's
     * {@code getenv} takes no lock against {@code unsetenv}).
     */
    static void awaitQuietly() throws JailException {
        Thread t;
        synchronized (PrepareAhead.class) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JailStateException("interrupted while waiting for Jail.prepare() to finish", e);
        }
    }

    static boolean awaitDefaultPreload() throws JailException {
        Thread t;
        synchronized (PrepareAhead.class) {
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
