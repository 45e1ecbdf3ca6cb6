package io.jail4j.tcpd;

import java.io.IOException;
import java.lang.System.Logger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Guards an accept loop with TCP wrapper rules, as {@code tcpd} guards a daemon: each accepted
 * connection is checked before the application sees it; a refused one gets its banner, if the
 * matching rule has one, and is closed without a byte read from it. Each connection is logged
 * through {@link System.Logger} ({@code io.jail4j.tcpd.HostsGuard}) as libwrap logs it:
 * {@code DAEMON[PID]: connect from CLIENT} or {@code DAEMON[PID]: refused connect from CLIENT}, at
 * the rule's {@code severity} (default {@code INFO} and {@code WARNING}).
 *
 * <pre>{@code
 * HostsGuard guard = HostsGuard.of("fingerd", rules, HostResolver.system());  // before the chroot
 * while (true) {
 *     Socket client = guard.accept(server);   // only allowed connections come back
 *     ...
 * }
 * }</pre>
 *
 * <p>The client's host name is looked up only when the rules have a pattern that needs it; an
 * allowed connection gets the rule's {@code keepalive} and {@code linger} and its banner written
 * before it is returned. A connection a {@code twist} handler took over is closed here too: the
 * handler gets the request, not the socket.
 *
 * <p><b>Failing closed.</b> If deciding fails inside jail4j (a rules supplier, a resolver or a
 * handler that throws, or a bug), the connection is refused and closed like any other refused
 * one and the loop goes on: nothing is propagated to the caller. The failure is logged at
 * {@code ERROR} with its stack trace once, then at most once a minute with the number of failures
 * in between, so that a client who can provoke it cannot flood the log.
 */
public final class HostsGuard {
    private static final Logger LOG = System.getLogger(HostsGuard.class.getName());
    static final long ERROR_LOG_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final String daemon;
    private final Supplier<HostsAccess> rules;
    private final HostResolver resolver;
    private final Object errorLock = new Object();
    private long errorsSinceLog;
    private long nextErrorLog;
    private boolean errorLogged;

    private HostsGuard(String daemon, Supplier<HostsAccess> rules, HostResolver resolver) {
        this.daemon = daemon;
        this.rules = rules;
        this.resolver = resolver;
    }

    /**
     * Returns a guard for {@code daemon} (the name rules match, such as {@code in.fingerd}) with
     * {@code rules} (a {@link ReloadingHostsAccess}, or {@code () -> hostsAccess}) and
     * {@code resolver} for client names ({@link HostResolver#none()}: names stay unknown).
     *
     * @param daemon the daemon name that the rules' daemon lists match and that starts each log
     *     line, not {@code null}
     * @param rules gives the rules in force, asked once per connection, not {@code null}
     * @param resolver finds the client's and the server's names when the rules in force need
     *     them ({@link HostsAccess#needsClientNames()}, {@link HostsAccess#needsServerNames()}),
     *     not {@code null}
     * @return the guard, usable by several accepting threads at once
     */
    public static HostsGuard of(String daemon, Supplier<HostsAccess> rules, HostResolver resolver) {
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(resolver, "resolver");
        Request.of(daemon, null); // validates the daemon name
        TcpdClasses.load();
        return new HostsGuard(daemon, rules, resolver);
    }

    /**
     * Accepts connections until one is allowed and returns it; refused ones are closed.
     *
     * @param server a bound server socket; its {@code SO_TIMEOUT}, if set, applies to each
     *     {@code accept} call
     * @return an allowed connection, with the rule's {@code keepalive} and {@code linger} applied
     *     and its banner written; a connection for which that fails is closed, not returned
     * @throws IOException if accepting fails (as {@link ServerSocket#accept()})
     */
    public Socket accept(ServerSocket server) throws IOException {
        while (true) {
            Socket s = server.accept();
            Decision d = check(s);
            java.io.OutputStream out;
            try {
                out = s.getOutputStream();
            } catch (IOException e) { // closed or reset under us: never leak the accepted socket
                s.close();
                continue;
            }
            if (admit(d, out::write, () -> apply(d, s), s::close)) {
                return s;
            }
        }
    }

    /**
     * Accepts connections until one is allowed and returns it; refused ones are closed. On a
     * non-blocking channel returns {@code null} when no connection is pending.
     *
     * @param server a bound server channel, blocking or not
     * @return an allowed connection, with the rule's {@code keepalive} and {@code linger} applied
     *     and its banner written (the channel being made blocking for the write, then restored);
     *     {@code null} when {@code server} is non-blocking and no connection, or only refused
     *     ones, were pending
     * @throws IOException if accepting fails (as {@link ServerSocketChannel#accept()})
     */
    public SocketChannel accept(ServerSocketChannel server) throws IOException {
        while (true) {
            SocketChannel c = server.accept();
            if (c == null) {
                return null;
            }
            Decision d = check(c);
            if (admit(d, bytes -> writeFully(c, bytes), () -> apply(d, c), c::close)) {
                return c;
            }
        }
    }

