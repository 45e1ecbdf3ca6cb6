package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that jars nothing touched before {@code enter()} stay usable inside the jail, on JDK 17
 * and 25: a plugin jar on the class path, a jar named only by its manifest {@code Class-Path}, a
 * {@code -javaagent} jar and a named module on the module path, all built at test time and used
 * for the first time after {@code enter()} by {@link ResourcesChild}.
 *
 * <p>With {@code mirrorClassPath()} every use works (the copies are in the jail at their host
 * paths, byte for byte). Without it, jail4j's primed loaders and jar cache keep
 * {@code getResourceAsStream}, {@code Class.getResource}, {@code ResourceBundle}, {@code jar:}
 * URLs, {@code Module.getResourceAsStream} and {@code ServiceLoader} over the module layer working,
 * while exactly the uses that reopen a jar by path fail ({@code ServiceLoader} over a class-path
 * jar, zipfs, {@code new JarFile}), and the entry report warns naming every one of the jars.
 * From outside, the child's root is the jail and its four uids are 65534.
 */
class ResourcesRootTest {
    /** Every use the child reports, in its order. */
    static final List<String> ROWS = List.of(
            "cp.serviceloader", "cp.bundle.en", "cp.bundle.fr", "cp.getResourceAsStream", "cp.classGetResource",
            "cp.jarUrl", "cp.zipfs", "cp.newJarFile",
            "manifest.serviceloader", "manifest.getResourceAsStream", "manifest.classGetResource",
            "manifest.jarUrl", "manifest.zipfs", "manifest.newJarFile",
            "agent.premain", "agent.getResourceAsStream", "agent.classGetResource", "agent.jarUrl", "agent.zipfs",
            "agent.newJarFile",
            "module.serviceloader", "module.getResourceAsStream", "module.classGetResource", "module.jarUrl",
            "module.zipfs", "module.newJarFile");
    /** The uses that reopen a jar by its host path, which only a copy in the jail can serve. */
    static final Set<String> BY_PATH = Set.of(
            "cp.serviceloader", "cp.zipfs", "cp.newJarFile",
            "manifest.serviceloader", "manifest.zipfs", "manifest.newJarFile",
            "agent.zipfs", "agent.newJarFile",
            "module.zipfs", "module.newJarFile");

    @TempDir
    static Path base;
    private static TestJars.Jars jars;

    @BeforeAll
    static void buildJars() throws IOException {
        jars = TestJars.build(Files.createDirectory(base.resolve("jars")));
    }

