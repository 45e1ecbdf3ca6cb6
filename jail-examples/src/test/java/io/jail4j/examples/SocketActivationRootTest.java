package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.inspect.FdView;
import io.jail4j.inspect.ProcessView;
import io.jail4j.testkit.JailAssertions;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --listen systemd} of the demo, dnsd and ftpd as a socket unit runs them, without
 * systemd as init: {@code systemd-socket-activate} binds the port and execs, at the first client,
 * {@code setpriv} that starts the JVM as uid 999 holding only CAP_SYS_CHROOT, CAP_SETUID and
 * CAP_SETGID as ambient capabilities ({@code User=}, {@code AmbientCapabilities=}). A real
 * client ({@code curl}, {@code dig}, a socket) gets its answer, and every thread is checked from
 * outside while it serves. Not root: skipped, unless {@code CI=true}, where it fails.
 */
class SocketActivationRootTest {
    static final List<String> AMBIENT = List.of("setpriv", "--reuid=999", "--regid=999", "--clear-groups",
            "--inh-caps=+sys_chroot,+setuid,+setgid", "--ambient-caps=+sys_chroot,+setuid,+setgid", "--");
    /**
     * What docs/systemd/jail4j-demo.service sets, as setpriv options: its User= (a uid without
     * a user here, 999), AmbientCapabilities=, CapabilityBoundingSet=, NoNewPrivileges=.
     */
    static List<String> asTheUnitFile() throws IOException {
        UnitFile service = UnitFile.read("jail4j-demo.service");
        List<String> setpriv = new ArrayList<>(List.of("setpriv", "--reuid=999", "--regid=999", "--clear-groups",
                "--bounding-set=-all," + UnitFile.setprivCaps(service.get("CapabilityBoundingSet")),
                "--inh-caps=-all," + UnitFile.setprivCaps(service.get("AmbientCapabilities")),
                "--ambient-caps=" + UnitFile.setprivCaps(service.get("AmbientCapabilities"))));
        if (service.get("NoNewPrivileges").equals("yes")) {
            setpriv.add("--nnp");
        }
        setpriv.add("--");
        return setpriv;
    }
    private static final Pattern NOBODY = Pattern.compile("nobody\\(uid=(\\d+) gid=(\\d+) groups=\\[([\\d, ]*)\\]\\)");
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
    private Path tmp;
    private String classPath;

    static List<Path> jdks() throws IOException {
        return DemoRootTest.jdks();
    }

