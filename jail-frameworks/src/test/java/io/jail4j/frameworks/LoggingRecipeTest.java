package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The logging recipe and its control, for one framework (subclasses say which), on JDK 17 and 25.
 *
 * <p>{@code loggingRecipe_logAcrossEnterEditsAndRollovers_losesNoLine}: stderr before
 * {@code enter()}, the in-jail configuration after it, a level change by editing the in-jail
 * configuration: every numbered line of every thread is in stderr or in the log files, none twice
 * in the files, across at least 3 rollovers.
 *
 * <p>{@code logFilesOnHostPaths_closeFdsAndEnter_loseLines}: the naive way (a rolling file on a
 * host path opened before {@code enter()}, {@code closeFds()}) loses lines, and the entry
 * report's warning names the descriptor it pointed at {@code /dev/null}.
 */
abstract class LoggingRecipeTest {
    /** {@code logback} or {@code log4j2}. */
    abstract String framework();

    /** The SLF4J logger factory the child must report: the real framework's, not a no-op fallback. */
    abstract String factoryClass();

    /** The boot configuration's name as given to the framework's system property. */
    abstract String bootConfig();

    /** The in-jail configuration files (path inside the jail to content), with DEBUG on or off. */
    abstract Map<String, String> jailConfigs(boolean debug) throws IOException;

    /**
     * Whether the framework, after {@code enter()}, recreates the host log directory inside the
     * jail (under the jail's {@code /tmp}) at its first rollover and goes on logging there.
     */
    abstract boolean recreatesHostDirInJail();

    /** The naive configuration: the in-jail one with the log directory on the host, no rescan. */
    abstract String hostConfig(Path hostLogDir) throws IOException;

    static Stream<Arguments> jdks() {
        return Forked.jdks().stream().map(h -> Arguments.of(Named.of(Forked.label(h), h)));
    }

    /** What a recipe run left: the lines each thread logged, stderr's and the files' lines, the summary. */
    static final class Run {
        long[] counts;
        LoggingScenario.Tally err;
        LoggingScenario.Tally inFiles;
        long rolled;
        List<String> warnings;
        String summary;

        /** The numbers of thread {@code t} found neither in stderr nor in the files. */
        TreeSet<Long> missing(int t) {
            return inFiles.missing(t, counts[t], err);
        }
    }

