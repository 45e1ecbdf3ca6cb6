package io.jail4j;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.jail4j.libc.LibC;
import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * What every part of {@link Native} shares: the binding, its runtime, and turning a failed call
 * into a {@link SystemCallException} that names call, arguments and errno.
 */
abstract class NativePart {
    /** The path "" as a C string: {@code statx} and {@code openat} on a descriptor itself. */
    static final byte[] EMPTY_PATH = {0};

    final LibC libc;
    final Runtime runtime;

    NativePart(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    final int errno() {
        return runtime.getLastError();
    }

    /** Returns the failure of {@code call} with the errno it just set. */
    final SystemCallException failure(String call) {
        return failure(call, errno());
    }

    static SystemCallException failure(String call, int errno) {
        return new SystemCallException(call, errno, errnoText(errno));
    }

    /** Returns {@code EACCES (Permission denied)}, or {@code errno N} for a value jnr-constants does not know. */
    static String errnoText(int errno) {
        Errno e = Errno.valueOf(errno);
        return e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.name() + " (" + e.description() + ")";
    }

    /** Returns the UTF-8 bytes of {@code s} with a terminating NUL: cheaper to pass than a String. */
    static byte[] cString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    /** Copies {@code s} as a C string into native memory (allocated now: call it before the chroot). */
    static Pointer nativeString(String s) {
        byte[] c = cString(s);
        Pointer p = Memory.allocateDirect(Runtime.getSystemRuntime(), c.length);
        p.put(0, c, 0, c.length);
        return p;
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }
}
