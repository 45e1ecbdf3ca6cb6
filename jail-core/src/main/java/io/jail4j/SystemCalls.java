package io.jail4j;

import java.util.List;

/**
 * Every contact {@link Entry} makes with the operating system. The real implementation is
 * {@link Native}; tests use a recording fake. A failed system call throws
 * {@link SystemCallException} naming the call, its arguments and errno; a {@code /proc} file that
 * cannot be read or parsed throws {@link ProcFileException} naming the file; an answer that is no
 * errno but cannot be used (a descriptor that keeps changing, a thread seccomp cannot synchronise)
 * throws the {@link JailException} that says so. No raw return code leaves an implementation.
 */
interface SystemCalls {

    /** A user database entry. */
    record Passwd(String name, long uid, long gid, String home, String shell) { }

    /** The fields of {@code statx} that the jail checks need. */
    record FileStat(int mode, long uid, long gid, long nlink) {
        static final int S_IFMT = io.jail4j.internal.LinuxAbi.S_IFMT;
        static final int S_IFDIR = io.jail4j.internal.LinuxAbi.S_IFDIR;
        static final int S_IFLNK = io.jail4j.internal.LinuxAbi.S_IFLNK;

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

    /**
     * Which file an open directory (or anything else) is: the mount it was reached through, its
     * device and inode. Device and inode alone are fooled by a bind mount of the jail, whose
     * {@code ..} leads to the host; the mount id is not.
     */
    record FileId(long mountId, long dev, long ino) {
        // Written out: a record's generated equals is bootstrapped through invokedynamic on its
        // first call, which costs milliseconds inside the irreversible window.
        @Override
        public boolean equals(Object o) {
            return o instanceof FileId && ((FileId) o).mountId == mountId && ((FileId) o).dev == dev
                    && ((FileId) o).ino == ino;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(mountId * 31 + dev) * 31 + Long.hashCode(ino);
        }

        @Override
        public String toString() {
            return "mount " + mountId + " dev " + (dev >>> 20) + ":" + (dev & 0xFFFFF) + " inode " + ino;
        }
    }

    /**
     * What the kernel says about one open descriptor, before any judgement.
     *
     * @param target the {@code /proc/self/fd} link text
     * @param mode   {@code st_mode} ({@code statx} with {@code AT_STATX_DONT_SYNC})
     * @param rdev   the device number of a device node ({@code makedev} form), else 0
     * @param id     the file's identity, to tell a reused number from the one judged
     * @param flags  the open flags from {@code /proc/self/fdinfo/FD}
     * @param unix   what a unix-domain socket is connected to, else null
     */
    record Fd(int fd, String target, int mode, long rdev, FileId id, int flags, UnixSocket unix) {
        static final int O_ACCMODE = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.OpenFlags.O_ACCMODE);
        static final int O_APPEND = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.OpenFlags.O_APPEND);

        boolean writable() {
            int access = flags & O_ACCMODE;
            return access == 1 || access == 2;
        }

