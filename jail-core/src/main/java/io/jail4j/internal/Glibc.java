package io.jail4j.internal;

import static io.jail4j.internal.LinuxAbi.AT_FDCWD;
import static io.jail4j.internal.LinuxAbi.S_IFCHR;

import io.jail4j.libc.LibC;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * The one loaded instance of jail4j's binding to glibc ({@link LibC}), shared by {@code enter()}
 * and the jail layouts, and the two calls the layouts make through it. Not an API: this package
 * is neither exported nor open.
 */
public final class Glibc {
    private static final int ENODATA = LinuxAbi.of(Errno.ENODATA);
    private static final int ENOTSUP = LinuxAbi.of(Errno.ENOTSUP);

    private static LibC libc;

    private Glibc() {
    }

    /**
     * Returns the binding, loading it on first use (jffi extracts its stub library to a temporary
     * file: the first call needs the host's disk). A failed load is thrown as jnr-ffi reports it and
     * tried again on the next call; callers report it.
     *
     * @return the one binding of this JVM
     * @throws LinkageError      if jnr-ffi cannot load or bind a function
     * @throws RuntimeException  as jnr-ffi reports any other failure to load
     */
    public static synchronized LibC libc() {
        if (libc == null) {
            libc = LibraryLoader.create(LibC.class).failImmediately().load("c");
        }
        return libc;
    }

    /**
     * Creates a character device node at {@code path} with {@code mknodat(2)}, which fails with
     * EEXIST rather than follow a symbolic link. Needs CAP_MKNOD.
     *
     * @param path        where to create the node; nothing may exist there
     * @param permissions the permission bits (only the low 12 bits are used)
     * @param major       the major device number
     * @param minor       the minor device number
     * @throws IOException naming the call, its arguments and the errno
     */
    public static void mknodCharDevice(Path path, int permissions, long major, long minor) throws IOException {
        LibC c = loaded("mknodat");
        long dev = ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12)
                | (minor & 0xffL); // glibc's makedev
        if (c.mknodat(AT_FDCWD, path.toString(), S_IFCHR | (permissions & 07777), dev) != 0) {
            throw failure(c, "mknodat(AT_FDCWD, \"" + path + "\", S_IFCHR|0" + Integer.toOctalString(permissions & 07777)
                    + ", makedev(" + major + ", " + minor + "))");
        }
    }

    /**
     * Returns the {@code security.capability} attribute of {@code path} (a final symbolic link is
     * not followed), or null when it has none or the file system keeps no such attributes.
     *
     * @param path the file, on the host
     * @return the raw {@code vfs_cap_data} bytes, or null
     * @throws IOException naming the call, the path and the errno
     */
    public static byte[] fileCapability(Path path) throws IOException {
        LibC c = loaded("lgetxattr");
        byte[] value = new byte[64];
        long n = c.lgetxattr(path.toString(), "security.capability", value, value.length);
        if (n < 0) {
            int errno = Runtime.getRuntime(c).getLastError();
            if (errno == ENODATA || errno == ENOTSUP) {
                return null;
            }
            throw failure(errno, "lgetxattr(\"" + path + "\", \"security.capability\")");
        }
        return Arrays.copyOf(value, (int) n);
    }

    private static LibC loaded(String call) throws IOException {
        try {
            return libc();
        } catch (LinkageError | RuntimeException e) {
            throw new IOException(call + ": cannot load the native binding to libc through jnr-ffi: " + e, e);
        }
    }

    private static IOException failure(LibC c, String call) {
        return failure(Runtime.getRuntime(c).getLastError(), call);
    }

    private static IOException failure(int errno, String call) {
        Errno e = Errno.valueOf(errno);
        return new IOException(call + ": "
                + (e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.name() + " (" + e.description() + ")"));
    }
}
