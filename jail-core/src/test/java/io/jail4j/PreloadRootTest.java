package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM keeps working after {@code enter()} into an empty jail (only a {@code tmp}): every
 * feature row of the design notes, on every test JDK, with the default preload; and the rows that
 * need it fail without it, so the test can tell.
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

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void defaultPreload_enter_everyFeatureRowWorksInsideTheJail(Path jdk) {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--rows",
                "--preload-resources", "org/junit/jupiter/api/Test.class")) {
            List<String> out = child.rest();
            Map<String, String> rows = rows(out);
            assertEquals(FeatureRows.rows().keySet(), rows.keySet(), "every row must run: " + out);
            rows.forEach((row, result) -> assertEquals("ok", result, RootTests.label(jdk) + " row " + row));
            assertEquals(0, child.exitCode(), child.stderr());
            assertTrue(child.stderr().contains("ROW-JUL-LINE") && child.stderr().contains("ROW-SYSTEM-LOGGER-LINE"),
                    "log lines written inside the jail must reach stderr: " + child.stderr());
            assertTrue(Files.exists(jail.resolve("tmp/heap.hprof")) && Files.exists(jail.resolve("tmp/late.jfr")),
                    "the heap dump and the recording land in the jail's tmp");
        }
    }

    @Test
    void prepare_enter_usesTheEarlyPreloadAndEveryRowWorks() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--prepare", "--jail",
                jail.toString(), "--user", "nobody", "--rows", "--preload-resources", "org/junit/jupiter/api/Test.class")) {
            String json = child.await("REPORT");
            assertTrue(json.contains("Jail.prepare() ran the default preload early"), json);
            rows(child.rest()).forEach((row, result) -> assertEquals("ok", result, "row " + row));
        }
    }

    @Test
    void withoutDefaultPreload_enter_theRowsThatNeedItFail() {
        try (ForkedJvm child = ForkedJvm.start(Path.of(System.getProperty("java.home")), "--jail", jail.toString(),
                "--user", "nobody", "--rows", "--no-default-preload")) {
            Map<String, String> rows = rows(child.rest());
            for (String row : List.of("aes-gcm", "tls-client-hello", "time-zones", "tcp-channels", "java-util-logging",
                    "mxbeans", "resource-from-jar")) {
                assertTrue(rows.get(row).startsWith("FAIL"), "control: " + row + " should fail without preload: " + rows);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void classFromADirectoryFirstUsedAfterEnter_loadsOnlyWhenItsPackageWasPreloaded(Path jdk) {
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
