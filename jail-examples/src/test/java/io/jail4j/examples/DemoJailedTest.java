package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.EntryReport;
import io.jail4j.layout.JailLayout;
import io.jail4j.testkit.JailLayoutProvider;
import io.jail4j.testkit.JailRoot;
import io.jail4j.testkit.Jailed;
import io.jail4j.testkit.ListeningSockets;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo daemon's answer, tested as it runs: inside a jail, as {@code nobody}, on a privileged
 * port bound as root before {@code enter()}. The README's example of {@code @Jailed}.
 */
@Jailed(user = "nobody", layout = DemoJailedTest.DemoJail.class, listen = 979)
class DemoJailedTest {
    /** The jail each test gets: the minimal one (a {@code /tmp}) and a greeting file. */
    static final class DemoJail implements JailLayoutProvider {
        @Override
        public JailLayout layout() {
            return JailLayoutProvider.minimal()
                    .text("/etc/motd", "hello from the jail\n", "root:root", 0444, "a file only the jail has");
        }
    }

    @Test
    void answer_insideTheJail_tellsTheDroppedStateAndSeesNoHostFile(EntryReport report, ListeningSockets sockets,
                                                                     @JailRoot Path hostPath) throws Exception {
        assertEquals(65534, report.target().uid());
        assertEquals("hello from the jail\n", Files.readString(Path.of("/etc/motd")));
        assertFalse(Files.exists(hostPath), "the jail's host path is out of reach inside it");

        ServerSocketChannel server = sockets.channel(0); // port 979, bound while still root
        CompletableFuture<String> client = CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), 979); InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Socket accepted = server.socket().accept()) {
            Demo.answer(accepted, JailedState.describe(hostPath));
        }
        String answer = client.get(10, TimeUnit.SECONDS);

        assertTrue(answer.contains("uid:                        ruid=65534 euid=65534 suid=65534"), answer);
        assertTrue(answer.contains("host file /etc/passwd visible: no"), answer);
        assertTrue(answer.contains("root:                       / (host path " + hostPath + ")"), answer);
    }
}
