package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code demo} in-process on paths that end before the point of no return, as root or not:
 * a port in use, a user that cannot exist, root as target.
 */
class DemoRefusalTest {
    /** Longer than any name useradd accepts (32): it cannot exist, so enter() never gets past RESOLVE_USER. */
    private static final String NO_SUCH_USER = "jail4j-no-such-user-" + "x".repeat(40);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    @Test
    void portInUse_runDemo_namesTheAddressAndExitsThree() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String listen = "127.0.0.1:" + taken.getLocalPort();

            int status = run("demo", "--listen", listen, "--user", NO_SUCH_USER, "--jail", tmp.toString());

            assertEquals(3, status, err());
            assertTrue(err().startsWith("jail4j demo: cannot listen on " + listen + ": "), err());
            assertEquals("", out());
        }
    }

    @Test
    void userThatCannotExist_runDemo_printsTheRefusalAndExitsOne() {
        int status = run("demo", "--listen", "127.0.0.1:0", "--user", NO_SUCH_USER, "--jail", jail().toString());

        assertEquals(1, status, err());
        // as root: no such user; not root: no capabilities. Either way enter() refused and said why.
        assertTrue(err().startsWith("jail4j demo: "), err());
        assertTrue(err().contains("dropTo(\"" + NO_SUCH_USER + "\"): no such user") || err().contains("enter(): the process"),
                err());
        assertEquals("", out());
    }

    @Test
    void rootAsTarget_runDemo_refusesAsUsageErrorAndExitsTwo() {
        int status = run("demo", "--listen", "127.0.0.1:0", "--user", "root", "--jail", jail().toString());

        assertEquals(2, status, err());
        assertEquals("jail4j demo: dropTo: \"root\" is not a drop target\n", err());
    }

    private Path jail() {
        try {
            return Files.createDirectory(tmp.resolve("jail")).toRealPath();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
