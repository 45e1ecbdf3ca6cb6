package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.inspect.FdView;
import io.jail4j.inspect.JailVerdict;
import io.jail4j.inspect.ProcessView;
import io.jail4j.testkit.JailAssertions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import io.jail4j.examples.ForkedMain;
import io.jail4j.examples.Main;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code dnsd} as root in a child JVM, on the running JDK and on Temurin 25: it answers
 * {@code dig} over UDP and TCP, looks jailed and dropped from outside while serving (no directory
 * descriptor), reloads a zone changed inside the jail on SIGHUP (and keeps the old one when the
 * new one is broken, naming file and line), and transfers zones only to the client its TCP
 * wrappers rules allow. Not root, or no dig: skipped, unless {@code CI=true}, where it fails.
 * {@code JAIL4J_TEST_JDKS} (JDK homes separated by ':') replaces the list of JDKs.
 */
class DnsdRootTest {
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Pattern TARGET = Pattern.compile("as nobody\\(uid=(\\d+) gid=(\\d+) groups=\\[([\\d, ]*)\\]\\)");
    private static final String ZONE = "$ORIGIN e2e.test.\n$TTL 300\n@ SOA ns hostmaster SERIAL 3600 600 86400 60\n"
            + "@ NS ns\nns A 127.0.0.11\nwww A ADDRESS\n$INCLUDE /zones/extra.inc\n";

