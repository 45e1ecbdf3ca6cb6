package io.jail4j;

import static io.jail4j.internal.LinuxAbi.AT_FDCWD;

import io.jail4j.internal.LinuxAbi;
import io.jail4j.libc.LibC;
import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** Learn mode's fanotify group: {@code fanotify_init}, {@code fanotify_mark} and reading its events. */
final class NativeFanotify extends NativePart {
    private static final int EINTR = LinuxAbi.of(Errno.EINTR);

    NativeFanotify(LibC libc) {
        super(libc);
    }

    int fanotifyInit(int flags, int eventFlags) throws SystemCallException {
        int fd = libc.fanotify_init(flags, eventFlags);
        if (fd < 0) {
            throw failure("fanotify_init(0x" + Integer.toHexString(flags) + ", 0" + Integer.toOctalString(eventFlags) + ")");
        }
        return fd;
    }

    void fanotifyMark(int group, int flags, long mask, String path) throws SystemCallException {
        if (libc.fanotify_mark(group, flags, mask, AT_FDCWD, path) != 0) {
            throw failure("fanotify_mark(" + group + ", 0x" + Integer.toHexString(flags) + ", 0x"
                    + Long.toHexString(mask) + ", " + q(path) + ")");
        }
    }

    /** Reads into {@code buffer}, retrying on EINTR; returns the count (0 at end of file). */
    int read(int fd, byte[] buffer) throws SystemCallException {
        Pointer buf = Memory.allocateDirect(runtime, buffer.length);
        long n;
        int errno;
        do {
            n = libc.read(fd, buf, buffer.length);
            errno = n < 0 ? errno() : 0;
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            throw failure("read(" + fd + ")", errno);
        }
        buf.get(0, buffer, 0, (int) n);
        return (int) n;
    }
}
