package io.jail4j.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Measures what a jailed test costs in small suites, as a test JVM sees them from its first
 * jailed test on. Each round runs, in rotating order: the floor, a forked JVM that loads jnr-ffi
 * and makes one call (default JVM options); suites of 1, 3 and {@value #SUITE} jailed tests, each
 * as a fresh test JVM runs them (the testkit's in-memory state is forgotten before each suite, so
 * the first test pays for finding the class path, the cache look-up and a child started on the
 * critical path; the archive comes from the testkit's cache as it would from an earlier test JVM);
 * the suite of one with class-data sharing off (the first run after a class-path change, before
 * the training JVM has made the archive); and the suite of {@value #SUITE} plain. Prints median and
 * interquartile range of the wall time per test (suite time / tests, first test included) and of
 * per test / floor per round. Needs root.
 *
 * <pre>
 * mvn -o -q -pl jail-testkit -am test-compile
 * mvn -o -q -pl jail-testkit dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp jail-testkit/target/test-classes:jail-testkit/target/classes:jail-core/target/classes:\
 *     jail-core/target/test-classes:$(cat jail-testkit/target/cp.txt) io.jail4j.testkit.JailedBench [rounds] [warm-up rounds]
 * </pre>
 * (run it with each JDK's {@code java} to measure that JDK).
 */
final class JailedBench {
    private JailedBench() {
    }

    /** The measured test, plain. */
    static final class Plain {
        @Test
        void trivialTest_run_passes() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    /** The measured test, jailed. */
    static final class InJail {
        @Test
        @Jailed
        void trivialTest_run_passes() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    /** A suite of jailed tests, back to back. */
    static final class JailedSuite {
        @RepeatedTest(SUITE)
        @Jailed
        void trivialTest_run_passes() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    /** The jailed suite without jail4j's default preload. */
    static final class JailedSuiteNoPreload {
        @RepeatedTest(SUITE)
        @Jailed(defaultPreload = false)
        void trivialTest_run_passes() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    /** The same suite, plain. */
    static final class PlainSuite {
        @RepeatedTest(SUITE)
        void trivialTest_run_passes() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    static final int SUITE = 10;

    /** A suite of three jailed tests. */
    static final class JailedSuite3 {
        @RepeatedTest(3)
        @Jailed
        void trivialTest_run_passes() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (!HostFacts.root()) {
            throw new IllegalStateException("JailedBench needs root");
        }
        Launcher launcher = LauncherFactory.create();
        List<String> floor = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        floor.addAll(List.of("-cp", ChildJvm.classPath(), JnrFloor.class.getName()));
        // the archive as an earlier test JVM left it in the cache (made once per class path, JDK and options)
        List<String> jvm = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        jvm.addAll(ChildJvm.options(List.of()));
        ChildImage image = ChildImage.of(jvm, true, ChildJvm.classPathOf(InJail.class), ImageCache.defaultDir());
        image.train();
        long trainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (image.state() == ChildImage.State.TRAINING && System.nanoTime() < trainEnd) {
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "class-data sharing archive: %s (training took %d ms, 0 if an earlier JVM made it)%n",
                image.state(), image.trainingMillis());
        int kinds = 6;
        double[][] ms = new double[kinds][rounds];
        for (int r = -warmUp; r < rounds; r++) {
            for (int k = 0; k < kinds; k++) {
                int which = (k + Math.floorMod(r, kinds)) % kinds;
                ChildImage.forget(); // each suite as a fresh test JVM runs it
                ChildJvm.forgetClassPaths();
                double t;
                switch (which) {
                    case 0: t = fork(floor); break;
                    case 1: t = runTests(launcher, InJail.class, 1, true); break;
                    case 2: t = runTests(launcher, JailedSuite3.class, 3, true) / 3; break;
                    case 3: t = runTests(launcher, JailedSuite.class, SUITE, true) / SUITE; break;
                    case 4: t = runTests(launcher, InJail.class, 1, true, false); break;
                    default: t = runTests(launcher, PlainSuite.class, SUITE, true) / SUITE; break;
                }
                if (r >= 0) {
                    ms[which][r] = t;
                }
            }
        }
        System.out.printf(Locale.ROOT, "JDK %s, %d interleaved rounds (+%d warm-up), %d CPUs; median (IQR)%n",
                Runtime.version(), rounds, warmUp, Runtime.getRuntime().availableProcessors());
        row("floor: JVM loading jnr-ffi", ms[0], "ms");
        String[] names = {"", "per test, suite of 1", "per test, suite of 3", "per test, suite of " + SUITE,
            "suite of 1, no archive yet"};
        for (int k = 1; k <= 4; k++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = ms[k][r] / ms[0][r];
            }
            row(names[k], ms[k], "ms");
            row("  / floor", ratio, "x");
        }
        row("plain test, per test, suite of " + SUITE, ms[5], "ms");
    }

    /** Runs a test class and returns the wall time in ms; {@code prestart} sets the pool's switch. */
    private static double runTests(Launcher launcher, Class<?> test, int expected, boolean prestart) {
        return runTests(launcher, test, expected, prestart, true);
    }

    /** The same, with the class-data sharing switch: off is what a test JVM's first jailed test sees. */
    private static double runTests(Launcher launcher, Class<?> test, int expected, boolean prestart, boolean sharing) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(test))
                .configurationParameter(ChildPool.PRESTART, Boolean.toString(prestart))
                .configurationParameter(ChildImage.SHARING, Boolean.toString(sharing)).build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(request, summary);
        double ms = (System.nanoTime() - start) / 1e6;
        TestExecutionSummary s = summary.getSummary();
        if (s.getTestsSucceededCount() != expected) {
            StringBuilder why = new StringBuilder();
            s.getFailures().forEach(f -> why.append(f.getException()).append('\n'));
            throw new IllegalStateException(test.getSimpleName() + " did not pass: " + why);
        }
        return ms;
    }

    private static double fork(List<String> cmd) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("floor JVM failed: " + cmd);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void row(String name, double[] values, String unit) {
        double[] v = values.clone();
        Arrays.sort(v);
        String f = unit.equals("x") ? "%8.2f%s (%.2f-%.2f)" : "%8.1f %s (%.1f-%.1f)";
        System.out.printf(Locale.ROOT, "  %-34s " + f + "%n", name, q(v, 0.5), unit, q(v, 0.25), q(v, 0.75));
    }

    /** Returns the {@code p} quantile by linear interpolation. */
    private static double q(double[] sorted, double p) {
        double i = p * (sorted.length - 1);
        int lo = (int) Math.floor(i);
        int hi = (int) Math.ceil(i);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
    }
}
