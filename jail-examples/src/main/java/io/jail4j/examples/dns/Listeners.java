package io.jail4j.examples.dns;

import io.jail4j.InheritedSocket;
import io.jail4j.JailException;
import io.jail4j.examples.ListenAddress;
import io.jail4j.examples.SystemdSockets;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The sockets of the daemon, bound before the jail (port 53 needs root): UDP channels, several
 * on one port with SO_REUSEPORT so that the kernel spreads clients over the serving threads, and
 * one TCP listener on the same port; or one UDP and one TCP socket from the service manager.
 */
final class Listeners implements AutoCloseable {
    /** NSD's TCP backlog. */
    static final int BACKLOG = 256;

    final List<DatagramChannel> udp;
    final ServerSocket tcp;
    final int port;
    /** Where it listens, for the log. */
    final String where;
    /** Whether the sockets are IPv6 ones. */
    final boolean ipv6;

    private Listeners(List<DatagramChannel> udp, ServerSocket tcp, int port, String where, boolean ipv6) {
        this.udp = udp;
        this.tcp = tcp;
        this.port = port;
        this.where = where;
        this.ipv6 = ipv6;
    }

    /**
     * Takes one UDP and one listening TCP socket from the service manager ({@code --listen
     * systemd}), matched by type.
     *
     * @throws JailException         if the handed-over variables or descriptors are malformed
     * @throws IllegalStateException if the sockets handed over are not one UDP and one TCP socket
     */
    static Listeners fromServiceManager() throws JailException {
        SystemdSockets sockets = SystemdSockets.take("dnsd");
        InheritedSocket udp = sockets.datagram();
        InheritedSocket tcp = sockets.stream();
        DatagramChannel udpChannel = udp.datagramChannel();
        ServerSocket tcpSocket = tcp.serverSocketChannel().socket();
        String where = "UDP " + udp.addressText() + " and TCP " + tcp.addressText() + " (from the service manager)";
        return new Listeners(List.of(udpChannel), tcpSocket, tcp.address().orElseThrow().getPort(), where,
                udp.family() == StandardProtocolFamily.INET6);
    }

    /** How many UDP ports port 0 tries before giving up when TCP's same port is taken each time. */
    private static final int FREE_PORT_TRIES = 32;

    /**
     * Binds {@code udpSockets} UDP channels and a TCP listener on {@code listen}. Port 0 means any
     * port free for both: the kernel picks a free UDP port, and when TCP's port of that number is
     * taken (another listener, or a connection's local end) another UDP port is tried.
     */
    static Listeners bind(ListenAddress listen, int udpSockets) throws IOException {
        if (listen.port() != 0) {
            return bindOnce(listen, udpSockets);
        }
        BindException last = null;
        for (int i = 0; i < FREE_PORT_TRIES; i++) {
            try {
                return bindOnce(listen, udpSockets);
            } catch (BindException e) {
                last = e;
            }
        }
        BindException e = new BindException("no port on " + listen.address().getHostAddress()
                + " free for both UDP and TCP in " + FREE_PORT_TRIES + " tries: " + last.getMessage());
        e.initCause(last);
        throw e;
    }

    private static Listeners bindOnce(ListenAddress listen, int udpSockets) throws IOException {
        List<DatagramChannel> channels = new ArrayList<>();
        ServerSocket tcp = null;
        try {
            int port = listen.port();
            for (int i = 0; i < udpSockets; i++) {
                DatagramChannel ch = DatagramChannel.open(listen.ipv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                channels.add(ch);
                if (udpSockets > 1) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                ch.bind(new InetSocketAddress(listen.address(), port));
                port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            }
            tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(listen.address(), port), BACKLOG);
            return new Listeners(channels, tcp, port, listen.format(port), listen.ipv6());
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel ch : channels) {
                ch.close();
            }
            if (tcp != null) {
                tcp.close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        for (DatagramChannel ch : udp) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }
}