    /**
     * Decides an accepted socket (and logs the decision) without closing or changing it; a
     * failure inside jail4j gives a refusal (see the class comment), never an exception.
     *
     * @param s an accepted, connected socket
     * @return the decision for its client and local addresses; a refusal explained as
     *     {@code error: internal error: ...} when deciding failed
     */
    public Decision check(Socket s) {
        try {
            InetSocketAddress client = (InetSocketAddress) s.getRemoteSocketAddress();
            return decide(client, (InetSocketAddress) s.getLocalSocketAddress());
        } catch (RuntimeException | Error e) {
            return failed(e);
        }
    }

    /**
     * Decides an accepted channel (and logs the decision) without closing or changing it.
     *
     * @param c an accepted, connected channel
     * @return the decision for its client and local addresses; a refusal explained as
     *     {@code error: internal error: ...} when deciding failed inside jail4j
     * @throws IOException if the channel's addresses cannot be read
     */
    public Decision check(SocketChannel c) throws IOException {
        InetSocketAddress client = (InetSocketAddress) c.getRemoteAddress();
        InetSocketAddress server = (InetSocketAddress) c.getLocalAddress();
        try {
            return decide(client, server);
        } catch (RuntimeException | Error e) {
            return failed(e);
        }
    }

    /** Refuses after an internal failure; logs it now if none was logged in the last minute. */
    private Decision failed(Throwable e) {
        long suppressed;
        synchronized (errorLock) {
            long now = System.nanoTime();
            if (errorLogged && now - nextErrorLog < 0) {
                errorsSinceLog++;
                return Decision.internalError(e);
            }
            suppressed = errorsSinceLog;
            errorsSinceLog = 0;
            errorLogged = true;
            nextErrorLog = now + ERROR_LOG_INTERVAL_NANOS;
        }
        try {
            LOG.log(Logger.Level.ERROR, daemon + "[" + Expander.PID + "]: refused a connection: deciding failed"
                    + (suppressed > 0 ? " (and " + suppressed + " more times since the last report)" : "")
                    + "; further failures are reported at most once a minute", e);
        } catch (RuntimeException | Error logFailure) {
            // a broken logger must not open the door either
        }
        return Decision.internalError(e);
    }

    private Decision decide(InetSocketAddress client, InetSocketAddress server) {
        HostsAccess current = rules.get();
        Request r = resolver.request(daemon, client, server, current.needsClientNames(), current.needsServerNames());
        Decision d = current.check(r);
        String who = CText.text(Expander.client(r));
        LOG.log(d.severity(), daemon + "[" + Expander.PID + "]: " + (d.allowed() ? "connect from " : "refused connect from ")
                + who + (d.allowed() ? "" : " (" + d + ")"));
        return d;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private interface Writer {
        void write(byte[] bytes) throws IOException;
    }

    private static boolean admit(Decision d, Writer out, IoAction apply, IoAction close) throws IOException {
        byte[] banner = d.banner();
        if (!d.allowed()) {
            try {
                if (banner.length > 0) {
                    out.write(banner);
                }
            } catch (IOException e) {
                // the client went away: nothing to tell it
            } finally {
                close.run();
            }
            return false;
        }
        try {
            apply.run();
            if (banner.length > 0) {
                out.write(banner);
            }
        } catch (IOException e) {
            close.run();
            return false;
        }
        return true;
    }

    private static void apply(Decision d, Socket s) throws IOException {
        if (d.keepAlive()) {
            s.setKeepAlive(true);
        }
        if (d.linger().isPresent()) {
            s.setSoLinger(d.linger().getAsInt() != 0, d.linger().getAsInt());
        }
    }

    private static void apply(Decision d, SocketChannel c) throws IOException {
        if (d.keepAlive()) {
            c.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        }
        if (d.linger().isPresent()) {
            c.setOption(StandardSocketOptions.SO_LINGER, d.linger().getAsInt() == 0 ? -1 : d.linger().getAsInt());
        }
    }

    private static void writeFully(SocketChannel c, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        boolean blocking = c.isBlocking();
        if (!blocking) {
            c.configureBlocking(true);
        }
        try {
            while (b.hasRemaining()) {
                c.write(b);
            }
        } finally {
            if (!blocking) {
                c.configureBlocking(false);
            }
        }
    }

    @Override
    public String toString() {
        return "HostsGuard[" + daemon + ", " + resolver + "]";
    }
}
