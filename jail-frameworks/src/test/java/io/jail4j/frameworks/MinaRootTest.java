package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that Apache MINA FtpServer (ftpserver-core) serves a real FTP client from inside the
 * jail, on JDK 17 and 25: {@code lftp} logs in as a user of a {@code PropertiesUserManager} file
 * kept in the jail, lists the user's home (a directory inside the jail), downloads a file the test
 * put there (same bytes) and uploads one, which lands in the jail owned by uid 65534. MINA binds
 * its port at {@code server.start()}: started before {@code enter()}, as root, it binds a
 * privileged port and keeps serving after the drop; started after {@code enter()} it binds an
 * unprivileged port, and the control run shows that a privileged port then fails with
 * {@code Permission denied}. The server's SLF4J logs (Logback, initialised before {@code
 * enter()}) keep flowing after it: the login is logged. From outside, the child's root is the jail
 * and its four uids are 65534.
 */
class MinaRootTest {
    private static final String USER = "alice";

    @TempDir
    Path base;

    static Stream<Arguments> jdksAndOrders() {
        List<Arguments> out = new ArrayList<>();
        for (Path jdk : Forked.jdks()) {
            out.add(Arguments.of(jdk, "before"));
            out.add(Arguments.of(jdk, "after"));
        }
        return out.stream();
    }

    static List<Path> jdks() {
        return Forked.jdks();
    }

    @ParameterizedTest(name = "{0}, server started {1} enter()")
    @MethodSource("jdksAndOrders")
    void ftpServerInTheJail_lftpSession_logsInListsDownloadsAndUploads(Path jdk, String order) throws Exception {
        Forked.requireRoot();
        String password = UUID.randomUUID().toString();
        Path jail = ftpJail(password);
        byte[] served = new byte[200_000];
        new SecureRandom().nextBytes(served);
        Files.write(jail.resolve("home/" + USER + "/served.bin"), served);
        byte[] upload = new byte[70_000];
        new SecureRandom().nextBytes(upload);
        Path toUpload = Files.write(base.resolve("upload.bin"), upload);
        Path downloaded = base.resolve("downloaded.bin");
        // as root before enter() a privileged port binds; after it, nobody needs an unprivileged one
        int port = order.equals("before") ? freePrivilegedPort() : JmxRootTest.freePort();
        try (Forked child = start(jdk, order, jail, port)) {
            child.awaitStdout("ENTERED", 30);
            String started = child.awaitStdout("START", 30);
            assertEquals("STARTED listening on 127.0.0.1:" + port, started, "the server" + child.describe());
            child.assertJailed(jail);
            String out = lftp(port, password, "ls; get served.bin -o " + downloaded + "; put " + toUpload
                    + " -o uploaded.bin; bye");
            assertTrue(out.lines().anyMatch(l -> l.matches(".* 200000 .* served\\.bin")),
                    "the listing must show served.bin with its size:\n" + out + child.describe());
            assertArrayEquals(served, Files.readAllBytes(downloaded), "downloaded bytes" + child.describe());
            Path landed = jail.resolve("home/" + USER + "/uploaded.bin");
            assertArrayEquals(upload, Files.readAllBytes(landed), "uploaded bytes in the jail" + child.describe());
            assertEquals(65534, Files.getAttribute(landed, "unix:uid"), "owner of the uploaded file");
            assertTrue(child.stdout().stream().anyMatch(l -> l.contains("org.apache.ftpserver.command.impl.PASS --"
                    + " Login success - " + USER)), "the login must be logged through SLF4J" + child.describe());
            child.tell("stop");
            child.awaitStdout("STOPPED", 20);
            assertEquals(0, child.exitCode(20), "exit status" + child.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void privilegedPort_bindAfterEnter_isRefused(Path jdk) throws Exception {
        Forked.requireRoot();
        Path jail = ftpJail("unused");
        int port = freePrivilegedPort();
        try (Forked child = start(jdk, "after", jail, port)) {
            child.awaitStdout("ENTERED", 30);
            String started = child.awaitStdout("START", 30);
            assertTrue(started.startsWith("START-FAILED ") && started.contains("Permission denied"),
                    "nobody must not bind port " + port + ": " + started + child.describe());
            child.assertJailed(jail);
            child.tell("stop");
            assertEquals(0, child.exitCode(20), "exit status" + child.describe());
        }
    }

    /**
     * A jail with {@code etc/ftpusers.properties} (root, 0644; the user's password as SHA-512, the
     * default of {@code PropertiesUserManagerFactory}) and the user's home {@code home/alice}
     * owned by nobody (65534).
     */
    private Path ftpJail(String password) throws Exception {
        Path jail = Forked.newJail(base);
        Path etc = Files.createDirectory(jail.resolve("etc"));
        Files.setAttribute(etc, "unix:mode", 0755);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                .digest(password.getBytes(StandardCharsets.UTF_8)));
        Path users = Files.writeString(etc.resolve("ftpusers.properties"), String.join("\n",
                "ftpserver.user." + USER + ".userpassword=" + hash,
                "ftpserver.user." + USER + ".homedirectory=/home/" + USER,
                "ftpserver.user." + USER + ".enableflag=true",
                "ftpserver.user." + USER + ".writepermission=true", ""));
        Files.setAttribute(users, "unix:mode", 0644);
        Path homes = Files.createDirectory(jail.resolve("home"));
        Files.setAttribute(homes, "unix:mode", 0755);
        Path home = Files.createDirectory(homes.resolve(USER));
        Files.setAttribute(home, "unix:mode", 0755);
        Files.setAttribute(home, "unix:uid", 65534);
        Files.setAttribute(home, "unix:gid", 65534);
        return jail;
    }

    private static Forked start(Path jdk, String order, Path jail, int port) {
        return Forked.start(jdk, MinaChild.class, Forked.keepOnly("ftpserver-core", "ftplet-api", "mina-core",
                "slf4j-api", "logback-"), List.of(), order, jail.toString(), Integer.toString(port));
    }

    /** Runs {@code lftp} against 127.0.0.1:{@code port} as the user; returns its output, failing unless it exits 0. */
    private String lftp(int port, String password, String commands) throws Exception {
        Path log = base.resolve("lftp-" + port + ".log");
        Process p = new ProcessBuilder("lftp", "-p", Integer.toString(port), "-u", USER + "," + password, "-e",
                "set ftp:ssl-allow no; set net:max-retries 1; set net:timeout 5; set xfer:clobber on; " + commands,
                "127.0.0.1").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lftp did not finish within 30 s:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "lftp exit status:\n" + out);
        return out;
    }

    /**
     * A privileged port free on the loopback address right now (this test runs as root), searched
     * from a random start so that concurrent test runs rarely pick the same one.
     */
    private static int freePrivilegedPort() {
        int start = new SecureRandom().nextInt(424);
        for (int i = 0; i < 424; i++) {
            int port = 600 + (start + i) % 424;
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new AssertionError("no free privileged port on 127.0.0.1 between 600 and 1023");
    }
}
