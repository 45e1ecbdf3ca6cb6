package io.jail4j.examples.ftp;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes data connections that make no progress for longer than the data timeout: a blocking
 * write to a client that stopped reading has no timeout of its own. One thread, started with
 * the server before the jail is entered, checks every registered transfer twice a second.
 */
final class Watchdog implements Closeable {
    /** One watched transfer; the transfer loop calls {@link #progress()} after each chunk. */
    static final class Watch implements AutoCloseable {
        private final Watchdog owner;
        private final Closeable target;
        private volatile long last = System.nanoTime();
        private volatile boolean fired;

        private Watch(Watchdog owner, Closeable target) {
            this.owner = owner;
            this.target = target;
        }

        void progress() {
            last = System.nanoTime();
        }

        /** Returns whether the watchdog closed the connection. */
        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            owner.watches.remove(this);
        }
    }

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final long timeoutNanos;
    private final Thread thread;
    private volatile boolean closed;

    Watchdog(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.thread = new Thread(this::run, "ftpd-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching a transfer on {@code target}. */
    Watch watch(Closeable target) {
        Watch w = new Watch(this, target);
        watches.add(w);
        return w;
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(Math.max(50, Math.min(500, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4)));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : watches) {
                if (now - w.last > timeoutNanos) {
                    w.fired = true;
                    watches.remove(w);
                    try {
                        w.target.close();
                    } catch (IOException | RuntimeException ignored) {
                        // closing is all that can be done
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
