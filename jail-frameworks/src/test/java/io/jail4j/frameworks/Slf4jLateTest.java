package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SLF4J 2 first used after {@code enter()}: with {@code mirrorClassPath()} it finds Logback and
 * logs; without, its {@code ServiceLoader} cannot reopen Logback's jar and it falls back to the
 * no-op logger, losing every line for the life of the process, which the entry report's warning
 * announced by naming the jar with its providers.
 */
class Slf4jLateTest {
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
    }

    private Forked start(Path jdk, String mode) {
        return Forked.start(jdk, Slf4jLateChild.class, n -> n.startsWith("log4j-slf4j2-impl"), List.of(),
                jail.toString(), mode);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void firstUseAfterEnter_withMirror_findsLogbackAndLogs(Path jdk) throws Exception {
        try (Forked child = start(jdk, "mirror")) {
            assertEquals("FACTORY ch.qos.logback.classic.LoggerContext", child.awaitStdout("FACTORY", 60), child.describe());
            assertEquals(0, child.exitCode(60), child.describe());
            assertTrue(child.stdout().stream().anyMatch(l -> l.contains("INFO") && l.contains("LATE-LINE logged after enter()")),
                    "Logback's console appender must write the line" + child.describe());
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void withoutMirror_firstUseAfterEnter_fallsBackToNoOpAndWarnsNamingTheJar(Path jdk) throws Exception {
        try (Forked child = start(jdk, "no-mirror")) {
            String factory = child.awaitStdout("FACTORY", 60);
            assertEquals(0, child.exitCode(60), child.describe());
            assertTrue(factory.contains("NOP"), "SLF4J's silent fallback: " + factory + child.describe());
            assertFalse(child.stdout().stream().anyMatch(l -> l.contains("LATE-LINE")), "the line is lost" + child.describe());
            List<String> warnings = FromOutside.warnings(child.stderr());
            FromOutside.assertWarned(warnings, jarName(), "ServiceLoader providers", "no-op logger", "mirrorClassPath()");
        }
    }

    /**
     * Learn mode: one un-jailed run without the mirror writes a plan; applied mechanically, the
     * jailed run finds Logback and writes the line.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void learnMode_planFromOneUnjailedRun_makesTheJailedRunFindLogback(Path jdk) throws Exception {
        Path plan = LearnSteps.planFile();
        try {
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, Slf4jLateChild.class,
                    n -> n.startsWith("log4j-slf4j2-impl"), LearnSteps.learning(plan), List.of(), jail.toString(),
                    "no-mirror")) {
                assertEquals("FACTORY ch.qos.logback.classic.LoggerContext", child.awaitStdout("FACTORY", 60),
                        "un-jailed, Logback is found" + child.describe());
                LearnSteps.assertLearningUnjailed(child);
                assertEquals(0, child.exitCode(60), child.describe());
            }
            io.jail4j.LearnPlan learned = LearnSteps.apply(plan, jail);
            assertTrue(learned.calls().contains("Jail.mirrorClassPath()"), "ServiceLoader reopens the jar: " + learned);
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, Slf4jLateChild.class,
                    n -> n.startsWith("log4j-slf4j2-impl"), LearnSteps.applying(plan), List.of(), jail.toString(),
                    "no-mirror")) {
                assertEquals("FACTORY ch.qos.logback.classic.LoggerContext", child.awaitStdout("FACTORY", 60),
                        child.describe());
                assertEquals(0, child.exitCode(60), child.describe());
                assertTrue(child.stdout().stream().anyMatch(l -> l.contains("INFO") && l.contains("LATE-LINE")),
                        "Logback's console appender must write the line" + child.describe());
            }
        } finally {
            LearnSteps.delete(plan);
        }
    }

    private static String jarName() throws Exception {
        return Path.of(ch.qos.logback.classic.LoggerContext.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).getFileName().toString();
    }
}
