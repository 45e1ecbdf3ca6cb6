package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that misbehave: overlong lines, injected CR/LF and NUL, invalid UTF-8, commands before
 * login, path traversal in every path command, bounce attempts, floods, abrupt disconnects, and
 * slow or silent clients (connections that say nothing, lines dribbled byte by byte, data
 * connections nobody opens or reads, replies nobody reads). The server answers each with the right
 * reply or drops that client, and serves a fresh client after.
 */
@Timeout(30)
class HostileClientTest {
    @TempDir
    Path tmp;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(Trees.create(tmp.resolve("root")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void beforeLogin_everyOtherCommand_530() throws IOException {
        try (LoopbackClient c = server.connect()) {
            for (String cmd : new String[] {"LIST", "RETR hello.txt", "CWD pub", "PASV", "PORT 127,0,0,1,200,1", "SIZE hello.txt",
                    "MLSD", "STAT", "SYST", "HELP", "NOOP", "STOR x", "AUTH TLS"}) {
                assertEquals(Session.NOT_LOGGED_IN, c.command(cmd), cmd);
            }
            assertEquals("530 This FTP server is anonymous only.", c.command("USER root"));
            assertEquals("503 Login with USER first.", c.command("PASS x"));
            assertEquals(Session.NOT_LOGGED_IN, c.command("PWD"));
        }
        assertServesFreshClient();
    }

    @Test
    void overlongLine_anyState_500AndDropped() throws IOException {
        try (LoopbackClient c = server.connect()) {
            c.sendRaw(("USER " + "a".repeat(Limits.MAX_LINE + 10) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("500 Command line too long.", c.reply());
            assertNull(c.reply(), "the connection must be closed");
        }
        assertServesFreshClient();
    }

    @Test
    void lineWithoutEnd_neverEnding_droppedAtTheLimit() throws IOException {
        try (LoopbackClient c = server.connect()) {
            byte[] chunk = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 10; i++) {
                    c.sendRaw(chunk);
                }
            } catch (IOException reset) {
                // the server may already have closed
            }
            assertEquals("500 Command line too long.", c.reply());
        }
        assertServesFreshClient();
    }

    @Test
    void injectedCrLfAndNul_command_refusedPerLine() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals("501 Bad character in argument.", c.command("RETR hello.txt\rDELE hello.txt"));
            assertEquals("501 Bad character in argument.", c.command("CWD pub\0/../.."));
            c.sendRaw("NOOP\r\nPWD\n".getBytes(StandardCharsets.US_ASCII)); // two lines: two replies
            assertEquals("200 NOOP ok.", c.reply());
            assertEquals("257 \"/\" is the current directory", c.reply());
            c.sendRaw(new byte[] {'C', 'W', 'D', ' ', (byte) 0xc3, (byte) 0x28, '\r', '\n'});
            assertEquals("501 Command is not valid UTF-8.", c.reply());
            c.sendRaw(new byte[] {(byte) 0xff, (byte) 0xf4, (byte) 0xff, (byte) 0xf2, 'N', 'O', 'O', 'P', '\r', '\n'});
            assertEquals("200 NOOP ok.", c.reply(), "Telnet IP/DM before a command are dropped");
        }
    }

