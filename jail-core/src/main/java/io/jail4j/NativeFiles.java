package io.jail4j;

import static io.jail4j.internal.LinuxAbi.AT_EMPTY_PATH;
import static io.jail4j.internal.LinuxAbi.AT_FDCWD;
import static io.jail4j.internal.LinuxAbi.AT_STATX_DONT_SYNC;
import static io.jail4j.internal.LinuxAbi.AT_SYMLINK_NOFOLLOW;
import static io.jail4j.internal.LinuxAbi.O_PATH;
import static io.jail4j.internal.LinuxAbi.STATX_BASIC_STATS;
import static io.jail4j.internal.LinuxAbi.STATX_INO;
import static io.jail4j.internal.LinuxAbi.STATX_MNT_ID;
import static io.jail4j.internal.LinuxAbi.STATX_SIZE;
import static io.jail4j.internal.LinuxAbi.STX_DEV_MAJOR;
import static io.jail4j.internal.LinuxAbi.STX_DEV_MINOR;
import static io.jail4j.internal.LinuxAbi.STX_GID;
import static io.jail4j.internal.LinuxAbi.STX_INO;
import static io.jail4j.internal.LinuxAbi.STX_MASK;
import static io.jail4j.internal.LinuxAbi.STX_MNT_ID;
import static io.jail4j.internal.LinuxAbi.STX_MODE;
import static io.jail4j.internal.LinuxAbi.STX_NLINK;
import static io.jail4j.internal.LinuxAbi.STX_UID;

import io.jail4j.internal.LinuxAbi;
import io.jail4j.libc.LibC;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * {@code statx} and the directory calls: file identities (mount id, device, inode), the walk up
 * from a directory, opening the jail, and chroot/chdir/fchdir.
 */
final class NativeFiles extends NativePart {
    static final int O_RDONLY = LinuxAbi.of(OpenFlags.O_RDONLY);
    static final int O_RDWR = LinuxAbi.of(OpenFlags.O_RDWR);
    static final int O_DIRECTORY = LinuxAbi.of(OpenFlags.O_DIRECTORY);
    static final int O_NOFOLLOW = LinuxAbi.of(OpenFlags.O_NOFOLLOW);
    static final int O_CLOEXEC = LinuxAbi.of(OpenFlags.O_CLOEXEC);
    static final int O_NOCTTY = LinuxAbi.of(OpenFlags.O_NOCTTY);
    /** How far {@link #underRoot} walks up before it gives up (and counts the directory as outside). */
    private static final int MAX_DEPTH = 4096;
    private static final byte[] DOTDOT_PATH = {'.', '.', 0};

    /** "/", "." and "" as C strings in native memory: the window passes no Java array to native code. */
    final Pointer rootPath = nativeString("/");
    private final Pointer dotPath = nativeString(".");
    final Pointer emptyPath = nativeString("");
    /** statx buffer of {@link #identify}, allocated before the chroot. */
    private final Pointer statBuffer;
    /** statx buffer of {@link #underRoot}, allocated before the chroot. */
    private final Pointer walkBuffer;
    /** The {@code /proc/self/fd/N} path {@link #prepareChroot} made before the point of no return. */
    private int pathFd = -1;
    private Pointer pathOfFd;

    NativeFiles(LibC libc) {
        super(libc);
        this.statBuffer = Memory.allocateDirect(runtime, STATX_SIZE);
        this.walkBuffer = Memory.allocateDirect(runtime, STATX_SIZE);
    }

    /**
     * Checks that the kernel reports mount ids ({@code STATX_MNT_ID}, Linux 5.8), on which every
     * file identity depends.
     *
     * @throws JailStateException on an older kernel
     */
    void requireMountIds() throws JailException {
        if (libc.statx(AT_FDCWD, rootPath, 0, STATX_INO | STATX_MNT_ID, statBuffer) != 0) {
            throw failure("statx(AT_FDCWD, \"/\", STATX_INO|STATX_MNT_ID)");
        }
        if ((statBuffer.getInt(STX_MASK) & STATX_MNT_ID) == 0) {
            throw new JailStateException("statx(AT_FDCWD, \"/\", STATX_INO|STATX_MNT_ID): the kernel returned no mount"
                    + " id; jail4j tells files apart by mount id, which needs Linux 5.8 or later");
        }
    }

    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** Decodes the identity from a statx buffer. */
    static SystemCalls.FileId fileId(Pointer buf) {
        return new SystemCalls.FileId(buf.getLong(STX_MNT_ID), makedev(Integer.toUnsignedLong(buf.getInt(STX_DEV_MAJOR)),
                Integer.toUnsignedLong(buf.getInt(STX_DEV_MINOR))), buf.getLong(STX_INO));
    }

    /** Returns {@code stx_mode}, an unsigned 16-bit field. */
    static int mode(Pointer buf) {
        return buf.getShort(STX_MODE) & 0xFFFF;
    }