    /**
     * Runs the recipe: the jail laid out with {@code jailConfigs(false)}, the child started with the
     * boot configuration, checked jailed once READY, then the in-jail configuration replaced by
     * {@code edited} (atomically, as {@code JailLayout.apply} writes files), and the child waited for.
     */
    Run runRecipe(Path jdk, Path base, Map<String, String> edited) throws Exception {
        Forked.requireRoot();
        Path jail = Forked.newJail(base);
        LoggingScenario.layout(jailConfigs(false)).apply(jail);
        Path logDir = jail.resolve("var/log/app");
        try (Forked child = LoggingScenario.start(jdk, framework(), "recipe", jail, bootConfig())) {
            assertRealFramework(child);
            child.awaitStdout("READY", 60);
            LoggingScenario.assertJailed(child, jail);

            LoggingScenario.layout(edited).apply(jail);
            String debugOn = child.awaitStdout("debug-on", 30);
            assertEquals(0, child.exitCode(60), child.describe());
            assertFalse(child.stdout().contains("debug-timeout"), "the level change took no effect" + child.describe());

            Run run = new Run();
            run.counts = LoggingScenario.counts(child);
            run.err = new LoggingScenario.Tally(child.stderr());
            Map<Path, List<String>> files = LoggingScenario.logFiles(logDir);
            run.inFiles = new LoggingScenario.Tally(LoggingScenario.all(files));
            run.rolled = files.keySet().stream().filter(f -> f.getFileName().toString().endsWith(".gz")).count();
            run.warnings = LoggingScenario.warnings(child).stream()
                    .filter(w -> !w.startsWith("class path: ")).collect(Collectors.toList());
            run.summary = String.format("%s %s: logged %s, stderr %d seq lines, files %d seq + %d dbg lines in %d"
                            + " files (%d rolled), %s, %s, warnings %s", framework(), Forked.label(jdk),
                    Arrays.toString(run.counts), run.err.lines(), run.inFiles.lines(), run.inFiles.dbg, files.size(),
                    run.rolled, child.stdout().stream().filter(l -> l.startsWith("switched")).findFirst().orElse("?"),
                    debugOn, run.warnings);
            System.out.println(run.summary);
            child.stdout().stream().filter(l -> l.startsWith("status=")).forEach(System.out::println);
            assertEquals(LoggingScenario.NOBODY, Files.getAttribute(logDir.resolve("app.log"), "unix:uid"),
                    "the daemon created its log file");
            return run;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void loggingRecipe_logAcrossEnterEditsAndRollovers_losesNoLine(Path jdk, @TempDir Path base) throws Exception {
        Run run = runRecipe(jdk, base, jailConfigs(true));
        run.inFiles.assertNoDuplicates("the log files");
        for (int t = 0; t < run.counts.length; t++) {
            TreeSet<Long> missing = run.missing(t);
            assertTrue(missing.isEmpty(), "thread " + t + " lost " + missing.size() + " of " + run.counts[t]
                    + " lines, first " + missing.stream().limit(10).collect(Collectors.toList()) + "\n" + run.summary);
            assertTrue(run.err.seq.get(t).containsKey(0L), "thread " + t + "'s first line went to stderr");
            assertFalse(run.inFiles.seq.get(t).containsKey(0L), "thread " + t + "'s first line is not in the files");
            assertTrue(run.inFiles.seq.get(t).containsKey(run.counts[t] - 1),
                    "thread " + t + "'s last line is in a file");
        }
        assertTrue(run.rolled >= 3, "at least 3 rollovers: " + run.summary);
        assertEquals(0, run.err.dbg, "no DEBUG line before the level change: " + run.summary);
        assertTrue(run.inFiles.dbg > 0, "DEBUG lines in the files after the level change: " + run.summary);
        assertTrue(run.warnings.stream().noneMatch(w -> w.contains("/dev/null")),
                "no descriptor was pointed at /dev/null: " + run.summary);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void logFilesOnHostPaths_closeFdsAndEnter_loseLines(Path jdk, @TempDir Path base) throws Exception {
        Forked.requireRoot();
        Path jail = Forked.newJail(base);
        Path hostLogDir = Files.createDirectory(base.resolve("hostlog"));
        Path hostConfig = base.resolve("host-" + framework() + ".xml");
        Files.writeString(hostConfig, hostConfig(hostLogDir), StandardCharsets.UTF_8);
        try (Forked child = LoggingScenario.start(jdk, framework(), "hostpaths", jail, hostConfig.toString())) {
            assertRealFramework(child);
            child.awaitStdout("READY", 60);
            LoggingScenario.assertJailed(child, jail);
            assertEquals(0, child.exitCode(60), child.describe());

            long[] counts = LoggingScenario.counts(child);
            Map<Path, List<String>> onHost = LoggingScenario.logFiles(hostLogDir);
            Map<Path, List<String>> inJail = LoggingScenario.logFiles(jail);
            LoggingScenario.Tally host = new LoggingScenario.Tally(LoggingScenario.all(onHost));
            LoggingScenario.Tally jailed = new LoggingScenario.Tally(LoggingScenario.all(inJail));
            long logged = 0;
            long lost = 0;
            StringBuilder perThread = new StringBuilder();
            for (int t = 0; t < counts.length; t++) {
                TreeSet<Long> missing = host.missing(t, counts[t], jailed);
                logged += counts[t];
                lost += missing.size();
                perThread.append(String.format(" t%d lost %d of %d (first lost n%s, last lost n%s);", t,
                        missing.size(), counts[t], missing.isEmpty() ? "-" : missing.first(),
                        missing.isEmpty() ? "-" : missing.last()));
            }
            List<String> warnings = LoggingScenario.warnings(child).stream()
                    .filter(w -> !w.startsWith("class path: ")).collect(Collectors.toList());
            String summary = String.format("%s %s control: logged %d, on the host %d, recreated in the jail %d %s,"
                            + " lost %d;%s warnings %s", framework(), Forked.label(jdk), logged, host.lines(),
                    jailed.lines(),
                    inJail.keySet().stream().map(jail::relativize).sorted().collect(Collectors.toList()),
                    lost, perThread, warnings);
            System.out.println(summary);

            assertTrue(lost > 0, "the naive way lost lines: " + summary);
            Path recreated = jail.resolve(jail.getRoot().relativize(hostLogDir));
            assertEquals(recreatesHostDirInJail(), Files.isRegularFile(recreated.resolve("app.log")),
                    "whether the framework recreated " + hostLogDir + " inside the jail: " + summary);
            assertTrue(inJail.keySet().stream().allMatch(f -> f.startsWith(recreated)),
                    "every file the child wrote in the jail is in the recreated directory: " + inJail.keySet());
            String hostFile = hostLogDir.resolve("app.log").toString();
            assertTrue(warnings.stream().anyMatch(w -> w.matches("fd \\d+ was open for writing on the host file "
                    + java.util.regex.Pattern.quote(hostFile) + ": closeFds\\(\\) points it at /dev/null, so everything"
                    + " written to it after enter\\(\\) is lost .*")), "the warning names the log file: " + summary);
        }
    }

    /** The child logs through the framework under test, not through a no-op or simple fallback. */
    void assertRealFramework(Forked child) throws InterruptedException {
        assertEquals("factory=" + factoryClass(), child.awaitStdout("factory=", 30), child.describe());
    }

}
