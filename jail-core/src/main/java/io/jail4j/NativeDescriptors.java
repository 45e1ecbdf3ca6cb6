package io.jail4j;

import static io.jail4j.internal.LinuxAbi.AT_EMPTY_PATH;
import static io.jail4j.internal.LinuxAbi.AT_STATX_DONT_SYNC;
import static io.jail4j.internal.LinuxAbi.FD_CLOEXEC;
import static io.jail4j.internal.LinuxAbi.POLLFD_REVENTS;
import static io.jail4j.internal.LinuxAbi.POLLFD_SIZE;
import static io.jail4j.internal.LinuxAbi.POLLNVAL;
import static io.jail4j.internal.LinuxAbi.STATX_BASIC_STATS;
import static io.jail4j.internal.LinuxAbi.STATX_MNT_ID;
import static io.jail4j.internal.LinuxAbi.STATX_SIZE;
import static io.jail4j.internal.LinuxAbi.STATX_TYPE;
import static io.jail4j.internal.LinuxAbi.STX_RDEV_MAJOR;
import static io.jail4j.internal.LinuxAbi.STX_RDEV_MINOR;
import static io.jail4j.internal.LinuxAbi.S_IFDIR;
import static io.jail4j.internal.LinuxAbi.S_IFMT;
import static io.jail4j.internal.LinuxAbi.S_IFSOCK;
import static io.jail4j.internal.LinuxAbi.TIOCNOTTY;

import java.util.ArrayList;
import java.util.List;

import io.jail4j.internal.LinuxAbi;
import io.jail4j.libc.LibC;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Fcntl;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The process's open descriptors: what each one is ({@code /proc/self/fd} and {@code fdinfo}
 * through {@link ProcFs}, {@code statx} on the descriptor, its socket through
 * {@link NativeSockets}), which numbers are open (one {@code poll}), and the calls that change
 * them (dup2, close, close-on-exec, the controlling terminal).
 */
final class NativeDescriptors extends NativePart {
    private static final int EBADF = LinuxAbi.of(Errno.EBADF);
    private static final int ENOTSOCK = LinuxAbi.of(Errno.ENOTSOCK);
    private static final int ENXIO = LinuxAbi.of(Errno.ENXIO);
    private static final int F_GETFD = LinuxAbi.of(Fcntl.F_GETFD);
    private static final int F_SETFD = LinuxAbi.of(Fcntl.F_SETFD);
    /** pollfd entries for {@link #openBelow}, allocated before the chroot. */
    private static final int POLL_SET = 4096;

    private final NativeSockets sockets;
    /** statx buffer for the descriptor sweep after the drop, allocated before the chroot. */
    private final Pointer statBuffer;
    private final Pointer pollSet = pollSet();
    private final byte[] pollResult = new byte[POLL_SET * POLLFD_SIZE];

    NativeDescriptors(LibC libc, NativeSockets sockets) {
        super(libc);
        this.sockets = sockets;
        this.statBuffer = Memory.allocateDirect(runtime, STATX_SIZE);
    }

    List<SystemCalls.Fd> listFds() throws JailException {
        List<SystemCalls.Fd> out = new ArrayList<>();
        for (int fd : ProcFs.openDescriptors()) {
            SystemCalls.Fd d = describe(fd);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Reads one descriptor: link text, {@code statx} on the descriptor itself (no path lookup;
     * {@code AT_STATX_DONT_SYNC}, so a hung network or FUSE file system does not stall), open
     * flags and, for a unix socket, its peer. Returns null if the descriptor was closed meanwhile;
     * if it was closed and its number reused between the reads, reads it again.
     *
     * @throws OpenDescriptorException if it changed on each of three reads
     */
    private SystemCalls.Fd describe(int fd) throws JailException {
        for (int attempt = 0; attempt < 3; attempt++) {
            String target = ProcFs.link(fd);
            if (target == null) {
                return null;
            }
            Pointer buf = Memory.allocateDirect(runtime, STATX_SIZE);
            if (libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_BASIC_STATS | STATX_MNT_ID, buf) != 0) {
                int errno = errno();
                if (errno == EBADF) {
                    return null;
                }
                throw failure("statx(" + fd + ", \"\", AT_EMPTY_PATH|AT_STATX_DONT_SYNC) for " + target, errno);
            }
            Integer flags = ProcFs.openFlags(fd);
            if (flags == null) {
                return null;
            }
            int mode = NativeFiles.mode(buf);
            long rdev = NativeFiles.makedev(Integer.toUnsignedLong(buf.getInt(STX_RDEV_MAJOR)),
                    Integer.toUnsignedLong(buf.getInt(STX_RDEV_MINOR)));
            SystemCalls.UnixSocket unix = null;
            if ((mode & S_IFMT) == S_IFSOCK) {
                try {
                    unix = sockets.unixSocket(fd);
                } catch (SystemCallException e) {
                    if (e.errno() == EBADF || e.errno() == ENOTSOCK) {
                        continue; // closed, or its number reused, while it was read: read it again
                    }
                    throw e;
                }
            }
            if (target.equals(ProcFs.link(fd))) {
                return new SystemCalls.Fd(fd, target, mode, rdev, NativeFiles.fileId(buf), flags, unix);
            }
        }
        throw new OpenDescriptorException(List.of(), "enter(): descriptor " + fd + " changed on each of three reads"
                + " (/proc/self/fd/" + fd + ", statx): another thread keeps closing and reopening it; let it"
                + " finish before enter()");
    }

    /** Returns every open descriptor whose {@code /proc/self/fd} link is {@code target}, in order. */
    List<Integer> descriptorsNaming(String target) throws ProcFileException {
        List<Integer> out = new ArrayList<>();
        for (int fd : ProcFs.openDescriptors()) {
            if (target.equals(ProcFs.link(fd))) {
                out.add(fd);
            }
        }
        return out;
    }

    /** Returns whether FD_CLOEXEC is set on {@code fd}. */
    boolean closeOnExec(int fd) throws SystemCallException {
        int flags = libc.fcntl(fd, F_GETFD, 0);
        if (flags < 0) {
            throw failure("fcntl(" + fd + ", F_GETFD)");
        }
        return (flags & FD_CLOEXEC) != 0;
    }

    /** Sets FD_CLOEXEC on {@code fd}, keeping its other descriptor flags. */
    void setCloseOnExec(int fd) throws SystemCallException {
        int flags = libc.fcntl(fd, F_GETFD, 0);
        if (flags < 0 || libc.fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) {
            throw failure("fcntl(" + fd + ", F_SETFD, FD_CLOEXEC)");
        }
    }

    List<Integer> openDescriptors(int limit) {
        boolean[] open = openBelow(limit);
        List<Integer> out = new ArrayList<>();
        for (int fd = 0; fd < limit; fd++) {
            if (open != null ? open[fd] : libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_TYPE,
                    statBuffer) == 0 || errno() != EBADF) {
                out.add(fd);
            }
        }
        return out;
    }

