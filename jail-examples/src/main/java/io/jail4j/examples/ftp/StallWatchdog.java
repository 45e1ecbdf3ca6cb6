package io.jail4j.examples.ftp;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends blocking writes that make no progress: a write to a client that stopped reading (a data
 * connection, or the replies on the control connection) has no timeout of its own. One thread,
 * started with the server before the jail is entered, checks every registered watch each tick
 * and shuts a stalled socket down in both directions before closing it: closing alone does not
 * wake a thread blocked in {@code sendfile} ({@link java.nio.channels.FileChannel#transferTo}),
 * which holds the socket until the peer reads, possibly forever.
 */
final class StallWatchdog implements Closeable {
    /** One watched socket; the writer calls {@link #progress()} after each chunk. */
    static final class Watch implements AutoCloseable {
        private final StallWatchdog owner;
        private final Socket target;
        private final long timeoutNanos;
        private volatile long last = System.nanoTime();
        private volatile boolean fired;

        private Watch(StallWatchdog owner, Socket target, long timeoutNanos) {
            this.owner = owner;
            this.target = target;
            this.timeoutNanos = timeoutNanos;
        }

        void progress() {
            last = System.nanoTime();
        }

        /** Returns whether the watchdog shut the connection down. */
        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            owner.watches.remove(this);
        }
    }

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final long tickMillis;
    private final Thread thread;
    private volatile boolean closed;

    /** Starts the thread, which checks the watches every {@code tickMillis}. */
    StallWatchdog(long tickMillis) {
        this.tickMillis = tickMillis;
        this.thread = new Thread(this::run, "ftpd-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts watching writes to {@code socket}, which must be the plain socket (under TLS, the one
     * below the {@code SSLSocket}, whose own close would wait for the stalled write).
     */
    Watch watch(Socket socket, Duration timeout) {
        Watch w = new Watch(this, socket, timeout.toNanos());
        watches.add(w);
        return w;
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : watches) {
                if (now - w.last > w.timeoutNanos) {
                    w.fired = true;
                    watches.remove(w);
                    kill(w.target);
                }
            }
        }
    }

    /** Shuts a socket down in both directions (waking a blocked sendfile or write), then closes it. */
    static void kill(Socket s) {
        try {
            s.shutdownInput();
        } catch (IOException | RuntimeException ignored) {
            // already shut or closed
        }
        try {
            s.shutdownOutput();
        } catch (IOException | RuntimeException ignored) {
            // already shut or closed
        }
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is all that can be done
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
