package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK's HTTP server ({@code com.sun.net.httpserver}) bound as root on a privileged port
 * before {@code enter()} and started after it ({@link JdkHttpChild}): the real {@code curl} gets
 * a file that exists only inside the jail and the server's own listing of {@code /}, while the
 * process is jailed as {@code nobody} (checked from outside), on JDK 17 and 25.
 */
class JdkHttpServerTest {
    @TempDir
    Path base;
    private Path jail;

    static Stream<Path> jdks() {
        return Forked.jdks().stream();
    }

    @BeforeEach
    void jail() throws IOException {
        Forked.requireRoot();
        jail = Forked.newJail(base);
        Path www = Files.createDirectory(jail.resolve("www"));
        Files.setAttribute(www, "unix:mode", 0755);
        Files.writeString(www.resolve("hello.txt"), "served from inside the jail\n");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void boundAsRoot_startAfterEnter_servesFilesOfTheJail(Path jdk) throws Exception {
        int port = 600 + ThreadLocalRandom.current().nextInt(400);
        try (Forked child = Forked.start(jdk, JdkHttpChild.class, n -> false, List.of(), jail.toString(),
                String.valueOf(port))) {
            child.awaitStdout("READY", 60);
            FromOutside.assertJailedAsNobody(child.pid(), jail);
            FromOutside.Answer hello = FromOutside.curl(base, "http://127.0.0.1:" + port + "/hello");
            assertEquals(200, hello.status(), hello.raw());
            assertEquals("served from inside the jail\n", new String(hello.body(), StandardCharsets.UTF_8));
            FromOutside.Answer root = FromOutside.curl(base, "http://127.0.0.1:" + port + "/root");
            assertEquals("tmp,www", new String(root.body(), StandardCharsets.UTF_8), "the server's / is the jail");
            child.tell("stop");
            assertEquals(0, child.exitCode(30), child.describe());
        }
    }

    /**
     * Learn mode: one un-jailed run without the child's own classes preloaded writes a plan;
     * applied mechanically, the jailed run serves the jail's files. Un-jailed, {@code /www} is the
     * host's (absent), so the learning run asks only for {@code /root}.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void learnMode_planFromOneUnjailedRun_makesTheJailedRunServe(Path jdk) throws Exception {
        Path plan = LearnSteps.planFile();
        try {
            int port = 600 + ThreadLocalRandom.current().nextInt(400);
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, JdkHttpChild.class, n -> false,
                    LearnSteps.learning(plan), List.of(), jail.toString(), String.valueOf(port))) {
                child.awaitStdout("READY", 60);
                LearnSteps.assertLearningUnjailed(child);
                assertEquals(200, FromOutside.curl(base, "http://127.0.0.1:" + port + "/root").status());
                child.tell("stop");
                assertEquals(0, child.exitCode(30), child.describe());
            }
            LearnSteps.apply(plan, jail);
            port = 600 + ThreadLocalRandom.current().nextInt(400);
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, JdkHttpChild.class, n -> false,
                    LearnSteps.applying(plan), List.of(), jail.toString(), String.valueOf(port))) {
                child.awaitStdout("READY", 60);
                FromOutside.assertJailedAsNobody(child.pid(), jail);
                FromOutside.Answer hello = FromOutside.curl(base, "http://127.0.0.1:" + port + "/hello");
                assertEquals(200, hello.status(), hello.raw() + child.describe());
                assertEquals("served from inside the jail\n", new String(hello.body(), StandardCharsets.UTF_8));
                child.tell("stop");
                assertEquals(0, child.exitCode(30), child.describe());
            }
        } finally {
            LearnSteps.delete(plan);
        }
    }
}
