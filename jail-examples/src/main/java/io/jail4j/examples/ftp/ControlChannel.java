package io.jail4j.examples.ftp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The control connection: reads command lines of bounded length, each within a deadline, writes
 * replies under the watchdog, and switches to TLS on {@code AUTH TLS}. Lines end at LF (a CR
 * before it is dropped); Telnet commands ({@code IAC} sequences, sent by some clients before
 * {@code ABOR}) are removed but count towards the length; the rest must be UTF-8. A line that is
 * too long is refused as soon as the limit is passed, so an endless line never takes more than
 * the limit in memory; a line that does not end before its deadline (bytes dribbled in one at a
 * time) times out like silence does.
 */
final class ControlChannel implements Closeable {
    /** A line longer than the limit; the session replies 500 and closes. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("command line longer than " + limit + " bytes");
        }
    }

    /** What {@link #readLine()} returns for a line that is not valid UTF-8. */
    static final String NOT_UTF8 = "\0not utf-8";

    private static final int IAC = 0xff;

    private final int maxLine;
    private final Socket raw;
    private final StallWatchdog watchdog;
    private final Duration idleTimeout;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean secure;

    /**
     * @param watchdog    ends a reply that the client does not read within {@code idleTimeout}
     * @param idleTimeout how long a reply may wait for the client to read it, and the default
     *                    time a command line may take to arrive
     */
    ControlChannel(Socket socket, int maxLine, StallWatchdog watchdog, Duration idleTimeout) throws IOException {
        this.maxLine = maxLine;
        this.raw = socket;
        this.watchdog = watchdog;
        this.idleTimeout = idleTimeout;
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        pos = 0;
        limit = 0;
        out = new BufferedOutputStream(s.getOutputStream(), 8192);
    }

    Socket socket() {
        return socket;
    }

    boolean secure() {
        return secure;
    }

    /** Reads the next line, which must arrive within the idle timeout (see {@link #readLine(long)}). */
    String readLine() throws IOException {
        return readLine(System.nanoTime() + idleTimeout.toNanos());
    }

    /**
     * Reads the next line without its line end; null at end of stream. Returns {@link #NOT_UTF8}
     * for a line that does not decode.
     *
     * @param deadline {@link System#nanoTime()} by which the whole line must have arrived
     * @throws LineTooLongException if the line exceeds the limit (the rest is not read)
     * @throws SocketTimeoutException if the deadline passes first
     */
    String readLine(long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int consumed = 0;
        while (true) {
            int b = read(deadline);
            if (b < 0) {
                return line.size() == 0 ? null : decode(line.toByteArray());
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length;
                if (n > 0 && bytes[n - 1] == '\r') {
                    n--;
                }
                return decode(java.util.Arrays.copyOf(bytes, n));
            }
            if (++consumed > maxLine) {
                throw new LineTooLongException(maxLine);
            }
            if (b == IAC) {
                int cmd = read(deadline);
                consumed++;
                if (cmd == IAC) {
                    line.write(IAC); // an escaped 0xff byte: never valid UTF-8, refused below
                } else if (cmd >= 251 && cmd <= 254) {
                    read(deadline); // WILL/WONT/DO/DONT take an option byte
                    consumed++;
                }
                continue;
            }
            line.write(b);
        }
    }

    private int read(long deadline) throws IOException {
        if (pos == limit) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("no complete command line in time");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return -1;
            }
            pos = 0;
            limit = n;
        }
        return buffer[pos++] & 0xff;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return NOT_UTF8;
        }
    }

    /** Returns whether bytes from the client wait unread (checked between transfer chunks). */
    boolean hasInput() throws IOException {
        return pos < limit || in.available() > 0;
    }

    /** Sends a one-line reply such as {@code 200 NOOP ok.} (the text holds the code). */
    void reply(String line) throws IOException {
        send((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes and flushes under the watchdog: a client that does not read its replies is cut off. */
    private void send(byte[] bytes) throws IOException {
        StallWatchdog.Watch w = watchdog.watch(raw, idleTimeout);
        try {
            out.write(bytes);
            out.flush();
        } finally {
            w.close();
        }
    }

    /** Sends a multi-line reply: {@code code-first}, the lines as given, {@code code last}. */
    void reply(int code, String first, List<String> lines, String last) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(code).append('-').append(first).append("\r\n");
        for (String l : lines) {
            s.append(l).append("\r\n");
        }
        s.append(code).append(' ').append(last).append("\r\n");
        send(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Switches to TLS as the server side, after the {@code 234} reply was sent. Bytes the client
     * sent after the {@code AUTH} line without waiting for the reply would be plain-text commands
     * smuggled into the TLS session (the STARTTLS injection attack): refused.
     */
    void startTls(SSLContext context, long deadline) throws IOException {
        if (pos < limit) {
            throw new IOException("client sent data after AUTH TLS before the handshake");
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        ssl.setUseClientMode(false);
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        ssl.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
        StallWatchdog.Watch w = watchdog.watch(raw, idleTimeout);
        try {
            ssl.startHandshake();
        } finally {
            w.close();
        }
        attach(ssl);
        secure = true;
    }

    /**
     * Ends a connection on which the client is still sending (a line too long): sends the end of
     * stream after the last reply, then reads and drops what the client sends for at most a
     * second and 64 KiB, so that closing does not reset the connection and destroy the reply
     * before the client has read it.
     */
    void closeAfterReply() throws IOException {
        if (!secure) {
            try {
                raw.shutdownOutput();
                long end = System.nanoTime() + 1_000_000_000L;
                byte[] sink = new byte[8192];
                for (int total = 0; total < (64 << 10); ) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0) {
                        break;
                    }
                    raw.setSoTimeout((int) left);
                    int n = raw.getInputStream().read(sink);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                }
            } catch (IOException ignored) {
                // closed below either way
            }
        }
        close();
    }

    /** Closes the connection. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
