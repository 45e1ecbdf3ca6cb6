package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TCP wrappers on accept, daemon name {@code ftpd}: a denied client is closed before any reply. */
@Timeout(30)
class AccessRulesTest {
    @TempDir
    Path tmp;

    @Test
    void deniedClient_connect_closedWithoutGreeting() throws Exception {
        Path allow = Files.writeString(tmp.resolve("hosts.allow"), "ftpd: 127.0.0.2\n");
        Path deny = Files.writeString(tmp.resolve("hosts.deny"), "ftpd: ALL\n");
        try (TestServer server = TestServer.start(Trees.create(tmp.resolve("root")), null,
                c -> c.withAccess(rules(allow, deny)));
             LoopbackClient c = new LoopbackClient(server.address, 10_000)) {
            assertNull(c.reply(), "denied: no 220, connection closed");
        }
    }

    @Test
    void allowedClient_connect_served() throws Exception {
        Path allow = Files.writeString(tmp.resolve("hosts.allow"), "ftpd: 127.0.0.1\n");
        Path deny = Files.writeString(tmp.resolve("hosts.deny"), "ALL: ALL\n");
        try (TestServer server = TestServer.start(Trees.create(tmp.resolve("root")), null,
                c -> c.withAccess(rules(allow, deny)));
             LoopbackClient c = server.login()) {
            assertEquals(Trees.HELLO, HostileClientTest.text(c.passive("RETR hello.txt")));
        }
    }

    @Test
    void otherDaemonsRule_connect_notMatched() throws Exception {
        Path deny = Files.writeString(tmp.resolve("hosts.deny"), "in.ftpd vsftpd: ALL\n");
        try (TestServer server = TestServer.start(Trees.create(tmp.resolve("root")), null,
                c -> c.withAccess(rules(null, deny)));
             LoopbackClient c = server.connect()) {
            assertEquals("530 Please login with USER and PASS.", c.command("NOOP"), "greeted: the rule names other daemons");
        }
    }

    private static AccessPolicy rules(Path allow, Path deny) {
        try {
            return TcpWrappers.load(allow, deny);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
