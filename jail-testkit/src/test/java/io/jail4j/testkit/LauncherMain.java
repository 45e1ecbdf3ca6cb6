package io.jail4j.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the test class named by the argument with the JUnit Platform Launcher, as an IDE or a
 * build tool's forked JVM does, and prints one line {@code tests=N succeeded=N failed=N
 * java.class.path=...} and each failure; exits 0.
 */
public final class LauncherMain {
    private LauncherMain() {
    }

    /**
     * Runs the tests.
     *
     * @param args the test class's binary name
     */
    public static void main(String[] args) throws Exception {
        Class<?> test = Class.forName(args[0], false, Thread.currentThread().getContextClassLoader());
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(test)).build(), summary);
        TestExecutionSummary s = summary.getSummary();
        System.out.println("tests=" + s.getTestsFoundCount() + " succeeded=" + s.getTestsSucceededCount() + " failed="
                + s.getTotalFailureCount() + " loader=" + test.getClassLoader().getClass().getSimpleName()
                + " java.class.path=" + System.getProperty("java.class.path"));
        s.getFailures().forEach(f -> System.out.println("FAILURE " + f.getException()));
        System.out.flush();
        System.exit(0);
    }
}
