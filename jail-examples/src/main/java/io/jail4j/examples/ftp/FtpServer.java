package io.jail4j.examples.ftp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts control connections and runs each session on one of a fixed set of worker threads.
 * Every thread the server uses (workers and the watchdog) is started by the constructor, so a
 * server made before {@code Jail.enter()} has all its threads checked by the entry's proof; none
 * is created afterwards (a worker never dies: a session catches everything).
 *
 * <p>On accept, in order: the TCP-wrappers decision (a denied client is closed before any byte
 * is read from it), the limits on clients in total and per address ({@link Admission}: a session
 * not logged in yet gives way, else 421 and close), then a worker.
 */
final class FtpServer implements Closeable {
    static final String TOO_MANY = "421 There are too many connected users, please try later.";
    static final String TOO_MANY_FROM_ADDRESS = "421 There are too many connections from your internet address.";

    private volatile FtpConfig config;
    private final ServerSocketChannel listener;
    private final ThreadPoolExecutor workers;
    private final StallWatchdog watchdog;
    private final Admission admission;
    private volatile boolean closed;

    /** Starts the worker threads and the watchdog; {@link #serve()} then accepts on {@code listener}. */
    FtpServer(FtpConfig config, ServerSocketChannel listener) {
        this.config = config;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        Limits limits = config.limits();
        this.admission = new Admission(limits.maxClients(), limits.maxPerAddress());
        this.workers = new ThreadPoolExecutor(limits.maxClients(), limits.maxClients(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(null, r, "ftpd-session-" + n.incrementAndGet(), 512 << 10);
                    t.setDaemon(true);
                    return t;
                });
        workers.prestartAllCoreThreads();
        long tick = Math.min(limits.dataTimeout().toMillis(), limits.idleTimeout().toMillis()) / 4;
        this.watchdog = new StallWatchdog(Math.max(50, Math.min(500, tick)));
    }

    FtpConfig config() {
        return config;
    }

    /**
     * Serves new sessions with {@code next} (after the chroot: the same tree seen as {@code /});
     * the threads, the watchdog and the limits stay as they were.
     */
    void retarget(FtpConfig next) {
        this.config = next;
    }

    /** Returns the number of sessions running now. */
    int clients() {
        return admission.count();
    }

    /** Returns the number of sessions that have not logged in yet. */
    int waiting() {
        return admission.waiting();
    }

    /** Accepts connections until the listener is closed. */
    void serve() throws IOException {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = config.access().accept(listener);
            } catch (ClosedChannelException e) {
                return;
            }
            admit(ch);
        }
    }

    private void admit(SocketChannel ch) {
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) ch.getRemoteAddress();
        } catch (IOException e) {
            closeQuietly(ch);
            return;
        }
        String who = Session.address(remote);
        Admission.Decision d = admission.admit(remote.getAddress(), () -> {
            try {
                ch.shutdownInput(); // the session's read ends; it replies 421 and closes
            } catch (IOException ignored) {
                // already closed
            }
        });
        if (d.slot() == null) {
            FtpLog.info("refused " + who + ": " + d.refusal().substring(4));
            refuse(ch, d.refusal());
            return;
        }
        try {
            start(ch, false, d.slot());
        } catch (RejectedExecutionException e) {
            d.slot().release();
            refuse(ch, TOO_MANY);
        }
    }

    /**
     * Runs a session on a worker in {@code slot}; the warm-up session before the jail is entered
     * runs in {@link Admission#UNCOUNTED} ({@code quiet}: not logged).
     */
    void start(SocketChannel ch, boolean quiet, Admission.Slot slot) {
        workers.execute(() -> {
            try {
                new Session(ch.socket(), config, watchdog, quiet, slot).run();
            } catch (IOException | RuntimeException e) {
                FtpLog.warn("session setup failed: " + e);
            } finally {
                closeQuietly(ch);
                slot.release();
            }
        });
    }

    private static void refuse(SocketChannel ch, String reply) {
        try {
            ch.write(ByteBuffer.wrap((reply + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException ignored) {
            // the client is being turned away anyway
        }
        closeQuietly(ch);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    /** Stops accepting and ends the worker threads (tests; the daemon runs until killed). */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        workers.shutdownNow();
        watchdog.close();
    }
}
