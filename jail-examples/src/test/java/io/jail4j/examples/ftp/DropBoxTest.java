package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --upload} drop box: uploads only there, directly, never over an existing file; no
 * listing, download, size or time of what is in it; uploads created write-only; an upload over
 * the limit or cut short is removed.
 */
@Timeout(30)
class DropBoxTest {
    private static final int LIMIT = 100_000;

    @TempDir
    Path tmp;
    private Path box;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        Path root = Trees.create(tmp.resolve("root"));
        box = Files.createDirectory(root.resolve("incoming"));
        server = TestServer.start(root, "/incoming",
                c -> c.withLimits(4, 4, Duration.ofSeconds(10), Duration.ofSeconds(2), LIMIT));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void upload_intoBox_storedWriteOnlyAndNotOverwritten() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals("226 Transfer complete.", upload(c, "STOR incoming/a.txt", "first"));
            assertEquals("first", Files.readString(box.resolve("a.txt")));
            assertEquals("-w-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(box.resolve("a.txt"))));
            c.expect("EPSV", "229");
            assertEquals("553 Could not create file.", c.command("STOR incoming/a.txt"));
            assertEquals("first", Files.readString(box.resolve("a.txt")), "no overwrite");
            c.expect("CWD incoming", "250");
            assertEquals("226 Transfer complete.", upload(c, "STOR b.txt", "second"));
            assertEquals("second", Files.readString(box.resolve("b.txt")));
        }
    }

    @Test
    void boxContents_readCommands_refused() throws IOException {
        Files.writeString(box.resolve("secret.txt"), "secret");
        try (LoopbackClient c = server.login()) {
            c.expect("EPSV", "229");
            assertEquals("550 Failed to open file.", c.command("RETR incoming/secret.txt"));
            assertEquals("550 Could not get file size.", c.command("SIZE incoming/secret.txt"));
            assertEquals("550 Could not get file modification time.", c.command("MDTM incoming/secret.txt"));
            assertEquals("550 Permission denied.", c.command("LIST incoming"));
            assertEquals("550 Permission denied.", c.command("NLST incoming/"));
            assertEquals("550 Permission denied.", c.command("MLSD incoming"));
            assertEquals("550 Permission denied.", c.command("STAT incoming"));
            assertEquals("550 No such file or directory.", c.command("MLST incoming/secret.txt"));
            assertTrue(c.command("MLST incoming").contains("type=dir;modify="), "the box itself is visible");
            c.expect("CWD incoming", "250");
            assertEquals("550 Permission denied.", c.command("LIST"));
            assertEquals("550 Failed to change directory.", c.command("CWD /incoming/../incoming/nonexistent"));
        }
    }

    @Test
    void outsideBoxOrHiddenOrNested_upload_refused() throws IOException {
        Files.createDirectory(box.resolve("sub"));
        try (LoopbackClient c = server.login()) {
            for (String cmd : new String[] {"STOR hello2.txt", "STOR pub/x", "STOR incoming/.htaccess", "STOR incoming/sub/x",
                    "STOR incoming", "STOR incoming/../x", "APPE incoming/a", "STOU", "DELE incoming/a", "MKD incoming/d",
                    "RNFR hello.txt", "SITE CHMOD 777 hello.txt", "STOR incoming/" + "n".repeat(256)}) {
                assertEquals(FileCommands.DENIED, c.command(cmd), cmd);
            }
            c.expect("REST 10", "350");
            assertEquals(FileCommands.DENIED, c.command("STOR incoming/resumed"), "no resume into the box");
        }
        try (var names = Files.list(box)) {
            assertEquals(1, names.count(), "only sub/ is in the box");
        }
    }

    @Test
    void overLimit_upload_552AndRemoved() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals("552 Exceeded storage allocation.", upload(c, "STOR incoming/big.bin", "x".repeat(LIMIT + 1)));
            assertFalse(Files.exists(box.resolve("big.bin")));
            assertEquals("200 NOOP ok.", c.command("NOOP"));
        }
    }

    @Test
    void withoutAnyBox_upload_denied() throws Exception {
        server.close();
        server = TestServer.start(tmp.resolve("root"));
        try (LoopbackClient c = server.login()) {
            assertEquals(FileCommands.DENIED, c.command("STOR incoming/x"));
        }
    }

    /** Uploads through EPSV; returns the final reply. */
    static String upload(LoopbackClient c, String command, String content) throws IOException {
        String r = c.expect("EPSV", "229");
        int port = Integer.parseInt(r.substring(r.indexOf("(|||") + 4, r.lastIndexOf('|')));
        try (Socket data = new Socket()) {
            data.connect(new InetSocketAddress(c.socket().getInetAddress(), port), 5000);
            c.sendRaw((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            String opening = c.reply();
            if (!opening.startsWith("150")) {
                return opening;
            }
            OutputStream out = data.getOutputStream();
            try {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            } catch (IOException cut) {
                // the server stopped reading (limit)
            }
            data.shutdownOutput();
            return c.reply();
        }
    }
}
