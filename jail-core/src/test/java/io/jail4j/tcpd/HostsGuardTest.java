package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An accept loop guarded on 127.0.0.1: refused clients are closed with nothing read from them
 * (their banner, if any, is all they get); allowed ones come back; each connection is logged.
 */
class HostsGuardTest {
    @TempDir
    Path dir;
    private final List<String> log = new ArrayList<>();
    private final Logger jul = Logger.getLogger(HostsGuard.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (log) {
                log.add(r.getLevel() + " " + r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
    }

    private HostsGuard guard(String allow, String deny) throws Exception {
        Path banners = Files.createDirectories(dir.resolve("banners"));
        Files.writeString(banners.resolve("fingerd"), "go away, %a\n");
        HostsAccess rules = HostsAccess.load(Files.writeString(dir.resolve("allow"), allow.replace("BANNERS", banners.toString())),
                Files.writeString(dir.resolve("deny"), deny.replace("BANNERS", banners.toString())));
        return HostsGuard.of("fingerd", () -> rules, HostResolver.none());
    }

    /** Connects from {@code from} (a 127/8 address), sends a line, and returns all it reads. */
    private static CompletableFuture<byte[]> client(InetSocketAddress server, String from) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                s.connect(server, 5000);
                s.setSoTimeout(5000);
                try {
                    s.getOutputStream().write("secret\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // refused and closed already
                }
                try (InputStream in = s.getInputStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    return new byte[0]; // reset by a close without reading: the refused case
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void refusedThenAllowedClients_acceptSocket_returnsOnlyTheAllowedOne() throws Exception {
        HostsGuard guard = guard("fingerd: 127.0.0.2\n", "fingerd: ALL: banners BANNERS\n");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress at = (InetSocketAddress) server.getLocalSocketAddress();
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return guard.accept(server);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] seenByRefused = client(at, "127.0.0.3").get(10, TimeUnit.SECONDS);
            CompletableFuture<byte[]> allowed = client(at, "127.0.0.2");
            try (Socket s = accepted.get(10, TimeUnit.SECONDS)) {
                assertEquals(InetAddress.getByName("127.0.0.2"), s.getInetAddress());
                assertEquals("secret", new String(s.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));
                s.getOutputStream().write("welcome".getBytes(StandardCharsets.US_ASCII));
            }
            assertArrayEquals("welcome".getBytes(StandardCharsets.US_ASCII), allowed.get(10, TimeUnit.SECONDS));
            String text = new String(seenByRefused, StandardCharsets.US_ASCII);
            assertTrue(text.isEmpty() || text.equals("go away, 127.0.0.3\r\n"), text);
        }
        synchronized (log) {
            assertEquals(2, log.size(), log.toString());
            assertTrue(log.get(0).startsWith("WARNING fingerd[") && log.get(0).contains("refused connect from 127.0.0.3"),
                    log.toString());
            assertTrue(log.get(1).startsWith("INFO fingerd[") && log.get(1).endsWith("connect from 127.0.0.2"),
                    log.toString());
        }
    }

    @Test
    void refusedClient_acceptChannel_isClosedWithoutReadingAndLoopGoesOn() throws Exception {
        HostsGuard guard = guard("", "fingerd: 127.0.0.4\n");
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            InetSocketAddress at = (InetSocketAddress) server.getLocalAddress();
            CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return guard.accept(server);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(0, client(at, "127.0.0.4").get(10, TimeUnit.SECONDS).length, "nothing sent, nothing read");
            CompletableFuture<byte[]> allowed = client(at, "127.0.0.5");
            try (SocketChannel c = accepted.get(10, TimeUnit.SECONDS)) {
                assertEquals(InetAddress.getByName("127.0.0.5"), ((InetSocketAddress) c.getRemoteAddress()).getAddress());
            }
            allowed.get(10, TimeUnit.SECONDS);
            server.configureBlocking(false);
            assertEquals(null, guard.accept(server), "non-blocking: no connection pending");
        }
    }

    @Test
    void keepaliveAndLinger_accept_applyToTheSocket() throws Exception {
        HostsGuard guard = guard("fingerd: 127.0.0.6: keepalive: linger 3\n", "");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<byte[]> c = client((InetSocketAddress) server.getLocalSocketAddress(), "127.0.0.6");
            try (Socket s = guard.accept(server)) {
                assertTrue(s.getKeepAlive());
                assertEquals(3, s.getSoLinger());
            }
            c.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void failingRules_accept_refusesClosesAndLogsOnceInsteadOfThrowing() throws Exception {
        HostsAccess rules = HostsAccess.load(Files.writeString(dir.resolve("allow"), "fingerd: 127.0.0.8\n"),
                Files.writeString(dir.resolve("deny"), ""));
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(3);
        HostsGuard guard = HostsGuard.of("fingerd", () -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("rules supplier broke");
            }
            return rules;
        }, HostResolver.none());
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress at = (InetSocketAddress) server.getLocalSocketAddress();
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return guard.accept(server);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 3; i++) {
                assertEquals(0, client(at, "127.0.0.8").get(10, TimeUnit.SECONDS).length, "refused: closed unread");
            }
            CompletableFuture<byte[]> allowed = client(at, "127.0.0.8");
            try (Socket s = accepted.get(10, TimeUnit.SECONDS)) {
                assertEquals(InetAddress.getByName("127.0.0.8"), s.getInetAddress(), "the loop went on");
            }
            allowed.get(10, TimeUnit.SECONDS);
        }
        synchronized (log) {
            long errors = log.stream().filter(l -> l.startsWith("SEVERE ")).count();
            assertEquals(1, errors, "three failures, one report: " + log);
            assertTrue(log.stream().anyMatch(l -> l.startsWith("SEVERE fingerd[") && l.contains("deciding failed")),
                    log.toString());
        }
    }

    @Test
    void failure_checkSocket_isARefusalExplainingItself() throws Exception {
        HostsGuard guard = HostsGuard.of("fingerd", () -> {
            throw new IllegalStateException("no rules");
        }, HostResolver.none());
        try (Socket unconnected = new Socket()) {
            Decision d = guard.check(unconnected);
            assertFalse(d.allowed());
            assertFalse(d.delegated());
            assertEquals(0, d.line());
            assertTrue(d.file().isEmpty());
            assertEquals(0, d.banner().length);
            assertTrue(d.toString().contains("internal error: java.lang.IllegalStateException"), d.toString());
            assertEquals(List.of("error: internal error: java.lang.IllegalStateException"), d.explanation());
        }
    }

    @Test
    void daemonNameLongerThanLibwrapsBuffer_guard_decidesOnItsFirst127Bytes() throws Exception {
        String daemon = "f".repeat(127) + "-and-the-rest";
        HostsAccess rules = HostsAccess.load(Files.writeString(dir.resolve("allow"), "f".repeat(127) + ": 127.0.0.9\n"),
                Files.writeString(dir.resolve("deny"), "ALL: ALL\n"));
        HostsGuard guard = HostsGuard.of(daemon, () -> rules, HostResolver.none());
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<byte[]> c = client((InetSocketAddress) server.getLocalSocketAddress(), "127.0.0.9");
            try (Socket s = guard.accept(server)) {
                assertEquals(InetAddress.getByName("127.0.0.9"), s.getInetAddress());
            }
            c.get(10, TimeUnit.SECONDS);
        }
    }
}
