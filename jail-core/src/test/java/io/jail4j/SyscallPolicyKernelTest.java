package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Installs the deny-list in a child JVM, without root ({@code no_new_privs} suffices), and checks
 * that the kernel accepts the program and answers as {@link SyscallPolicyTest}'s interpreter does,
 * and that the JDK still starts threads and processes and watches files under it.
 */
class SyscallPolicyKernelTest {
    private static final String EPERM = "1";
    private static final String EBADF = "9";
    private static final String EINVAL = "22";
    private static final String ENOSYS = "38";

    @Test
    void filterInChildJvm_run_kernelRefusesAsThePolicySays() {
        List<String> out;
        int exit;
        try (ForkedJvm child = ForkedJvm.startMain(Path.of(System.getProperty("java.home")), List.of(), List.of(),
                System.getProperty("java.class.path"), SeccompChild.class)) {
            out = child.rest();
            exit = child.exitCode();
            assertEquals(0, exit, "child exit; stdout " + out + "; stderr " + child.stderr());
        }
        Map<String, String> before = new HashMap<>();
        Map<String, String> after = new HashMap<>();
        for (String line : out) {
            String[] f = line.split(" ", 3);
            if (f.length == 3 && (f[0].equals("before") || f[0].equals("after"))) {
                (f[0].equals("before") ? before : after).put(f[1], f[2]);
            }
        }
        String all = out.toString();
        // control: without a filter these fail for other reasons or succeed; a container's own
        // filter (seccomp mode 2 before ours) may refuse some of them already, so no control there
        if ("0".equals(before.get("seccomp_mode"))) {
            assertEquals("0", before.get("unshare"), all);
            assertEquals(EINVAL, before.get("clone_newuser"), all);
            assertEquals(EINVAL, before.get("clone3"), all);
            assertEquals(EBADF, before.get("ioctl_tiocsti"), all);
            assertEquals("0", before.get("socket_unix"), "the kernel reads only the low 32 bits of the domain");
            assertNotEquals(EPERM, before.get("kcmp"), all);
        }
        assertEquals("2", after.get("seccomp_mode"), all);
        // under the filter
        for (String refused : List.of("unshare", "clone_newuser", "kcmp", "ioctl_tiocsti", "io_uring_setup",
                "open_by_handle_at", "socket_unix")) {
            assertEquals(EPERM, after.get(refused), refused + " in " + all);
        }
        assertEquals(ENOSYS, after.get("clone3"), all);
        assertEquals(EBADF, after.get("ioctl_tcgets"), all);
        assertEquals("0", after.get("socket_inet"), all);
        if (SyscallPolicy.current() == SyscallPolicy.Arch.X86_64) {
            assertEquals(EPERM, after.get("x32_getpid"), all);
        }
        assertTrue(out.contains("java thread true"), all);
        assertTrue(out.contains("java process 0"), all);
        assertTrue(out.contains("java watch ok"), all);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("java unix ") && l.contains("not permitted")), all);
        assertTrue(out.contains("done"), all);
    }
}