    static List<Path> jdks() {
        return Forked.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withMirrorClassPath_firstUseAfterEnter_worksForEveryRow(Path jdk) throws Exception {
        Forked.requireRoot();
        Path jail = Forked.newJail(base);
        Run run = run(jdk, jail, "mirror");
        Map<String, String> failed = new TreeMap<>(run.rows);
        failed.values().removeIf("ok"::equals);
        assertEquals(Map.of(), failed, "with mirrorClassPath() every row must work on " + Forked.label(jdk)
                + run.output);
        for (Path jar : List.of(jars.plugin(), jars.extra(), jars.agent(), jars.module())) {
            Path host = jar.toRealPath();
            Path copy = jail.resolve(Path.of("/").relativize(host).toString());
            assertEquals(-1L, Files.mismatch(host, copy), "the jail's copy of " + host + " differs" + run.output);
            assertTrue(run.warnings.stream().noneMatch(w -> w.contains(host.toString())),
                    "a warning names the mirrored " + host + run.output);
        }
        assertTrue(run.notes.stream().anyMatch(n -> n.contains("mirrored into the jail")),
                "no note on the mirroring" + run.output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutMirror_firstUseAfterEnter_failsOnlyWhereAJarIsReopenedByPathAndWarnsPerJar(Path jdk) throws Exception {
        Forked.requireRoot();
        Path jail = Forked.newJail(base);
        Run run = run(jdk, jail, "plain");
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        for (String row : ROWS) {
            expected.put(row, BY_PATH.contains(row) ? "FAIL" : "ok");
            actual.put(row, run.rows.get(row).startsWith("FAIL") ? "FAIL" : run.rows.get(row));
        }
        assertEquals(expected, actual, "without mirrorClassPath() on " + Forked.label(jdk) + run.output);
        Map<String, Path> jarOf = Map.of("cp", jars.plugin(), "manifest", jars.extra(), "agent", jars.agent(),
                "module", jars.module());
        for (String row : BY_PATH) {
            String why = run.rows.get(row);
            String missing = "java.nio.file.NoSuchFileException: " + jarOf.get(row.split("\\.")[0]).toRealPath();
            assertTrue(why.contains(missing) && (!row.endsWith(".serviceloader")
                    || why.startsWith("FAIL java.util.ServiceConfigurationError")),
                    row + " must fail because its jar is not at its path in the jail (" + missing + "): " + why);
        }
        for (Path jar : List.of(jars.plugin(), jars.extra(), jars.agent(), jars.module())) {
            String host = jar.toRealPath().toString();
            // jars with META-INF/services are marked *: their ServiceLoader providers will not be found
            String named = host + (jar.equals(jars.plugin()) || jar.equals(jars.extra()) ? "*" : "");
            assertTrue(run.warnings.stream().anyMatch(w -> w.startsWith("class path: ") && w.contains(" not at their host"
                    + " path inside the jail") && (w.contains(named + ",") || w.contains(named + ";"))),
                    "no warning names " + named + " as not in the jail" + run.output);
        }
    }

    /**
     * Learn mode: one un-jailed run without the mirror, using every jar after {@code enter()},
     * writes a plan; the plan applied mechanically makes every use work in the jailed run.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void learnMode_planFromOneUnjailedRun_makesEveryUseWorkJailed(Path jdk) throws Exception {
        Forked.requireRoot();
        Path jail = Forked.newJail(base);
        Path plan = LearnSteps.planFile();
        // the learning child reads the jars as nobody on the host: they must be readable there
        Path readable = plan.getParent().resolve("jars");
        Files.createDirectory(readable);
        TestJars.Jars open = TestJars.build(readable);
        try {
            Map<String, String> learnedRows = runLearning(jdk, jail, open, LearnSteps.learning(plan));
            Map<String, String> failed = new TreeMap<>(learnedRows);
            failed.values().removeIf("ok"::equals);
            assertEquals(Map.of(), failed, "un-jailed, every use works");
            io.jail4j.LearnPlan learned = LearnSteps.apply(plan, jail);
            assertTrue(learned.calls().contains("Jail.mirrorClassPath()"), "jars reopened by path: " + learned);
            Map<String, String> jailedRows = runLearning(jdk, jail, open, LearnSteps.applying(plan));
            failed = new TreeMap<>(jailedRows);
            failed.values().removeIf("ok"::equals);
            assertEquals(Map.of(), failed, "with the learned plan every row must work jailed on " + Forked.label(jdk));
        } finally {
            LearnSteps.delete(plan);
        }
    }

    /** Runs the child without the mirror with {@code learnArgs}; checks it is jailed or learning; returns its rows. */
    private static Map<String, String> runLearning(Path jdk, Path jail, TestJars.Jars open, List<String> learnArgs)
            throws Exception {
        List<String> jvmArgs = new java.util.ArrayList<>(learnArgs);
        jvmArgs.addAll(List.of("-javaagent:" + open.agent(), "--module-path", open.module().toString(),
                "--add-modules", TestJars.MODULE_NAME));
        boolean learning = learnArgs.get(0).contains("=learn:");
        try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, ResourcesChild.class, Forked.keepOnly(),
                jvmArgs, List.of(open.plugin()), "plain", jail.toString(), open.plugin().toString(),
                open.extra().toString(), open.agent().toString(), open.module().toString())) {
            child.awaitStdout("ENTERED", 30);
            child.awaitStdout("DONE", 30);
            if (learning) {
                LearnSteps.assertLearningUnjailed(child);
            } else {
                child.assertJailed(jail);
            }
            child.tell("exit");
            assertEquals(0, child.exitCode(30), "exit status" + child.describe());
            return rows(child);
        }
    }

    /** What one child reported. */
    private record Run(Map<String, String> rows, List<String> warnings, List<String> notes, String output) { }

    private static Run run(Path jdk, Path jail, String mode) throws Exception {
        List<String> jvmArgs = List.of("-javaagent:" + jars.agent(), "--module-path", jars.module().toString(),
                "--add-modules", TestJars.MODULE_NAME);
        try (Forked child = Forked.start(jdk, ResourcesChild.class, Forked.keepOnly(), jvmArgs,
                List.of(jars.plugin()), mode, jail.toString(), jars.plugin().toString(), jars.extra().toString(),
                jars.agent().toString(), jars.module().toString())) {
            child.awaitStdout("ENTERED", 30);
            child.awaitStdout("DONE", 30);
            child.assertJailed(jail);
            child.tell("exit");
            assertEquals(0, child.exitCode(30), "exit status" + child.describe());
            return new Run(rows(child), lines(child, "WARNING "), lines(child, "NOTE "), child.describe());
        }
    }

    /** The child's {@code ROW name result} lines, which must name every row of {@link #ROWS} in order. */
    private static Map<String, String> rows(Forked child) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : child.stdout()) {
            if (line.startsWith("ROW ")) {
                String[] parts = line.split(" ", 3);
                rows.put(parts[1], parts[2]);
            }
        }
        assertEquals(ROWS, List.copyOf(rows.keySet()), "rows reported" + child.describe());
        return rows;
    }

    private static List<String> lines(Forked child, String prefix) {
        return child.stdout().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .collect(Collectors.toList());
    }
}
