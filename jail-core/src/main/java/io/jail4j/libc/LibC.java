package io.jail4j.libc;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import jnr.ffi.types.u_int64_t;
import jnr.ffi.types.uid_t;

/**
 * The glibc functions jail4j calls, as jnr-ffi binds them; glibc's set*id wrappers apply to every
 * thread. Not an API: the package is open only because jnr-ffi defines the implementation of this
 * interface in a class loader of its own (an unnamed module), which must reach it at run time.
 * jail4j loads it once ({@code io.jail4j.internal.Glibc}) and calls it only through its checked
 * wrappers.
 *
 * <p>Parameters carry jnr-ffi's type annotations where the C type is a typedef ({@code uid_t},
 * {@code gid_t}, {@code size_t}, {@code ssize_t}, {@code mode_t}, {@code off_t}, {@code dev_t}):
 * jnr-ffi maps each to the platform's C type (an id is an unsigned 32-bit {@code uid_t}, passed
 * from a Java {@code long}, so 4294967294 is passed as itself). {@code getresuid} and
 * {@code getresgid} write their ids to native memory, read back as unsigned 32-bit values;
 * {@code setgroups} takes {@code size_t} and a {@code gid_t[]} (32-bit elements). The system
 * calls without a glibc wrapper go through the variadic {@code syscall(2)}, whose arguments are
 * {@code long}.
 */
public interface LibC {
    int getpwnam_r(String name, Pointer pwd, Pointer buf, @size_t long buflen, PointerByReference result);

    int getgrouplist(String user, @gid_t long group, Pointer groups, IntByReference ngroups);

    int open(String path, int flags, @mode_t int mode);

    int openat(int dirfd, String path, int flags, @mode_t int mode);

    int openat(int dirfd, @In byte[] path, int flags, @mode_t int mode);

    int statx(int dirfd, String path, int flags, int mask, Pointer buf);

    int statx(int dirfd, @In byte[] path, int flags, int mask, Pointer buf);

    int close(int fd);

    @ssize_t long pread(int fd, Pointer buf, @size_t long count, @off_t long offset);

    @intptr_t long memmem(Pointer haystack, @size_t long haystackLength, Pointer needle, @size_t long needleLength);

    int dup2(int oldfd, int newfd);

    int fcntl(int fd, int cmd, int arg);

    int mknodat(int dirfd, String path, @mode_t int mode, @dev_t long dev);

    @ssize_t long lgetxattr(String path, String name, @Out byte[] value, @size_t long size);

    int fchdir(int fd);

    int ioctl(int fd, @u_int64_t long request, long arg);

    int getsockopt(int fd, int level, int name, Pointer value, IntByReference length);

    int getsockname(int fd, Pointer address, IntByReference length);

    int getpeername(int fd, Pointer address, IntByReference length);

    @ssize_t long recvmsg(int fd, Pointer message, int flags);

    int poll(Pointer fds, @u_int64_t long count, int timeout);

    int chroot(Pointer path);

    int chdir(Pointer path);

    int statx(int dirfd, Pointer path, int flags, int mask, Pointer buf);

    int clearenv();

    String getenv(String name);

    int setgroups(@size_t long size, @In @gid_t int[] list);

    int getgroups(int size, Pointer list);

    int setenv(Pointer name, Pointer value, int overwrite);

    int unsetenv(Pointer name);

    int setresuid(@uid_t long ruid, @uid_t long euid, @uid_t long suid);

    int setresgid(@gid_t long rgid, @gid_t long egid, @gid_t long sgid);

    int getresuid(Pointer ruid, Pointer euid, Pointer suid);

    int getresgid(Pointer rgid, Pointer egid, Pointer sgid);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    long syscall(long number, long arg1, long arg2, Pointer arg3);

    long syscall(long number, long arg1, Pointer arg2);

    long syscall(long number, long arg1, long arg2, long arg3);

    long syscall(long number, long arg1, long arg2, long arg3, long arg4, long arg5, long arg6);

    @ssize_t long write(int fd, @In byte[] buf, @size_t long count);

    @ssize_t long read(int fd, Pointer buf, @size_t long count);

    int fanotify_init(int flags, int eventFlags);

    int fanotify_mark(int fd, int flags, long mask, int dirfd, String path);

    void _exit(int status);
}
