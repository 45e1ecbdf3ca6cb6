package io.jail4j.examples.ftp;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The data connection a session has asked for: a passive listener (PASV/EPSV) on the control
 * connection's local address, in the configured port range, or an active target (PORT/EPRT),
 * which {@link HostPort} only accepts at the control connection's own client address. Opening
 * it accepts (only a connection from the client's address; others are dropped, which defeats port
 * theft) within the accept timeout, or connects within the connect timeout; the open connection's
 * reads then time out after the data timeout. Each PASV/EPSV closes the listener of the one before,
 * so a session never holds more than one passive port, however many it asks for.
 */
final class DataLink implements Closeable {
    private static final int MAX_STRANGERS = 16;

    private final FtpConfig config;
    private final InetAddress local;
    private final InetAddress client;
    private ServerSocketChannel passive;
    private InetSocketAddress active;
    private boolean epsvAll;

    DataLink(FtpConfig config, InetAddress local, InetAddress client) {
        this.config = config;
        this.local = local;
        this.client = client;
    }

    /** Returns whether PASV, EPSV, PORT or EPRT set up a connection to use. */
    boolean ready() {
        return passive != null || active != null;
    }

    boolean epsvAll() {
        return epsvAll;
    }

    /** Remembers {@code EPSV ALL}: from now on only EPSV may set up data connections. */
    void setEpsvAll() {
        epsvAll = true;
    }

    /** Opens a passive listener (closing any earlier one) and returns its port. */
    int listen() throws IOException {
        reset();
        PortRange range = config.pasvPorts();
        if (range == null) {
            passive = bind(0);
            return passive.socket().getLocalPort();
        }
        int start = ThreadLocalRandom.current().nextInt(range.size());
        for (int i = 0; i < range.size(); i++) {
            int port = range.low() + (start + i) % range.size();
            try {
                passive = bind(port);
                return port;
            } catch (BindException taken) {
                // try the next port of the range
            }
        }
        throw new BindException("every passive port in " + range + " is in use");
    }

    private ServerSocketChannel bind(int port) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(new InetSocketAddress(local, port), 1);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Sets an active target (already checked to be the client's address) and drops any listener. */
    void target(InetSocketAddress address) {
        reset();
        active = address;
    }

    /**
     * Opens the data connection and forgets the set-up (one transfer per PASV/PORT, as vsftpd);
     * the caller owns the socket, whose reads time out after the data timeout.
     */
    Socket open() throws IOException {
        Limits limits = config.limits();
        try {
            Socket s = passive != null ? accept(Limits.millis(limits.acceptTimeout()))
                    : connect(Limits.millis(limits.connectTimeout()));
            s.setSoTimeout(Limits.millis(limits.dataTimeout()));
            s.setTcpNoDelay(false);
            return s;
        } finally {
            reset();
        }
    }

    private Socket accept(int timeout) throws IOException {
        passive.socket().setSoTimeout(timeout);
        for (int i = 0; i < MAX_STRANGERS; i++) {
            Socket s = passive.socket().accept();
            if (s.getInetAddress().equals(client)) {
                return s;
            }
            FtpLog.warn("data connection from " + s.getInetAddress().getHostAddress() + " to a passive port of "
                    + client.getHostAddress() + " dropped");
            s.close();
        }
        throw new SocketTimeoutException("too many data connections from other addresses");
    }

    private Socket connect(int timeout) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.bind(new InetSocketAddress(local, 0));
            ch.socket().connect(active, timeout);
            return ch.socket();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Closes a pending listener and forgets any target. */
    void reset() {
        active = null;
        if (passive != null) {
            try {
                passive.close();
            } catch (IOException ignored) {
                // nothing was connected through it
            }
            passive = null;
        }
    }

    @Override
    public void close() {
        reset();
    }
}
