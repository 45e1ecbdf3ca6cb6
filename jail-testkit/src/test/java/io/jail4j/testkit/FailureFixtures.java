package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/**
 * Jailed tests that fail in the ways plain JUnit tells apart, run by {@link JailedFailuresTest}
 * through the EngineTestKit. Surefire never runs them (it skips nested classes).
 */
final class FailureFixtures {
    private FailureFixtures() {
    }

    /** An enum of the class path, a value type that arrives as itself. */
    enum Colour { RED, GREEN }

    static final class AssertingAll {
        @Test
        @Jailed
        void twoFailingChecks_assertAll_failsWithBoth() {
            assertAll("two checks",
                () -> assertEquals(1, 2, "first"),
                () -> assertEquals(1, 1, "passes"),
                () -> {
                    throw new IllegalStateException("second");
                });
        }
    }

    static final class IntValues {
        @Test
        @Jailed
        void differentInts_assertEquals_fails() {
            assertEquals(1, 2);
        }
    }

    static final class StringValues {
        @Test
        @Jailed
        void differentStrings_assertEquals_fails() {
            assertEquals("jailed", "free");
        }
    }

    static final class EnumValues {
        @Test
        @Jailed
        void differentEnumConstants_assertEquals_fails() {
            assertEquals(Colour.RED, Colour.GREEN);
        }
    }

    static final class MissingResource {
        @Test
        @Jailed
        void missingBundle_getBundle_throwsMissingResource() {
            ResourceBundle.getBundle("io.jail4j.testkit.NoSuchBundle");
        }
    }
}
