package io.jail4j;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;

/**
 * One socket the service manager opened for this process and handed over by descriptor
 * number, as {@link SocketActivation#listenFds()} found and checked it: family, type, whether it
 * listens, the address it is bound to, and its name from {@code LISTEN_FDNAMES}
 * ({@code FileDescriptorName=} in the socket unit; {@code "unknown"} when systemd gave none).
 *
 * <p>{@link #serverSocketChannel()} and {@link #datagramChannel()} turn it into a Java channel,
 * once; the descriptor number then changes to the channel's own (see {@link #fd()}).
 * {@link Jail#enter()} keeps it open without being told, and names it in its report.
 */
public final class InheritedSocket {
    private final int inheritedFd;
    private final String name;
    private final ProtocolFamily family;
    private final String type;
    private final boolean listening;
    private final InetSocketAddress address;
    private final String addressText;
    private final boolean connected;
    /** The socket's inode, as {@code /proc/self/fd} shows it: {@code socket:[inode]}. */
    private final long inode;
    private volatile int fd;
    private java.nio.channels.Channel channel;

    InheritedSocket(int fd, String name, ProtocolFamily family, String type, boolean listening,
                    InetSocketAddress address, String addressText, boolean connected, long inode) {
        this.inode = inode;
        this.inheritedFd = fd;
        this.fd = fd;
        this.name = name;
        this.family = family;
        this.type = type;
        this.listening = listening;
        this.address = address;
        this.addressText = addressText;
        this.connected = connected;
    }

    /**
     * Returns the descriptor number the socket has now: the inherited number (3, 4, ...) until a
     * channel is made, then the channel's own.
     *
     * @return the number to pass to system calls on this socket at the time of the call
     */
    public int fd() {
        return fd;
    }

    /**
     * Returns the descriptor number the socket was handed over on (3 for the first).
     *
     * @return the number the socket had at startup, 3 or more; it does not change
     */
    public int inheritedFd() {
        return inheritedFd;
    }

    /**
     * Returns its name from {@code LISTEN_FDNAMES}, or {@code "unknown"} when none was given.
     *
     * @return the socket's name, never null or empty
     */
    public String name() {
        return name;
    }

    /**
     * Returns {@link StandardProtocolFamily#INET}, {@code INET6} or {@code UNIX}.
     *
     * @return the socket's address family
     */
    public ProtocolFamily family() {
        return family;
    }

    /**
     * Returns {@code "SOCK_STREAM"}, {@code "SOCK_DGRAM"} or {@code "SOCK_SEQPACKET"}.
     *
     * @return the socket type as its C constant's name
     */
    public String type() {
        return type;
    }

    /**
     * Returns whether it is a stream socket in the listening state ({@code SO_ACCEPTCONN}).
     *
     * @return true for a listening stream socket, false for a datagram or a connected socket
     */
    public boolean listening() {
        return listening;
    }

    /**
     * Returns whether it is a datagram socket ({@code SOCK_DGRAM}).
     *
     * @return true if the type is {@code SOCK_DGRAM}
     */
    public boolean datagram() {
        return "SOCK_DGRAM".equals(type);
    }

    /**
     * Returns whether a peer is connected (an {@code Accept=yes} connection).
     *
     * @return true if the socket has a peer, false for a listening or an unconnected socket
     */
    public boolean connected() {
        return connected;
    }

    /**
     * Returns the inet address and port it is bound to; empty for a unix or an unbound socket.
     *
     * @return the bound inet address and port, or empty
     */
    public Optional<InetSocketAddress> address() {
        return Optional.ofNullable(address);
    }

    /**
     * Returns the bound address as text: {@code 127.0.0.1:53}, {@code [::1]:53}, a unix socket's
     * path or {@code @name} for an abstract one; {@code ""} when unbound.
     *
     * @return the address as text, never null; empty when the socket is not bound
     */
    public String addressText() {
        return addressText;
    }

    /**
     * Returns the socket as a server socket channel in blocking mode, the same object on every
     * call. Its {@code getLocalAddress()} shows the real address only when {@code java.base}
     * opens {@code sun.nio.ch} to jail4j; otherwise it shows the loopback placeholder the
     * channel was made from (see {@link SocketActivation}); {@link #address()} is always right.
     *
     * @return the channel for this socket, made at the first call
     * @throws SocketActivationException if it is not a listening stream socket, or the channel
     *                                   cannot be made
     */
    public synchronized ServerSocketChannel serverSocketChannel() throws SocketActivationException {
        if (channel == null) {
            if (!listening || !"SOCK_STREAM".equals(type)) {
                throw new SocketActivationException(this + " is not a listening stream socket; a server socket channel"
                        + " needs ListenStream= with Accept=no in the socket unit");
            }
            channel = SocketChannels.server(this);
        }
        if (!(channel instanceof ServerSocketChannel)) {
            throw new SocketActivationException(this + " is already a " + channel.getClass().getSimpleName());
        }
        return (ServerSocketChannel) channel;
    }

    /**
     * Returns the socket as a datagram channel in blocking mode, the same object on every call.
     * Its {@code getLocalAddress()} shows the real address only when {@code java.base} opens
     * {@code sun.nio.ch} to jail4j (see {@link SocketActivation}); {@link #address()} is always
     * right.
     *
     * @return the channel for this socket, made at the first call
     * @throws SocketActivationException if it is not an inet datagram socket (Java has no
     *                                   channel for unix datagram sockets), or the channel cannot
     *                                   be made
     */
    public synchronized DatagramChannel datagramChannel() throws SocketActivationException {
        if (channel == null) {
            if (!datagram() || family == StandardProtocolFamily.UNIX) {
                throw new SocketActivationException(this + " is not an inet datagram socket; a datagram channel needs"
                        + " ListenDatagram=ADDRESS:PORT in the socket unit");
            }
            channel = SocketChannels.datagram(this);
        }
        if (!(channel instanceof DatagramChannel)) {
            throw new SocketActivationException(this + " is already a " + channel.getClass().getSimpleName());
        }
        return (DatagramChannel) channel;
    }

    /** Returns what {@code /proc/self/fd} shows for it: {@code socket:[inode]}. */
    String link() {
        return "socket:[" + inode + "]";
    }

    void movedTo(int newFd) {
        fd = newFd;
    }

    /** Returns a line such as {@code fd 3 "dns" (AF_INET SOCK_DGRAM 127.0.0.1:53)}. */
    @Override
    public String toString() {
        String fam = family == StandardProtocolFamily.UNIX ? "AF_UNIX" : family == StandardProtocolFamily.INET6
                ? "AF_INET6" : "AF_INET";
        return "fd " + fd + (fd != inheritedFd ? " (inherited as fd " + inheritedFd + ")" : "") + " \"" + name + "\" ("
                + fam + " " + type + (listening ? ", listening" : "") + (connected ? ", connected" : "")
                + (addressText.isEmpty() ? "" : " " + addressText) + ")";
    }
}
