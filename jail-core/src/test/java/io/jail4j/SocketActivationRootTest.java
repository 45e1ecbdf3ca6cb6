package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Socket activation as systemd does it, without systemd as init: {@code systemd-socket-activate}
 * binds the port and execs, at the first client, {@code setpriv} that starts the JVM as uid 999
 * holding only CAP_SYS_CHROOT, CAP_SETUID and CAP_SETGID (ambient, as
 * {@code AmbientCapabilities=} gives them). The daemon takes the sockets, enters the jail as
 * nobody, and answers real clients; every thread is checked from outside before it answers.
 */
class SocketActivationRootTest {
    private static final List<String> AMBIENT = List.of("setpriv", "--reuid=999", "--regid=999", "--clear-groups",
            "--inh-caps=+sys_chroot,+setuid,+setgid", "--ambient-caps=+sys_chroot,+setuid,+setgid", "--");
    static final List<String> OPENS = List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED");
    private Path jail;

    @BeforeEach
    void setUp() {
        RootTests.requireRoot();
        jail = HostFixtures.jail();
    }

    @AfterEach
    void tearDown() {
        HostFixtures.delete(jail);
    }

    static List<Path> jdks() {
        return RootTests.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void oneTcpSocketWithoutJvmOptionNonRootStart_enter_servesFromTheJail(Path jdk) throws Exception {
        int port = freePort(false);
        List<String> prefix = new ArrayList<>(List.of("systemd-socket-activate", "-l", "127.0.0.1:" + port,
                "--fdname=web", "--"));
        prefix.addAll(AMBIENT);
        try (ForkedJvm child = ForkedJvm.startMain(jdk, prefix, List.of(), RootTests.readableClassPath(),
                SocketActivationChild.class, jail.toString(), "nobody", "--getenv-first");
             Socket client = connectWhenListening(port)) { // the first client starts the daemon
            assertEquals("1", child.await("EARLY"));
            assertTrue(child.await("NOTE LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES").contains("still show in System.getenv()"));
            String socket = child.await("SOCKET");
            assertEquals("3 web SOCK_STREAM 127.0.0.1:" + port + " true", socket);
            assertEquals("1", child.await("GETENV"), "without --add-opens java.lang a JDK copy taken earlier keeps LISTEN_*");
            assertEquals("LISTEN_PID= LISTEN_FDS= LISTEN_FDNAMES=", child.await("CHILD-PLAIN"),
                    "a child with the inherited C environment must not see LISTEN_*");
            String pb = child.await("CHILD-PB");
            assertTrue(pb.contains("LISTEN_FDS=1 LISTEN_FDNAMES=web"), "ProcessBuilder.environment() copies the JDK's"
                    + " start-up environment: " + pb);
            String channel = child.await("CHANNEL");
            assertTrue(channel.matches("\\d+ /127\\.0\\.0\\.1:\\d+") && !channel.endsWith(":" + port),
                    "without --add-opens sun.nio.ch the channel shows its placeholder: " + channel);
            int fd = Integer.parseInt(channel.split(" ")[0]);
            assertEquals(fd + " true", child.await("CLOEXEC"));
            String report = child.await("REPORT");
            assertTrue(report.contains("handed over by the service manager"), report);
            assertTrue(report.contains("\"before\":{\"ruid\":999,\"euid\":999,\"suid\":999"), report);
            long pid = Long.parseLong(child.await("ENTERED"));
            assertEquals(List.of(), Outside.violations(pid, jail, 65534, 65534, Set.of(65534L)));
            assertTrue(RootTests.run("ls", "-l", "/proc/" + pid + "/fd").contains(fd + " -> socket:["),
                    "the inherited socket stays open on fd " + fd);
            child.proceed();
            assertEquals("uid 65534 root false via web", read(client));
            assertEquals("DONE", child.rest().get(1));
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void udpAndTcpNestedActivationsWithJvmOptions_enter_bothAnswer(Path jdk) throws Exception {
        int udp = freePort(true);
        int tcp = freePort(false);
        List<String> prefix = new ArrayList<>(List.of("systemd-socket-activate", "--datagram", "-l",
                "127.0.0.1:" + udp, "--fdname=dns-udp", "--", "systemd-socket-activate", "-l", "127.0.0.1:" + tcp,
                "--fdname=dns-tcp", "--"));
        prefix.addAll(AMBIENT);
        try (ForkedJvm child = ForkedJvm.startMain(jdk, prefix, OPENS, RootTests.readableClassPath(),
                SocketActivationChild.class, jail.toString(), "nobody", "--getenv-first");
             DatagramSocket udpClient = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            awaitListening(child, udp);
            udpClient.setSoTimeout(30_000);
            byte[] query = "q".getBytes(StandardCharsets.US_ASCII);
            udpClient.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), udp));
            assertEquals("2", child.await("EARLY"));
            assertTrue(child.await("NOTE LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES").contains("removed from the C environment and from the JDK's copy"));
            assertTrue(child.await("SOCKET").startsWith("3 "), "the UDP socket comes first");
            assertEquals("4 dns-tcp SOCK_STREAM 127.0.0.1:" + tcp + " true", child.await("SOCKET"));
            assertEquals("null", child.await("GETENV"), "--add-opens java.lang lets jail4j clear the JDK's copy");
            assertEquals("LISTEN_PID= LISTEN_FDS= LISTEN_FDNAMES=", child.await("CHILD-PLAIN"));
            assertEquals("LISTEN_PID= LISTEN_FDS= LISTEN_FDNAMES=", child.await("CHILD-PB"));
            assertTrue(child.await("CHANNEL").endsWith(" /127.0.0.1:" + udp), "the corrected local address");
            assertTrue(child.await("CLOEXEC").endsWith(" true"));
            assertTrue(child.await("CHANNEL").endsWith(" /127.0.0.1:" + tcp), "the corrected local address");
            assertTrue(child.await("CLOEXEC").endsWith(" true"));
            System.out.println(RootTests.label(jdk) + " UDP+TCP: " + child.await("TIMING"));
            long pid = Long.parseLong(child.await("ENTERED"));
            assertEquals(List.of(), Outside.violations(pid, jail, 65534, 65534, Set.of(65534L)));
            child.proceed();
            DatagramPacket answer = new DatagramPacket(new byte[512], 512);
            udpClient.receive(answer);
            assertEquals(udp, answer.getPort(), "the answer comes from the activated socket");
            assertTrue(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8)
                    .startsWith("uid 65534 root false via "));
            try (Socket tcpClient = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
                assertEquals("uid 65534 root false via dns-tcp", read(tcpClient));
            }
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    private static final Path JOURNAL_STDOUT = Path.of("/run/systemd/journal/stdout");
    /**
     * Connects fds 1 and 2 to journald's stdout stream socket (path in argv[1]; argv[2] "header"
     * sends journald's stream header) as systemd does for a service with StandardOutput=journal,
     * moves the pipe to the test to fd 20 owned by uid argv[3], then execs the rest.
     */
    private static final String JOURNAL_WRAPPER = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "s.connect(sys.argv[1])",
            "if sys.argv[2] == 'header':",
            "    s.sendall(b'jail4j-test\\n\\n6\\n0\\n0\\n0\\n0\\n')",
            "os.dup2(1, 20)",
            "os.fchown(20, int(sys.argv[3]), -1)", // the JVM reopens it through /proc/self/fd/20 as that uid
            "os.dup2(s.fileno(), 1)",
            "os.dup2(s.fileno(), 2)",
            "s.close()",
            "os.execvp(sys.argv[4], sys.argv[4:])",
            "");

