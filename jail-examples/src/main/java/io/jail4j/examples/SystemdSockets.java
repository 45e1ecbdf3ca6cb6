package io.jail4j.examples;

import io.jail4j.InheritedSocket;
import io.jail4j.JailException;
import io.jail4j.SocketActivation;
import java.net.StandardProtocolFamily;
import java.util.List;

/**
 * {@code --listen systemd}: the daemons take their sockets from the service manager
 * ({@link SocketActivation#listenFds()}) instead of binding them, so they need not start as
 * uid 0. Sockets are matched by type (a listening TCP socket, a UDP socket), not by
 * {@code LISTEN_FDNAMES}: names are optional in a socket unit, and nested
 * {@code systemd-socket-activate} runs pass the inner run's name for every descriptor.
 */
public final class SystemdSockets {
    /** The value of {@code --listen} that asks for socket activation. */
    public static final String LISTEN_VALUE = "systemd";

    private final SocketActivation taken;
    private final String daemon;

    private SystemdSockets(SocketActivation taken, String daemon) {
        this.taken = taken;
        this.daemon = daemon;
    }

    /**
     * Takes the sockets handed over; fails when there are none.
     *
     * @param daemon the daemon's name, for the messages
     * @return the sockets handed over, at least one
     * @throws JailException         if the variables or descriptors are malformed
     * @throws IllegalStateException if the process was not socket-activated, saying why
     */
    public static SystemdSockets take(String daemon) throws JailException {
        SocketActivation taken = SocketActivation.listenFds();
        if (taken.isEmpty()) {
            throw new IllegalStateException("--listen systemd: no socket was handed over (" + taken
                    + "); start " + daemon + " from a socket unit (see docs/socket-activation.md), or with"
                    + " systemd-socket-activate -l ADDRESS:PORT");
        }
        return new SystemdSockets(taken, daemon);
    }

    /**
     * Returns the one listening inet stream socket; fails naming what was handed over otherwise.
     *
     * @return the only listening TCP socket (IPv4 or IPv6) handed over
     * @throws IllegalStateException if there is no such socket or more than one
     */
    public InheritedSocket stream() {
        return one(false);
    }

    /**
     * Returns the one inet datagram socket; fails naming what was handed over otherwise.
     *
     * @return the only UDP socket (IPv4 or IPv6) handed over
     * @throws IllegalStateException if there is no such socket or more than one
     */
    public InheritedSocket datagram() {
        return one(true);
    }

    /**
     * Returns what was taken, for the log.
     *
     * @return every socket handed over, whatever its family and type
     */
    public List<InheritedSocket> all() {
        return taken.sockets();
    }

    private InheritedSocket one(boolean datagram) {
        List<InheritedSocket> match = taken.sockets().stream()
                .filter(s -> s.family() != StandardProtocolFamily.UNIX)
                .filter(s -> datagram ? s.datagram() : s.listening())
                .toList();
        if (match.size() != 1) {
            throw new IllegalStateException("--listen systemd: " + daemon + " needs exactly one "
                    + (datagram ? "UDP socket (ListenDatagram=)" : "listening TCP socket (ListenStream=, Accept=no)")
                    + ", and the service manager handed over " + taken.sockets());
        }
        return match.get(0);
    }
}
