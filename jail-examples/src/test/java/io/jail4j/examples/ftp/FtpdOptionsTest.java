package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.examples.cli.Cli;
import io.jail4j.examples.OptionsProbe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/** The command line of {@code jail4j ftpd} and the refusals that happen before any jail. */
class FtpdOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void fullCommandLine_parse_readsEveryOption() throws Exception {
        FtpdOptions o = parse(List.of("--listen", "127.0.0.1:2121", "--root", "/srv/ftp", "--user", "ftp",
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
    void listenSystemd_parse_needsNoAddress() throws Exception {
        FtpdOptions o = parse(List.of("--listen", "systemd", "--root", "/srv/ftp"));
        assertTrue(o.systemd);
        assertEquals(null, o.listen);
        FtpdOptions demo = parse(List.of("--demo", "--listen", "systemd"));
        assertTrue(demo.systemd && demo.listen == null, "--demo keeps the socket from the service manager");
    }

    @Test
    void limitsAndTimeouts_parse_defaultsAsVsftpdAndEachSettable() throws Exception {
        FtpdOptions d = parse(List.of("--listen", "127.0.0.1:2121", "--root", "/srv/ftp"));
        assertEquals(Limits.DEFAULTS, d.limits);
        assertEquals(java.time.Duration.ofSeconds(300), d.limits.idleTimeout(), "idle_session_timeout");
        assertEquals(java.time.Duration.ofSeconds(300), d.limits.dataTimeout(), "data_connection_timeout");
        assertEquals(java.time.Duration.ofSeconds(60), d.limits.acceptTimeout(), "accept_timeout");
        assertEquals(java.time.Duration.ofSeconds(60), d.limits.connectTimeout(), "connect_timeout");
        assertEquals(java.time.Duration.ofSeconds(60), d.limits.loginTimeout());
        assertEquals(4096, d.limits.maxLine());
        FtpdOptions o = parse(List.of("--listen", "127.0.0.1:2121", "--root", "/srv/ftp",
                "--max-clients", "100", "--max-per-ip", "5", "--max-line", "1024", "--login-timeout", "20",
                "--idle-timeout", "120", "--accept-timeout", "30", "--connect-timeout", "15", "--data-timeout", "90"));
        assertEquals(new Limits(100, 5, 1024, java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(120),
                java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(15), java.time.Duration.ofSeconds(90),
                Limits.MAX_UPLOAD), o.limits);
        assertMessage("--max-clients \"0\": expected a whole number from 1 to 4096",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--max-clients", "0");
        assertMessage("--idle-timeout \"5m\": expected a whole number from 1 to 86400",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--idle-timeout", "5m");
        assertMessage("--max-line \"10\": expected a whole number from 64 to 1048576",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--max-line", "10");
    }

    @Test
    void ipv6Listen_parse_literalOnly() throws Exception {
        assertEquals(21, parse(List.of("--listen", "[::1]:21", "--root", "/srv")).listen.getPort());
        assertEquals("0:0:0:0:0:0:0:1", parse(List.of("--listen", "[::1]:21", "--root", "/srv")).listen.getHostString());
        for (String bad : List.of("localhost:21", "127.0.0.1:99999", "127.0.0.1")) {
            ParameterException e = assertThrows(ParameterException.class,
                    () -> parse(List.of("--listen", bad, "--root", "/srv")));
            assertTrue(e.getMessage().startsWith("--listen \"" + bad + "\": "), e.getMessage());
        }
    }

    @Test
    void badCombinations_parse_usageErrorsNameTheArgument() {
        assertMessage("--root DIR is required (or --demo)", "--listen", "127.0.0.1:21");
        assertMessage("--listen ADDR:PORT is required", "--root", "/srv");
        assertMessage("--tls-cert and --tls-self-signed exclude each other",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--tls-cert", "/c.pem", "--tls-self-signed");
        assertMessage("Unknown option: '--bogus'", "--bogus");
        assertMessage("--upload \"../x\": expected a subdirectory of the root such as incoming (relative, no \"..\")",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--upload", "../x");
        assertMessage("--upload \"/abs\": expected a subdirectory of the root such as incoming (relative, no \"..\")",
                "--listen", "127.0.0.1:21", "--root", "/srv", "--upload", "/abs");
    }

    @Test
    void demo_parse_listensOnLoopback2121WithoutRoot() throws Exception {
        FtpdOptions o = parse(List.of("--demo"));
        assertTrue(o.demo);
        assertNull(o.root);
        assertEquals("127.0.0.1", o.listen.getHostString());
        assertEquals(2121, o.listen.getPort());
    }

    @Test
    void demoWithListenAndOptions_parse_keepsThem() throws Exception {
        FtpdOptions o = parse(List.of("--listen", "127.0.0.1:0", "--demo", "--user", "nobody",
                "--tls-self-signed"));
        assertTrue(o.demo);
        assertEquals(0, o.listen.getPort());
        assertEquals("nobody", o.user);
        assertTrue(o.tlsSelfSigned);
        assertFalse(parse(List.of("--listen", "127.0.0.1:21", "--root", "/srv")).demo);
    }

    @Test
    void demoAndRoot_parse_excludeEachOther() {
        assertMessage("--demo and --root exclude each other (--demo creates its own jail)", "--demo", "--root", "/srv");
        assertMessage("--demo and --root exclude each other (--demo creates its own jail)",
                "--root", "/srv", "--listen", "127.0.0.1:21", "--demo");
    }

    @Test
    void demoAndRoot_ftpd_exitsTwoWithUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(List.of("ftpd", "--demo", "--root", tmp.toString()), in(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "jail4j ftpd: --demo and --root exclude each other (--demo creates its own jail)\nusage: jail4j ftpd "), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpOption_ftpd_describesDemo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Cli.run(List.of("ftpd", "--help"), in(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream())));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("usage: jail4j ftpd "), help);
        assertTrue(help.contains("--demo ") && help.contains("127.0.0.1:2121 unless --listen is given"), help);
    }

    @Test
    void demoTree_create_rootOwnedReadOnlyTree() throws Exception {
        Path root = DemoTree.create();
        try {
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
            assertEquals(DemoTree.HELLO, Files.readString(root.resolve("pub/hello.txt")));
            assertTrue(Files.readString(root.resolve("pub/README.txt")).contains("jail"));
            assertEquals(DemoTree.DATA_BYTES, Files.size(root.resolve("pub/data.bin")));
            if ("root".equals(System.getProperty("user.name"))) {
                assertNull(Ftpd.writableRoot(root), "the demo jail passes the --root check");
            }
        } finally {
            for (String f : List.of("pub/README.txt", "pub/hello.txt", "pub/data.bin", "pub", "")) {
                Files.delete(root.resolve(f));
            }
        }
    }

    @Test
    void writableRoot_ftpd_refusesAsVsftpdAndExitsOne() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(List.of("ftpd", "--listen", "127.0.0.1:0", "--root", root.toString()), in(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, text);
        assertTrue(text.contains("refusing to serve a writable root: "), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingArgument_ftpd_exitsTwoWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(List.of("ftpd", "--listen"), in(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("jail4j ftpd: Missing required parameter for option"
                + " '--listen' (ADDR:PORT|systemd)\nusage: jail4j ftpd "), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertMessage(String message, String... args) {
        ParameterException e = assertThrows(ParameterException.class, () -> parse(List.of(args)));
        assertEquals(message, e.getMessage());
    }

    /** Parses as the command line does: values as they are read, then how they go together. */
    private static FtpdOptions parse(List<String> args) {
        FtpdOptions o = OptionsProbe.parse(new FtpdOptions(), args);
        o.validate();
        return o;
    }

    private static InputStream in() {
        return new ByteArrayInputStream(new byte[0]);
    }
}