    @BeforeEach
    void setUp() throws Exception {
        requireRoot();
        require("systemd", "/usr/bin/systemd-socket-activate");
        tmp = Files.createTempDirectory("jail4j-sockact-");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        classPath = readableClassPath(tmp.resolve("cp"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tmp != null) {
            new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    @Timeout(180)
    void startedAsTheUnitFileSays_demoListenSystemd_servesJailed(Path jdk) throws Exception {
        Path jail = jail("demo");
        int port = freeTcpPort();
        UnitFile socket = UnitFile.read("jail4j-demo.socket");
        List<String> prefix = new ArrayList<>(List.of("systemd-socket-activate", "-l", "127.0.0.1:" + port,
                "--fdname=" + socket.get("FileDescriptorName"), "--"));
        prefix.addAll(asTheUnitFile());
        try (ForkedMain demo = ForkedMain.startVia(prefix, jdk, List.of(), classPath, Main.class,
                List.of("demo", "--listen", "systemd", "--jail", jail.toString(), "--connections", "2", "--json"))) {
            demo.awaitStderr("Listening on 127.0.0.1:" + port, 30);
            String first = ask(port); // the first client starts the daemon
            Matcher pid = Pattern.compile("  pid: +(\\d+)\n").matcher(first);
            assertTrue(pid.find(), first);
            assertTrue(first.contains("  uid:                        ruid=65534 euid=65534 suid=65534\n"), first);
            assertTrue(first.contains("  root:                       / (host path " + jail + ")\n"), first);
            String listening = demo.awaitStderr("listening on ", 30);
            assertEquals("listening on 127.0.0.1:" + port + " (from the service manager) as nobody in " + jail, listening);
            String report = demo.awaitStdout("{", 30);
            assertTrue(report.contains("\"before\":{\"ruid\":999,\"euid\":999,\"suid\":999"), report);
            assertTrue(report.contains("handed over by the service manager: fd "), report);
            assertTrue(report.contains("CapBnd 400c0"), "the bounding set of the unit file: " + report);
            ProcessView view = ProcessView.of(Long.parseLong(pid.group(1)));
            JailAssertions.assertJailed(view, jail, 65534, 65534, Set.of(65534L));
            assertTrue(view.tasks().size() > 5, view.toString());
            assertTrue(view.fds().stream().noneMatch(FdView::directory), view.toString());
            assertTrue(ask(port).contains("  host file /etc/passwd visible: no\n"));
            assertEquals(0, demo.exitCode(60), demo.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    @Timeout(180)
    void udpAndTcpFromTwoNestedActivations_dnsdListenSystemd_answersDigJailed(Path jdk) throws Exception {
        require("bind9-dnsutils", "/usr/bin/dig");
        Path jail = jail("dns");
        Path zones = Files.createDirectory(jail.resolve("zones"));
        Files.setPosixFilePermissions(zones, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path zone = Files.writeString(zones.resolve("act.zone"), "$ORIGIN act.test.\n$TTL 300\n"
                + "@ SOA ns hostmaster 7 3600 600 86400 60\n@ NS ns\nns A 127.0.0.11\nwww A 127.0.0.21\n");
        int port = freeUdpAndTcpPort();
        List<String> prefix = new ArrayList<>(List.of("systemd-socket-activate", "--datagram", "-l",
                "127.0.0.1:" + port, "--fdname=dns-udp", "--", "systemd-socket-activate", "-l", "127.0.0.1:" + port,
                "--fdname=dns-tcp", "--"));
        prefix.addAll(AMBIENT);
        try (ForkedMain dnsd = ForkedMain.startVia(prefix, jdk, List.of(), classPath, Main.class,
                List.of("dnsd", "--listen", "systemd", "--zone", zone.toString(), "--jail", jail.toString()))) {
            dnsd.awaitStderr("Listening on 127.0.0.1:" + port, 30);
            String udp = dig(port, "www.act.test", "A"); // starts the daemon; dig retries once
            assertTrue(udp.contains("www.act.test.\t\t300\tIN\tA\t127.0.0.21"), udp);
            String serving = dnsd.awaitStderrContaining("jail4j dnsd: serving act.test. (serial 7) on UDP 127.0.0.1:"
                    + port + " and TCP 127.0.0.1:" + port + " (from the service manager)", 0, 60);
            Matcher target = NOBODY.matcher(String.join("\n", dnsd.stdout()));
            assertTrue(target.find(), "no entry report on stdout" + dnsd.describe());
            assertTrue(String.join("\n", dnsd.stdout()).contains("handed over by the service manager"), dnsd.describe());
            String tcp = dig(port, "www.act.test", "A", "+tcp");
            assertTrue(tcp.contains("www.act.test.\t\t300\tIN\tA\t127.0.0.21"), tcp);
            long pid = javaPid(dnsd.pid());
            ProcessView view = ProcessView.of(pid);
            JailAssertions.assertJailed(view, jail, 65534, 65534, Set.of(65534L));
            assertTrue(view.fds().stream().noneMatch(FdView::directory), view.toString());
            assertTrue(serving.endsWith(" as nobody in " + jail), serving);
            assertTrue(dnsd.alive(), dnsd.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    @Timeout(180)
    void ftpd_listenSystemd_curlListsAndFetchesFromTheJail(Path jdk) throws Exception {
        require("curl", "/usr/bin/curl");
        Path root = jail("ftp");
        Files.writeString(root.resolve("hello.txt"), "hello from the jail\n");
        int port = freeTcpPort();
        List<String> prefix = new ArrayList<>(List.of("systemd-socket-activate", "-l", "127.0.0.1:" + port,
                "--fdname=ftp", "--"));
        prefix.addAll(AMBIENT);
        try (ForkedMain ftpd = ForkedMain.startVia(prefix, jdk, List.of(), classPath, Main.class,
                List.of("ftpd", "--listen", "systemd", "--root", root.toString(), "--user", "nobody"))) {
            ftpd.awaitStderr("Listening on 127.0.0.1:" + port, 30);
            String file = run("curl", "-sS", "--max-time", "50", "ftp://127.0.0.1:" + port + "/hello.txt");
            assertEquals("hello from the jail\n", file);
            String listening = ftpd.awaitStdout("listening on ", 30);
            assertEquals("listening on 127.0.0.1:" + port + " (from the service manager) as nobody, serving " + root,
                    listening);
            String list = run("curl", "-sS", "--max-time", "50", "ftp://127.0.0.1:" + port + "/");
            assertTrue(list.contains("hello.txt"), list);
            ProcessView view = ProcessView.of(javaPid(ftpd.pid()));
            JailAssertions.assertJailed(view, root, 65534, 65534, Set.of(65534L));
            assertTrue(String.join("\n", ftpd.stdout()).contains("handed over by the service manager"), ftpd.describe());
            assertTrue(ftpd.alive(), ftpd.describe());
        }
    }

    private static void requireRoot() throws IOException {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.substring(4).trim().split("\\s+")[1].equals("0"));
        if (!root) {
            if (CI) {
                fail("this test needs root and CI=true is set: a root test must run in CI, not be skipped");
            }
            Assumptions.abort("needs root (run the tests as root; CI=true turns this skip into a failure)");
        }
    }

    private static void require(String packages, String path) {
        if (!Files.isExecutable(Path.of(path))) {
            String why = path + " is missing (apt-get install -y " + packages + ")";
            if (CI) {
                fail("CI=true: " + why + "; this test must run in CI, not be skipped");
            }
            Assumptions.abort(why);
        }
    }

    /** Runs a command for at most 60 s; returns its standard output, standard error appended. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sockact-tool-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within 60 s");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String dig(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port), "+norec",
                "+tries=2", "+time=10"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(new String[0]));
    }

    /** Returns the JVM's pid: the activation tool execs it in place, so the started pid, checked by its name. */
    private static long javaPid(long started) throws IOException {
        String comm = Files.readString(Path.of("/proc/" + started + "/comm")).trim();
        assertEquals("java", comm, "systemd-socket-activate execs the daemon in place");
        return started;
    }

    private Path jail(String name) throws IOException {
        Path jail = Files.createDirectory(tmp.resolve(name));
        Files.setPosixFilePermissions(jail, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jail.toRealPath();
    }

    private static String ask(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(60_000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Returns a loopback port free for UDP and TCP a moment ago. */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = freeTcpPort();
            try (DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    /** Copies the class path where uid 999 can read it (the original may sit under a 0700 home). */
    private static String readableClassPath(Path dir) throws IOException, InterruptedException {
        Files.createDirectory(dir);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = dir.resolve((n++) + "-" + from.getFileName());
            assertEquals(0, new ProcessBuilder("cp", "-r", from.toString(), to.toString()).start().waitFor());
            entries.add(to.toString());
        }
        assertEquals(0, new ProcessBuilder("chmod", "-R", "a+rX", dir.toString()).start().waitFor());
        return String.join(java.io.File.pathSeparator, entries);
    }
}
