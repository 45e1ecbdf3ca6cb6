package io.jail4j.internal;

import java.util.Locale;

import jnr.constants.Constant;

/**
 * The Linux ABI values jail4j needs and jnr-constants does not have: system call numbers,
 * {@code AUDIT_ARCH_*}, kernel open flags glibc hides ({@code O_PATH}, the kernel's
 * {@code O_LARGEFILE}), ioctl requests, {@code statx} masks and the layout of {@code struct statx},
 * prctl, seccomp, kcmp, fanotify and capability numbers, and the LP64 layouts of the glibc structs
 * read through raw memory. Errno values, {@code O_*} flags that glibc defines, {@code fcntl},
 * socket levels, options, message flags and address families come from jnr-constants
 * ({@link #of} checks that a constant is defined on the running platform).
 *
 * <p>Values that differ between the two architectures jail4j supports are fields of the
 * {@link #X86_64} and {@link #AARCH64} instances; values that are the same on both (the
 * asm-generic ones) are static. {@link #current()} picks the instance from {@code os.arch} and
 * refuses any other architecture. A test compiles a C program against the machine's kernel and
 * glibc headers and compares every value here with the running architecture's. Not an API: this
 * package is neither exported nor open.
 */
public final class LinuxAbi {

    // ---- per architecture ----------------------------------------------------------------------

    /** x86_64 ({@code os.arch} {@code amd64} or {@code x86_64}): {@code asm/unistd_64.h}. */
    public static final LinuxAbi X86_64 = new LinuxAbi("x86_64", 0xC000003E, 0x40000000,
            317, 105, 106, 117, 116, 312, 0100000);
    /** aarch64 ({@code os.arch} {@code aarch64}), little-endian: {@code asm-generic/unistd.h}. */
    public static final LinuxAbi AARCH64 = new LinuxAbi("aarch64", 0xC00000B7, 0,
            277, 146, 144, 147, 159, 272, 0400000);

    /** The architecture's name, as the kernel's {@code uname -m} gives it. */
    public final String arch;
    /** {@code AUDIT_ARCH_*}: what {@code seccomp_data.arch} holds for a native call. */
    public final int auditArch;
    /** {@code __X32_SYSCALL_BIT}: the x32 ABI's calls share x86_64's arch value; 0 where there is no such ABI. */
    public final long x32SyscallBit;
    /** {@code __NR_seccomp}. */
    public final long nrSeccomp;
    /** {@code __NR_setuid}. */
    public final long nrSetuid;
    /** {@code __NR_setgid}. */
    public final long nrSetgid;
    /** {@code __NR_setresuid}. */
    public final long nrSetresuid;
    /** {@code __NR_setgroups}. */
    public final long nrSetgroups;
    /** {@code __NR_kcmp}. */
    public final long nrKcmp;
    /** The kernel's {@code O_LARGEFILE} (glibc defines it as 0 on 64-bit); fanotify sets it on every event's file. */
    public final int oLargefile;

    private LinuxAbi(String arch, int auditArch, long x32SyscallBit, long nrSeccomp, long nrSetuid, long nrSetgid,
                     long nrSetresuid, long nrSetgroups, long nrKcmp, int oLargefile) {
        this.arch = arch;
        this.auditArch = auditArch;
        this.x32SyscallBit = x32SyscallBit;
        this.nrSeccomp = nrSeccomp;
        this.nrSetuid = nrSetuid;
        this.nrSetgid = nrSetgid;
        this.nrSetresuid = nrSetresuid;
        this.nrSetgroups = nrSetgroups;
        this.nrKcmp = nrKcmp;
        this.oLargefile = oLargefile;
    }

    /**
     * Returns the table of the running architecture.
     *
     * @return {@link #X86_64} or {@link #AARCH64}
     * @throws UnsupportedOperationException on any other architecture, naming it
     */
    public static LinuxAbi current() {
        return forOsArch(System.getProperty("os.arch", ""));
    }