        int type() {
            return mode & FileStat.S_IFMT;
        }
    }

    /**
     * A unix-domain socket as {@code getsockname}, {@code getpeername}, {@code SO_PEERCRED} and a
     * {@code MSG_PEEK} read see it.
     *
     * @param type      {@code SO_TYPE}: 1 stream, 2 datagram, 5 seqpacket
     * @param localName its own address: a path, {@code @name} for the abstract namespace, or empty
     * @param peerName  the peer's address, in the same form, or empty
     * @param peerPid   the peer process's pid at connect time, 0 if not connected
     * @param peerUid   the peer's uid at connect time, -1 if not connected
     * @param peerGid   the peer's gid at connect time, -1 if not connected
     * @param queued    whether data or control messages (descriptors in flight) wait to be read
     * @param listening whether it is a listening socket
     */
    record UnixSocket(int type, String localName, String peerName, long peerPid, long peerUid, long peerGid,
                      boolean queued, boolean listening) { }

    /** A shared, writable mapping of a file ({@code rw-s} in {@code /proc/self/maps}). */
    record Mapping(String range, String path) { }

    /** A live child process of this one. */
    record Child(long pid, String command, long uid, long euid) { }

    /** The controlling terminal as {@code /proc/self/stat} shows it: {@code tty_nr} 0 for none. */
    record Terminal(long ttyNr, boolean sessionLeader) { }

    /** Shutdown signals held while {@code enter()} cannot be interrupted. */
    interface HeldSignals {
        /** Restores the handlers and delivers what arrived meanwhile, in order. */
        void release();

        /** Returns the names of the signals held, for the report. */
        List<String> names();

        /** Returns whether a SIGHUP would neither end the process nor start its shutdown: held or ignored. */
        boolean hangupSafe();
    }

    /** A thread's {@code /proc/self/task/TID/status}, opened before the chroot. */
    interface TaskStatus {
        long tid();

        /** Returns the descriptor the status file is held open on. */
        int fd();

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
    long effectiveCapabilities() throws ProcFileException;

    Credentials credentials() throws SystemCallException;

    /** {@code prctl(PR_GET_SECUREBITS)}. */
    int securebits() throws SystemCallException;

    /** {@code prctl(PR_GET_SECCOMP)}: 0 when off, 2 with filters; fails without kernel support. */
    int seccompMode() throws SystemCallException;

    /** {@code prctl(PR_GET_NO_NEW_PRIVS)} of the calling thread. */
    boolean noNewPrivs() throws SystemCallException;

    /**
     * {@code prctl(PR_SET_NO_NEW_PRIVS, 1)}, then installs the seccomp program (classic BPF, 8
     * bytes an instruction) with {@code SECCOMP_FILTER_FLAG_TSYNC}, which gives every thread
     * no_new_privs and the filter.
     */
    void noNewPrivsOnEveryThread(byte[] program) throws JailException;

    /** Returns the entry, or null if there is no such user. */
    Passwd getpwnam(String name) throws SystemCallException;

    /** Returns every group of the user, the given primary group included. */
    long[] getgrouplist(String name, long gid) throws JailException;

    /**
     * Returns the descriptors open now, without the one used for listing. A descriptor closed
     * while it is read is left out; any other failure to read one throws.
     */
    List<Fd> listFds() throws JailException;

    /** Returns the shared writable file mappings of the process ({@code /proc/self/maps}). */
    List<Mapping> sharedWritableMappings() throws JailException;

    /** Returns the live (not zombie) children of this process. */
    List<Child> children() throws JailException;

    /** Returns the controlling terminal of the process. */
    Terminal terminal() throws JailException;

    /**
     * Detaches the process from its controlling terminal: {@code ioctl(TIOCNOTTY)} on
     * {@code /dev/tty}, then checks that {@code tty_nr} is 0.
     */
    void detachTerminal() throws JailException;

    /**
     * Swaps the Java-level handlers of SIGTERM, SIGINT and SIGHUP for ones that only record
     * arrivals; signals that are ignored or handled natively are left as they are. With
     * {@code dropHangup}, a SIGHUP that arrives while held is not delivered on release (detaching
     * a session leader from its terminal sends one).
     */
    HeldSignals holdShutdownSignals(boolean dropHangup);

    /** Returns the identity of the open file {@code fd} ({@code statx} with {@code STATX_MNT_ID}). */
    FileId identify(int fd) throws SystemCallException;

    /** Returns the identity of {@code path} ("/" or "."), as the calling process resolves it now. */
    FileId identify(String path) throws SystemCallException;

    /**
     * Returns whether the open directory {@code fd} lies under the process's root {@code root}:
     * walking {@code ..} from it reaches a fixed point, which must be {@code root}. A directory
     * whose {@code ..} cannot be opened counts as outside.
     */
    boolean underRoot(int fd, FileId root);

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

    List<TaskStatus> watchTasks() throws JailException;

    /**
     * Returns null if thread {@code tid} shares this process's root, working directory and
     * descriptor table ({@code kcmp} with {@code KCMP_FS} and {@code KCMP_FILES}), or what it has
     * of its own; a thread that exited meanwhile shares everything.
     */
    String privateContext(long tid) throws SystemCallException;

    /**
     * Makes each call of the irreversible path once with arguments that change nothing (bad
     * descriptors, empty paths, ids of -1, an oversized group list), so that the real calls after
     * the point of no return do not pay for first-call linking, and copies the seccomp program
     * into native memory. Results are ignored.
     */
    void rehearse(byte[] program);

    /** {@code open("/dev/null", O_RDWR|O_CLOEXEC)}. */
    int openDevNull() throws SystemCallException;

    void dup2(int from, int to) throws SystemCallException;

    void fchdir(int fd) throws SystemCallException;

    void chroot(String path) throws SystemCallException;

    /**
     * Changes the root to the open directory {@code fd}, whatever the working directory is
     * ({@code chroot("/proc/self/fd/FD")}: another thread's {@code chdir} cannot redirect it).
     */
    void chroot(int fd) throws SystemCallException;

    /**
     * Returns how often {@code enter()} should run the proof's reads before the point of no
     * return so that the runtime has compiled them (0 where that does not matter).
     */
    int warmRounds();

    /** Prepares {@link #chroot(int)} for {@code fd} before the point of no return (its path). */
    void prepareChroot(int fd);

    void chdir(String path) throws SystemCallException;

    /** Prepares the names and values {@link #setenv} and {@link #unsetenv} will get, before the point of no return. */
    void prepareEnvironment(java.util.Collection<String> strings);

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

    /** Returns the numbers of the open descriptors below {@code limit}. */
    List<Integer> openDescriptors(int limit) throws SystemCallException;

    /**
     * Returns the open descriptors below {@code limit} that are directories ({@code statx} each);
     * a descriptor that is open but cannot be read throws.
     */
    List<Integer> directoryDescriptors(int limit) throws SystemCallException;

    /** Writes the bytes to fd 2 with {@code write(2)}, ignoring failure. */
    void writeStderr(byte[] line);

    /** Ends the process with {@code _exit(2)}; never returns. */
    void exit(int status);

    /**
     * Creates a fanotify group ({@code fanotify_init(2)}); learn mode only. The default refuses,
     * for implementations without it.
     */
    default int fanotifyInit(int flags, int eventFlags) throws SystemCallException {
        throw new UnsupportedOperationException("fanotify_init is not implemented by " + getClass().getName());
    }

    /** Adds a fanotify mark ({@code fanotify_mark(2)} relative to the working directory); learn mode only. */
    default void fanotifyMark(int group, int flags, long mask, String path) throws SystemCallException {
        throw new UnsupportedOperationException("fanotify_mark is not implemented by " + getClass().getName());
    }

    /** Reads from {@code fd} into {@code buffer} ({@code read(2)}, retried on EINTR); returns the count. */
    default int read(int fd, byte[] buffer) throws SystemCallException {
        throw new UnsupportedOperationException("read is not implemented by " + getClass().getName());
    }
}
