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
 * Measures what a jailed test costs. Each round runs, in rotating order: a plain test in this JVM;
 * the same test {@code @Jailed} alone, once with no child started ahead ("cold": fork, layout,
 * enter, outside checks, run, report, clean-up all on the critical path) and once with the
 * default settings; a suite of {@value #SUITE} jailed tests back to back (with and without jail4j's
 * default preload) and the same suite plain; one jailed test without the class-data sharing
 * archive (what a test JVM's first jailed test gets);
 * and the floor, a forked JVM that only loads jnr-ffi (with default options and with the
 * testkit's child options). Prints median and interquartile range of each, of the overheads
 * (jailed minus plain; per test for the suite) and of overhead / floor per round. Needs root.
 *
 * <pre>
 * mvn -q install -DskipTests -pl jail-core,jail-testkit
 * mvn -q -pl jail-testkit test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp jail-testkit/target/test-classes:jail-testkit/target/classes:$(cat jail-testkit/target/cp.txt) \
 *     io.jail4j.testkit.JailedBench [rounds] [warm-up rounds]
 * </pre>
 */
final class JailedBench {
    private JailedBench() {
    }

    /** The measured test, plain. */
    static final class Plain {
        @Test
        void work() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    /** The measured test, jailed. */
    static final class InJail {
        @Test
        @Jailed
        void work() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    /** A suite of jailed tests, back to back. */
    static final class JailedSuite {
        @RepeatedTest(SUITE)
        @Jailed
        void work() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    /** The jailed suite without jail4j's default preload. */
    static final class JailedSuiteNoPreload {
        @RepeatedTest(SUITE)
        @Jailed(defaultPreload = false)
        void work() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    /** The same suite, plain. */
    static final class PlainSuite {
        @RepeatedTest(SUITE)
        void work() {
            if (Integer.parseInt("42") != 42) {
                throw new AssertionError();
            }
        }
    }

    static final int SUITE = 10;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (!Host.root()) {
            throw new IllegalStateException("JailedBench needs root");
        }
        Launcher launcher = LauncherFactory.create();
        List<String> floorDefault = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        floorDefault.addAll(List.of("-cp", JailedRun.classPath(), JnrFloor.class.getName()));
        List<String> floorTuned = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        floorTuned.addAll(JailedRun.jvmOptions(List.of()));
        floorTuned.addAll(List.of("-cp", JailedRun.classPath(), JnrFloor.class.getName()));
        int kinds = 9;
        double[][] ms = new double[kinds][rounds];
        for (int r = -warmUp; r < rounds; r++) {
            for (int k = 0; k < kinds; k++) {
                int which = (k + Math.floorMod(r, kinds)) % kinds;
                double t;
                switch (which) {
                    case 0: t = runTests(launcher, Plain.class, 1, true); break;
                    case 1: t = runTests(launcher, InJail.class, 1, false); break;
                    case 2: t = runTests(launcher, InJail.class, 1, true); break;
                    case 8: t = runTests(launcher, InJail.class, 1, false, false); break;
                    case 3: t = fork(floorDefault); break;
                    case 4: t = fork(floorTuned); break;
                    case 5: t = runTests(launcher, PlainSuite.class, SUITE, true); break;
                    case 6: t = runTests(launcher, JailedSuite.class, SUITE, true); break;
                    default: t = runTests(launcher, JailedSuiteNoPreload.class, SUITE, true); break;
                }
                if (r >= 0) {
                    ms[which][r] = t;
                }
            }
        }
        double[] first = new double[rounds];
        double[] cold = new double[rounds];
        double[] single = new double[rounds];
        double[] suite = new double[rounds];
        double[] lean = new double[rounds];
        double[] leanRatio = new double[rounds];
        double[] coldRatio = new double[rounds];
        double[] suiteRatio = new double[rounds];
        double[] suiteRatioTuned = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            first[r] = ms[8][r] - ms[0][r];
            cold[r] = ms[1][r] - ms[0][r];
            single[r] = ms[2][r] - ms[0][r];
            suite[r] = (ms[6][r] - ms[5][r]) / SUITE;
            lean[r] = (ms[7][r] - ms[5][r]) / SUITE;
            leanRatio[r] = lean[r] / ms[3][r];
            coldRatio[r] = cold[r] / ms[3][r];
            suiteRatio[r] = suite[r] / ms[3][r];
            suiteRatioTuned[r] = suite[r] / ms[4][r];
        }
        System.out.printf(Locale.ROOT, "JDK %s, %d interleaved rounds (+%d warm-up), %d CPUs; median (IQR)%n",
                Runtime.version(), rounds, warmUp, Runtime.getRuntime().availableProcessors());
        row("plain test in this JVM", ms[0], "ms");
        row("floor: JVM loading jnr-ffi", ms[3], "ms");
        row("floor, testkit's JVM options", ms[4], "ms");
        row("overhead, one test, no archive", first, "ms");
        row("overhead, one jailed test, cold", cold, "ms");
        row("overhead, one jailed test, default", single, "ms");
        row("overhead per test, suite of " + SUITE, suite, "ms");
        row("same, defaultPreload = false", lean, "ms");
        row("cold / floor", coldRatio, "x");
        row("suite per test / floor", suiteRatio, "x");
        row("suite per test / floor (same opts)", suiteRatioTuned, "x");
        row("suite, no default preload / floor", leanRatio, "x");
        List<String> jvm = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        jvm.addAll(JailedRun.jvmOptions(List.of()));
        ChildImage image = SelfTests.image(jvm, true);
        System.out.printf(Locale.ROOT, "  class-data sharing archive: %s, made once by a training JVM in %d ms (nice 19)%n",
                image.state(), image.trainingMillis());
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