    /**
     * Returns the table for a value of the {@code os.arch} system property.
     *
     * @param osArch such as {@code amd64} or {@code aarch64}
     * @return {@link #X86_64} or {@link #AARCH64}
     * @throws UnsupportedOperationException for any other architecture, naming it: jail4j never
     *         guesses another architecture's system call numbers
     */
    public static LinuxAbi forOsArch(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return X86_64;
            case "aarch64":
                return AARCH64;
            default:
                throw new UnsupportedOperationException("jail4j supports Linux on x86_64 and aarch64, not os.arch \""
                        + osArch + "\": it has no table of that architecture's system call numbers and ABI values");
        }
    }

    /**
     * Returns a jnr-constants value, checking that it is defined on the running platform.
     *
     * @param constant such as {@code OpenFlags.O_DIRECTORY} or {@code Errno.EBADF}
     * @return its value
     * @throws UnsupportedOperationException if jnr-constants does not define it here
     */
    public static int of(Constant constant) {
        if (!constant.defined()) {
            throw new UnsupportedOperationException("jnr-constants defines no " + constant.name() + " on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
        return constant.intValue();
    }

    /** The name of the table, its architecture. */
    @Override
    public String toString() {
        return arch;
    }

    // ---- the same on x86_64 and aarch64 --------------------------------------------------------

    /** {@code AT_FDCWD} ({@code fcntl.h}). */
    public static final int AT_FDCWD = -100;
    /** {@code AT_SYMLINK_NOFOLLOW}. */
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code AT_EMPTY_PATH}. */
    public static final int AT_EMPTY_PATH = 0x1000;
    /** {@code AT_STATX_DONT_SYNC}. */
    public static final int AT_STATX_DONT_SYNC = 0x4000;
    /** {@code O_PATH} (absent from jnr-constants). */
    public static final int O_PATH = 010000000;
    /** {@code FD_CLOEXEC} (absent from jnr-constants). */
    public static final int FD_CLOEXEC = 1;
    /** {@code POLLNVAL} ({@code poll.h}). */
    public static final int POLLNVAL = 0x20;

    /** {@code S_IFMT} ({@code sys/stat.h}). */
    public static final int S_IFMT = 0170000;
    /** {@code S_IFSOCK}. */
    public static final int S_IFSOCK = 0140000;
    /** {@code S_IFLNK}. */
    public static final int S_IFLNK = 0120000;
    /** {@code S_IFREG}. */
    public static final int S_IFREG = 0100000;
    /** {@code S_IFBLK}. */
    public static final int S_IFBLK = 0060000;
    /** {@code S_IFDIR}. */
    public static final int S_IFDIR = 0040000;
    /** {@code S_IFCHR}. */
    public static final int S_IFCHR = 0020000;
    /** {@code S_IFIFO}. */
    public static final int S_IFIFO = 0010000;

    /** {@code STATX_TYPE} ({@code linux/stat.h}). */
    public static final int STATX_TYPE = 0x1;
    /** {@code STATX_INO}. */
    public static final int STATX_INO = 0x100;
    /** {@code STATX_BASIC_STATS}. */
    public static final int STATX_BASIC_STATS = 0x7ff;
    /** {@code STATX_MNT_ID} (Linux 5.8). */
    public static final int STATX_MNT_ID = 0x1000;
    /** {@code sizeof(struct statx)}. */
    public static final int STATX_SIZE = 256;
    /** {@code offsetof(struct statx, stx_mask)}, a u32. */
    public static final int STX_MASK = 0;
    /** {@code offsetof(struct statx, stx_nlink)}, a u32. */
    public static final int STX_NLINK = 16;
    /** {@code offsetof(struct statx, stx_uid)}, a u32. */
    public static final int STX_UID = 20;
    /** {@code offsetof(struct statx, stx_gid)}, a u32. */
    public static final int STX_GID = 24;
    /** {@code offsetof(struct statx, stx_mode)}, a u16. */
    public static final int STX_MODE = 28;
    /** {@code offsetof(struct statx, stx_ino)}, a u64. */
    public static final int STX_INO = 32;
    /** {@code offsetof(struct statx, stx_rdev_major)}, a u32 ({@code stx_rdev_minor} follows). */
    public static final int STX_RDEV_MAJOR = 128;
    /** {@code offsetof(struct statx, stx_rdev_minor)}, a u32. */
    public static final int STX_RDEV_MINOR = 132;
    /** {@code offsetof(struct statx, stx_dev_major)}, a u32. */
    public static final int STX_DEV_MAJOR = 136;
    /** {@code offsetof(struct statx, stx_dev_minor)}, a u32. */
    public static final int STX_DEV_MINOR = 140;
    /** {@code offsetof(struct statx, stx_mnt_id)}, a u64. */
    public static final int STX_MNT_ID = 144;

    /** {@code TIOCSTI} ({@code asm-generic/ioctls.h}): pushes a byte into a terminal's input. */
    public static final int TIOCSTI = 0x5412;
    /** {@code TIOCNOTTY}: gives up the controlling terminal. */
    public static final int TIOCNOTTY = 0x5422;
    /** {@code TIOCLINUX}: console selection paste, the same injection as TIOCSTI. */
    public static final int TIOCLINUX = 0x541C;

    /** {@code PR_GET_SECCOMP} ({@code linux/prctl.h}). */
    public static final int PR_GET_SECCOMP = 21;
    /** {@code PR_GET_SECUREBITS}. */
    public static final int PR_GET_SECUREBITS = 27;
    /** {@code PR_SET_NO_NEW_PRIVS}. */
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    /** {@code PR_GET_NO_NEW_PRIVS}. */
    public static final int PR_GET_NO_NEW_PRIVS = 39;
    /** {@code SECBIT_NO_SETUID_FIXUP} ({@code linux/securebits.h}). */
    public static final int SECBIT_NO_SETUID_FIXUP = 1 << 2;
    /** {@code SECBIT_KEEP_CAPS}. */
    public static final int SECBIT_KEEP_CAPS = 1 << 4;

    /** {@code SECCOMP_SET_MODE_FILTER} ({@code linux/seccomp.h}). */
    public static final int SECCOMP_SET_MODE_FILTER = 1;
    /** {@code SECCOMP_FILTER_FLAG_TSYNC}. */
    public static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    /** {@code SECCOMP_RET_ALLOW}. */
    public static final int SECCOMP_RET_ALLOW = 0x7FFF0000;
    /** {@code SECCOMP_RET_ERRNO}: the low 16 bits are the errno. */
    public static final int SECCOMP_RET_ERRNO = 0x00050000;
    /** {@code offsetof(struct seccomp_data, nr)}. */
    public static final int SECCOMP_DATA_NR = 0;
    /** {@code offsetof(struct seccomp_data, arch)}. */
    public static final int SECCOMP_DATA_ARCH = 4;
    /** {@code offsetof(struct seccomp_data, args)}: six u64 follow. */
    public static final int SECCOMP_DATA_ARGS = 16;
    /** {@code BPF_MAXINSNS} ({@code linux/bpf_common.h}). */
    public static final int BPF_MAXINSNS = 4096;

    /** {@code KCMP_FILES} ({@code linux/kcmp.h}). */
    public static final int KCMP_FILES = 2;
    /** {@code KCMP_FS}. */
    public static final int KCMP_FS = 3;

    /** {@code CLONE_NEWNS} ({@code linux/sched.h}). */
    public static final int CLONE_NEWNS = 0x00020000;
    /** {@code CLONE_NEWCGROUP}. */
    public static final int CLONE_NEWCGROUP = 0x02000000;
    /** {@code CLONE_NEWUTS}. */
    public static final int CLONE_NEWUTS = 0x04000000;
    /** {@code CLONE_NEWIPC}. */
    public static final int CLONE_NEWIPC = 0x08000000;
    /** {@code CLONE_NEWUSER}. */
    public static final int CLONE_NEWUSER = 0x10000000;
    /** {@code CLONE_NEWPID}. */
    public static final int CLONE_NEWPID = 0x20000000;
    /** {@code CLONE_NEWNET}. */
    public static final int CLONE_NEWNET = 0x40000000;

    /** {@code CAP_SETGID} ({@code linux/capability.h}). */
    public static final int CAP_SETGID = 6;
    /** {@code CAP_SETUID}. */
    public static final int CAP_SETUID = 7;
    /** {@code CAP_SYS_CHROOT}. */
    public static final int CAP_SYS_CHROOT = 18;

    /** {@code FAN_CLOEXEC} ({@code linux/fanotify.h}). */
    public static final int FAN_CLOEXEC = 0x1;
    /** {@code FAN_UNLIMITED_QUEUE}. */
    public static final int FAN_UNLIMITED_QUEUE = 0x10;
    /** {@code FAN_MARK_ADD}. */
    public static final int FAN_MARK_ADD = 0x1;
    /** {@code FAN_MARK_MOUNT}. */
    public static final int FAN_MARK_MOUNT = 0x10;
    /** {@code FAN_MARK_FILESYSTEM}. */
    public static final int FAN_MARK_FILESYSTEM = 0x100;
    /** {@code FAN_ACCESS}. */
    public static final long FAN_ACCESS = 0x1;
    /** {@code FAN_MODIFY}. */
    public static final long FAN_MODIFY = 0x2;
    /** {@code FAN_CLOSE_WRITE}. */
    public static final long FAN_CLOSE_WRITE = 0x8;
    /** {@code FAN_OPEN}. */
    public static final long FAN_OPEN = 0x20;
    /** {@code FAN_OPEN_EXEC}. */
    public static final long FAN_OPEN_EXEC = 0x1000;
    /** {@code FAN_Q_OVERFLOW}. */
    public static final long FAN_Q_OVERFLOW = 0x4000;
    /** {@code FAN_ONDIR}. */
    public static final long FAN_ONDIR = 0x40000000L;
    /** {@code FANOTIFY_METADATA_VERSION}. */
    public static final int FANOTIFY_METADATA_VERSION = 3;

    // ---- glibc's LP64 structs, read through raw memory -----------------------------------------

    /** {@code sizeof(struct passwd)} ({@code pwd.h}). */
    public static final int PASSWD_SIZE = 48;
    /** {@code offsetof(struct passwd, pw_name)}, a pointer. */
    public static final int PW_NAME = 0;
    /** {@code offsetof(struct passwd, pw_uid)}, a uid_t. */
    public static final int PW_UID = 16;
    /** {@code offsetof(struct passwd, pw_gid)}, a gid_t. */
    public static final int PW_GID = 20;
    /** {@code offsetof(struct passwd, pw_dir)}, a pointer. */
    public static final int PW_DIR = 32;
    /** {@code offsetof(struct passwd, pw_shell)}, a pointer. */
    public static final int PW_SHELL = 40;
    /** {@code sizeof(struct msghdr)} ({@code sys/socket.h}). */
    public static final int MSGHDR_SIZE = 56;
    /** {@code offsetof(struct msghdr, msg_iov)}. */
    public static final int MSG_IOV = 16;
    /** {@code offsetof(struct msghdr, msg_iovlen)}. */
    public static final int MSG_IOVLEN = 24;
    /** {@code offsetof(struct msghdr, msg_flags)}. */
    public static final int MSG_FLAGS = 48;
    /** {@code sizeof(struct iovec)}; {@code iov_len} at 8. */
    public static final int IOVEC_SIZE = 16;
    /** {@code sizeof(struct sockaddr_un)} ({@code sys/un.h}). */
    public static final int SOCKADDR_UN_SIZE = 110;
    /** {@code offsetof(struct sockaddr_un, sun_path)}. */
    public static final int SUN_PATH = 2;
    /** {@code sizeof(struct ucred)}: pid, uid, gid, each 32 bits. */
    public static final int UCRED_SIZE = 12;
    /** {@code sizeof(struct pollfd)}; {@code revents} at 6. */
    public static final int POLLFD_SIZE = 8;
    /** {@code offsetof(struct pollfd, revents)}. */
    public static final int POLLFD_REVENTS = 6;
    /** {@code sizeof(struct sock_fprog)} ({@code linux/filter.h}); {@code filter} at 8. */
    public static final int SOCK_FPROG_SIZE = 16;
    /** {@code offsetof(struct sock_fprog, filter)}. */
    public static final int SOCK_FPROG_FILTER = 8;
}
