package io.jail4j;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Raw system calls for attack tests, through glibc's {@code syscall(2)}, with this test's own
 * x86_64 numbers (from {@code asm/unistd_64.h}): an independent check of the library's table.
 * Other architectures fail at once. Arguments are plain 64-bit values; pointers are the addresses
 * of {@link #alloc(long) native buffers}.
 */
final class RawSyscalls {
    /**
     * glibc's variadic {@code syscall}: on x86_64 integer arguments travel in the same registers.
     * Six arguments after the number: with five, jnr-ffi's fast path passes garbage as the last one.
     */
    public interface Lib {
        long syscall(long number, long a0, long a1, long a2, long a3, long a4, long a5);
    }

    // x86_64 numbers, from /usr/include/x86_64-linux-gnu/asm/unistd_64.h
    static final int IOCTL = 16;
    static final int GETPID = 39;
    static final int SOCKET = 41;
    static final int SOCKETPAIR = 53;
    static final int CLONE = 56;
    static final int KILL = 62;
    static final int CHDIR = 80;
    static final int FCHDIR = 81;
    static final int PTRACE = 101;
    static final int PIVOT_ROOT = 155;
    static final int CHROOT = 161;
    static final int ACCT = 163;
    static final int MOUNT = 165;
    static final int UMOUNT2 = 166;
    static final int SWAPON = 167;
    static final int SWAPOFF = 168;
    static final int REBOOT = 169;
    static final int IOPL = 172;
    static final int IOPERM = 173;
    static final int INIT_MODULE = 175;
    static final int DELETE_MODULE = 176;
    static final int KEXEC_LOAD = 246;
    static final int ADD_KEY = 248;
    static final int REQUEST_KEY = 249;
    static final int KEYCTL = 250;
    static final int OPENAT = 257;
    static final int UNSHARE = 272;
    static final int PIPE2 = 293;
    static final int PERF_EVENT_OPEN = 298;
    static final int OPEN_BY_HANDLE_AT = 304;
    static final int SETNS = 308;
    static final int PROCESS_VM_READV = 310;
    static final int PROCESS_VM_WRITEV = 311;
    static final int KCMP = 312;
    static final int FINIT_MODULE = 313;
    static final int KEXEC_FILE_LOAD = 320;
    static final int BPF = 321;
    static final int USERFAULTFD = 323;
    static final int PIDFD_SEND_SIGNAL = 424;
    static final int IO_URING_SETUP = 425;
    static final int IO_URING_ENTER = 426;
    static final int IO_URING_REGISTER = 427;
    static final int OPEN_TREE = 428;
    static final int MOVE_MOUNT = 429;
    static final int FSOPEN = 430;
    static final int FSCONFIG = 431;
    static final int FSMOUNT = 432;
    static final int FSPICK = 433;
    static final int PIDFD_OPEN = 434;
    static final int CLONE3 = 435;
    static final int PIDFD_GETFD = 438;
    static final int PROCESS_MADVISE = 440;
    static final int MOUNT_SETATTR = 442;
    static final int CLOSE = 3;
    /** The x32 ABI marker bit of a system call number. */
    static final long X32 = 0x40000000L;

    static final long AT_FDCWD = -100;
    static final long O_RDONLY = 0;
    static final long O_DIRECTORY = 0200000;
    static final long O_CLOEXEC = 02000000;

    private static RawSyscalls instance;

    private final Lib lib;
    private final Runtime runtime;

    private RawSyscalls() {
        if (Platform.getNativePlatform().getCPU() != Platform.CPU.X86_64) {
            throw new IllegalStateException("RawSyscalls has x86_64 numbers only; this CPU is "
                    + Platform.getNativePlatform().getCPU());
        }
        lib = LibraryLoader.create(Lib.class).load("c");
        runtime = Runtime.getRuntime(lib);
    }

    /** Loads the binding and makes one call of each shape, so that nothing is loaded from disk later. */
    static synchronized RawSyscalls get() {
        if (instance == null) {
            instance = new RawSyscalls();
            Pointer p = instance.alloc(64);
            instance.call(GETPID);
            instance.cstring("warm-up");
            p.getString(0);
            instance.errno();
        }
        return instance;
    }

    /** The outcome of one call: the return value, and errno when it is -1. */
    record Result(long rc, int errno) {
        boolean ok() {
            return rc != -1;
        }

        /** Returns 0 for a success, else errno. */
        int code() {
            return ok() ? 0 : errno;
        }

        @Override
        public String toString() {
            return ok() ? "rc=" + rc : "errno=" + errno;
        }
    }

    Result call(long nr, long... args) {
        long[] a = new long[6];
        System.arraycopy(args, 0, a, 0, args.length);
        long rc = lib.syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        int errno = rc == -1 ? runtime.getLastError() : 0;
        return new Result(rc, errno);
    }

    /** {@code syscall(nr, a0..a5)} as it is: the return value, errno left for {@link #errno()}. */
    long raw(long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        return lib.syscall(nr, a0, a1, a2, a3, a4, a5);
    }

    int errno() {
        return runtime.getLastError();
    }

    Pointer alloc(long size) {
        Pointer p = Memory.allocateDirect(runtime, (int) size, true);
        return p;
    }

    /** A NUL-terminated copy of {@code s} in native memory; keep the pointer while it is used. */
    Pointer cstring(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Pointer p = alloc(b.length + 1);
        p.put(0, b, 0, b.length);
        p.putByte(b.length, (byte) 0);
        return p;
    }
}
