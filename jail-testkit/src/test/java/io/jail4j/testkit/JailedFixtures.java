package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.EntryReport;
import io.jail4j.layout.JailLayout;
import io.jail4j.testkit.late.LateHelper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jailed tests that {@link JailedSelfTest} runs through the EngineTestKit and inspects, one
 * scenario per class. Surefire never runs them (it skips nested classes).
 */
final class JailedFixtures {
    private JailedFixtures() {
    }

    /** Where the calling code runs: {@code /proc} is visible outside the jail only. */
    static String where() {
        return Files.exists(Path.of("/proc/self/status")) ? "outside" : "inside";
    }

    static final class Passing {
        @Test
        @Jailed
        void jailedTest_run_printsPublishesAndWritesInsideItsJail(EntryReport report, @JailRoot Path jail, TestReporter reporter) throws IOException {
            System.out.println("hello from " + where() + ", uid " + report.target().uid() + ", jail " + jail);
            System.err.println("and from stderr");
            reporter.publishEntry("published", "inside");
            assertEquals(jail, report.jail());
            Files.writeString(Path.of("/tmp/written-inside"), "x");
        }
    }

    static final class Failing {
        @Test
        @Jailed
        void differentStrings_assertEquals_fails() {
            assertEquals("jailed", "free", "the message must arrive intact");
        }
    }

    static final class Throwing {
        @Test
        @Jailed
        void stateError_run_throwsWithItsCause() {
            throw new IllegalStateException("boom", new IOException("inner cause"));
        }
    }

    /** An exception type the test JVM must not re-create (it is not the JDK's). */
    static final class Odd extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object notSerializable = new Object();

        Odd(String message) {
            super(message);
        }

