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
 * login, path traversal in every path command, bounce attempts, floods, abrupt disconnects. The
 * server answers each with the right reply or drops that client, and serves a fresh client after.
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
            c.sendRaw(("USER " + "a".repeat(FtpConfig.MAX_LINE + 10) + "\r\n").getBytes(StandardCharsets.US_ASCII));
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
    void injectedCrLfAndNul_refusedPerLine() throws IOException {
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
    void flood_manyConnectionsAtOnce_extraOnesGet421AndServerRecovers() throws Exception {
        List<LoopbackClient> open = new ArrayList<>();
        int greeted = 0;
        int refused = 0;
        try {
            for (int i = 0; i < 40; i++) {
                LoopbackClient c = new LoopbackClient(server.address, 10_000);
                open.add(c);
                String hello = c.reply();
                if (hello.startsWith("220")) {
                    greeted++;
                } else {
                    assertTrue(hello.equals(FtpServer.TOO_MANY) || hello.equals(FtpServer.TOO_MANY_FROM_ADDRESS), hello);
                    assertNull(c.reply(), "a refused client is disconnected");
                    refused++;
                }
            }
        } finally {
            for (LoopbackClient c : open) {
                c.close();
            }
        }
        assertEquals(6, greeted, "the per-address limit of the test server");
        assertEquals(34, refused);
        waitForClients(0);
        assertServesFreshClient();
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
    void passiveButNeverConnects_afterDataTimeout_425() throws Exception {
        server.close();
        server = TestServer.start(tmp.resolve("root"), null,
                c -> c.withLimits(4, 4, Duration.ofSeconds(10), Duration.ofMillis(500), 1 << 20));
        try (LoopbackClient c = server.login()) {
            c.expect("EPSV", "229");
            assertEquals("425 Failed to establish connection.", c.command("RETR hello.txt"));
            assertEquals("200 NOOP ok.", c.command("NOOP"));
        }
    }

    @Test
    void smuggledCommandAfterAuthTls_dropped() throws Exception {
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