    @ParameterizedTest
    @MethodSource("jdks")
    void stdoutAndStderrOnJournald_nonRootStart_streamsKeptAndStillWritten(Path jdk) throws Exception {
        List<Path> created = new ArrayList<>();
        UnixServer journal = null;
        boolean live = Files.exists(JOURNAL_STDOUT, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        try {
            if (!live) { // no journald without systemd as init: a stand-in bound at journald's path
                for (Path dir = JOURNAL_STDOUT.getParent(); !Files.exists(dir); dir = dir.getParent()) {
                    created.add(0, dir);
                }
                for (Path dir : created) {
                    Files.createDirectory(dir);
                }
                journal = UnixServer.start(JOURNAL_STDOUT, "journal", jail.getParent().resolve(jail.getFileName()
                        + ".journal.log"));
            }
            int port = freePort(false);
            // systemd-socket-activate closes every other descriptor: the wrapper runs after it
            List<String> prefix = new ArrayList<>(List.of("systemd-socket-activate", "-l", "127.0.0.1:" + port, "--",
                    UnixServer.python(), "-c", JOURNAL_WRAPPER, JOURNAL_STDOUT.toString(), live ? "header" : "plain", "999"));
            prefix.addAll(AMBIENT);
            try (ForkedJvm child = ForkedJvm.startMain(jdk, prefix, List.of(), RootTests.readableClassPath(),
                    SocketActivationChild.class, jail.toString(), "nobody", "--out-fd", "20");
                 Socket client = connectWhenListening(port)) {
                String report = child.await("REPORT");
                for (int fd : new int[] {1, 2}) {
                    java.util.regex.Matcher d = java.util.regex.Pattern.compile("\\{\"fd\":" + fd + ",[^}]*}")
                            .matcher(report);
                    assertTrue(d.find(), report);
                    assertTrue(d.group().contains("\"action\":\"kept\"") && d.group().contains("journald stream")
                            && d.group().contains("peer " + JOURNAL_STDOUT), d.group());
                }
                long pid = Long.parseLong(child.await("ENTERED"));
                assertEquals(List.of(), Outside.violations(pid, jail, 65534, 65534, Set.of(65534L)));
                assertTrue(RootTests.run("readlink", "/proc/" + pid + "/fd/1").startsWith("socket:["));
                child.proceed();
                assertEquals("uid 65534 root false via unknown", read(client));
                assertEquals(0, child.exitCode(), child.stderr());
            }
            if (journal != null) {
                assertTrue(journal.log().contains("LINE jailed stderr line"), "the jailed JVM must still write to its"
                        + " journald stream: " + journal.log());
            }
        } finally {
            if (journal != null) {
                journal.close();
            }
            for (int i = created.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(created.get(i));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void inetdNowait_connectionOnStandardInput_servesFromTheJail(Path jdk) throws Exception {
        int port = freePort(false);
        List<String> prefix = new ArrayList<>(List.of("systemd-socket-activate", "--inetd", "-a", "-l",
                "127.0.0.1:" + port, "--"));
        prefix.addAll(AMBIENT);
        try (ForkedJvm child = ForkedJvm.startMain(jdk, prefix, List.of(), RootTests.readableClassPath(),
                InetdChild.class, jail.toString(), "nobody");
             Socket client = connectWhenListening(port)) {
            long pid = Long.parseLong(awaitStderr(child, "ENTERED "));
            String report = awaitStderr(child, "REPORT ");
            assertTrue(report.contains("inetd's socket (System.inheritedChannel())"), report);
            assertEquals("SocketChannelImpl", awaitStderr(child, "CHANNEL "));
            assertEquals(List.of(), Outside.violations(pid, jail, 65534, 65534, Set.of(65534L)));
            client.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("uid 65534 inetd", read(client));
        }
    }

    /** Waits for a line of the child's stderr that starts with {@code prefix} and returns the rest. */
    private static String awaitStderr(ForkedJvm child, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : child.stderr().split("\n")) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no stderr line starting with " + prefix + ": " + child.stderr());
    }

    /** Waits until systemd-socket-activate reports the port on stderr. */
    private static void awaitListening(ForkedJvm child, int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!child.stderr().contains(":" + port + " as ")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("systemd-socket-activate did not listen on " + port + ": " + child.stderr());
            }
            Thread.sleep(20);
        }
    }

    private static Socket connectWhenListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                s.setSoTimeout(60_000);
                return s;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing listens on " + port + ": " + e);
                }
                Thread.sleep(20);
            }
        }
    }

    static String read(Socket s) throws IOException {
        s.setSoTimeout(60_000);
        try (InputStream in = s.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    /** Returns a loopback port that was free a moment ago. */
    static int freePort(boolean udp) throws IOException {
        if (udp) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
