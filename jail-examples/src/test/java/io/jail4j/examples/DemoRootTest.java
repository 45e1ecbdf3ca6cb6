package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.inspect.FdView;
import io.jail4j.inspect.ProcessView;
import io.jail4j.testkit.JailAssertions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the demo as root in a child JVM, on the running JDK and on Temurin 25: it must serve its
 * jailed state, look jailed and dropped from outside while it runs, and exit 0 after two
 * connections. Not root: skipped, unless {@code CI=true}, where it fails (a root test must run in
 * CI). {@code JAIL4J_TEST_JDKS} (JDK homes separated by ':') replaces the list of JDKs.
 */
class DemoRootTest {
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final long NOBODY = 65534;
    private static final Pattern TARGET =
            Pattern.compile("\"target\":\\{\"name\":\"nobody\",\"uid\":(\\d+),\"gid\":(\\d+),\"groups\":\\[([\\d,]*)\\]");

    static List<Path> jdks() throws IOException {
        String override = System.getenv("JAIL4J_TEST_JDKS");
        Set<Path> homes = new LinkedHashSet<>();
        if (override != null && !override.isBlank()) {
            for (String home : override.split(":")) {
                homes.add(Path.of(home).toRealPath());
            }
            return new ArrayList<>(homes);
        }
        homes.add(Path.of(System.getProperty("java.home")).toRealPath());
        if (Files.isExecutable(TEMURIN_25.resolve("bin/java"))) {
            homes.add(TEMURIN_25.toRealPath());
        } else if (CI) {
            fail("CI=true but there is no Temurin 25 at " + TEMURIN_25 + ": the root test must run on JDK 25 too"
                    + " (or set JAIL4J_TEST_JDKS)");
        }
        return new ArrayList<>(homes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    @Timeout(180)
    void demoAsRoot_twoConnections_servesJailedStateLooksJailedFromOutsideAndExitsZero(Path jdk) throws Exception {
        requireRoot();
        int port = freePort();
        Path jail = null;
        try (ForkedMain demo = ForkedMain.start(jdk, Main.class, List.of("demo", "--listen", "127.0.0.1:" + port, "--connections", "2", "--json"), Map.of())) {
            String listening = demo.awaitStderr("listening on ", 90);
            String prefix = "listening on 127.0.0.1:" + port + " as nobody in ";
            assertTrue(listening.startsWith(prefix), listening);
            jail = Path.of(listening.substring(prefix.length()));
            assertTrue(jail.getFileName().toString().startsWith("jail4j-demo-"), listening);

            demo.awaitStdout("{", 30); // printed before the listening line, but read by another thread
            List<String> stdout = demo.stdout();
            assertEquals(1, stdout.size(), "stdout must be the report alone, as one JSON object" + demo.describe());
            String report = stdout.get(0);
            assertTrue(report.startsWith("{\"jail\":\"" + jail + "\"") && report.endsWith("}"), report);
            Matcher target = TARGET.matcher(report);
            assertTrue(target.find(), "no nobody target in " + report);
            long uid = Long.parseLong(target.group(1));
            long gid = Long.parseLong(target.group(2));
            Set<Long> groups = new TreeSet<>();
            for (String g : target.group(3).split(",")) {
                groups.add(Long.parseLong(g));
            }
            assertEquals(NOBODY, uid, report);

            String first = ask(port);
            assertTrue(first.contains("  pid:                        " + demo.pid() + "\n"), first);
            assertTrue(first.contains("  uid:                        ruid=65534 euid=65534 suid=65534\n"), first);
            assertTrue(first.contains("  gid:                        rgid=" + gid + " egid=" + gid + " sgid=" + gid + "\n"), first);
            assertTrue(first.contains("  root:                       / (host path " + jail + ")\n"), first);
            assertTrue(first.contains("  host file /etc/passwd visible: no\n"), first);

            ProcessView view = ProcessView.of(demo.pid());
            JailAssertions.assertJailed(view, jail, uid, gid, groups);
            assertTrue(view.tasks().size() > 5, "a JVM has many threads, read " + view.tasks().size() + ":\n" + view);
            assertTrue(view.fds().stream().noneMatch(FdView::directory), view.toString());
            assertEquals(0, inspect(demo.pid(), jail, uid, gid, groups), "inspect disagrees with JailAssertions");

            String second = ask(port);
            assertTrue(second.contains("  host file /etc/passwd visible: no\n"), second);

            assertEquals(0, demo.exitCode(60), demo.describe());
            for (String line : demo.stderr()) {
                assertTrue(!line.contains("WARNING") && !line.startsWith("jail4j"), "unexpected stderr line: "
                        + line + demo.describe());
            }
        } finally {
            if (jail != null) {
                Files.deleteIfExists(jail);
            }
        }
    }

    private static int inspect(long pid, Path jail, long uid, long gid, Set<Long> groups) {
        StringBuilder list = new StringBuilder();
        for (long g : groups) {
            list.append(list.length() == 0 ? "" : ",").append(g);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(List.of("inspect", Long.toString(pid), "--jail", jail.toString(), "--uid", Long.toString(uid),
                "--gid", Long.toString(gid), "--groups", list.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith(": yes\n"), text);
        return status;
    }

    /**
     * {@code demo --learn PLANFILE}: the launcher's one way into learn mode. From outside the
     * process is not chrooted but runs as nobody on every id; the demo, the report and stderr say
     * NOT JAILED; the plan is written at exit, owned by nobody, and reads back.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    @Timeout(180)
    void learnOption_demo_runsNotJailedSaysSoAndWritesThePlanAtExit(Path jdk) throws Exception {
        requireRoot();
        int port = freePort();
        Path planDir = Files.createTempDirectory("jail4j-demo-learn-");
        Files.setPosixFilePermissions(planDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path plan = planDir.resolve("plan.txt");
        Path jail = null;
        try (ForkedMain demo = ForkedMain.start(jdk, Main.class, List.of("demo", "--listen", "127.0.0.1:" + port,
                "--connections", "1", "--json", "--learn", plan.toString()), Map.of())) {
            String listening = demo.awaitStderr("listening on ", 90);
            assertEquals("listening on 127.0.0.1:" + port + " as nobody, NOT JAILED (learn mode, plan " + plan + ")",
                    listening);
            String report = demo.awaitStdout("{", 30);
            Matcher where = Pattern.compile("^\\{\"jail\":\"([^\"]+)\"").matcher(report);
            assertTrue(where.find(), report);
            jail = Path.of(where.group(1));
            assertTrue(report.endsWith(",\"jailed\":false,\"learnPlan\":\"" + plan + "\"}"), report);
            assertEquals(Path.of("/"), Files.readSymbolicLink(Path.of("/proc/" + demo.pid() + "/root")));
            String uid = Files.readAllLines(Path.of("/proc/" + demo.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElse("");
            assertTrue(uid.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534"), uid);

            String answer = ask(port);
            assertTrue(answer.contains("  host file /etc/passwd visible: YES (not jailed!)\n"), answer);
            assertEquals(0, demo.exitCode(60), demo.describe());
            assertTrue(demo.stderr().stream().anyMatch(l -> l.startsWith("jail4j: LEARN MODE: this process is NOT JAILED")),
                    demo.describe());
        } finally {
            if (jail != null) {
                Files.deleteIfExists(jail);
            }
        }
        try {
            String text = Files.readString(plan);
            assertTrue(text.startsWith("# jail4j learn plan for the jail " + jail + ", target nobody"), text);
            assertTrue(text.contains("# == Plan calls"), text);
            assertEquals("nobody", Files.getOwner(plan).getName());
            assertEquals(List.of(), io.jail4j.LearnPlan.read(plan).cannotCover(), text);
        } finally {
            Files.deleteIfExists(plan);
            Files.deleteIfExists(planDir);
        }
    }

    private static String ask(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private static void requireRoot() throws IOException {
        boolean root = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                root = line.substring(4).trim().split("\\s+")[1].equals("0");
            }
        }
        if (!root) {
            if (CI) {
                fail("this test needs root and CI=true is set: a root test must run in CI, not be skipped");
            }
            Assumptions.abort("needs root (run the tests as root; CI=true turns this skip into a failure)");
        }
    }
}