    List<Integer> directoryDescriptors(int limit) throws SystemCallException {
        List<Integer> out = new ArrayList<>();
        boolean[] open = openBelow(limit);
        for (int fd = 0; fd < limit; fd++) {
            if (open != null && !open[fd]) {
                continue;
            }
            if (libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_TYPE, statBuffer) != 0) {
                int errno = errno();
                if (errno != EBADF) { // not open; anything else leaves the descriptor unknown
                    throw failure("statx(" + fd + ", \"\", AT_EMPTY_PATH|AT_STATX_DONT_SYNC, STATX_TYPE)", errno);
                }
            } else if ((NativeFiles.mode(statBuffer) & S_IFMT) == S_IFDIR) {
                out.add(fd);
            }
        }
        return out;
    }

    /** Returns pollfd entries for descriptors 0..POLL_SET-1, no events asked (the kernel writes only revents). */
    private static Pointer pollSet() {
        Pointer set = Memory.allocateDirect(Runtime.getSystemRuntime(), (long) POLL_SET * POLLFD_SIZE);
        for (int i = 0; i < POLL_SET; i++) { // struct pollfd { int fd; short events; short revents; }
            set.putInt((long) i * POLLFD_SIZE, i);
            set.putInt((long) i * POLLFD_SIZE + 4, 0);
        }
        return set;
    }

    /**
     * Returns which descriptors below {@code limit} are open, from one {@code poll} with a zero
     * timeout ({@code POLLNVAL} marks the others), or null when it cannot tell (then every number
     * is checked with its own {@code statx}).
     */
    private boolean[] openBelow(int limit) {
        if (limit > POLL_SET) {
            return null;
        }
        if (libc.poll(pollSet, limit, 0) < 0) {
            return null; // EINVAL beyond RLIMIT_NOFILE, EINTR: each number is checked with statx instead
        }
        pollSet.get(0, pollResult, 0, limit * POLLFD_SIZE);
        boolean[] open = new boolean[limit];
        for (int i = 0; i < limit; i++) {
            open[i] = (pollResult[i * POLLFD_SIZE + POLLFD_REVENTS] & POLLNVAL) == 0; // revents, low byte first
        }
        return open;
    }

    int openDevNull() throws SystemCallException {
        int fd = libc.open("/dev/null", NativeFiles.O_RDWR | NativeFiles.O_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("open(\"/dev/null\", O_RDWR|O_CLOEXEC)");
        }
        return fd;
    }

    void dup2(int from, int to) throws SystemCallException {
        if (libc.dup2(from, to) < 0) {
            throw failure("dup2(" + from + ", " + to + ")");
        }
    }

    /**
     * Gives up the controlling terminal ({@code TIOCNOTTY} on {@code /dev/tty}) and checks in
     * {@code /proc/self/stat} that it is gone.
     *
     * @throws JailStateException if the process still has one afterwards
     */
    void detachTerminal() throws JailException {
        int fd = libc.open("/dev/tty", NativeFiles.O_RDWR | NativeFiles.O_NOCTTY | NativeFiles.O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = errno();
            if (errno == ENXIO) {
                return; // no controlling terminal (any more)
            }
            throw failure("open(\"/dev/tty\", O_RDWR|O_NOCTTY|O_CLOEXEC)", errno);
        }
        try {
            if (libc.ioctl(fd, TIOCNOTTY, 0) != 0) {
                throw failure("ioctl(" + fd + " /dev/tty, TIOCNOTTY)");
            }
        } finally {
            libc.close(fd);
        }
        SystemCalls.Terminal after = ProcFs.terminal();
        if (after.ttyNr() != 0) {
            throw new JailStateException("ioctl(TIOCNOTTY) succeeded, but /proc/self/stat still names controlling"
                    + " terminal tty_nr " + after.ttyNr());
        }
    }

    /** Makes the sweep's calls once with arguments that fail harmlessly, so that their stubs are bound. */
    void rehearse() {
        int none = -1;
        libc.close(none);                                                    // EBADF
        libc.statx(none, EMPTY_PATH, AT_EMPTY_PATH, STATX_TYPE, statBuffer); // EBADF
        libc.dup2(none, none);                                               // EBADF
        openBelow(1);
    }
}
