package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@code jail4j ftpd} and the refusals that happen before any jail. */
class FtpdOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void fullCommandLine_parse_readsEveryOption() throws Exception {
        FtpdOptions o = FtpdOptions.parse(List.of("--listen", "127.0.0.1:2121", "--root", "/srv/ftp", "--user", "ftp",
                "--pasv-ports", "40000-40100", "--allow", "/etc/a", "--deny", "/etc/d", "--upload", "incoming",
                "--tls-self-signed"));
        assertEquals(2121, o.listen.getPort());
        assertEquals(Path.of("/srv/ftp"), o.root);
        assertEquals("ftp", o.user);
        assertEquals(new PortRange(40000, 40100), o.pasvPorts);
        assertEquals("/incoming", o.upload);
        assertTrue(o.tlsSelfSigned);
        assertEquals(Path.of("/etc/a"), o.allow);
        assertNull(o.tlsCert);
    }

    @Test
    void ipv6Listen_parse_literalOnly() throws Exception {
        assertEquals(21, FtpdOptions.listen("[::1]:21").getPort());
        assertThrows(FtpdOptions.UsageException.class, () -> FtpdOptions.listen("localhost:21"));
        assertThrows(FtpdOptions.UsageException.class, () -> FtpdOptions.listen("127.0.0.1:99999"));
        assertThrows(FtpdOptions.UsageException.class, () -> FtpdOptions.listen("127.0.0.1"));
    }

    @Test
    void badCombinations_parse_usageErrorsNameTheArgument() {
        assertMessage("--root DIR is required", "--listen", "127.0.0.1:21");
        assertMessage("--listen ADDR:PORT is required", "--root", "/srv");
        assertMessage("--tls-cert and --tls-self-signed exclude each other",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--tls-cert", "/c.pem", "--tls-self-signed");
        assertMessage("unknown argument \"--bogus\"", "--bogus");
        assertMessage("--upload \"../x\": expected a subdirectory of the root such as incoming (relative, no \"..\")",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--upload", "../x");
        assertMessage("--upload \"/abs\": expected a subdirectory of the root such as incoming (relative, no \"..\")",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--upload", "/abs");
    }

    @Test
    void writableRoot_main_refusesAsVsftpdAndExitsOne() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Ftpd.main(List.of("--listen", "127.0.0.1:0", "--root", root.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, text);
        assertTrue(text.contains("refusing to serve a writable root: "), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingArgument_main_exitsTwoWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Ftpd.main(List.of("--listen"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("jail4j ftpd: --listen: missing value\nusage: jail4j ftpd "));
    }

    private static void assertMessage(String message, String... args) {
        FtpdOptions.UsageException e = assertThrows(FtpdOptions.UsageException.class, () -> FtpdOptions.parse(List.of(args)));
        assertEquals(message, e.getMessage());
    }
}