    SystemCalls.FileId identify(int fd) throws SystemCallException {
        if (libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_INO | STATX_MNT_ID, statBuffer) != 0) {
            throw failure("statx(" + fd + ", \"\", AT_EMPTY_PATH|AT_STATX_DONT_SYNC, STATX_INO|STATX_MNT_ID)");
        }
        return checkedId("statx(" + fd + ")");
    }

    SystemCalls.FileId identify(String path) throws SystemCallException {
        Pointer c = path.equals("/") ? rootPath : path.equals(".") ? dotPath : nativeString(path);
        if (libc.statx(AT_FDCWD, c, 0, STATX_INO | STATX_MNT_ID, statBuffer) != 0) {
            throw failure("statx(AT_FDCWD, " + q(path) + ", STATX_INO|STATX_MNT_ID)");
        }
        return checkedId("statx(" + q(path) + ")");
    }

    /** The kernel was checked to report mount ids when the binding loaded: a missing one is a broken invariant. */
    private SystemCalls.FileId checkedId(String call) {
        if ((statBuffer.getInt(STX_MASK) & STATX_MNT_ID) == 0) {
            throw new IllegalStateException(call + ": the kernel returned no mount id, although it did when jail4j"
                    + " loaded its binding");
        }
        return fileId(statBuffer);
    }

    boolean underRoot(int fd, SystemCalls.FileId root) {
        int current = fd;
        try {
            if (libc.statx(current, EMPTY_PATH, AT_EMPTY_PATH, STATX_INO | STATX_MNT_ID, walkBuffer) != 0) {
                return false;
            }
            SystemCalls.FileId here = fileId(walkBuffer);
            for (int depth = 0; depth < MAX_DEPTH; depth++) {
                int up = libc.openat(current, DOTDOT_PATH, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
                if (up < 0) {
                    return false; // EACCES and the like: unknown counts as outside
                }
                if (current != fd) {
                    libc.close(current);
                }
                current = up;
                if (libc.statx(current, EMPTY_PATH, AT_EMPTY_PATH, STATX_INO | STATX_MNT_ID, walkBuffer) != 0) {
                    return false;
                }
                SystemCalls.FileId parent = fileId(walkBuffer);
                if (parent.equals(here)) {
                    return parent.equals(root); // ".." of the process root is itself
                }
                here = parent;
            }
            return false;
        } finally {
            if (current != fd) {
                libc.close(current);
            }
        }
    }

    int openRoot() throws SystemCallException {
        int fd = libc.open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("open(\"/\", O_RDONLY|O_DIRECTORY|O_CLOEXEC)");
        }
        return fd;
    }

    int openDirectoryAt(int dirFd, String name) throws SystemCallException {
        int fd = libc.openat(dirFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("openat(" + dirFd + ", " + q(name) + ", O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC)");
        }
        return fd;
    }

    SystemCalls.FileStat fstat(int fd) throws SystemCallException {
        Pointer buf = Memory.allocateDirect(runtime, STATX_SIZE);
        if (libc.statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, buf) != 0) {
            throw failure("statx(" + fd + ", \"\", AT_EMPTY_PATH)");
        }
        return stat(buf);
    }

    SystemCalls.FileStat lstatAt(int dirFd, String name) throws SystemCallException {
        Pointer buf = Memory.allocateDirect(runtime, STATX_SIZE);
        if (libc.statx(dirFd, name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) != 0) {
            throw failure("statx(" + dirFd + ", " + q(name) + ", AT_SYMLINK_NOFOLLOW)");
        }
        return stat(buf);
    }

    private static SystemCalls.FileStat stat(Pointer buf) {
        return new SystemCalls.FileStat(mode(buf), Integer.toUnsignedLong(buf.getInt(STX_UID)),
                Integer.toUnsignedLong(buf.getInt(STX_GID)), Integer.toUnsignedLong(buf.getInt(STX_NLINK)));
    }

    void fchdir(int fd) throws SystemCallException {
        if (libc.fchdir(fd) != 0) {
            throw failure("fchdir(" + fd + ")");
        }
    }

    void chroot(String path) throws SystemCallException {
        if (libc.chroot(nativeString(path)) != 0) {
            throw failure("chroot(" + q(path) + ")");
        }
    }

    private Pointer procFdPath(int fd) {
        if (fd != pathFd) {
            pathOfFd = nativeString("/proc/self/fd/" + fd);
            pathFd = fd;
        }
        return pathOfFd;
    }

    void prepareChroot(int fd) {
        procFdPath(fd);
    }

    void chroot(int fd) throws SystemCallException {
        if (libc.chroot(procFdPath(fd)) != 0) {
            throw failure("chroot(\"/proc/self/fd/" + fd + "\")");
        }
    }

    void chdir(String path) throws SystemCallException {
        if (libc.chdir(path.equals("/") ? rootPath : nativeString(path)) != 0) {
            throw failure("chdir(" + q(path) + ")");
        }
    }

    /** Makes each call of the chroot step once with arguments that fail harmlessly, so that its stub is bound. */
    void rehearse() {
        int none = -1;
        libc.fchdir(none);                         // EBADF
        libc.chroot(emptyPath);                    // ENOENT
        libc.chdir(emptyPath);                     // ENOENT
        libc.statx(AT_FDCWD, emptyPath, 0, STATX_INO | STATX_MNT_ID, statBuffer); // ENOENT
        libc.openat(none, DOTDOT_PATH, O_PATH | O_DIRECTORY | O_CLOEXEC, 0); // EBADF
    }
}
