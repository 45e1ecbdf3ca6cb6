package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM keeps working after {@code enter()} into an empty jail (only a {@code tmp}) in a plain
 * forked JVM: every feature row of the design notes with the default preload run inline by
 * {@code enter()}, on every test JDK, with its log lines on the real stderr; and the rows that
 * need it fail without it, so the test can tell. Class directories, host-name preloads and
 * refusals are checked here too.
 *
 * <p>Each row as a test of its own, after {@code Jail.prepare()}, on the running JDK and JDK 25,
 * with the files it writes in the jail, is jail-testkit's {@code PreloadJailedTest}.
 */
class PreloadRootTest {
    private static final String CLASSPATH = System.getProperty("java.class.path");
    private Path jail;

    @BeforeEach
    void setUp() throws Exception {
        RootTests.requireRoot();
        jail = HostFixtures.jail();
        Files.createDirectory(jail.resolve("tmp"));
        Files.setPosixFilePermissions(jail.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        RootTests.run("chmod", "1777", jail.resolve("tmp").toString());
    }

    @AfterEach
    void tearDown() {
        HostFixtures.delete(jail);
    }

    private static Map<String, String> rows(List<String> lines) {
        Map<String, String> rows = new TreeMap<>();
        for (String line : lines) {
            if (line.startsWith("ROW ")) {
                String[] f = line.split(" ", 3);
                rows.put(f[1], f[2]);
            }
        }
        return rows;
    }

    /**
     * The path a daemon takes that never calls {@code Jail.prepare()}: jail-testkit's children
     * always do, so the inline default preload is checked here.
     */
    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void withoutPrepare_enter_runsTheDefaultPreloadInlineAndEveryRowWorks(Path jdk) {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--rows",
                "--mirror-class-path")) {
            String json = child.await("REPORT");
            assertTrue(json.contains("default preload ran inline"), json);
            assertTrue(json.contains("mirrored into the jail at the same paths"), json);
            List<String> out = child.rest();
            Map<String, String> rows = rows(out);
            Set<String> expected = new TreeSet<>(FeatureRows.rows().keySet());
            expected.addAll(FeatureRows.byPathRows().keySet());
            assertEquals(expected, rows.keySet(), "every row must run: " + out);
            assertAll(rows.entrySet().stream().map(row -> () -> assertEquals("ok", row.getValue(),
                    RootTests.label(jdk) + " row " + row.getKey())));
            assertEquals(0, child.exitCode(), child.stderr());
            assertTrue(child.stderr().contains("ROW-JUL-LINE") && child.stderr().contains("ROW-SYSTEM-LOGGER-LINE"),
                    "log lines written inside the jail must reach stderr: " + child.stderr());
        }
    }

    @Test
    void withoutDefaultPreload_enter_theRowsThatNeedItFail() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                "--user", "nobody", "--rows", "--no-default-preload")) {
            Map<String, String> rows = rows(child.rest());
            for (String row : List.of("aes-gcm", "tls-client-hello", "time-zones", "tcp-channels", "java-util-logging",
                    "mxbeans")) {
                assertTrue(rows.get(row).startsWith("FAIL"), "control: " + row + " should fail without preload: " + rows);
            }
        }
    }

    /**
     * Without {@code mirrorClassPath()}: what the jar cache serves keeps working for every jar,
     * including one nothing opened before {@code enter()}; what reopens a jar by path fails, and
     * the report named every jar that is not in the jail.
     */
    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void withoutMirror_enter_cachedResourcesWorkByPathRowsFailAndReportNamesJars(Path jdk) {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--rows")) {
            String json = child.await("REPORT");
            Map<String, String> rows = rows(child.rest());
            for (String row : List.of("resource-from-jar", "resource-of-untouched-jar", "class-get-resource")) {
                assertEquals("ok", rows.get(row), RootTests.label(jdk) + " row " + row + ": " + rows);
            }
            for (String row : FeatureRows.byPathRows().keySet()) {
                assertTrue(rows.get(row).startsWith("FAIL"), "control: " + row + " reopens by path: " + rows);
            }
            for (String jar : CLASSPATH.split(java.io.File.pathSeparator)) {
                if (jar.endsWith(".jar") && jar.contains("junit-platform-engine")) {
                    assertTrue(json.contains(Path.of(jar).toAbsolutePath() + "*"), "named with its providers: " + json);
                    assertTrue(json.contains("jar(s) not at their host path inside the jail") && json.contains(
                            "ServiceLoader providers of the"), json);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void classFromADirectoryFirstUsedAfterEnter_load_worksOnlyWhenItsPackageWasPreloaded(Path jdk) {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--use-late",
                "--preload-packages", "io.jail4j.late")) {
            assertEquals("ok late hello", child.await("LATE"));
        }
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--use-late")) {
            assertTrue(child.await("LATE").startsWith("FAIL"), "control: without the preload the class cannot load");
        }
    }

    @Test
    void preloadedHostName_afterTheJvmCacheExpires_resolvesThroughTheJailsHostsFile() throws Exception {
        Files.createDirectory(jail.resolve("etc"));
        Files.writeString(jail.resolve("etc/hosts"), "127.0.0.2 localhost\n");
        List<String> ttl1 = List.of("-Dsun.net.inetaddr.ttl=1");
        try (ForkedJvm child = ForkedJvm.startWith(Path.of(System.getProperty("java.home")), List.of(), ttl1, CLASSPATH,
                "--jail", jail.toString(), "--user", "nobody", "--preload-hosts", "localhost", "--resolve-after", "2:localhost")) {
            assertEquals("ok 127.0.0.2", child.await("RESOLVE"), "after the cache expired, the jail's etc/hosts answers");
        }
        try (ForkedJvm child = ForkedJvm.startWith(Path.of(System.getProperty("java.home")), List.of(),
                List.of("-Dsun.net.inetaddr.ttl=100"), CLASSPATH,
                "--jail", jail.toString(), "--user", "nobody", "--preload-hosts", "localhost", "--resolve-after", "2:localhost")) {
            assertEquals("ok 127.0.0.1", child.await("RESOLVE"), "within the cache, the host's answer from before enter()");
        }
    }

    @Test
    void unresolvableHostName_preload_refusesNamingIt() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                "--user", "nobody", "--preload-hosts", "localhost,no-such-host.invalid")) {
            String refused = child.await("REFUSED");
            assertTrue(refused.startsWith("PreloadException preload #1 (host names [localhost, no-such-host.invalid])")
                    && refused.contains("no-such-host.invalid does not resolve"), refused);
        }
    }
}
