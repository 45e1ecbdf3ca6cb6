package io.jail4j.examples.dns;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves DNS over TCP (RFC 7766): each message has a two-byte length; queries on one connection
 * are answered in order, pipelined ones included; a connection idle for longer than the timeout,
 * one whose frame is shorter than a header and a root question (17 bytes) and one whose query
 * NSD would drop are closed. At most {@link #MAX_CONNECTIONS} at once (NSD's tcp-count); more
 * are closed at once. Buffers are bounded by the 16-bit length.
 */
final class TcpServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 100;
    /** NSD's tcp-timeout default. */
    static final int IDLE_TIMEOUT_MS = 120_000;
    private static final int MIN_QUERY = WireFormat.HEADER + 1 + 4;

    private final ServerSocket server;
    private final Responder responder;
    private final int idleMillis;
    private final Consumer<String> log;
    private final ThreadPoolExecutor pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private Thread acceptor;
    private volatile boolean closed;

    TcpServer(ServerSocket server, Responder responder, int idleMillis, Consumer<String> log) {
        this.server = server;
        this.responder = responder;
        this.idleMillis = idleMillis;
        this.log = log;
        this.pool = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dnsd-tcp");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts accepting connections on a thread of its own. */
    void start() {
        acceptor = new Thread(this::accept, "dnsd-tcp-accept");
        acceptor.start();
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.accept("tcp accept failed: " + e);
                    pause();
                }
                continue;
            }
            try {
                pool.execute(() -> connection(s));
            } catch (RejectedExecutionException e) {
                closeQuietly(s);
            }
        }
    }

    private void connection(Socket s) {
        Worker worker = responder.worker();
        byte[] query = new byte[65535];
        byte[] frame = new byte[2 + 65535];
        open.add(s);
        try (s) {
            if (closed) {
                return;
            }
            s.setSoTimeout(idleMillis);
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream(), 4096);
            OutputStream out = s.getOutputStream();
            while (!closed) {
                int hi = in.read();
                if (hi < 0) {
                    return;
                }
                int lo = in.read();
                if (lo < 0) {
                    return;
                }
                int len = (hi << 8) | lo;
                if (len < MIN_QUERY) {
                    return;
                }
                readFully(in, query, len);
                int n = worker.respond(query, len, true, s.getInetAddress());
                if (n == Worker.DROP) {
                    return;
                }
                if (n == Worker.TRANSFER) {
                    while ((n = worker.nextTransferMessage()) > 0) {
                        write(out, worker.out, n, frame);
                    }
                } else {
                    write(out, worker.out, n, frame);
                }
            }
        } catch (SocketTimeoutException | EOFException | SocketException e) {
            // idle, half a frame, or the client went away: the connection ends
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.accept("tcp connection from " + s.getRemoteSocketAddress() + " failed: " + e);
            }
        } finally {
            open.remove(s);
        }
    }

    /** Waits a little after an unexpected error, so that a persistent one cannot spin the CPU. */
    static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readFully(InputStream in, byte[] b, int len) throws IOException {
        int got = 0;
        while (got < len) {
            int r = in.read(b, got, len - got);
            if (r < 0) {
                throw new EOFException("frame ended after " + got + " of " + len + " bytes");
            }
            got += r;
        }
    }

    private static void write(OutputStream out, byte[] msg, int n, byte[] frame) throws IOException {
        frame[0] = (byte) (n >>> 8);
        frame[1] = (byte) n;
        System.arraycopy(msg, 0, frame, 2, n);
        out.write(frame, 0, n + 2);
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    /** Stops accepting, closes open connections and waits for the acceptor. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        pool.shutdownNow();
        for (Socket s : open) {
            closeQuietly(s);
        }
        try {
            if (acceptor != null) {
                acceptor.join(10_000);
            }
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
