package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jail4j.EntryReport;
import io.jail4j.testkit.JailSetUp;
import io.jail4j.testkit.Jailed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The greeter tested as it runs: jailed, as nobody. Two tests pass, one fails, one errs. */
@Jailed(setUp = GreeterDaemonTest.ReadHostName.class)
class GreeterDaemonTest {
    /** Reads a host file (the first line of /etc/passwd) as root before the jail, into a class the test uses inside. */
    public static final class ReadHostName implements JailSetUp {
        @Override
        public void beforeJail(Path jail) throws IOException {
            HostName.value = Files.readAllLines(Path.of("/etc/passwd")).get(0);
        }
    }

    /** Initialised by the set-up. */
    static final class HostName {
        static String value;
    }

    @Test
    void jailedAsNobody_greeting_isHello(EntryReport report) {
        assertEquals(65534, report.target().uid());
        assertFalse(Files.exists(Path.of("/etc/passwd")), "inside the jail");
        assertEquals("hello!", GreeterDaemon.greeting());
    }

    @Test
    void setUpHook_readHostFile_ranBeforeTheJail() {
        assertFalse(HostName.value == null || HostName.value.isEmpty(), "read by the set-up, as root, outside");
    }

    @Test
    void wrongGreetingAndSum_assertAll_failsWithTwoAssertions() {
        assertAll(
            () -> assertEquals("hi!", GreeterDaemon.greeting()),
            () -> assertEquals(2, 1 + 2));
    }

    @Test
    void missingConfig_run_errsWithAnIOException() throws IOException {
        throw new IOException("the daemon's config is missing");
    }
}
