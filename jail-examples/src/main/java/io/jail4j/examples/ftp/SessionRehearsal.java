package io.jail4j.examples.ftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Runs one whole session against the real server over loopback before the chroot, so that
 * everything a session uses after it (classes, NIO, sendfile, TLS on control and data
 * connections, listings, the log) has been used once while the host's disk is still there. A
 * failing step names itself and makes {@code enter()} refuse with a {@code PreloadException}.
 */
final class SessionRehearsal implements Runnable {
    private static final int TIMEOUT = 30_000;

    private final FtpServer server;
    private final ServerSocketChannel listener;

    SessionRehearsal(FtpServer server, ServerSocketChannel listener) {
        this.server = server;
        this.listener = listener;
    }

    @Override
    public void run() {
        // a listener of its own: a client already waiting on the real port must never be taken
        // for the warm-up (it would skip the access rules and the limits)
        InetSocketAddress bound;
        try {
            bound = (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("warm-up session: " + e.getMessage(), e);
        }
        InetAddress host = bound.getAddress().isAnyLocalAddress() || !bound.getAddress().isLoopbackAddress()
                ? InetAddress.getLoopbackAddress() : bound.getAddress();
        try (ServerSocketChannel own = ServerSocketChannel.open()) {
            own.bind(new InetSocketAddress(host, 0), 1);
            try (LoopbackClient client = new LoopbackClient((InetSocketAddress) own.getLocalAddress(), TIMEOUT)) {
                SocketChannel accepted = own.accept();
                if (server.config().access() instanceof TcpWrappers) {
                    ((TcpWrappers) server.config().access()).check(accepted);
                }
                server.start(accepted, true, Admission.UNCOUNTED);
                script(client, host instanceof Inet4Address);
            }
            FtpLog.info("warm-up session passed");
        } catch (IOException e) {
            throw new UncheckedIOException("warm-up session: " + e.getMessage(), e);
        }
    }

    private void script(LoopbackClient c, boolean ipv4) throws IOException {
        String hello = c.reply();
        if (hello == null || !hello.startsWith("220")) {
            throw new IOException("expected 220, got " + hello);
        }
        c.expect("USER anonymous", "331");
        c.expect("PASS warm-up@", "230");
        for (String cmd : new String[] {"SYST", "FEAT", "PWD", "HELP", "STAT", "OPTS UTF8 ON", "TYPE I", "MLST /", "NOOP"}) {
            c.expect(cmd, "2");
        }
        c.expect("STAT /", "213");
        c.passive("LIST -a");
        c.passive("NLST");
        String mlsd = new String(c.passive("MLSD"), StandardCharsets.UTF_8);
        if (ipv4) {
            c.active("LIST");
        }
        String file = firstFile(mlsd);
        if (file != null) {
            long size = Long.parseLong(c.expect("SIZE " + file, "213").substring(4).trim());
            c.expect("MDTM " + file, "213");
            c.expect("REST " + tail(size), "350");
            c.passive("RETR " + file);
        }
        if (server.config().tls() != null) {
            c.startTls();
            c.passive("LIST");
            if (file != null) {
                c.expect("REST " + tail(Long.parseLong(c.expect("SIZE " + file, "213").substring(4).trim())), "350");
                c.passive("RETR " + file);
            }
        }
        c.expect("QUIT", "221");
    }

    /** Returns where to restart so that at most 4 KiB of a file is sent. */
    private static long tail(long size) {
        return Math.max(0, size - 4096);
    }

    /** Returns the name of the first plain file of an MLSD listing, or null. */
    private static String firstFile(String mlsd) {
        for (String line : mlsd.split("\r\n")) {
            if (line.startsWith("type=file;") && line.indexOf(' ') > 0) {
                return line.substring(line.indexOf(' ') + 1);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ftpd warm-up: one loopback session (listings, download, TLS if configured)";
    }
}