        Object state() {
            return notSerializable;
        }
    }

    static final class ThrowingOdd {
        @Test
        @Jailed
        void ownExceptionType_run_throwsIt() {
            throw new Odd("odd one");
        }
    }

    static final class Hanging {
        @Test
        @Jailed(timeoutSeconds = 2)
        void latchNeverCounted_await_hangsPastTheTimeout() throws InterruptedException {
            System.out.println("hanging in pid " + ProcessHandle.current().pid());
            new CountDownLatch(1).await();
        }
    }

    static final class Halting {
        @Test
        @Jailed
        void runtimeHalt_run_exitsWithStatus7() {
            System.err.println("about to halt");
            Runtime.getRuntime().halt(7);
        }
    }

    static final class Aborting {
        @Test
        @Jailed
        void abortCalled_run_isAborted() {
            Assumptions.abort("not in this jail");
        }
    }

    static final class Escaping {
        @Test
        @Jailed
        void escapeProbes_tryAll_areAllBlocked() {
            assertEquals(List.of(), EscapeProbes.tryAll(), "escapes from inside the jail");
        }
    }

    static final class ClassPathDirectories {
        @Test
        @Jailed
        void packedClassDirectory_loadClassAndResource_worksInside() throws IOException {
            assertEquals("inside", where());
            assertEquals("late hello", LateHelper.hello());
            // the child runs the directory packed into a jar, and enter() put every class-path jar
            // into the JDK's jar cache: a resource nothing read before the chroot is readable, as in
            // production for an application run from jars
            try (InputStream in = ClassPathDirectories.class.getResourceAsStream("jailed-resource.txt")) {
                assertNotNull(in, "a resource of a class-path jar must stay readable after enter()");
                assertEquals("read from a class-path directory inside the jail\n",
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    static final class PreloadedResource {
        @Test
        @Jailed(resources = "io/jail4j/testkit/jailed-resource.txt")
        void preloadedResource_read_isReadableWithTheRestOfItsJar() throws IOException {
            try (InputStream in = PreloadedResource.class.getResourceAsStream("jailed-resource.txt")) {
                assertNotNull(in, "preloaded: readable inside");
                assertEquals("read from a class-path directory inside the jail\n",
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            try (InputStream in = PreloadedResource.class.getResourceAsStream("JailedFixtures.class")) {
                assertNotNull(in, "another resource of the same jar: readable too");
            }
        }
    }

    static final class MissingResource {
        @Test
        @Jailed(resources = "io/jail4j/testkit/no-such-resource.txt")
        void missingResource_enter_refusesBeforeTheTest() {
            // enter() refuses first
        }
    }

    static final class JfrInside {
        @Test
        @Jailed
        void jfrRecordingWithTheArchive_loadClassesInside_loadsThem() throws Exception {
            recordWhileLoading();
        }
    }

    static final class JfrInsideWithoutArchive {
        @Test
        @Jailed(jvmArgs = "-Xshare:auto")
        void jfrRecordingWithoutTheArchive_loadClassesInside_loadsThem() throws Exception {
            recordWhileLoading();
        }
    }

    /** Starts a JFR recording (a class file load hook), then loads class-path classes not loaded before. */
    static void recordWhileLoading() {
        try (Recording r = new Recording()) {
            r.start();
            assertEquals("late hello", LateHelper.hello());
            assertNotNull(new ExtensionConfigurationException("loaded while recording").getMessage());
        }
    }

    static final class LeakingDirectory {
        static final List<DirectoryStream<Path>> KEPT = new ArrayList<>();

        @Test
        @Jailed
        void directoryStreamNeverClosed_run_keepsItsFdOpen() throws IOException {
            KEPT.add(Files.newDirectoryStream(Path.of("/tmp"))); // never closed: the outside check must see it
        }
    }

    @Jailed
    static final class Lifecycle {
        static String beforeAll;
        String beforeEach;

        @BeforeAll
        static void beforeAll() {
            beforeAll = where();
            assertEquals("inside", beforeAll, "@BeforeAll ran outside the jail");
        }

        @BeforeEach
        void beforeEach() {
            beforeEach = where();
            assertEquals("inside", beforeEach, "@BeforeEach ran outside the jail");
        }

        @Test
        void lifecycleMethods_run_ranInsideTheJail() {
            assertEquals("inside", beforeAll);
            assertEquals("inside", beforeEach);
        }

        @AfterEach
        void afterEach() {
            assertEquals("inside", where(), "@AfterEach ran outside the jail");
        }

        @AfterAll
        static void afterAll() {
            assertEquals("inside", where(), "@AfterAll ran outside the jail");
        }
    }

    @Jailed(user = "4242:4243")
    static final class Outer {
        @Nested
        class Inner {
            @Test
            void nestedClass_run_inheritsTheEnclosingAnnotation(EntryReport report) {
                assertEquals("inside", where());
                assertEquals(4242, report.target().uid());
            }
        }
    }

    static final class Listening {
        @Test
        @Jailed(listen = {0, 1019})
        void twoListenPorts_connect_acceptsOnThePreopenedSockets(ListeningSockets sockets) throws IOException {
            assertEquals(2, sockets.size());
            assertEquals(1019, sockets.port(1), "the privileged port, bound as root before enter()");
            assertEquals(sockets.channel(1), sockets.forPort(1019));
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), sockets.port(0));
            try (SocketChannel client = SocketChannel.open(to); SocketChannel server = sockets.channel(0).accept()) {
                client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer got = ByteBuffer.allocate(4);
                while (got.hasRemaining() && server.read(got) >= 0) {
                    continue;
                }
                assertEquals("ping", new String(got.array(), StandardCharsets.US_ASCII));
            }
        }
    }

    static final class Parameterized {
        @ParameterizedTest
        @ValueSource(strings = {"first", "second"})
        @Jailed
        void twoValues_run_eachInvocationInItsOwnJail(String value) {
            assertEquals("inside", where());
            System.out.println("value " + value + " in pid " + ProcessHandle.current().pid());
        }
    }

    static final class WithoutDefaultPreload {
        @Test
        @Jailed(defaultPreload = false)
        void noDefaultPreload_enter_stillJailed(EntryReport report) {
            assertEquals("inside", where());
            assertTrue(report.notes().stream().noneMatch(n -> n.contains("default preload")), report.notes().toString());
        }
    }

    static final class OnJdk25 {
        @Test
        @Jailed(jdk = "25")
        void jdk25_run_runsOnTheNamedJdk(EntryReport report) {
            assertEquals(25, Runtime.version().feature());
            assertEquals(65534, report.target().uid());
        }
    }

    static final class NumericUserStandardLayout {
        @Test
        @Jailed(user = "4242:4243", layout = JailLayoutProvider.Standard.class)
        void numericUserStandardLayout_run_hasDevicesAndTheIds(EntryReport report) throws IOException {
            assertEquals(4242, report.target().uid());
            assertEquals(4243, report.target().gid());
            Files.write(Path.of("/dev/null"), new byte[] {1, 2, 3});
            assertTrue(Files.isReadable(Path.of("/dev/urandom")));
            assertFalse(Files.isWritable(Path.of("/")), "the jail root is root's");
        }
    }

    // ---- configuration errors: none of these forks anything ----

    static final class BadTimeout {
        @Test
        @Jailed(timeoutSeconds = 0)
        void zeroTimeout_run_isRefused() {
        }
    }

    static final class RootUser {
        @Test
        @Jailed(user = "root")
        void rootUser_run_isRefused() {
        }
    }

    static final class BadPort {
        @Test
        @Jailed(listen = {80, 70000})
        void portOutOfRange_run_isRefused() {
        }
    }

    static final class DuplicatePort {
        @Test
        @Jailed(listen = {8080, 0, 0, 8080})
        void portNamedTwice_run_isRefused() {
        }
    }

    static final class HostNameAddress {
        @Test
        @Jailed(listen = 0, listenAddress = "localhost")
        void hostNameAsListenAddress_run_isRefused() {
        }
    }

    static final class ClassPathOption {
        @Test
        @Jailed(jvmArgs = {"-Xmx64m", "-cp", "/elsewhere"})
        void classPathInJvmArgs_run_isRefused() {
        }
    }

    static final class RootGid {
        @Test
        @Jailed(user = "4242:0")
        void rootGid_run_isRefused() {
        }
    }

    static final class SocketsWithoutListen {
        @Test
        @Jailed
        void socketsParameterWithoutListen_run_isRefused(ListeningSockets sockets) {
        }
    }

    static final class AbsoluteResource {
        @Test
        @Jailed(resources = "/etc/app.properties")
        void absoluteResource_run_isRefused() {
        }
    }

    static final class BadJdk {
        @Test
        @Jailed(jdk = "banana")
        void unknownJdk_run_isRefused() {
        }
    }

    /** A provider without a no-argument constructor. */
    static final class NoDefaultConstructor implements JailLayoutProvider {
        NoDefaultConstructor(String unused) {
        }

        @Override
        public JailLayout layout() {
            return JailLayout.empty();
        }
    }

    static final class BadLayout {
        @Test
        @Jailed(layout = NoDefaultConstructor.class)
        void layoutWithoutNoArgConstructor_run_isRefused() {
        }
    }

    /** A set-up that needs its outer instance. */
    final class InnerSetUp implements JailSetUp {
        @Override
        public void beforeJail(Path jail) {
            // never created
        }
    }

    static final class BadSetUp {
        @Test
        @Jailed(setUp = InnerSetUp.class)
        void innerClassSetUp_run_isRefused() {
        }
    }

    static final class ChildCannotStart {
        @Test
        @Jailed(jvmArgs = "-XX:+NoSuchJail4jOption")
        void unknownJvmOption_start_childNeverConnects() {
            // the child JVM refuses the option before it connects
        }
    }

    static final class BadInitialize {
        @Test
        @Jailed(initialize = {"com.example.Config", "com/example/Config.class"})
        void resourcePathAsClassName_run_isRefused() {
        }
    }

    /** A provider that returns nothing. */
    static final class NullLayout implements JailLayoutProvider {
        @Override
        public JailLayout layout() {
            return null;
        }
    }

    static final class NullLayoutUse {
        @Test
        @Jailed(layout = NullLayout.class)
        void layoutProviderReturningNull_run_isRefused() {
        }
    }
}
