package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.MissingResourceException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;

/** A jailed test's failure arrives typed and classified as the same test's failure run plainly. */
@Timeout(60)
class JailedFailuresTest {
    @BeforeEach
    void root() {
        SelfTests.requireRoot();
    }

    @Test
    void assertAll_run_failsWithAMultipleFailuresErrorCarryingEachFailure() {
        EngineExecutionResults r = SelfTests.run(FailureFixtures.AssertingAll.class);
        r.testEvents().assertStatistics(s -> s.failed(1).succeeded(0).aborted(0));
        Throwable t = SelfTests.thrown(r);
        MultipleFailuresError m = assertInstanceOf(MultipleFailuresError.class, t);
        assertInstanceOf(AssertionError.class, t, "an AssertionError: surefire counts a failure, not an error");
        List<Throwable> failures = m.getFailures();
        assertEquals(2, failures.size(), failures.toString());
        AssertionFailedError first = assertInstanceOf(AssertionFailedError.class, failures.get(0));
        assertEquals("first ==> expected: <1> but was: <2>", first.getMessage());
        assertEquals(Integer.valueOf(1), first.getExpected().getValue());
        IllegalStateException second = assertInstanceOf(IllegalStateException.class, failures.get(1));
        assertEquals("second", second.getMessage());
        assertTrue(m.getMessage().startsWith("two checks (2 failures)"), m.getMessage());
        assertEquals(2, m.getSuppressed().length, "assertAll's failures are suppressed too");
        assertTrue(m.getSuppressed()[0] == failures.get(0), "the same instances, not copies");
    }

    private static AssertionFailedError values(Class<?> fixture) {
        Throwable t = SelfTests.thrown(SelfTests.run(fixture));
        AssertionFailedError a = assertInstanceOf(AssertionFailedError.class, t);
        assertTrue(a.isExpectedDefined() && a.isActualDefined(), a.toString());
        return a;
    }

    @Test
    void intValues_run_arriveAsIntegers() {
        AssertionFailedError a = values(FailureFixtures.IntValues.class);
        assertEquals(Integer.class, a.getExpected().getType());
        assertEquals(1, a.getExpected().getValue());
        assertEquals(2, a.getActual().getValue());
    }

    @Test
    void stringValues_run_arriveAsStrings() {
        AssertionFailedError a = values(FailureFixtures.StringValues.class);
        assertEquals(String.class, a.getActual().getType());
        assertEquals("jailed", a.getExpected().getValue());
        assertEquals("free", a.getActual().getValue());
    }

    @Test
    void enumValues_run_arriveAsTheConstants() {
        AssertionFailedError a = values(FailureFixtures.EnumValues.class);
        assertEquals(FailureFixtures.Colour.class, a.getExpected().getType());
        assertEquals(FailureFixtures.Colour.RED, a.getExpected().getValue());
        assertEquals(FailureFixtures.Colour.GREEN, a.getActual().getValue());
        assertEquals("RED", a.getExpected().getStringRepresentation());
    }

    @Test
    void missingResource_run_keepsTheTypeAndItsFields() {
        Throwable t = SelfTests.thrown(SelfTests.run(FailureFixtures.MissingResource.class));
        MissingResourceException m = assertInstanceOf(MissingResourceException.class, t);
        assertTrue(m.getMessage().contains("io.jail4j.testkit.NoSuchBundle"), m.getMessage());
        assertTrue(m.getClassName().startsWith("io.jail4j.testkit.NoSuchBundle"), m.getClassName());
        assertEquals("", m.getKey());
    }
}
