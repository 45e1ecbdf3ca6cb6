package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A jailed test's outcome arrives as if it had run locally: pass, failure, exception, abort, hang, crash. */
@Timeout(60)
class JailedOutcomeTest {
    @BeforeEach
    void root() {
        SelfTests.requireRoot();
    }

    @AfterAll
    static void noChildSurvives() {
        if (HostFacts.root()) {
            assertEquals(List.of(), SelfTests.jailedChildren(), "jailed children still running");
        }
    }

    private static boolean hasFrame(Throwable t, String className, String method) {
        return Arrays.stream(t.getStackTrace()).anyMatch(e -> e.getClassName().equals(className)
                && e.getMethodName().equals(method));
    }

    @Test
    void passing_run_succeedsWithOutputEntriesAndNoJailLeft() {
        EngineExecutionResults r = SelfTests.run(JailedFixtures.Passing.class);
        r.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        List<String> out = SelfTests.entries(r, "jailed.stdout");
        assertEquals(1, out.size(), "one stdout entry: " + out);
        assertTrue(out.get(0).startsWith("hello from inside, uid 65534, jail /"), out.get(0));
        assertEquals(List.of("and from stderr\n"), SelfTests.entries(r, "jailed.stderr"));
        assertEquals(List.of("inside"), SelfTests.entries(r, "published"), "the test's own report entry");
        Path jail = Path.of(out.get(0).substring(out.get(0).indexOf(", jail ") + 7).strip());
        assertEquals("jail", jail.getFileName().toString());
        assertFalse(Files.exists(jail.getParent()), "the jail's directory must be deleted: " + jail.getParent());
    }

    @Test
    void failing_run_failsWithTheOriginalMessageValuesAndTrace() {
        Throwable t = SelfTests.thrown(SelfTests.run(JailedFixtures.Failing.class));
        AssertionFailedError a = assertInstanceOf(AssertionFailedError.class, t);
        assertEquals("the message must arrive intact ==> expected: <jailed> but was: <free>", a.getMessage());
        assertEquals("jailed", a.getExpected().getStringRepresentation());
        assertEquals("free", a.getActual().getStringRepresentation());
        assertTrue(hasFrame(a, JailedFixtures.Failing.class.getName(), "differentStrings_assertEquals_fails"), Arrays.toString(a.getStackTrace()));
    }

    @Test
    void throwing_run_failsWithTheSameTypeMessageAndCause() {
        Throwable t = SelfTests.thrown(SelfTests.run(JailedFixtures.Throwing.class));
        assertInstanceOf(IllegalStateException.class, t);
        assertEquals("boom", t.getMessage());
        assertInstanceOf(IOException.class, t.getCause());
        assertEquals("inner cause", t.getCause().getMessage());
        assertTrue(hasFrame(t, JailedFixtures.Throwing.class.getName(), "stateError_run_throwsWithItsCause"));
    }

    @Test
    void throwingOwnType_run_failsWithAStandInThatNamesTheType() {
        Throwable t = SelfTests.thrown(SelfTests.run(JailedFixtures.ThrowingOdd.class));
        JailedTestException j = assertInstanceOf(JailedTestException.class, t);
        assertEquals(JailedFixtures.Odd.class.getName(), j.originalClassName());
        assertEquals(JailedFixtures.Odd.class.getName() + ": odd one", j.toString());
        assertTrue(hasFrame(j, JailedFixtures.ThrowingOdd.class.getName(), "ownExceptionType_run_throwsIt"));
    }

    @Test
    void aborting_run_isAbortedWithTheReason() {
        EngineExecutionResults r = SelfTests.run(JailedFixtures.Aborting.class);
        r.testEvents().assertStatistics(s -> s.aborted(1).failed(0).succeeded(0));
        Throwable t = SelfTests.thrown(r);
        assertInstanceOf(TestAbortedException.class, t);
        assertEquals("not in this jail", t.getMessage());
    }

    @Test
    void hanging_run_timesOutWithItsStackAndLeavesNoProcess() {
        long start = System.nanoTime();
        Throwable t = SelfTests.thrown(SelfTests.run(JailedFixtures.Hanging.class));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertInstanceOf(TimeoutException.class, t);
        String m = t.getMessage();
        assertTrue(m.startsWith("@Jailed(timeoutSeconds = 2) on JailedFixtures$Hanging"
                + ".latchNeverCounted_await_hangsPastTheTimeout(): no result after 2 s"), m);
        assertTrue(m.contains("was killed and has exited"), m);
        assertTrue(m.contains("JailedFixtures$Hanging.latchNeverCounted_await_hangsPastTheTimeout(JailedFixtures.java:"),
                "the main thread's stack: " + m);
        assertTrue(seconds < 8, "took " + seconds + " s");
        Matcher pid = Pattern.compile("\\(pid (\\d+)\\)").matcher(m);
        assertTrue(pid.find(), m);
        assertFalse(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false),
                "the hung child must be gone");
    }

    @Test
    void halting_run_failsWithTheExitStatusAndStandardError() {
        Throwable t = SelfTests.thrown(SelfTests.run(JailedFixtures.Halting.class));
        assertInstanceOf(AssertionError.class, t);
        assertTrue(t.getMessage().contains("exited with status 7 while the test ran, without a result"), t.getMessage());
        assertTrue(t.getMessage().contains("about to halt"), t.getMessage());
    }
}
