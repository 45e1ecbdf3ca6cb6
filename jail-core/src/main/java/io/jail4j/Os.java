package io.jail4j;

import java.util.List;

/**
 * Every contact {@link Entry} makes with the operating system. The real implementation is
 * {@link Native}; tests use a recording fake. Methods that can fail throw
 * {@link SystemCallException} naming the call, its arguments and errno; no raw return code
 * leaves an implementation.
 */
interface Os {

    /** A user database entry. */
    record Passwd(String name, long uid, long gid, String home, String shell) { }

    /** The fields of {@code statx} that the jail checks need. */
    record FileStat(int mode, long uid, long gid, long nlink) {
        static final int S_IFMT = 0170000;
        static final int S_IFDIR = 0040000;
        static final int S_IFLNK = 0120000;

        boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        boolean isSymlink() {
            return (mode & S_IFMT) == S_IFLNK;
        }

        int permissions() {
            return mode & 07777;
        }
    }

    /** A thread's {@code /proc/self/task/TID/status}, opened before the chroot. */
    interface TaskStatus {
        long tid();

        /** Re-reads the file from offset 0; returns false if the thread has exited. */
        boolean reread() throws SystemCallException;

        /** Returns whether the text of the last read contains {@code line}. */
        boolean contains(Needle line);

        /** Returns the text of the last read. */
        String text();

        void close();
    }

    /** A byte string prepared, before the chroot, for fast searches in status texts. */
    interface Needle {
    }

    /** Prepares {@code text} (ASCII) for {@link TaskStatus#contains}. */
    Needle needle(String text);

    /** Returns whether this process passed the point of no return of an entry before. */
    boolean entered();

    /** Records that this process passed the point of no return. */
    void markEntered();

    /** Returns the effective capability set (CapEff of {@code /proc/self/status}). */
    long effectiveCapabilities() throws SystemCallException;

    Credentials credentials() throws SystemCallException;

    /** {@code prctl(PR_GET_SECUREBITS)}. */
    int securebits() throws SystemCallException;

    /** {@code prctl(PR_GET_SECCOMP)}: 0 when off, 2 with filters; fails without kernel support. */
    int seccompMode() throws SystemCallException;

    /** {@code prctl(PR_GET_NO_NEW_PRIVS)} of the calling thread. */
    boolean noNewPrivs() throws SystemCallException;

    /**
     * {@code prctl(PR_SET_NO_NEW_PRIVS, 1)}, then installs an allow-all seccomp filter with
     * {@code SECCOMP_FILTER_FLAG_TSYNC}, which gives every thread no_new_privs.
     */
    void noNewPrivsOnEveryThread() throws SystemCallException;

    /** Returns the entry, or null if there is no such user. */
    Passwd getpwnam(String name) throws SystemCallException;

    /** Returns every group of the user, the given primary group included. */
    long[] getgrouplist(String name, long gid) throws SystemCallException;

    /** Returns the descriptors open now, without the one used for listing. */
    List<OpenDescriptor> listFds(String javaHome, List<String> classPath) throws SystemCallException;

    /** Returns how many other processes run with this real or effective uid (0 if unknown). */
    int processesWithUid(long uid);

    /** Opens the root directory: {@code open("/", O_RDONLY|O_DIRECTORY|O_CLOEXEC)}. */
    int openRoot() throws SystemCallException;

    /** {@code openat(dirFd, name, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC)}. */
    int openDirectoryAt(int dirFd, String name) throws SystemCallException;

    /** {@code statx(fd, "", AT_EMPTY_PATH)}. */
    FileStat fstat(int fd) throws SystemCallException;

    /** {@code statx(dirFd, name, AT_SYMLINK_NOFOLLOW)}. */
    FileStat lstatAt(int dirFd, String name) throws SystemCallException;

    /** Closes quietly (used on clean-up paths that must not throw). */
    void close(int fd);

    List<TaskStatus> watchTasks() throws SystemCallException;

    /**
     * Makes each call of the irreversible path once with arguments that change nothing (bad
     * descriptors, empty paths, ids of -1, an oversized group list), so that the real calls after
     * the point of no return do not pay for first-call linking. Results are ignored.
     */
    void rehearse();

    /** {@code open("/dev/null", O_RDWR|O_CLOEXEC)}. */
    int openDevNull() throws SystemCallException;

    void dup2(int from, int to) throws SystemCallException;

    void fchdir(int fd) throws SystemCallException;

    void chroot(String path) throws SystemCallException;

    void chdir(String path) throws SystemCallException;

    void setenv(String name, String value) throws SystemCallException;

    void unsetenv(String name) throws SystemCallException;

    /** {@code clearenv()}: empties the process environment. */
    void clearenv() throws SystemCallException;

    /** Returns the variable from the process environment (not Java's snapshot), or null. */
    String getenv(String name);

    void setgroups(long[] groups) throws SystemCallException;

    void setresgid(long rgid, long egid, long sgid) throws SystemCallException;

    void setresuid(long ruid, long euid, long suid) throws SystemCallException;

    /** Tries to regain a privilege; returns 0 if the call succeeded, else its errno. */
    int trySetuid(long uid);

    int trySetgid(long gid);

    int trySeteuid(long uid);

    int trySetgroups(long[] groups);

    /** Returns the open descriptors below {@code limit} that are directories ({@code statx} each). */
    List<Integer> directoryDescriptors(int limit);

    /** Writes the bytes to fd 2 with {@code write(2)}, ignoring failure. */
    void writeStderr(byte[] line);

    /** Ends the process with {@code _exit(2)}; never returns. */
    void exit(int status);
}
