package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.inspect.ProcessView;
import io.jail4j.inspect.TaskView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ids above 2^31 cross the jnr-ffi binding unchanged: a forked root JVM sets real, effective and
 * saved uid and gid, and its groups, to 3000000000, 4294967294 and 65534 through {@link Native}
 * ({@code setresuid}/{@code setresgid}/{@code setgroups} declared with {@code @uid_t}/{@code @gid_t}),
 * reads them back with {@code getresuid}/{@code getresgid}/{@code getgroups}, and the kernel's
 * view of every thread is read from outside in {@code /proc/PID/task/TID/status}. In jnr-ffi's
 * ASM mode and its reflection mode ({@code -Djnr.ffi.asm.enabled=false}), on every test JDK.
 */
class LargeIdRootTest {
    private static final long LARGE = 3_000_000_000L;
    private static final long NOBODY = 65534;
    /** The largest valid id: (uid_t) -2; -1 means "unchanged" to set*id(2). */
    private static final long MAX = 4_294_967_294L;

    @ParameterizedTest
    @MethodSource("io.jail4j.RootTests#jdksAndJnrModes")
    void idsAbove2To31_setAndReadBack_kernelAndGlibcAgreeInBothJnrModes(Path jdk, boolean asm) throws IOException {
        RootTests.requireRoot();
        try (ForkedJvm child = ForkedJvm.startMain(jdk, List.of(), List.of("-Djnr.ffi.asm.enabled=" + asm),
                System.getProperty("java.class.path"), LargeIdChild.class, String.valueOf(LARGE), String.valueOf(MAX),
                String.valueOf(NOBODY))) {
            String binding = child.await("BINDING");
            assertTrue(binding.startsWith(asm ? "generated " : "reflection "), "jnr-ffi mode asm=" + asm + ": " + binding);
            assertEquals(LARGE + " " + MAX + " " + NOBODY + " " + LARGE + " " + MAX + " " + NOBODY + " ["
                    + NOBODY + ", " + LARGE + ", " + MAX + "]", child.await("IDS"), "read back through glibc");
            long pid = Long.parseLong(child.await("READY"));
            ProcessView view = ProcessView.of(pid);
            assertTrue(view.tasks().size() > 2, "several threads: " + view.tasks().size());
            for (TaskView task : view.tasks()) {
                assertEquals(List.of(LARGE, MAX, NOBODY, MAX), task.uids(), "Uid: of " + task);
                assertEquals(List.of(LARGE, MAX, NOBODY, MAX), task.gids(), "Gid: of " + task);
                assertEquals(List.of(NOBODY, LARGE, MAX), new ArrayList<>(task.groups()), "Groups: of " + task);
            }
            child.proceed();
            child.await("DONE");
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    @Test
    void idOutsideUid_t_checked_refusedBeforeTheCall() {
        assertEquals(MAX, NativeIds.u32(MAX));
        assertEquals(0, NativeIds.u32(0));
        assertThrows(IllegalArgumentException.class, () -> NativeIds.u32(-1));
        assertThrows(IllegalArgumentException.class, () -> NativeIds.u32(0xFFFF_FFFFL)); // "unchanged" to set*id
        assertThrows(IllegalArgumentException.class, () -> NativeIds.u32(1L << 32));
    }
}
