package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Enters real jails in forked JVMs as root, on every test JDK, and checks what only such a harness
 * can: threads started before {@code enter()}, seen from outside ({@code /proc/PID}); the child's
 * whole stderr; escape probes without {@code enter()}, which must get out; refusals before the
 * point of no return; descriptors opened before {@code enter()}; the audit.
 *
 * <p>The escape probes inside a jail and the numeric target are jail-testkit's
 * {@code EnterJailedTest}.
 */
class EnterRootTest {
    private Path jail;
    private Path marker;

    static List<Path> jdks() {
        return RootTests.jdks();
    }

    @BeforeEach
    void setUp() {
        RootTests.requireRoot();
        jail = HostFixtures.jail();
        marker = HostFixtures.marker();
    }

    @AfterEach
    void tearDown() {
        HostFixtures.delete(jail);
        HostFixtures.delete(marker);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void userWithGroupsAndThreads_enter_dropsEveryThreadAndPrintsNothing(Path jdk) throws Exception {
        HostFixtures.HostUser user = HostFixtures.user();
        assertTrue(user.groups().size() >= 4, "the test user needs supplementary groups: " + user);
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", user.name(),
                "--threads", "8", "--pause")) {
            String json = child.await("REPORT");
            long pid = Long.parseLong(child.await("ENTERED"));
            assertEquals(child.pid(), pid);
            List<String> violations = Outside.violations(pid, jail, user.uid(), user.gid(), user.groups());
            assertEquals(List.of(), violations, RootTests.label(jdk) + " not jailed");
            assertTrue(json.contains("\"groups\":" + user.groups().toString().replace(" ", "")), json);
            child.proceed();
            List<String> rest = child.rest();
            assertTrue(rest.contains("DONE"), rest.toString());
            assertEquals(0, child.exitCode(), child.stderr());
            assertEquals("", child.stderr().strip(), RootTests.label(jdk) + " must print no warnings");
        }
    }

    @Test
    void noEnter_escapeProbes_seeTheHost() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--no-enter",
                "--marker", marker.toString())) {
            List<String> lines = child.rest();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("ESCAPE absolute-read ESCAPED")),
                    "the probes must be able to fail: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("ESCAPE setuid-0 ESCAPED")), lines.toString());
        }
    }

    private String refusal(List<String> prefix, String... args) {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), prefix, args)) {
            String refused = child.await("REFUSED");
            assertEquals(3, child.exitCode(), child.stderr());
            assertFalse(child.seen().contains("AFTER-ENTER"));
            return refused;
        }
    }

    @Test
    void symlinkedJail_enter_refusesNamingTheLink() throws Exception {
        Path link = jail.resolveSibling(jail.getFileName() + "-link");
        Files.createSymbolicLink(link, jail);
        try {
            String refused = refusal(List.of(), "--jail", link.toString(), "--user", "nobody");
            assertTrue(refused.startsWith("JailPathException") && refused.contains("symbolic link"), refused);
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void worldWritableJail_enter_refusesNamingTheMode() {
        jail.toFile().setWritable(true, false);
        RootTests.run("chmod", "0777", jail.toString());
        String refused = refusal(List.of(), "--jail", jail.toString(), "--user", "nobody");
        assertTrue(refused.contains("writable by group and others (mode 0777)"), refused);
    }

    @Test
    void jailOwnedByAUser_enter_refusesNamingTheOwner() {
        RootTests.run("chown", "65534", jail.toString());
        String refused = refusal(List.of(), "--jail", jail.toString(), "--user", "nobody");
        assertTrue(refused.contains("owned by uid 65534, not root"), refused);
    }

    @Test
    void unknownUser_enter_refusesNamingTheUser() {
        String refused = refusal(List.of(), "--jail", jail.toString(), "--user", "no-such-user-j4j");
        assertTrue(refused.startsWith("UnknownUserException") && refused.contains("no-such-user-j4j"), refused);
    }

    @Test
    void openDirectoryDescriptor_enter_refusesNamingIt() {
        String refused = refusal(List.of(), "--jail", jail.toString(), "--user", "nobody", "--close-fds", "--open-dir", "/etc");
        assertTrue(refused.startsWith("OpenDescriptorException") && refused.contains("-> /etc"), refused);
    }

    @Test
    void rootWithoutCapSysChroot_enter_refusesNamingTheCapability() {
        String refused = refusal(List.of("setpriv", "--bounding-set=-sys_chroot", "--"),
                "--jail", jail.toString(), "--user", "nobody");
        assertTrue(refused.startsWith("MissingCapabilityException enter(): the process lacks CAP_SYS_CHROOT in its"
                + " effective capability set"), refused);
    }

    @Test
    void strayHostFile_closeFds_neutralisesIt() throws Exception {
        Path log = Files.createTempFile("jail4j-log-", ".log");
        try {
            try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                    "--user", "nobody", "--close-fds", "--open-file", log.toString())) {
                String json = child.await("REPORT");
                assertTrue(json.contains("\"action\":\"neutralised\",\"target\":\"" + log + "\""), json);
                assertTrue(json.contains("was open for writing on the host file " + log + ": closeFds() points it at"
                        + " /dev/null, so everything written to it after enter() is lost"), json);
                assertTrue(child.rest().contains("DONE"));
                assertEquals(0, child.exitCode(), child.stderr());
            }
            assertEquals("", Files.readString(log), "a write after enter() must not reach the host file");
            try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                    "--user", "nobody", "--open-file", log.toString(), "--insecure-keep", log.toString())) {
                String json = child.await("REPORT");
                assertTrue(json.contains("INSECURE: fd ") && json.contains(log + " (test)"), json);
                assertTrue(child.rest().contains("DONE"));
            }
            assertEquals("written-after-enter\n", Files.readString(log), "control: kept insecurely, the write lands");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void auditedJailWithASetuidFile_enter_refusesNamingIt() throws Exception {
        Path tool = jail.resolve("tool");
        Files.writeString(tool, "#!/bin/sh\n");
        RootTests.run("chmod", "4755", tool.toString());
        String refused = refusal(List.of(), "--jail", jail.toString(), "--user", "nobody", "--audit");
        assertTrue(refused.startsWith("JailAuditException") && refused.contains("tool"), refused);
    }

    /**
     * The report's total is what the caller waited: with {@code Jail.prepare()} called just before,
     * {@code enter()} blocks while the native binding loads, and that wait is in the total.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void prepareStillLoading_enter_reportsWhatTheCallersStopwatchSaw(Path jdk) {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--prepare", "--jail", jail.toString(), "--user", "nobody")) {
            String json = child.await("REPORT");
            long stopwatch = Long.parseLong(child.await("STOPWATCH"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"totalNanos\":(\\d+)").matcher(json);
            assertTrue(m.find(), json);
            long total = Long.parseLong(m.group(1));
            assertTrue(total <= stopwatch && total >= stopwatch * 0.95 - 2_000_000L,
                    RootTests.label(jdk) + ": report total " + total + " ns, caller's stopwatch " + stopwatch + " ns");
            assertTrue(json.contains("enter() waited ") && json.contains(" ms for the native binding"), json);
        }
    }

    @Test
    void auditedMirroredJail_enter_copiesTheClassPathAndTheAuditChecksIt() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                "--user", "nobody", "--audit", "--mirror-class-path")) {
            String json = child.await("REPORT");
            assertTrue(json.contains("mirrored into the jail at the same paths") && json.contains("audit passed: "), json);
            assertTrue(child.rest().contains("DONE"));
        }
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path host = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar")) {
                assertTrue(Files.isRegularFile(jail.resolve(host.toString().substring(1))), "no copy of " + host);
            }
        }
    }

    @Test
    void auditedCleanJail_enter_entersAndNotesTheAudit() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                "--user", "nobody", "--audit")) {
            String json = child.await("REPORT");
            assertTrue(json.contains("audit passed: "), json);
            assertTrue(child.rest().contains("DONE"));
        }
    }

    static String describe(List<String> lines) {
        return lines.stream().collect(Collectors.joining("\n"));
    }
}
