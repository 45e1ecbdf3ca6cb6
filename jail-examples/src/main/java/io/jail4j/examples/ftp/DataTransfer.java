package io.jail4j.examples.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Deque;

import javax.net.ssl.SSLSocket;

/**
 * Moves the bytes of one transfer over an open data connection, under the watchdog, and looks at
 * the control connection between chunks for {@code ABOR} (the only command RFC 959 lets
 * interrupt a transfer; others read meanwhile are kept for later). A plain download goes through
 * {@link FileChannel#transferTo} (sendfile); TLS needs the bytes in the JVM.
 */
final class DataTransfer implements AutoCloseable {
    /** {@code ABOR} (or {@code QUIT}) arrived during the transfer. */
    static final class Aborted extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean quit;

        Aborted(boolean quit) {
            super(quit ? "QUIT during transfer" : "ABOR");
            this.quit = quit;
        }
    }

    /** The upload went over the size limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("upload larger than " + limit + " bytes");
        }
    }

    private static final int BUFFER = 64 << 10;
    private static final int MAX_PENDING = 4;

    private final Socket data;
    private final ControlChannel control;
    private final Deque<String> pending;
    private final StallWatchdog.Watch watch;
    private final long timeoutMillis;
    private boolean timedOut;
    private long bytes;

    /**
     * @param data    the data connection (an {@code SSLSocket} under {@code PROT P})
     * @param raw     the plain socket below it, which the watchdog shuts down if no byte moves
     *                for {@code timeout}
     */
    DataTransfer(Socket data, Socket raw, ControlChannel control, Deque<String> pending, StallWatchdog watchdog,
             Duration timeout) {
        this.data = data;
        this.control = control;
        this.pending = pending;
        this.watch = watchdog.watch(raw, timeout);
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    long bytes() {
        return bytes;
    }

    /** Returns whether the watchdog closed the connection for lack of progress. */
    boolean timedOut() {
        return timedOut || watch.fired();
    }

    /** Sends the file from {@code position} to its size at the start. */
    void sendFile(FileChannel file, long position) throws IOException {
        long end = file.size();
        long pos = position;
        SocketChannel channel = data instanceof SSLSocket ? null : data.getChannel();
        if (channel != null) {
            sendDirect(file, pos, end, channel);
        } else {
            OutputStream out = data.getOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            while (pos < end) {
                buf.clear();
                int n = file.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                out.write(buf.array(), 0, n);
                pos += n;
                advance(n);
            }
            out.flush();
        }
    }

    /**
     * Zero-copy: {@link FileChannel#transferTo} to the socket channel is Linux's sendfile. The
     * channel is non-blocking meanwhile, so that each call moves what the socket takes at once and
     * returns: progress is seen as it happens (a slow but steady client is never mistaken for a
     * stalled one, however large the file), {@code ABOR} is looked for after each call, and a
     * client that stops reading is given up after the data timeout by the wait for writability.
     */
    private void sendDirect(FileChannel file, long from, long end, SocketChannel channel) throws IOException {
        long pos = from;
        channel.configureBlocking(false);
        Selector selector = null;
        try {
            while (pos < end) {
                long n = file.transferTo(pos, end - pos, channel);
                if (n > 0) {
                    pos += n;
                    advance(n);
                    if (pos >= end) {
                        break;
                    }
                } else if (pos >= file.size()) {
                    break; // the file shrank meanwhile
                }
                if (selector == null) {
                    selector = Selector.open();
                    channel.register(selector, SelectionKey.OP_WRITE);
                }
                long waited = System.nanoTime();
                while (selector.select(timeoutMillis) == 0) {
                    if (System.nanoTime() - waited >= timeoutMillis * 1_000_000L) {
                        timedOut = true;
                        throw new SocketTimeoutException("no data sent for " + timeoutMillis + " ms");
                    }
                }
                selector.selectedKeys().clear();
            }
        } finally {
            if (selector != null) {
                selector.close(); // deregisters the channel, which may then block again
            }
            if (channel.isOpen()) {
                channel.configureBlocking(true);
            }
        }
    }

    /** Sends a listing or other text. */
    void sendText(byte[] text) throws IOException {
        OutputStream out = data.getOutputStream();
        for (int off = 0; off < text.length; off += BUFFER) {
            int n = Math.min(BUFFER, text.length - off);
            out.write(text, off, n);
            advance(n);
        }
        out.flush();
    }

    /** Receives into {@code file} until the client closes the data connection. */
    void receive(FileChannel file, long limit) throws IOException {
        InputStream in = data.getInputStream();
        byte[] buf = new byte[BUFFER];
        long pos = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (pos + n > limit) {
                throw new TooLarge(limit);
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
            while (b.hasRemaining()) {
                file.write(b, pos + b.position());
            }
            pos += n;
            advance(n);
        }
    }

    private void advance(long n) throws IOException {
        bytes += n;
        watch.progress();
        while (control.hasInput()) {
            String line = control.readLine();
            if (line == null) {
                throw new Aborted(true);
            }
            String verb = Command.parse(line).verb();
            if (verb.equals("ABOR")) {
                throw new Aborted(false);
            }
            if (verb.equals("QUIT")) {
                throw new Aborted(true);
            }
            if (pending.size() < MAX_PENDING) {
                pending.addLast(line);
            }
        }
    }

    /**
     * Ends a complete transfer gracefully: sends the end of data (FIN, or TLS close_notify). Over
     * TLS it then reads the client's close_notify, for at most a second: closing a socket with
     * unread bytes from the client makes the kernel send a reset instead of an orderly close.
     */
    void finish() throws IOException {
        if (!(data instanceof SSLSocket)) {
            data.shutdownOutput();
            return;
        }
        data.setSoTimeout(1000);
        data.shutdownOutput();
        InputStream in = data.getInputStream();
        byte[] sink = new byte[512];
        for (int i = 0; i < 128 && in.read(sink) >= 0; i++) {
            watch.progress();
        }
    }

    /** Closes the data connection (TLS sends close_notify first). */
    @Override
    public void close() {
        watch.close();
        try {
            data.close();
        } catch (IOException ignored) {
            // the transfer's outcome is already known
        }
    }
}
