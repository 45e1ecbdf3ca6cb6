package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Makes a chosen system call fail for real (a seccomp filter returning an errno, installed on
 * every thread of the forked JVM before {@code enter()}) and proves the process halts with the
 * documented code and one line on stderr, and that neither the code after {@code enter()} nor a
 * shutdown hook ever runs.
 */
class FaultRootTest {
    private Path jail;

    @BeforeEach
    void setUp() {
        RootTests.requireRoot();
        jail = HostFixtures.jail();
    }

    @AfterEach
    void tearDown() {
        HostFixtures.delete(jail);
    }

    /** fault spec, expected exit code, expected stderr fragment. */
    static List<Arguments> faults() {
        List<Object[]> matrix = List.of(
                new Object[] {"chroot:1", 91, "halted at step CHROOT (change root), exit 91: chroot(\"/proc/self/fd/"},
                new Object[] {"fchdir:13", 91, "exit 91: fchdir("},
                new Object[] {"chdir:13", 91, "exit 91: chdir(\"/\"): EACCES"},
                new Object[] {"setgroups:1", 93, "exit 93: setgroups(1, [65534]): EPERM"},
                new Object[] {"setresgid:11", 94, "exit 94: setresgid(65534, 65534, 65534): EAGAIN"},
                new Object[] {"setresuid:11", 95, "exit 95: setresuid(65534, 65534, 65534): EAGAIN"},
                new Object[] {"setresuid:0", 97, "exit 97: getresuid() = 0/0/0, expected 65534 in all three slots"},
                new Object[] {"setgroups:0:1", 97, "exit 97: getgroups() = [], expected [65534]"},
                new Object[] {"prctl:22:38", 96, "exit 96: prctl(PR_SET_NO_NEW_PRIVS, 1): EINVAL"},
                new Object[] {"seccomp:22:1", 96, "exit 96: seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC"});
        List<Arguments> out = new ArrayList<>();
        for (Path jdk : RootTests.jdks()) {
            for (Object[] row : matrix) {
                out.add(Arguments.of(jdk, row[0], row[1], row[2]));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("faults")
    void injectedFailure_enter_haltsWithTheDocumentedCode(Path jdk, String fault, int code, String message) {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--hook",
                "--fault", fault)) {
            List<String> out = child.rest();
            assertEquals(code, child.exitCode(), "stdout " + out + " stderr " + child.stderr());
            assertHaltedCleanly(out, child.stderr(), message);
        }
    }

    /**
     * A thread that starts to disagree inside the window (its own filter, installed by a thread
     * spinning until the chroot has happened) makes glibc abort the process at the setresuid
     * broadcast. The spinning thread can lose the race on a loaded machine; such a round is a
     * complete, proved entry and is retried.
     */
    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void threadThatDisagreesInsideTheWindow_enter_isAbortedByGlibc(Path jdk) {
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--hook",
                    "--disagree", "setresuid:1:65534")) {
                List<String> out = child.rest();
                int code = child.exitCode();
                if (code == 134) {
                    assertFalse(out.contains("AFTER-ENTER"), out.toString());
                    assertFalse(out.contains("HOOK-RAN"), out.toString());
                    return;
                }
                assertEquals(0, code, "either glibc aborts or the entry completes; stdout " + out + " stderr " + child.stderr());
                assertTrue(out.contains("DONE"), out.toString());
                rounds.add("round " + round + ": the disagreeing filter came after the drop");
            }
        }
        throw new AssertionError("no round aborted: " + rounds);
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void threadWithItsOwnSeccompFilter_enter_refusesBeforeThePointOfNoReturn(Path jdk) {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody",
                "--odd-thread", "setresuid:1:65534")) {
            String refused = child.await("REFUSED");
            assertTrue(refused.startsWith("JailStateException enter(): threads differ in their seccomp state"), refused);
            assertEquals(3, child.exitCode());
        }
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void threadThatDroppedCapSetuid_enter_refusesNamingTheThread(Path jdk) {
        try (ForkedJvm child = ForkedJvm.start(jdk, "--jail", jail.toString(), "--user", "nobody", "--odd-caps", "7")) {
            String refused = child.await("REFUSED");
            assertTrue(refused.startsWith("MissingCapabilityException enter(): thread ")
                    && refused.contains("(odd) lacks CAP_SETUID in its effective set"), refused);
            assertEquals(3, child.exitCode());
        }
    }

    static void assertHaltedCleanly(List<String> out, String stderr, String message) {
        assertFalse(out.contains("AFTER-ENTER"), "code after enter() ran: " + out);
        assertFalse(out.contains("HOOK-RAN"), "a shutdown hook ran: " + out);
        assertTrue(stderr.contains(message), "stderr: " + stderr);
        List<String> lines = stderr.lines().filter(l -> l.startsWith("jail4j:")).toList();
        assertEquals(1, lines.size(), "exactly one halt line: " + stderr);
    }
}