    @Test
    void traversal_everyPathCommand_staysInTheTree() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals("250 Directory successfully changed.", c.command("CWD ../../.."));
            assertEquals("257 \"/\" is the current directory", c.command("PWD"));
            assertEquals("550 Failed to change directory.", c.command("CWD /etc"));
            assertEquals("550 Failed to change directory.", c.command("CWD up.link"), "symlink to outside the tree");
            assertEquals("550 Could not get file size.", c.command("SIZE ../../../../etc/passwd"));
            assertEquals("550 Could not get file size.", c.command("SIZE passwd.link"));
            assertEquals("550 Could not get file modification time.", c.command("MDTM /../etc/passwd"));
            assertEquals("550 No such file or directory.", c.command("MLST ../../etc/passwd"));
            assertEquals("550 No such file or directory.", c.command("MLST up.link"));
            assertEquals("213-Status follows:\n213 End of status", c.command("STAT ../../etc"));
            assertEquals("", text(c.passive("LIST ../../etc")));
            assertEquals("", text(c.passive("LIST up.link/etc")));
            String root = text(c.passive("NLST ../.."));
            assertTrue(root.contains("hello.txt\r\n") && !root.contains("passwd\r\n") && !root.contains("etc"), root);
            c.expect("EPSV", "229");
            assertEquals("550 Failed to open file.", c.command("RETR ../../../../etc/passwd"));
            assertEquals("550 Failed to open file.", c.command("RETR passwd.link"));
            assertEquals("550 Failed to open file.", c.command("RETR up.link/etc/passwd"));
            assertEquals("550 Failed to open file.", c.command("RETR /pub"));
            assertEquals(Trees.HELLO, text(c.passive("RETR ../pub/../../hello.txt")));
        }
    }

    @Test
    void bounce_portToAnotherAddressOrPrivilegedPort_refusedAndNoDataConnection() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals(HostPort.ILLEGAL_PORT, c.command("PORT 10,0,0,1,200,1"));
            assertEquals(HostPort.ILLEGAL_PORT, c.command("PORT 127,0,0,2,200,1"));
            assertEquals(HostPort.ILLEGAL_PORT, c.command("PORT 127,0,0,1,0,25"));
            assertEquals(HostPort.ILLEGAL_EPRT, c.command("EPRT |1|10.1.2.3|51000|"));
            assertEquals(HostPort.BAD_EPRT, c.command("EPRT |1|localhost|51000|"));
            assertEquals("425 Use PORT or PASV first.", c.command("LIST"));
            assertEquals(Trees.HELLO, text(c.active("RETR hello.txt")), "PORT to the client itself works");
        }
    }

    @Test
    void abruptDisconnect_midTransfer_serverStaysUp() throws Exception {
        for (int i = 0; i < 3; i++) {
            LoopbackClient c = server.login();
            String r = c.expect("EPSV", "229");
            int port = Integer.parseInt(r.substring(r.indexOf("(|||") + 4, r.lastIndexOf('|')));
            Socket data = new Socket();
            data.connect(new InetSocketAddress(server.address.getAddress(), port), 5000);
            c.sendRaw("RETR pub/big.bin\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = data.getInputStream();
            in.readNBytes(1000);
            data.setSoLinger(true, 0);
            data.close(); // reset mid-transfer
            c.socket().setSoLinger(true, 0);
            c.close();
        }
        assertServesFreshClient();
        waitForClients(0);
    }

    @Test
    void flood_manyConnectionsAtOnce_oldestNotLoggedInGiveWayWith421() throws Exception {
        List<LoopbackClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                LoopbackClient c = new LoopbackClient(server.address, 10_000);
                open.add(c);
                assertTrue(c.reply().startsWith("220"), "every newcomer is greeted");
            }
            for (int i = 0; i < 34; i++) {
                assertEquals(FtpServer.TOO_MANY_FROM_ADDRESS, open.get(i).reply(), "client " + i + " gave way");
                assertNull(open.get(i).reply(), "and was disconnected");
            }
            waitForClients(6);
            assertEquals(6, server.server.waiting());
        } finally {
            for (LoopbackClient c : open) {
                c.close();
            }
        }
        waitForClients(0);
        assertServesFreshClient();
    }

    @Test
    void loggedInClients_holdTheirPlace_newcomerGets421() throws Exception {
        List<LoopbackClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                open.add(server.login());
            }
            try (LoopbackClient c = new LoopbackClient(server.address, 10_000)) {
                assertEquals(FtpServer.TOO_MANY_FROM_ADDRESS, c.reply());
                assertNull(c.reply());
            }
            for (LoopbackClient c : open) {
                assertEquals("200 NOOP ok.", c.command("NOOP"), "a logged-in session is never pushed out");
            }
        } finally {
            for (LoopbackClient c : open) {
                c.close();
            }
        }
        waitForClients(0);
        assertServesFreshClient();
    }

    @Test
    void silentConnections_beforeAnyTimeout_leaveRoomForARealClient() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                Socket s = new Socket();
                s.connect(server.address, 5000);
                silent.add(s); // never reads, never writes
            }
            long start = System.nanoTime();
            assertServesFreshClient();
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "served at once, not after a timeout");
            assertTrue(server.server.clients() <= 6, "at most the per-address limit: " + server.server.clients());
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
        waitForClients(0);
    }

    @Test
    void silentConnections_afterLoginTimeout_421AndClosed() throws Exception {
        server.close();
        server = TestServer.start(tmp.resolve("root"), null, c -> c.withLimits(c.limits().withClients(64, 64)
                .withControlTimeouts(Duration.ofMillis(500), Duration.ofSeconds(20))));
        List<Socket> silent = new ArrayList<>();
        try (LoopbackClient patient = server.login()) {
            for (int i = 0; i < 60; i++) {
                Socket s = new Socket();
                s.connect(server.address, 5000);
                s.setSoTimeout(5000);
                silent.add(s);
            }
            long start = System.nanoTime();
            String last = null;
            try (LoopbackClient dribbler = server.connect()) {
                for (int i = 0; i < 20; i++) {
                    last = dribbler.command("FEAT"); // busy, but never logs in
                    if (last == null || last.startsWith("421")) {
                        break;
                    }
                    Thread.sleep(100);
                }
            }
            assertEquals("421 Timeout.", last, "the login deadline counts from the connection, not the last command");
            assertTrue(System.nanoTime() - start < 1_500_000_000L, "cut off at the login timeout");
            for (Socket s : silent) {
                String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(all.startsWith("220 ") && all.endsWith("421 Timeout.\r\n"), all);
            }
            waitForClients(1);
            assertEquals("200 NOOP ok.", patient.command("NOOP"), "after login the idle timeout applies");
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
        assertServesFreshClient();
    }

    @Test
    void commandLineDribbledByteByByte_afterIdleTimeout_421() throws Exception {
        server.close();
        server = TestServer.start(tmp.resolve("root"), null,
                c -> c.withLimits(4, 4, Duration.ofMillis(500), Duration.ofSeconds(10), 1 << 20));
        try (LoopbackClient c = server.login()) {
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 30 && !c.socket().isInputShutdown(); i++) {
                    c.sendRaw(new byte[] {'N'}); // a line that never ends, each byte well within the timeout
                    Thread.sleep(100);
                    if (c.socket().getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the server may have closed already
            }
            assertEquals("421 Timeout.", c.reply());
            assertTrue(System.nanoTime() - start < 2_500_000_000L, "cut off at the idle timeout");
        }
        assertServesFreshClient();
    }

    @Test
    void endlessLineOfTelnetCommands_read_500AndClosed() throws IOException {
        try (LoopbackClient c = server.login()) {
            byte[] will = new byte[3 * 1000];
            for (int i = 0; i < will.length; i += 3) {
                will[i] = (byte) 0xff;
                will[i + 1] = (byte) 251; // IAC WILL option: removed from the line, but still input
                will[i + 2] = 1;
            }
            try {
                for (int i = 0; i < 10; i++) {
                    c.sendRaw(will);
                }
            } catch (IOException reset) {
                // the server may already have closed
            }
            assertEquals("500 Command line too long.", c.reply());
            assertNull(c.reply());
        }
        assertServesFreshClient();
    }

    @Test
    void dataConnectionNeverRead_afterDataTimeout_426AndSessionGoesOn() throws Exception {
        server.close();
        Path huge = tmp.resolve("root").resolve("huge.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(256L << 20); // sparse: far more than any socket buffer holds
        }
        server = TestServer.start(tmp.resolve("root"), null,
                c -> c.withLimits(4, 4, Duration.ofSeconds(20), Duration.ofMillis(500), 1 << 20));
        try (LoopbackClient c = server.login(); Socket data = new Socket()) {
            String r = c.expect("EPSV", "229");
            int port = Integer.parseInt(r.substring(r.indexOf("(|||") + 4, r.lastIndexOf('|')));
            data.setReceiveBufferSize(4096);
            data.connect(new InetSocketAddress(server.address.getAddress(), port), 5000);
            c.expect("TYPE I", "200");
            long start = System.nanoTime();
            assertTrue(c.command("RETR huge.bin").startsWith("150 "));
            assertEquals("426 Failure writing network stream.", c.reply(), "the stalled transfer is given up");
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "at the data timeout");
            assertEquals("200 NOOP ok.", c.command("NOOP"), "the session goes on");
        }
        assertServesFreshClient();
    }

    @Test
    void slowButSteadyReader_largeFileLongerThanTheDataTimeout_getsTheWholeFile() throws Exception {
        server.close();
        Path file = tmp.resolve("root").resolve("steady.bin");
        byte[] content = Trees.bytes(16 << 20, 11); // more than the socket buffers hold
        java.nio.file.Files.write(file, content);
        server = TestServer.start(tmp.resolve("root"), null,
                c -> c.withLimits(4, 4, Duration.ofSeconds(20), Duration.ofMillis(700), 1 << 20));
        try (LoopbackClient c = server.login(); Socket data = new Socket()) {
            String r = c.expect("EPSV", "229");
            int port = Integer.parseInt(r.substring(r.indexOf("(|||") + 4, r.lastIndexOf('|')));
            data.setReceiveBufferSize(64 << 10);
            data.connect(new InetSocketAddress(server.address.getAddress(), port), 5000);
            c.expect("TYPE I", "200");
            long start = System.nanoTime();
            assertTrue(c.command("RETR steady.bin").startsWith("150 "));
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            InputStream in = data.getInputStream();
            byte[] buf = new byte[64 << 10];
            for (int n; (n = in.read(buf)) >= 0; ) { // at most 64 KiB per 20 ms: over 5 s in all
                got.write(buf, 0, n);
                Thread.sleep(20);
            }
            assertTrue(System.nanoTime() - start > 2_000_000_000L, "slower than the data timeout in total");
            assertEquals("226 Transfer complete.", c.reply(), "never stalled for the data timeout");
            assertTrue(java.util.Arrays.equals(content, got.toByteArray()), "the whole file");
        }
    }

    @Test
    void passiveListenerNobodyConnectsTo_afterAcceptTimeout_425() throws Exception {
        server.close();
        server = TestServer.start(tmp.resolve("root"), null, c -> c.withLimits(c.limits()
                .withDataTimeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(20))));
        try (LoopbackClient c = server.login()) {
            c.expect("EPSV", "229");
            long start = System.nanoTime();
            assertEquals("425 Failed to establish connection.", c.command("RETR hello.txt"));
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "the accept timeout, not the data timeout");
            assertEquals("200 NOOP ok.", c.command("NOOP"));
        }
    }

    @Test
    void pasvFlood_eachClosesTheLastListener_noPortOrDescriptorLeak() throws Exception {
        int listeners = listeningSockets();
        long fds = descriptors();
        try (LoopbackClient c = server.login()) {
            for (int i = 0; i < 2000; i++) {
                assertTrue(c.command(i % 2 == 0 ? "PASV" : "EPSV").startsWith("22"));
            }
            assertTrue(listeningSockets() <= listeners + 1, "one passive listener at most: " + listeningSockets());
            assertTrue(descriptors() <= fds + 8, "descriptors " + fds + " -> " + descriptors());
            assertEquals(Trees.HELLO, text(c.passive("RETR hello.txt")));
        }
        waitForClients(0);
        assertTrue(listeningSockets() <= listeners, "no listener left behind");
    }

    @Test
    void pasvFlood_repliesNeverRead_cutOffAfterIdleTimeout() throws Exception {
        server.close();
        server = TestServer.start(tmp.resolve("root"), null,
                c -> c.withLimits(4, 4, Duration.ofSeconds(1), Duration.ofSeconds(10), 1 << 20));
        int listeners = listeningSockets();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(server.address, 5000);
            s.getOutputStream().write("USER anonymous\r\nPASS x@\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] flood = "PASV\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            assertTrue(writeUntilCut(s, flood, 200, 15_000), "a client that never reads its replies is cut off");
            assertTrue(System.nanoTime() - start < 12_000_000_000L, "soon after the idle timeout");
        }
        waitForClients(0);
        assertTrue(listeningSockets() <= listeners, "no listener left behind");
        assertServesFreshClient();
    }

    /**
     * Writes {@code chunk} up to {@code times} times from another thread; returns true if the
     * server cut the connection within {@code millis}, else closes the socket (which ends a write
     * blocked on a server that stopped reading) and returns false.
     */
    static boolean writeUntilCut(Socket s, byte[] chunk, int times, long millis) throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> cut = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < times; i++) {
                    s.getOutputStream().write(chunk);
                }
                cut.complete(false);
            } catch (IOException e) {
                cut.complete(true);
            }
        }, "test-flood-writer");
        t.setDaemon(true);
        t.start();
        try {
            return cut.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            s.close();
            return false;
        }
    }

    /** Counts this JVM's listening TCP sockets (the test server's passive listeners among them). */
    private static int listeningSockets() throws IOException {
        java.util.Set<String> mine = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String link = java.nio.file.Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        mine.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        int n = 0;
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[3].equals("0A") && mine.contains(f[9])) {
                n++;
            }
        }
        return n;
    }

    private static long descriptors() throws IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void idleClient_afterIdleTimeout_421AndClosed() throws Exception {
        server.close();
        server = TestServer.start(tmp.resolve("root"), null,
                c -> c.withLimits(4, 4, Duration.ofMillis(500), Duration.ofSeconds(1), 1 << 20));
        try (LoopbackClient c = server.login()) {
            assertEquals("421 Timeout.", c.reply());
            assertNull(c.reply());
        }
    }

    @Test
    void smuggledCommand_afterAuthTls_dropped() throws Exception {
        server.close();
        server = TestServer.start(tmp.resolve("root"), null, c -> c.withTls(tlsContext()));
        try (LoopbackClient c = server.connect()) {
            c.sendRaw("AUTH TLS\r\nUSER anonymous\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("234 Proceeding with negotiation.", c.reply());
            assertNull(c.reply(), "plain text after AUTH TLS must not reach the TLS session");
        }
        assertServesFreshClient();
    }

    static javax.net.ssl.SSLContext tlsContext() {
        try {
            return Tls.selfSigned();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertServesFreshClient() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals(Trees.HELLO, text(c.passive("RETR hello.txt")));
        }
    }

    private void waitForClients(int n) throws InterruptedException {
        for (int i = 0; i < 100 && server.server.clients() != n; i++) {
            Thread.sleep(50);
        }
        assertEquals(n, server.server.clients());
        assertFalse(server.server.clients() < 0);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
