package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.LearnPlan;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Netty 4.2 HTTP server ({@code HttpServerCodec}) on the epoll transport whose codec, worker loop
 * and child channels are first used after {@code enter()} ({@link NettyChild}), fetched with the
 * real {@code curl} from outside, on JDK 17 and 25. With
 * {@code Preload.initialize("io.netty.channel.epoll.Epoll")} the native transport is loaded before
 * the chroot, {@code Epoll.isAvailable()} is true inside the jail and epoll channels (not NIO)
 * serve, whether the server was bound as root before {@code enter()} or started after it, with or
 * without {@code mirrorClassPath()} (Netty reopens none of its jars by path; the report still
 * warns about them). Without that preload, {@code Epoll} first used inside the jail extracts its
 * library into the jail's {@code /tmp}, but {@code dlopen} then needs the library's own
 * dependencies: it works only if the JVM already has all of them mapped (so the jail's empty
 * {@code /lib} is never searched), which the test reads from {@code /proc/PID/maps} and the
 * library's {@code DT_NEEDED} entries before letting the child go on.
 */
class NettyJailTest {
    private static final Predicate<String> NOT_FOR_NETTY = n -> List.of("jetty-", "logback-", "log4j-",
            "ftpserver-", "ftplet-", "mina-", "junit-", "opentest4j-", "apiguardian-").stream().anyMatch(n::startsWith);
    private static final String NATIVE = "META-INF/native/libnetty_transport_native_epoll_x86_64.so";

    @TempDir
    Path tmp;
    private Path jail;

    @BeforeEach
    void setUp() throws Exception {
        Forked.requireRoot();
        jail = Forked.newJail(tmp);
    }

