package io.jail4j.examples.ftp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The control connection: reads command lines of bounded length, writes replies, and switches to
 * TLS on {@code AUTH TLS}. Lines end at LF (a CR before it is dropped); Telnet commands
 * ({@code IAC} sequences, sent by some clients before {@code ABOR}) are removed; the rest must be
 * UTF-8.
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
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean secure;

    ControlChannel(Socket socket, int maxLine) throws IOException {
        this.maxLine = maxLine;
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

    /**
     * Reads the next line without its line end; null at end of stream. Returns {@link #NOT_UTF8}
     * for a line that does not decode.
     *
     * @throws LineTooLongException if the line exceeds the limit (the rest is not read)
     */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = read();
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
            if (b == IAC) {
                int cmd = read();
                if (cmd == IAC) {
                    line.write(IAC); // an escaped 0xff byte: never valid UTF-8, refused below
                } else if (cmd >= 251 && cmd <= 254) {
                    read(); // WILL/WONT/DO/DONT take an option byte
                }
                continue;
            }
            if (line.size() >= maxLine) {
                throw new LineTooLongException(maxLine);
            }
            line.write(b);
        }
    }

    private int read() throws IOException {
        if (pos == limit) {
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
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends a multi-line reply: {@code code-first}, the lines as given, {@code code last}. */
    void reply(int code, String first, List<String> lines, String last) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(code).append('-').append(first).append("\r\n");
        for (String l : lines) {
            s.append(l).append("\r\n");
        }
        s.append(code).append(' ').append(last).append("\r\n");
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Switches to TLS as the server side, after the {@code 234} reply was sent. Bytes the client
     * sent after the {@code AUTH} line without waiting for the reply would be plain-text commands
     * smuggled into the TLS session (the STARTTLS injection attack): refused.
     */
    void startTls(SSLContext context) throws IOException {
        if (pos < limit) {
            throw new IOException("client sent data after AUTH TLS before the handshake");
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        attach(ssl);
        secure = true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
