package io.jail4j.examples.ftp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A minimal FTP client for the warm-up session before the jail is entered (and for tests):
 * commands, replies, passive and active data transfers, explicit TLS without certificate checks.
 */
final class LoopbackClient implements Closeable {
    private final InetSocketAddress server;
    private final int timeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private SSLContext tls;
    private boolean protect;

    LoopbackClient(InetSocketAddress server, int timeoutMillis) throws IOException {
        this.server = server;
        this.timeout = timeoutMillis;
        this.socket = new Socket();
        socket.connect(server, timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    /** Reads one whole reply (all lines of a multi-line one), lines joined by {@code \n}; null at EOF. */
    String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        String first = line();
        if (first == null) {
            return null;
        }
        all.append(first);
        if (first.length() >= 4 && first.charAt(3) == '-') {
            String code = first.substring(0, 3) + " ";
            for (String l; (l = line()) != null; ) {
                all.append('\n').append(l);
                if (l.startsWith(code)) {
                    break;
                }
            }
        }
        return all.toString();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** Sends raw bytes as they are (tests send hostile lines this way). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a command line and returns the reply. */
    String command(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return reply();
    }

    /** Sends a command and fails unless the reply starts with {@code code}. */
    String expect(String line, String code) throws IOException {
        String r = command(line);
        if (r == null || !r.startsWith(code)) {
            throw new IOException("\"" + line + "\": expected " + code + ", got " + r);
        }
        return r;
    }

    /** Upgrades to TLS with {@code AUTH TLS}, then {@code PBSZ 0} and {@code PROT P}. */
    void startTls() throws IOException {
        expect("AUTH TLS", "234");
        tls = trustAll();
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(socket, server.getHostString(), server.getPort(), true);
        s.setUseClientMode(true);
        s.startHandshake();
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        expect("PBSZ 0", "200");
        expect("PROT P", "200");
        protect = true;
    }

    /** Runs a download-like command through EPSV and returns what the data connection carried. */
    byte[] passive(String line) throws IOException {
        String r = expect("EPSV", "229");
        int port = Integer.parseInt(r.substring(r.indexOf("(|||") + 4, r.lastIndexOf('|')));
        try (Socket data = new Socket()) {
            data.connect(new InetSocketAddress(server.getAddress(), port), timeout);
            data.setSoTimeout(timeout);
            return transfer(line, data);
        }
    }

    /** Runs a download-like command through PORT (an IPv4 control connection) and returns the data. */
    byte[] active(String line) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, socket.getLocalAddress())) {
            listener.setSoTimeout(timeout);
            byte[] a = socket.getLocalAddress().getAddress();
            int p = listener.getLocalPort();
            expect("PORT " + (a[0] & 255) + "," + (a[1] & 255) + "," + (a[2] & 255) + "," + (a[3] & 255) + ","
                    + (p >> 8) + "," + (p & 255), "200");
            sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            try (Socket data = listener.accept()) {
                data.setSoTimeout(timeout);
                return finish(line, data);
            }
        }
    }

    private byte[] transfer(String line, Socket data) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return finish(line, data);
    }

    private byte[] finish(String line, Socket data) throws IOException {
        String r = reply();
        if (r == null || !r.startsWith("150")) {
            throw new IOException("\"" + line + "\": expected 150, got " + r);
        }
        Socket d = data;
        if (protect) {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(data, server.getHostString(), data.getPort(), false);
            s.setUseClientMode(true);
            s.startHandshake();
            d = s;
        }
        byte[] bytes = d.getInputStream().readAllBytes();
        d.close(); // as curl and ftplib do: close the data connection, then read the 226
        String done = reply();
        if (done == null || !done.startsWith("226")) {
            throw new IOException("\"" + line + "\": expected 226, got " + done);
        }
        return bytes;
    }

    /** Returns a client TLS context that accepts any certificate (loopback warm-up and tests only). */
    static SSLContext trustAll() throws IOException {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return c;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot make a client TLS context: " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