    static List<Path> jdks() {
        return Forked.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void initializePreload_boundAsRootBeforeEnter_servesHttpOverEpollAfterEnter(Path jdk) throws Exception {
        long t0 = System.nanoTime();
        try (Forked child = start(jdk, "initialize", "mirror", "before")) {
            String ready = go(child);
            int port = port(ready);
            assertTrue(port < 1024, "bound as root on a privileged port: " + ready);
            assertServedByEpoll(child, jdk, port);
            stop(child);
        }
        System.out.printf("%s Netty bound before enter(): %d ms%n", Forked.label(jdk),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** The control without the mirror: Netty needs the initialize preload, not the mirror. */
    @ParameterizedTest
    @MethodSource("jdks")
    void initializePreloadWithoutMirror_startAfterEnter_servesOverEpollAndWarnsNamingTheJars(Path jdk)
            throws Exception {
        long t0 = System.nanoTime();
        try (Forked child = start(jdk, "initialize", "no-mirror", "after")) {
            String ready = go(child);
            assertServedByEpoll(child, jdk, port(ready));
            List<String> warnings = FromOutside.warnings(child.stderr());
            FromOutside.assertWarned(warnings, jarOf(Epoll.class), "zipfs", "mirrorClassPath()");
            FromOutside.assertWarned(warnings, jarName(NATIVE), "zipfs", "mirrorClassPath()");
            stop(child);
        }
        System.out.printf("%s Netty without mirror: %d ms%n", Forked.label(jdk),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutInitialize_epollFirstUsedInJail_loadsOnlyIfItsLibrariesAreAlreadyMapped(Path jdk) throws Exception {
        long t0 = System.nanoTime();
        List<String> needed = neededLibraries();
        assertTrue(needed.contains("libc.so.6"), "DT_NEEDED of " + NATIVE + ": " + needed);
        try (Forked child = start(jdk, "late", "mirror", "after")) {
            child.awaitStdout("ENTERED", 60);
            FromOutside.assertJailedAsNobody(child.pid(), jail);
            List<String> mapped = Files.readAllLines(Path.of("/proc/" + child.pid() + "/maps")).stream()
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(l -> l.startsWith("/"))
                    .map(l -> Path.of(l).getFileName().toString()).distinct().collect(Collectors.toList());
            List<String> missing = new ArrayList<>(needed);
            missing.removeAll(mapped);
            assertTrue(child.stdout().stream().noneMatch(l -> l.startsWith("EPOLL")), child.describe());
            child.tell("go");
            String epoll = child.awaitStdout("EPOLL ", 60);
            String label = Forked.label(jdk);
            if (missing.isEmpty()) {
                assertEquals("EPOLL available=true cause=none", epoll, label + child.describe());
                assertServedByEpoll(child, jdk, port(child.awaitStdout("READY ", 30)));
            } else {
                assertTrue(epoll.startsWith("EPOLL available=false cause=java.lang.UnsatisfiedLinkError: "
                        + "/tmp/libnetty_transport_native_epoll_x86_64"), label + ": extracted into the jail's /tmp,"
                        + " then dlopen fails: " + epoll);
                assertTrue(missing.stream().anyMatch(lib -> epoll.contains(lib + ": cannot open shared object file")),
                        label + ": a library not mapped before, " + missing + ", must be what dlopen missed: " + epoll);
                child.awaitStdout("NO-EPOLL", 30);
            }
            System.out.printf("%s Epoll first used in the jail without Preload.initialize: %s"
                    + " (not mapped before: %s)%n", label, epoll, missing);
            stop(child);
        }
        System.out.printf("%s Netty without initialize: %d ms%n", Forked.label(jdk),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Learn mode: one un-jailed run without {@code Preload.initialize} (Netty extracts and loads its
     * epoll library after {@code enter()}) writes a plan naming the class whose static initialiser
     * loads it; the plan applied mechanically makes the jailed run serve over epoll with nothing
     * hand-added.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void learnMode_planFromOneUnjailedRun_makesTheJailedRunServeOverEpoll(Path jdk) throws Exception {
        Path plan = LearnSteps.planFile();
        try {
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, NettyChild.class, NOT_FOR_NETTY,
                    LearnSteps.learning(plan), List.of(), jail.toString(), "late", "no-mirror", "after")) {
                child.awaitStdout("ENTERED", 60);
                LearnSteps.assertLearningUnjailed(child);
                child.tell("go");
                assertEquals("EPOLL available=true cause=none", child.awaitStdout("EPOLL ", 30), child.describe());
                int port = port(child.awaitStdout("READY ", 30));
                FromOutside.Answer a = FromOutside.curl(tmp, "http://127.0.0.1:" + port + "/hello");
                assertEquals(200, a.status(), a.raw() + child.describe());
                stop(child);
            }
            LearnPlan learned = LearnSteps.apply(plan, jail);
            assertTrue(learned.calls().stream().anyMatch(c -> c.startsWith("Preload.initialize(\"io.netty.channel.epoll.")),
                    "the epoll library is loaded by a static initialiser of Netty's epoll transport: " + learned);
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, NettyChild.class, NOT_FOR_NETTY,
                    LearnSteps.applying(plan), List.of(), jail.toString(), "late", "no-mirror", "after")) {
                String ready = go(child);
                assertServedByEpoll(child, jdk, port(ready));
                stop(child);
            }
        } finally {
            LearnSteps.delete(plan);
        }
    }

    private Forked start(Path jdk, String initialize, String mirror, String bind) {
        return Forked.start(jdk, NettyChild.class, NOT_FOR_NETTY, List.of(), jail.toString(), initialize, mirror, bind);
    }

    /** Lets the child go on after {@code enter()}; returns its {@code READY} line. */
    private String go(Forked child) throws Exception {
        child.awaitStdout("ENTERED", 60);
        child.tell("go");
        assertEquals("EPOLL available=true cause=none", child.awaitStdout("EPOLL ", 30), child.describe());
        return child.awaitStdout("READY ", 30);
    }

    private void assertServedByEpoll(Forked child, Path jdk, int port) throws Exception {
        FromOutside.assertJailedAsNobody(child.pid(), jail);
        assertTrue(child.stdout().stream().anyMatch(l -> l.startsWith("READY ") && l.endsWith(
                " server=EpollServerSocketChannel")), child.describe());
        FromOutside.Answer a = FromOutside.curl(tmp, "http://127.0.0.1:" + port + "/hello");
        assertEquals(200, a.status(), a.raw() + child.describe());
        String body = new String(a.body(), StandardCharsets.UTF_8);
        assertTrue(body.endsWith(" child=EpollSocketChannel parent=EpollServerSocketChannel epoll=true\n"),
                Forked.label(jdk) + ": epoll, not NIO, must serve: " + body);
        assertEquals(String.valueOf(a.body().length), a.header("content-length"), a.raw());
    }

    private static void stop(Forked child) throws Exception {
        child.tell("stop");
        assertEquals(0, child.exitCode(30), child.describe());
        assertTrue(child.stdout().contains("STOPPED") || child.stdout().contains("NO-EPOLL"), child.describe());
    }

    private static int port(String ready) {
        for (String field : ready.split(" ")) {
            if (field.startsWith("port=")) {
                return Integer.parseInt(field.substring(5));
            }
        }
        throw new AssertionError("no port in " + ready);
    }

    private static String jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }

    /** The file name of the jar that holds {@code resource}. */
    private static String jarName(String resource) {
        String url = NettyJailTest.class.getClassLoader().getResource(resource).toString();
        String jar = url.substring(0, url.indexOf("!/"));
        return jar.substring(jar.lastIndexOf('/') + 1);
    }

    /** The {@code DT_NEEDED} entries of Netty's epoll library (ELF64, little-endian), from its jar. */
    static List<String> neededLibraries() throws IOException {
        byte[] elf;
        try (InputStream in = NettyJailTest.class.getClassLoader().getResourceAsStream(NATIVE)) {
            elf = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, b.getInt(0), "ELF magic");
        assertEquals(2, b.get(4), "ELF64");
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
        int shnum = Short.toUnsignedInt(b.getShort(0x3C));
        List<String> needed = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != 6) { // SHT_DYNAMIC
                continue;
            }
            long offset = b.getLong(sh + 0x18);
            long size = b.getLong(sh + 0x20);
            int strtab = (int) (shoff + (long) b.getInt(sh + 0x28) * shentsize);
            long strOffset = b.getLong(strtab + 0x18);
            for (long e = offset; e + 16 <= offset + size; e += 16) {
                long tag = b.getLong((int) e);
                if (tag == 0) {
                    break;
                }
                if (tag == 1) { // DT_NEEDED
                    int start = (int) (strOffset + b.getLong((int) e + 8));
                    int end = start;
                    while (elf[end] != 0) {
                        end++;
                    }
                    needed.add(new String(elf, start, end - start, StandardCharsets.US_ASCII));
                }
            }
        }
        return needed;
    }
}
