package io.jail4j;

import java.nio.charset.StandardCharsets;

import jnr.ffi.Pointer;

/**
 * Raw Linux system calls for {@link AttackChild}, independent of the library's own bindings: an
 * attack must not depend on the code it attacks. Built on {@link RawSyscalls} (x86_64 numbers
 * only; any other architecture fails loudly instead of skipping). Every buffer is allocated up
 * front, before {@code enter()}.
 */
final class AttackNative {
    static final long READ = 0;
    static final long WRITE = 1;
    static final long CLOSE = RawSyscalls.CLOSE;
    static final long POLL = 7;
    static final long IOCTL = RawSyscalls.IOCTL;
    static final long SOCKET = RawSyscalls.SOCKET;
    static final long CONNECT = 42;
    static final long SENDMSG = 46;
    static final long RECVMSG = 47;
    static final long SOCKETPAIR = RawSyscalls.SOCKETPAIR;
    static final long FCHDIR = RawSyscalls.FCHDIR;
    static final long OPENAT = RawSyscalls.OPENAT;
    static final long FANOTIFY_INIT = 300;
    static final long FANOTIFY_MARK = 301;

    static final int AT_FDCWD = -100;
    static final int O_RDONLY = 0;
    static final int O_DIRECTORY = 0200000;
    static final long TIOCSTI = 0x5412;

    private final RawSyscalls raw;
    private final Pointer path;

    private AttackNative(RawSyscalls raw) {
        this.raw = raw;
        this.path = raw.alloc(4096);
    }

    /** Loads the binding; fails unless the machine is x86_64. */
    static AttackNative load() {
        AttackNative n = new AttackNative(RawSyscalls.get());
        // exercise every path once, so nothing is generated or loaded after the chroot
        n.sys(CLOSE, -1);
        n.errno();
        n.buffer(8).putInt(0, 0);
        return n;
    }

    /** Allocates native memory (before the chroot). */
    Pointer buffer(int size) {
        return raw.alloc(size);
    }

    long sys(long nr, long a1) {
        return raw.raw(nr, a1, 0, 0, 0, 0, 0);
    }

    long sys(long nr, long a1, long a2, long a3) {
        return raw.raw(nr, a1, a2, a3, 0, 0, 0);
    }

    long sys(long nr, long a1, long a2, long a3, long a4, long a5) {
        return raw.raw(nr, a1, a2, a3, a4, a5, 0);
    }

    /** The errno of the last failed call on this thread. */
    int errno() {
        return raw.errno();
    }

    /** Returns {@code rc} as text, with the errno when it failed. */
    String rc(long rc) {
        return rc < 0 ? "-1 errno " + errno() : String.valueOf(rc);
    }

    /** A NUL-terminated copy of {@code s} in a buffer reused by the next call. */
    long path(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        path.put(0, b, 0, b.length);
        path.putByte(b.length, (byte) 0);
        return path.address();
    }

    long openat(int dirfd, String file, int flags) {
        return sys(OPENAT, dirfd, path(file), flags, 0, 0);
    }

    /** Reads up to {@code max} bytes from {@code fd} into {@code buf}; returns them, or null on failure. */
    String readText(long fd, Pointer buf, int max) {
        long n = sys(READ, fd, buf.address(), max);
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[(int) n];
        buf.get(0, b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Waits up to {@code millis} for {@code fd} to become readable ({@code poll(2)} with POLLIN). */
    boolean readable(int fd, Pointer pollfd, int millis) {
        pollfd.putInt(0, fd);
        pollfd.putShort(4, (short) 1); // POLLIN
        pollfd.putShort(6, (short) 0);
        long n = sys(POLL, pollfd.address(), 1, millis);
        return n > 0 && (pollfd.getShort(6) & 1) != 0;
    }
}
