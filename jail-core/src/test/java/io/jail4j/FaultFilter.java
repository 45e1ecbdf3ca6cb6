package io.jail4j;

import java.util.Map;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Test-only fault injection on the real process: installs a seccomp filter that makes one system
 * call return a chosen errno (0 = "succeed" without effect), optionally only when its first
 * argument has a given value. Installed with {@code SECCOMP_FILTER_FLAG_TSYNC} it applies to every
 * thread; without, to the calling thread only. As root (CAP_SYS_ADMIN) no no_new_privs is needed,
 * and none is set, so the library's own no_new_privs proof still means something.
 */
final class FaultFilter {
    /** The libc calls the filter needs. */
    public interface Lib {
        long syscall(long number, long arg1, long arg2, Pointer arg3);

        int capget(Pointer header, Pointer data);

        int capset(Pointer header, Pointer data);
    }

    private static final boolean X86 = Platform.getNativePlatform().getCPU() == Platform.CPU.X86_64;
    private static final Map<String, Integer> X86_64 = Map.of("fchdir", 81, "chroot", 161, "chdir", 80,
            "setgroups", 116, "setresgid", 119, "setresuid", 117, "prctl", 157, "seccomp", 317);
    private static final Map<String, Integer> AARCH64 = Map.of("fchdir", 50, "chroot", 51, "chdir", 49,
            "setgroups", 159, "setresgid", 149, "setresuid", 147, "prctl", 167, "seccomp", 277);

    private FaultFilter() {
    }

    /**
     * Installs the filter described by {@code spec}: {@code NAME:ERRNO[:ARG0]}.
     *
     * @param allThreads whether to synchronise it to every thread
     */
    static void install(String spec, boolean allThreads) {
        prepare(spec, allThreads).run();
    }

    /** Builds the filter now; the returned action installs it with a single system call. */
    static Runnable prepare(String spec, boolean allThreads) {
        String[] f = spec.split(":");
        Integer nr = (X86 ? X86_64 : AARCH64).get(f[0]);
        if (nr == null) {
            throw new IllegalArgumentException("no syscall number for " + f[0]);
        }
        int errno = Integer.parseInt(f[1]);
        Long arg0 = f.length > 2 ? Long.parseLong(f[2]) : null;
        Lib lib = LibraryLoader.create(Lib.class).load("c");
        Runtime rt = Runtime.getRuntime(lib);
        int n = arg0 == null ? 6 : 8;
        Pointer code = Memory.allocateDirect(rt, n * 8L);
        int i = 0;
        int allow = n - 1;
        i = insn(code, i, 0x20, 0, 0, 4);                                            // ld arch
        i = insn(code, i, 0x15, 0, allow - i - 1, X86 ? 0xC000003E : 0xC00000B7);    // jeq arch
        i = insn(code, i, 0x20, 0, 0, 0);                                            // ld nr
        i = insn(code, i, 0x15, 0, allow - i - 1, nr);                               // jeq nr
        if (arg0 != null) {
            i = insn(code, i, 0x20, 0, 0, 16);                                       // ld args[0] (low word)
            i = insn(code, i, 0x15, 0, allow - i - 1, (int) (long) arg0);            // jeq value
        }
        i = insn(code, i, 0x06, 0, 0, 0x00050000 | (errno & 0xffff));                // ret ERRNO|e
        insn(code, i, 0x06, 0, 0, 0x7fff0000);                                       // ret ALLOW
        Pointer prog = Memory.allocateDirect(rt, 16);
        prog.putShort(0, (short) n);
        prog.putAddress(8, code.address());
        return () -> {
            long rc = lib.syscall(X86 ? 317 : 277, 1, allThreads ? 1 : 0, prog);
            if (rc != 0 || code.address() == 0) {
                throw new IllegalStateException("seccomp filter for " + spec + " not installed: rc " + rc
                        + " errno " + rt.getLastError());
            }
        };
    }

    /**
     * Removes one capability from the calling thread's effective set only (capset is per thread),
     * leaving every other thread as it was.
     */
    static void dropEffectiveOnThisThread(int cap) {
        Lib lib = LibraryLoader.create(Lib.class).load("c");
        Runtime rt = Runtime.getRuntime(lib);
        Pointer header = Memory.allocateDirect(rt, 8);
        header.putInt(0, 0x20080522); // _LINUX_CAPABILITY_VERSION_3
        header.putInt(4, 0);          // this thread
        Pointer data = Memory.allocateDirect(rt, 24); // two {effective, permitted, inheritable}
        if (lib.capget(header, data) != 0) {
            throw new IllegalStateException("capget failed: errno " + rt.getLastError());
        }
        int word = cap / 32;
        data.putInt(word * 12L, data.getInt(word * 12L) & ~(1 << (cap % 32)));
        if (lib.capset(header, data) != 0) {
            throw new IllegalStateException("capset failed: errno " + rt.getLastError());
        }
    }

    private static int insn(Pointer code, int index, int op, int jt, int jf, int k) {
        long at = index * 8L;
        code.putShort(at, (short) op);
        code.putByte(at + 2, (byte) jt);
        code.putByte(at + 3, (byte) jf);
        code.putInt(at + 4, k);
        return index + 1;
    }
}
