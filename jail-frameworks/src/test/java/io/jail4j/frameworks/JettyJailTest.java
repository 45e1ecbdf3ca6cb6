package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.LearnPlan;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jetty 12 bound as root before {@code enter()} and started after it ({@link JettyChild}), checked
 * with the real {@code curl} from outside over HTTP and HTTPS (certificate verified against the
 * PEM exported from the key store the child loaded before {@code enter()}), on JDK 17 and 25:
 * with {@code mirrorClassPath()}, Jetty 12.1's {@code CompressionHandler} finds its gzip provider
 * through {@code ServiceLoader} at start and really compresses, and static content packaged in a
 * jar (Jetty's own, mounted with zipfs after {@code enter()}) is served. The control run without
 * the mirror shows the silent uncompressed fallback and the failed zipfs mount, and that the
 * entry report's warnings named those jars. Both show that Jetty's default style sheet and
 * favicon, read from its jar at start, need no mirror: {@code enter()} filled the jar cache.
 */
class JettyJailTest {
    private static final String PASSWORD = "jail4j-test";
    /** What the Jetty child needs on its class path: jail-core, Jetty, SLF4J's API (no provider). */
    private static final Predicate<String> NOT_FOR_JETTY = n -> List.of("netty-", "logback-", "log4j-",
            "ftpserver-", "ftplet-", "mina-", "junit-", "opentest4j-", "apiguardian-").stream().anyMatch(n::startsWith);

    @TempDir
    Path tmp;
    private Path jail;
    private Path keyStore;
    private Path certificate;

    @BeforeEach
    void setUp() throws Exception {
        Forked.requireRoot();
        jail = Forked.newJail(tmp);
        Files.createDirectories(jail.resolve("www/sub"));
        Files.writeString(jail.resolve("www/a.txt"), "served from the jail\n");
        keyStore = tmp.resolve("server.p12");
        certificate = tmp.resolve("server.pem");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(keytool.toString(), "-genkeypair", "-alias", "jetty", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD);
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "jetty", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-file", certificate.toString());
    }

    static List<Path> jdks() {
        return Forked.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withMirror_startAfterEnter_servesGzipOverHttpAndHttpsAndPackagedContent(Path jdk) throws Exception {
        long t0 = System.nanoTime();
        try (Forked child = start(jdk, "mirror")) {
            assertServesEverything(child, jdk);
        }
        System.out.printf("%s Jetty with mirror: %d ms%n", Forked.label(jdk),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutMirror_startAfterEnter_losesCompressionAndZipfsAndWarnsNamingTheJars(Path jdk)
            throws Exception {
        long t0 = System.nanoTime();
        try (Forked child = start(jdk, "no-mirror")) {
            String ready = child.awaitStdout("READY ", 60);
            String label = Forked.label(jdk);
            FromOutside.assertJailedAsNobody(child.pid(), jail);
            assertTrue(ready.endsWith(" compressions=[]"), label + ": no provider without the mirror: " + ready);
            int http = port(ready, "http");

            FromOutside.Answer a = FromOutside.curl(tmp, "http://127.0.0.1:" + http + "/text", "--compressed");
            assertEquals(200, a.status(), a.raw());
            assertNull(a.header("Content-Encoding"), label + ": the silent fallback serves it uncompressed\n"
                    + a.raw());
            assertArrayEquals(JettyChild.body(), a.body());
            assertEquals(JettyChild.body().length, a.downloaded(), a.raw());

            String jettyJar = jarOf(Server.class);
            String staticFailed = child.stdout().stream().filter(l -> l.startsWith("STATIC-FAILED ")).findFirst()
                    .orElseThrow(() -> new AssertionError("the zipfs mount must fail" + child.describe()));
            assertTrue(staticFailed.contains("java.nio.file.NoSuchFileException") && staticFailed.contains(jettyJar),
                    staticFailed);
            assertEquals(404, FromOutside.curl(tmp, "http://127.0.0.1:" + http + "/static/favicon.ico").status());
            assertJarResourcesNeedNoMirror(child, http);

            List<String> warnings = FromOutside.warnings(child.stderr());
            FromOutside.assertWarned(warnings, jarOf(GzipCompression.class), "ServiceLoader providers",
                    "mirrorClassPath()");
            FromOutside.assertWarned(warnings, jettyJar, "zipfs", "mirrorClassPath()");

            child.tell("stop");
            assertEquals(0, child.exitCode(30), child.describe());
        }
        System.out.printf("%s Jetty without mirror: %d ms%n", Forked.label(jdk),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Learn mode: one un-jailed run without the mirror, under the traffic of the test, writes a
     * plan; the plan applied mechanically makes the jailed run without a hand-added mirror serve
     * everything the mirror test checks.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void learnMode_planFromOneUnjailedRun_makesTheJailedRunServeEverything(Path jdk) throws Exception {
        Path plan = LearnSteps.planFile();
        try {
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, JettyChild.class, NOT_FOR_JETTY,
                    LearnSteps.learning(plan), List.of(), jail.toString(), keyStore.toString(), PASSWORD, "no-mirror")) {
                String ready = child.awaitStdout("READY ", 60);
                LearnSteps.assertLearningUnjailed(child);
                assertTrue(ready.endsWith(" compressions=[gzip]"), "un-jailed, the provider is found: " + ready);
                int http = port(ready, "http");
                int https = port(ready, "https");
                for (String url : List.of("http://127.0.0.1:" + http + "/text", "https://127.0.0.1:" + https + "/text",
                        "http://127.0.0.1:" + http + "/static/favicon.ico", "http://127.0.0.1:" + http + "/favicon.ico",
                        "http://127.0.0.1:" + http + "/files/jetty-dir.css")) {
                    FromOutside.Answer a = FromOutside.curl(tmp, url, "--compressed", "--cacert", certificate.toString());
                    assertEquals(200, a.status(), url + "\n" + a.raw() + child.describe());
                }
                child.tell("stop");
                assertEquals(0, child.exitCode(30), child.describe());
            }
            LearnPlan learned = LearnSteps.apply(plan, jail);
            assertTrue(learned.calls().contains("Jail.mirrorClassPath()"), "Jetty reopens its jars by path: "
                    + learned);
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, JettyChild.class, NOT_FOR_JETTY,
                    LearnSteps.applying(plan), List.of(), jail.toString(), keyStore.toString(), PASSWORD, "no-mirror")) {
                assertServesEverything(child, jdk);
            }
        } finally {
            LearnSteps.delete(plan);
        }
    }

    /**
     * Checks, against a jailed child, everything the mirror test checks: gzip over HTTP and HTTPS,
     * the resources from Jetty's jar and the packaged content mounted with zipfs; then stops it.
     */
    private void assertServesEverything(Forked child, Path jdk) throws Exception {
        String ready = child.awaitStdout("READY ", 60);
        String label = Forked.label(jdk);
        assertTrue(ready.endsWith(" compressions=[gzip]"), label + ": the gzip provider must be found: "
                + ready + child.describe());
        FromOutside.assertJailedAsNobody(child.pid(), jail);
        int http = port(ready, "http");
        int https = port(ready, "https");
        assertTrue(http < 1024 && https < 1024, "bound as root on privileged ports: " + ready);

        for (String url : List.of("http://127.0.0.1:" + http + "/text",
                "https://127.0.0.1:" + https + "/text")) {
            FromOutside.Answer a = FromOutside.curl(tmp, url, "--compressed", "--cacert", certificate.toString());
            assertEquals(200, a.status(), label + " " + url + "\n" + a.raw());
            assertEquals("gzip", a.header("Content-Encoding"), label + " " + url + " must be compressed\n"
                    + a.raw() + child.describe());
            assertArrayEquals(JettyChild.body(), a.body(), label + " " + url + ": decoded body");
            assertTrue(a.downloaded() > 0 && a.downloaded() < JettyChild.body().length / 4,
                    label + " " + url + ": " + a.downloaded() + " bytes on the wire for "
                    + JettyChild.body().length);
        }
        assertJarResourcesNeedNoMirror(child, http);
        assertTrue(child.stdout().stream().anyMatch(l -> l.startsWith("STATIC [jar:file:")),
                "the class-path resource must mount " + child.describe());
        FromOutside.Answer packaged = FromOutside.curl(tmp, "http://127.0.0.1:" + http + "/static/favicon.ico");
        assertEquals(200, packaged.status(), packaged.raw());
        assertArrayEquals(jettyResource("favicon.ico"), packaged.body(), "favicon.ico served through zipfs");

        child.tell("stop");
        assertEquals(0, child.exitCode(30), child.describe());
        assertTrue(child.stdout().contains("STOPPED"), child.describe());
    }

    /**
     * The directory listing with its style sheet and the favicon come from Jetty's jar through the
     * jar cache that {@code enter()} filled: they work with and without the mirror.
     */
    private void assertJarResourcesNeedNoMirror(Forked child, int http) throws Exception {
        FromOutside.Answer listing = FromOutside.curl(tmp, "http://127.0.0.1:" + http + "/files/", "--compressed");
        assertEquals(200, listing.status(), listing.raw() + child.describe());
        String html = new String(listing.body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("a.txt") && html.contains("sub/") && html.contains("href=\"jetty-dir.css\""), html);
        FromOutside.Answer css = FromOutside.curl(tmp, "http://127.0.0.1:" + http + "/files/jetty-dir.css");
        assertEquals(200, css.status(), css.raw());
        assertArrayEquals(jettyResource("jetty-dir.css"), css.body(), "the default style sheet");
        FromOutside.Answer icon = FromOutside.curl(tmp, "http://127.0.0.1:" + http + "/favicon.ico");
        assertEquals(200, icon.status(), icon.raw());
        assertArrayEquals(jettyResource("favicon.ico"), icon.body(), "the default favicon");
        FromOutside.Answer file = FromOutside.curl(tmp, "http://127.0.0.1:" + http + "/files/a.txt");
        assertEquals("served from the jail\n", new String(file.body(), StandardCharsets.UTF_8), file.raw());
    }

    private Forked start(Path jdk, String mirror) {
        return Forked.start(jdk, JettyChild.class, NOT_FOR_JETTY, List.of(), jail.toString(), keyStore.toString(),
                PASSWORD, mirror);
    }

    private static int port(String ready, String name) {
        for (String field : ready.split(" ")) {
            if (field.startsWith(name + "=")) {
                return Integer.parseInt(field.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " port in " + ready);
    }

    private static byte[] jettyResource(String name) throws IOException {
        try (InputStream in = Server.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static String jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timeout: " + String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }
}
