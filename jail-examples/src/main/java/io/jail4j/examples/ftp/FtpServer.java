package io.jail4j.examples.ftp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
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
 * is read from it), the limits on clients in total and per address (421, then close), then a
 * worker.
 */
final class FtpServer implements Closeable {
    static final String TOO_MANY = "421 There are too many connected users, please try later.";
    static final String TOO_MANY_FROM_ADDRESS = "421 There are too many connections from your internet address.";

    private volatile FtpConfig config;
    private final ServerSocketChannel listener;
    private final ThreadPoolExecutor workers;
    private final Watchdog watchdog;
    private final AtomicInteger clients = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Starts the worker threads and the watchdog; {@link #serve()} then accepts on {@code listener}. */
    FtpServer(FtpConfig config, ServerSocketChannel listener) {
        this.config = config;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.maxClients(), config.maxClients(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(null, r, "ftpd-session-" + n.incrementAndGet(), 512 << 10);
                    t.setDaemon(true);
                    return t;
                });
        workers.prestartAllCoreThreads();
        this.watchdog = new Watchdog(config.dataTimeout().toMillis());
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
        return clients.get();
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
        InetAddress address = remote.getAddress();
        int total = clients.incrementAndGet();
        int fromHere = perAddress.merge(address, 1, Integer::sum);
        if (total > config.maxClients() || fromHere > config.maxPerAddress()) {
            String reply = total > config.maxClients() ? TOO_MANY : TOO_MANY_FROM_ADDRESS;
            release(address);
            FtpLog.info("refused " + who + ": " + reply.substring(4));
            refuse(ch, reply);
            return;
        }
        try {
            start(ch, false, () -> release(address));
        } catch (RejectedExecutionException e) {
            release(address);
            refuse(ch, TOO_MANY);
        }
    }

    /**
     * Runs a session on a worker, bypassing the access rules and limits; used for the warm-up
     * session before the jail is entered ({@code quiet}: not logged).
     */
    void start(SocketChannel ch, boolean quiet, Runnable done) {
        workers.execute(() -> {
            try {
                new Session(ch.socket(), config, watchdog, quiet).run();
            } catch (IOException | RuntimeException e) {
                FtpLog.warn("session setup failed: " + e);
            } finally {
                closeQuietly(ch);
                done.run();
            }
        });
    }

    private void release(InetAddress address) {
        clients.decrementAndGet();
        perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
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
