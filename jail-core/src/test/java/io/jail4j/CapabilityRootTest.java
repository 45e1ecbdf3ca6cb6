package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A caller that is not root but holds CAP_SYS_CHROOT, CAP_SETUID and CAP_SETGID as ambient
 * capabilities (as systemd's {@code AmbientCapabilities=} gives them): {@code enter()} must end
 * with no permitted, effective or ambient capability on any thread.
 */
class CapabilityRootTest {
    private static final List<String> AMBIENT = List.of("setpriv", "--reuid=999", "--regid=999", "--clear-groups",
            "--inh-caps=+sys_chroot,+setuid,+setgid", "--ambient-caps=+sys_chroot,+setuid,+setgid", "--");
    /** CAP_SYS_ADMIN as well, so the test can install its fault filter without no_new_privs. */
    private static final List<String> AMBIENT_WITH_ADMIN = List.of("setpriv", "--reuid=999", "--regid=999",
            "--clear-groups", "--inh-caps=+sys_chroot,+setuid,+setgid,+sys_admin",
            "--ambient-caps=+sys_chroot,+setuid,+setgid,+sys_admin", "--");
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

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void ambientCapabilitiesOnly_enter_clearsThemOnEveryThread(Path jdk) throws Exception {
        try (ForkedJvm child = ForkedJvm.startAs(jdk, AMBIENT, RootTests.readableClassPath(),
                "--jail", jail.toString(), "--user", "nobody", "--threads", "4", "--pause")) {
            String json = child.await("REPORT");
            long pid = Long.parseLong(child.await("ENTERED"));
            assertEquals(List.of(), Outside.violations(pid, jail, 65534, 65534, Set.of(65534L)));
            assertTrue(json.contains("\"before\":{\"ruid\":999,\"euid\":999,\"suid\":999"), json);
            assertTrue(json.contains("capability-only caller"), json);
            assertTrue(json.contains("CapInh 400c0 remains"), "the inheritable set must be reported: " + json);
            assertTrue(json.contains("CapBnd "), "the bounding set must be reported: " + json);
            child.proceed();
            List<String> rest = child.rest();
            assertTrue(rest.stream().filter(l -> l.startsWith("ESCAPE")).allMatch(l -> l.contains(" blocked ")), rest.toString());
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void ambientCallerWhoseTargetDropFails_enter_halts(Path jdk) {
        try (ForkedJvm child = ForkedJvm.startAs(jdk, AMBIENT_WITH_ADMIN, RootTests.readableClassPath(),
                "--jail", jail.toString(), "--user", "nobody", "--hook", "--fault", "setresuid:1:65534")) {
            List<String> out = child.rest();
            assertEquals(95, child.exitCode(), child.stderr());
            FaultRootTest.assertHaltedCleanly(out, child.stderr(), "exit 95: setresuid(65534, 65534, 65534): EPERM");
        }
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.EnterRootTest#jdks")
    void unprivilegedUidWithoutCapabilities_enter_refusesAsAlreadyUnprivileged(Path jdk) {
        try (ForkedJvm child = ForkedJvm.startAs(jdk, List.of("setpriv", "--reuid=999", "--regid=999", "--clear-groups", "--"),
                RootTests.readableClassPath(), "--jail", jail.toString(), "--user", "nobody")) {
            String refused = child.await("REFUSED");
            assertTrue(refused.startsWith("JailStateException") && refused.contains("already unprivileged"), refused);
            assertEquals(3, child.exitCode());
        }
    }
}