    @TempDir
    Path tmp;

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
        } else if (Tools.CI) {
            fail("CI=true but there is no Temurin 25 at " + TEMURIN_25 + " (or set JAIL4J_TEST_JDKS)");
        }
        return new ArrayList<>(homes);
    }

    private static String zone(int serial, String address) {
        return ZONE.replace("SERIAL", Integer.toString(serial)).replace("ADDRESS", address);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    @Timeout(180)
    void dnsdAsRoot_serveReloadTransfer_jailedDroppedAndAnswering(Path jdk) throws Exception {
        Tools.requireRoot();
        Tools.require("bind9-dnsutils", "/usr/bin/dig");
        Path jail = Files.createDirectory(tmp.resolve("jail"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path zones = Files.createDirectory(jail.resolve("zones"));
        Files.setPosixFilePermissions(zones, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path zoneFile = Files.writeString(zones.resolve("e2e.zone"), zone(1, "127.0.0.13"));
        Files.writeString(zones.resolve("extra.inc"), "extra A 127.0.0.14\n");
        Path allow = Files.writeString(tmp.resolve("hosts.allow"), "dnsd-axfr: 127.0.0.2\n");
        Path deny = Files.writeString(tmp.resolve("hosts.deny"), "ALL: ALL\n");
        int port = NsdPeer.freePort();
        try (ForkedMain dnsd = dnsd(jdk, "--listen", "127.0.0.1:" + port, "--zone", zoneFile.toString(),
                "--jail", jail.toString(), "--allow", allow.toString(), "--deny", deny.toString())) {
            String serving = dnsd.awaitStderrContaining("jail4j dnsd: serving e2e.test. (serial 1) on 127.0.0.1:" + port, 0, 90);
            assertTrue(serving.endsWith(" as nobody in " + jail.toRealPath()), serving);
            Matcher target = TARGET.matcher(String.join("\n", dnsd.stdout()));
            assertTrue(target.find(), "no entry report on stdout" + dnsd.describe());
            long uid = Long.parseLong(target.group(1));
            long gid = Long.parseLong(target.group(2));
            Set<Long> groups = new TreeSet<>();
            for (String g : target.group(3).split(",\\s*")) {
                groups.add(Long.parseLong(g.trim()));
            }

            assertAnswer(port, "127.0.0.13", "www.e2e.test", "A");
            assertAnswer(port, "127.0.0.14", "extra.e2e.test", "A", "+tcp");

            ProcessView view = ProcessView.of(dnsd.pid());
            JailAssertions.assertJailed(view, jail.toRealPath(), uid, gid, groups);
            assertTrue(view.fds().stream().noneMatch(FdView::directory), view.toString());
            assertTrue(view.tasks().size() > 5, view.toString());

            Files.writeString(zoneFile, zone(2, "127.0.0.99"), StandardCharsets.UTF_8);
            int seen = dnsd.stderr().size();
            dnsd.signal("HUP");
            dnsd.awaitStderrContaining("jail4j dnsd: reloaded e2e.test. (serial 2)", seen, 30);
            assertAnswer(port, "127.0.0.99", "www.e2e.test", "A");

            Files.writeString(zoneFile, zone(3, "127.0.0.300"), StandardCharsets.UTF_8);
            seen = dnsd.stderr().size();
            dnsd.signal("HUP");
            String failed = dnsd.awaitStderrContaining("reload failed", seen, 30);
            assertTrue(failed.contains("/zones/e2e.zone:6: "), "the error names the file as seen in the jail, and the line: "
                    + failed);
            assertAnswer(port, "127.0.0.99", "www.e2e.test", "A");

            String refused = Tools.dig(port, "-b", "127.0.0.1", "e2e.test", "AXFR");
            assertTrue(refused.contains("Transfer failed"), refused);
            String allowed = Tools.dig(port, "-b", "127.0.0.2", "e2e.test", "AXFR");
            assertTrue(allowed.contains("XFR size: 6 records (messages 1"), allowed);
            assertTrue(allowed.contains("www.e2e.test.\t\t300\tIN\tA\t127.0.0.99"), allowed);

            assertTrue(dnsd.alive(), dnsd.describe());
            for (String line : dnsd.stderr()) {
                assertFalse(line.contains("WARNING") || line.startsWith("jail4j:"), "unexpected stderr line: " + line
                        + dnsd.describe());
            }
        }
    }

    @Test
    @Timeout(120)
    void dnsdWithoutJail_start_copiesTheZonesIntoAFreshJailAndServesThem() throws Exception {
        Tools.requireRoot();
        Tools.require("bind9-dnsutils", "/usr/bin/dig");
        Path zones = Corpus.copyTo(tmp.resolve("zones"));
        int port = NsdPeer.freePort();
        Path jail = null;
        try (ForkedMain dnsd = dnsd(Path.of(System.getProperty("java.home")), "--listen", "127.0.0.1:" + port,
                "--zone", zones.resolve("corpus.test.zone").toString(), "--zone", zones.resolve("second.test.zone").toString())) {
            String serving = dnsd.awaitStderrContaining("jail4j dnsd: serving ", 0, 90);
            jail = Path.of(serving.substring(serving.indexOf(" in /") + 4));
            assertTrue(jail.getFileName().toString().startsWith("jail4j-dnsd-"), serving);
            assertTrue(Files.isRegularFile(jail.resolve("zones/1/inc/hosts.inc")), "the include is copied beside its zone");
            assertAnswer(port, "127.0.0.70", "included.corpus.test", "A");
            assertAnswer(port, "127.0.0.81", "www.second.test", "A", "+tcp");
            Matcher target = TARGET.matcher(String.join("\n", dnsd.stdout()));
            assertTrue(target.find(), dnsd.describe());
            ProcessView view = ProcessView.of(dnsd.pid());
            assertEquals(List.of(), JailVerdict.violations(view, jail, Long.parseLong(target.group(1)),
                    Long.parseLong(target.group(2)), Set.of(Long.parseLong(target.group(3).split(",")[0].trim()))));
        } finally {
            if (jail != null) {
                JailFiles.delete(jail);
            }
        }
    }

    private static void assertAnswer(int port, String expected, String... query) throws Exception {
        List<String> args = new ArrayList<>(List.of("+short"));
        args.addAll(List.of(query));
        String out = Tools.dig(port, args.toArray(new String[0]));
        assertEquals(expected, out.strip(), "dig " + String.join(" ", query));
    }

    private static ForkedMain dnsd(Path jdk, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("dnsd"));
        all.addAll(List.of(args));
        return ForkedMain.start(jdk, Main.class, all, Map.of());
    }
}
