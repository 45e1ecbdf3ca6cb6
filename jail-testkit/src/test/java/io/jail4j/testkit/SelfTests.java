package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixtures through the EngineTestKit and reads what came back. */
final class SelfTests {
    static final String CHILD_MAIN = JailedChild.class.getName();

    private SelfTests() {
    }

    /** Skips the calling test unless root; fails it instead when {@code CI=true}. */
    static void requireRoot() {
        if (!HostFacts.root()) {
            if (HostFacts.ci()) {
                fail("this self-test forks jailed JVMs and needs root; CI=true is set, so it must not be skipped");
            }
            Assumptions.abort("needs root (CI=true turns this skip into a failure)");
        }
    }

    /** Returns the image of this test class path's children in the default cache. */
    static ChildImage image(List<String> jvm, boolean sharing) throws IOException {
        return ChildImage.of(jvm, sharing, ChildJvm.classPathOf(SelfTests.class), ImageCache.defaultDir());
    }

    static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }

    /** Asserts that exactly {@code n} tests ran and all passed; a failure carries the test's throwable. */
    static void assertPassed(EngineExecutionResults results, int n) {
        for (Event e : results.testEvents().finished().list()) {
            TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
            if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                throw new AssertionError(e.getTestDescriptor().getDisplayName() + " ended " + r.getStatus(),
                        r.getThrowable().orElse(null));
            }
        }
        results.testEvents().assertStatistics(s -> s.started(n).succeeded(n));
    }

    /** Returns the throwable of the one finished test, failing if there is none. */
    static Throwable thrown(EngineExecutionResults results) {
        List<Event> finished = results.testEvents().finished().list();
        assertEquals(1, finished.size(), "finished tests: " + finished);
        return finished.get(0).getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .orElseThrow(() -> new AssertionError("the test ended without a throwable: " + finished.get(0)));
    }

    /** Returns the values published under {@code key}, in order. */
    static List<String> entries(EngineExecutionResults results, String key) {
        List<String> out = new ArrayList<>();
        results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(key))
                .filter(v -> v != null)
                .forEach(out::add);
        return out;
    }

    /**
     * Returns the pids of this JVM's live descendants that run the jailed child's main class
     * (other builds on the machine may run jailed children of their own), but for the training
     * run of the children's class-data sharing archive, which lives as long as this JVM.
     */
    static List<Long> jailedChildren() {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(h -> {
            try {
                String cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                        StandardCharsets.UTF_8);
                if (cmd.contains(CHILD_MAIN) && !cmd.contains("-XX:ArchiveClassesAtExit")) { // not a training run
                    pids.add(h.pid());
                }
            } catch (IOException e) {
                // gone meanwhile
            }
        });
        return pids;
    }
}
