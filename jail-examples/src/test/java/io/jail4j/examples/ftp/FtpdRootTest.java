package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.inspect.FdView;
import io.jail4j.inspect.ProcessView;
import io.jail4j.testkit.JailAssertions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import io.jail4j.examples.ForkedMain;
import io.jail4j.examples.Main;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jail4j ftpd} as root in a child JVM, on the running JDK and on Temurin 25: it must serve
 * curl (plain, FTPS after the chroot, an upload into the drop box), look jailed and dropped from
 * outside (testkit), and never show host content to a client that tries to get out (CWD ../..,
 * absolute paths, symbolic links in the tree pointing outside). Not root: skipped, unless
 * {@code CI=true}, where it fails. {@code JAIL4J_TEST_JDKS} (homes separated by ':') replaces the
 * list of JDKs.
 */
class FtpdRootTest {
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final long NOBODY = 65534;

    static List<Path> jdks() throws IOException {
        Set<Path> homes = new LinkedHashSet<>();
        String override = System.getenv("JAIL4J_TEST_JDKS");
        if (override != null && !override.isBlank()) {
            for (String home : override.split(":")) {
                homes.add(Path.of(home).toRealPath());
            }
            return new ArrayList<>(homes);
        }
        homes.add(Path.of(System.getProperty("java.home")).toRealPath());
        if (Files.isExecutable(TEMURIN_25.resolve("bin/java"))) {
            homes.add(TEMURIN_25.toRealPath());
        } else if (Tools.CI) {
            fail("CI=true but there is no Temurin 25 at " + TEMURIN_25 + " (or set JAIL4J_TEST_JDKS)");
        }
        return new ArrayList<>(homes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    @Timeout(120)
    void ftpdAsRoot_realClients_servesJailedAndNeverShowsTheHost(Path jdk) throws Exception {
        Tools.requireRoot();
        String curl = Tools.require("curl", "curl");
        Path jail = Files.createTempDirectory("jail4j-ftpd-");
        Files.setPosixFilePermissions(jail, PosixFilePermissions.fromString("rwxr-xr-x"));
        Trees.create(jail);
        int port = freePort();
        String url = "ftp://127.0.0.1:" + port + "/";
        try (ForkedMain ftpd = ftpd(jdk, List.of("--listen", "127.0.0.1:" + port, "--root", jail.toString(),
                "--user", "nobody", "--upload", "incoming", "--tls-self-signed", "--pasv-ports", "41000-41999"))) {
            String listening = ftpd.awaitStdout("listening on ", 90);
            assertEquals("listening on 127.0.0.1:" + port + " as nobody, serving " + jail + " (drop box /incoming)", listening);

            byte[] big = Files.readAllBytes(jail.resolve("pub/big.bin"));
            assertArrayEquals(big, curl(curl, url + "pub/big.bin"), "plain download");
            assertArrayEquals(big, curl(curl, "--ssl-reqd", "-k", url + "pub/big.bin"), "FTPS after the chroot");
            Path up = Files.writeString(Files.createTempFile("jail4j-ftpd-up", ".txt"), "dropped\n");
            try {
                assertEquals(0, Tools.run(30, curl, "-sS", "-T", up.toString(), url + "incoming/").status());
            } finally {
                Files.delete(up);
            }
            assertEquals("dropped\n", Files.readString(jail.resolve("incoming/" + up.getFileName())));

            ProcessView view = ProcessView.of(ftpd.pid());
            JailAssertions.assertJailed(view, jail, NOBODY, NOBODY, Set.of(NOBODY));
            assertTrue(view.fds().stream().noneMatch(FdView::directory), view.toString());
            assertTrue(view.tasks().size() > Limits.MAX_CLIENTS, "workers were started before the jail: " + view.tasks().size());

            escapes(ftpd, curl, url, jail);

            ftpd.awaitStderrContaining("ftpd INFO: transfer 127.0.0.1:", 0, 10);
            ftpd.awaitStderrContaining(" closed after ", 0, 10);
            assertFalse(ftpd.describe().contains("WARNING: "), ftpd.describe());
        } finally {
            try (Stream<Path> all = Files.walk(jail)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The README's first command, {@code ftpd --demo} (here on a free port and as nobody): it makes its
     * own jail under the temp directory, says how to connect, serves the demo tree to curl and is
     * jailed and dropped while it does.
     */
    @Test
    @Timeout(120)
    void ftpdDemo_curl_servesTheDemoTreeFromItsOwnJail() throws Exception {
        Tools.requireRoot();
        String curl = Tools.require("curl", "curl");
        int port = freePort();
        String url = "ftp://127.0.0.1:" + port + "/";
        Path jail = null;
        try (ForkedMain ftpd = ftpd(Path.of(System.getProperty("java.home")),
                List.of("--demo", "--listen", "127.0.0.1:" + port, "--user", "nobody"))) {
            String listening = ftpd.awaitStdout("listening on ", 90);
            String prefix = "listening on 127.0.0.1:" + port + " as nobody, serving ";
            assertTrue(listening.startsWith(prefix), listening);
            jail = Path.of(listening.substring(prefix.length()));
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toRealPath(), jail.getParent(), listening);
            assertTrue(jail.getFileName().toString().startsWith("jail4j-ftpd-demo-"), listening);
            assertEquals(0, Files.getAttribute(jail, "unix:uid"));
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(jail)));
            ftpd.awaitStderrContaining("  curl ftp://127.0.0.1:" + port + "/pub/", 0, 10);
            ftpd.awaitStderrContaining("  lftp -p " + port + " 127.0.0.1", 0, 10);

            assertEquals(DemoTree.HELLO, new String(curl(curl, url + "pub/hello.txt"), StandardCharsets.UTF_8));
            String listing = new String(curl(curl, "-l", url + "pub/"), StandardCharsets.UTF_8);
            assertEquals(Set.of("README.txt", "hello.txt", "data.bin"), Set.of(listing.split("\r?\n")), listing);

            ProcessView view = ProcessView.of(ftpd.pid());
            JailAssertions.assertJailed(view, jail, NOBODY, NOBODY, Set.of(NOBODY));
            assertTrue(view.fds().stream().noneMatch(FdView::directory), view.toString());
            assertFalse(ftpd.describe().contains("WARNING: "), ftpd.describe());
        } finally {
            if (jail != null) {
                try (Stream<Path> all = Files.walk(jail)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Tries the ways out a client has; none may show anything of the host. */
    private static void escapes(ForkedMain ftpd, String curl, String url, Path jail) throws Exception {
        String hostPasswd = Files.readString(Path.of("/etc/passwd"));
        for (String target : List.of("passwd.link", "%2Fetc%2Fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd", "up.link/etc/passwd")) {
            Tools.Result r = Tools.run(30, curl, "-sS", "--max-time", "20", url + target);
            assertNotEquals(0, r.status(), target + " must not be served" + ftpd.describe());
            assertEquals(0, r.stdout().length, target);
        }
        try (LoopbackClient c = new LoopbackClient(new InetSocketAddress(InetAddress.getByName("127.0.0.1"),
                Integer.parseInt(url.substring(url.lastIndexOf(':') + 1, url.length() - 1))), 20_000)) {
            c.reply();
            c.expect("USER anonymous", "331");
            c.expect("PASS x", "230");
            assertEquals("250 Directory successfully changed.", c.command("CWD ../../.."));
            assertEquals("257 \"/\" is the current directory", c.command("PWD"));
            assertEquals("250 Directory successfully changed.", c.command("CWD up.link"), "the kernel stops ../.. at the jail's root");
            String listing = HostileClientTest.text(c.passive("NLST -a"));
            assertTrue(listing.contains("hello.txt") && !listing.contains("bin\r\n") && !listing.contains("proc\r\n"), listing);
            c.expect("CWD /", "250");
            assertEquals("550 Failed to change directory.", c.command("CWD /proc/self/root"));
            assertEquals("550 Could not get file size.", c.command("SIZE /etc/passwd"));
            String stat = c.command("STAT /");
            assertFalse(stat.contains(jail.toString()), "no host path in any reply: " + stat);
            String all = HostileClientTest.text(c.passive("LIST -a /")) + c.command("PWD") + c.command("STAT");
            assertFalse(all.contains(jail.toString()) || all.contains(hostPasswd.substring(0, 20)), all);
        }
    }

    private static byte[] curl(String curl, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(curl, "-sS", "--max-time", "30"));
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(40, cmd);
        assertEquals(0, r.status(), cmd + ": " + r.stderr());
        return r.stdout();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private static ForkedMain ftpd(Path jdk, List<String> args) {
        List<String> all = new java.util.ArrayList<>(List.of("ftpd"));
        all.addAll(args);
        return ForkedMain.start(jdk, Main.class, all, Map.of("LANG", "C.UTF-8"));
    }
}
