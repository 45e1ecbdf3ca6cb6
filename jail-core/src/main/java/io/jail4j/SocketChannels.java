package io.jail4j;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an inherited socket into a Java channel without the JDK's internals: opens an ordinary
 * channel of the same family and type, bound to a loopback placeholder (port 0; a unix server
 * gets the JDK's temporary path, removed afterwards), finds its descriptor by that unique
 * address, and points it at the inherited socket with {@code dup2}, which closes the
 * placeholder. The inherited number is then closed: one descriptor per socket, with
 * {@code FD_CLOEXEC}. The channel's cached local address still names the placeholder; when
 * {@code java.base} opens {@code sun.nio.ch} to jail4j it is set to the real one.
 *
 * <p>Why not {@link System#inheritedChannel()} after {@code dup2(socket, 0)}: it works once per
 * JVM, closing its channel points descriptors 0-2 at {@code /dev/null} (the journald streams
 * with them), and on JDK 25 its datagram channel cannot send from an {@code AF_INET} socket
 * ({@code EAFNOSUPPORT}: it encodes IPv6 addresses). Why not the JDK's channel constructors: they
 * need {@code --add-opens java.base/sun.nio.ch}, and the datagram one has the same IPv6 flaw.
 */
final class SocketChannels {
    static final String OPEN_NIO = "--add-opens java.base/sun.nio.ch=ALL-UNNAMED";

    private SocketChannels() {
    }

    static ServerSocketChannel server(InheritedSocket s) throws SocketActivationException {
        ServerSocketChannel ch = null;
        Path placeholderFile = null;
        try {
            ch = ServerSocketChannel.open(s.family());
            if (s.family() == StandardProtocolFamily.UNIX) {
                ch.bind(null, 1);
                placeholderFile = ((UnixDomainSocketAddress) ch.getLocalAddress()).getPath();
            } else {
                ch.bind(new InetSocketAddress(loopback(s), 0), 1);
            }
            replace(s, ch, "SOCK_STREAM");
            if (placeholderFile != null) {
                Files.deleteIfExists(placeholderFile);
            }
            return blocking(ch);
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(ch);
            throw new SocketActivationException(s + ": cannot make a server socket channel: " + e, null, e);
        } catch (SocketActivationException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    static DatagramChannel datagram(InheritedSocket s) throws SocketActivationException {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(s.family());
            ch.bind(new InetSocketAddress(loopback(s), 0));
            replace(s, ch, "SOCK_DGRAM");
            return blocking(ch);
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(ch);
            throw new SocketActivationException(s + ": cannot make a datagram channel: " + e, null, e);
        } catch (SocketActivationException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static InetAddress loopback(InheritedSocket s) throws IOException {
        return InetAddress.getByName(s.family() == StandardProtocolFamily.INET6 ? "::1" : "127.0.0.1");
    }

    /** Sets the descriptor's blocking mode to the channel's (systemd may hand it over non-blocking). */
    private static <T extends java.nio.channels.SelectableChannel> T blocking(T ch) throws IOException {
        ch.configureBlocking(false);
        ch.configureBlocking(true);
        return ch;
    }

    private static void replace(InheritedSocket s, NetworkChannel ch, String type) throws IOException,
            SocketActivationException {
        Native n;
        try {
            n = Native.get();
        } catch (JailException e) {
            throw new SocketActivationException(e.getMessage(), null, e);
        }
        SocketAddress placeholder = ch.getLocalAddress();
        int own;
        try {
            own = find(n, placeholder, type);
            int inherited = s.fd();
            n.dup2(inherited, own); // closes the placeholder socket
            n.setCloseOnExec(own); // dup2 clears it on the new number
            n.close(inherited);
            s.movedTo(own);
            SocketActivation.moved(inherited, own, s);
        } catch (SystemCallException | ProcFileException e) {
            throw new SocketActivationException(s + ": " + e.getMessage(), null, e);
        }
        correctLocalAddress(ch, s);
    }

    /** Returns the one descriptor bound to the placeholder address. */
    private static int find(Native n, SocketAddress placeholder, String type) throws ProcFileException,
            SocketActivationException {
        List<Integer> found = new ArrayList<>();
        for (int fd : ProcFs.openDescriptors()) {
            String link = ProcFs.link(fd);
            if (link == null || !link.startsWith("socket:")) {
                continue;
            }
            NativeSockets.SocketFacts f;
            try {
                f = n.socketFacts(fd);
            } catch (SystemCallException e) {
                continue; // closed meanwhile: not ours, ours stays open
            }
            if (!ListenFds.type(f.type()).equals(type)) {
                continue;
            }
            boolean same = placeholder instanceof UnixDomainSocketAddress
                    ? f.localText().equals(((UnixDomainSocketAddress) placeholder).getPath().toString())
                    : placeholder.equals(f.local());
            if (same) {
                found.add(fd);
            }
        }
        if (found.size() != 1) {
            throw new SocketActivationException("found " + found.size() + " descriptors bound to the placeholder "
                    + placeholder + " (expected exactly one, the channel's own)");
        }
        return found.get(0);
    }

    /** Sets the channel's cached local address to the real one when sun.nio.ch is open to jail4j. */
    private static void correctLocalAddress(NetworkChannel ch, InheritedSocket s) throws SocketActivationException {
        if (!Object.class.getModule().isOpen("sun.nio.ch", SocketChannels.class.getModule())) {
            return;
        }
        SocketAddress real = s.family() == StandardProtocolFamily.UNIX
                ? UnixDomainSocketAddress.of(s.addressText()) : s.address().orElse(null);
        try {
            Class<?> c = ch.getClass();
            Field lock = c.getDeclaredField("stateLock");
            Field local = c.getDeclaredField("localAddress");
            lock.setAccessible(true);
            local.setAccessible(true);
            synchronized (lock.get(ch)) {
                local.set(ch, real);
                if (ch instanceof DatagramChannel) {
                    Field initial = c.getDeclaredField("initialLocalAddress");
                    initial.setAccessible(true);
                    initial.set(ch, real);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SocketActivationException(s + ": cannot set the channel's local address through " + OPEN_NIO
                    + " (fields stateLock, localAddress of " + ch.getClass().getName() + ", present in JDK 17 to 25): "
                    + e, OPEN_NIO, e);
        }
        try {
            if (!real.equals(ch.getLocalAddress())) {
                throw new SocketActivationException(s + ": the channel reports " + ch.getLocalAddress() + " after"
                        + " the correction, not " + real);
            }
        } catch (IOException e) {
            throw new SocketActivationException(s + ": " + e, null, e);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the error being reported matters more
            }
        }
    }
}
