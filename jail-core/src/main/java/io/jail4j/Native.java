package io.jail4j;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.jail4j.internal.Glibc;
import io.jail4j.libc.LibC;
import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * The one home of native code: checked calls through the jnr-ffi binding to glibc ({@link LibC},
 * loaded once by {@link Glibc}, before any chroot: it needs the host's disk), and the
 * {@code /proc} reads {@link Entry} makes. Every result is
 * checked; a failure becomes a {@link SystemCallException} naming call, arguments and errno.
 * Ids cross the boundary as unsigned 32-bit values: {@link #u32} checks the range going in and
 * {@link Integer#toUnsignedLong} widens coming out.
 */
final class Native implements SystemCalls {

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_TYPE = 0x1;
    private static final int STATX_SIZE = 256;
    private static final int STATX_INO = 0x100;
    private static final int STATX_MNT_ID = 0x1000;
    private static final int AT_STATX_DONT_SYNC = 0x4000;
    private static final int O_NOCTTY = 0400;
    private static final int O_PATH = 010000000;
    private static final int EBADF = 9;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ENXIO = 6;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int ENOTSOCK = 88;
    private static final int ENOTCONN = 107;
    private static final int TIOCNOTTY = 0x5422;
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SO_PEERCRED = 17;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SO_DOMAIN = 39;
    private static final int AF_UNIX = 1;
    private static final int MSG_PEEK = 2;
    private static final int MSG_CTRUNC = 8;
    private static final int MSG_DONTWAIT = 0x40;
    /** How far {@link #underRoot} walks up before it gives up (and counts the directory as outside). */
    private static final int MAX_DEPTH = 4096;
    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 02000000;
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    private static final int ERANGE = 34;

    private static Native instance;

    private final LibC libc;
    private final Runtime runtime;
    private final int oDirectory;
    private final int oNofollow;
    private final Syscalls sys;
    /** getresuid/getresgid results: six uint32 slots, reused under this object's lock. */
    private final Pointer ids;
    /** getgroups and the setgroups probe: native memory for {@link #GROUPS} ids, no Java array marshalled. */
    private static final int GROUPS = 256;
    private final Pointer groupMemory = Memory.allocateDirect(Runtime.getSystemRuntime(), GROUPS * 4L);
    /** C strings of the environment {@link #prepareEnvironment} set up before the point of no return. */
    private final java.util.Map<String, Pointer> preparedStrings = new java.util.HashMap<>();
    /** statx buffer for the descriptor sweep after the drop, allocated before the chroot. */
    private final Pointer statBuffer;

    /** The system call numbers used without a glibc wrapper. */
    private record Syscalls(long seccomp, long setuid, long setgid, long setresuid, long setgroups, long kcmp) { }

    private Native(LibC libc, int oDirectory, int oNofollow, Syscalls sys) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
        this.oDirectory = oDirectory;
        this.oNofollow = oNofollow;
        this.sys = sys;
        this.ids = Memory.allocateDirect(runtime, 24);
        this.statBuffer = Memory.allocateDirect(runtime, STATX_SIZE);
        this.walkBuffer = Memory.allocateDirect(runtime, STATX_SIZE);
        this.filterProgram = Memory.allocateDirect(runtime, 16);
    }

    /** statx buffer of {@link #underRoot}, allocated before the chroot. */
    private final Pointer walkBuffer;
    /** struct sock_fprog for the seccomp call, allocated before the chroot. */
    private final Pointer filterProgram;

    /**
     * Returns the binding, loading it on first use. Loading needs the host's disk (jffi extracts
     * its stub library to a temporary file), so the first call must come before any chroot; a
     * failed load is reported, never retried silently.
     */
    static synchronized Native get() throws JailException {
        if (instance == null) {
            instance = load();
        }
        return instance;
    }

    private static Native load() throws JailException {
        Platform platform = Platform.getNativePlatform();
        if (platform.getOS() != Platform.OS.LINUX) {
            throw new JailException("jail4j supports Linux only, not " + platform.getOS());
        }
        int oDirectory;
        int oNofollow;
        Syscalls sys;
        switch (platform.getCPU()) {
            case X86_64:
                oDirectory = 0200000;
                oNofollow = 0400000;
                sys = new Syscalls(317, 105, 106, 117, 116, 312);
                break;
            case AARCH64:
                oDirectory = 040000;
                oNofollow = 0100000;
                sys = new Syscalls(277, 146, 144, 147, 159, 272);
                break;
            default:
                throw new JailException("jail4j supports x86_64 and aarch64 Linux, not " + platform.getCPU());
        }
        LibC libc;
        try {
            libc = Glibc.libc();
        } catch (LinkageError | RuntimeException e) {
            throw new JailException("cannot load the native binding to libc through jnr-ffi"
                    + " (it must be loaded before any chroot): " + e, e);
        }
        Native n = new Native(libc, oDirectory, oNofollow, sys);
        n.warmUp();
        return n;
    }

    /** Exercises the paths that load classes lazily, so that they work after the chroot. */
    private void warmUp() throws SystemCallException {
        credentials();
        errnoText(1);
        libc.write(2, new byte[0], 0);
        Memory.allocateDirect(runtime, 16).putInt(0, 0);
    }

    // ---- errors ---------------------------------------------------------------------------------

    private int errno() {
        return runtime.getLastError();
    }

    static String errnoText(int errno) {
        Errno e = Errno.valueOf(errno);
        return e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.name() + " (" + e.description() + ")";
    }

    private SystemCallException failure(String call) {
        int errno = errno();
        return new SystemCallException(call, errno, errnoText(errno));
    }

    static int u32(long id) {
        if (id < 0 || id > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("id " + id + " is outside 0..4294967294");
        }
        return (int) id;
    }

    private static int[] u32s(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = u32(ids[i]);
        }
        return out;
    }

    /** Returns the UTF-8 bytes of {@code s} with a terminating NUL: cheaper to pass than a String. */
    private static byte[] cString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(utf8, utf8.length + 1);
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private String openFlags(boolean nofollow) {
        return "O_RDONLY|O_DIRECTORY" + (nofollow ? "|O_NOFOLLOW" : "") + "|O_CLOEXEC";
    }

    private volatile boolean entered;

    @Override
    public boolean entered() {
        return entered;
    }

    @Override
    public void markEntered() {
        entered = true;
    }

    // ---- identity -------------------------------------------------------------------------------

    @Override
    public long effectiveCapabilities() throws SystemCallException {
        return ProcFs.effectiveCapabilities();
    }

    @Override
    public synchronized Credentials credentials() throws SystemCallException {
        if (libc.getresuid(ids, ids.slice(4), ids.slice(8)) != 0) {
            throw failure("getresuid()");
        }
        if (libc.getresgid(ids.slice(12), ids.slice(16), ids.slice(20)) != 0) {
            throw failure("getresgid()");
        }
        return new Credentials(id(0), id(4), id(8), id(12), id(16), id(20), groups());
    }

    private long id(int offset) {
        return Integer.toUnsignedLong(ids.getInt(offset));
    }

    private Set<Long> groups() throws SystemCallException {
        Pointer list = groupMemory;
        int n = libc.getgroups(GROUPS, list);
        if (n < 0) { // more groups than the buffer holds: ask for the count
            n = libc.getgroups(0, (Pointer) null);
            if (n < 0) {
                throw failure("getgroups(0, NULL)");
            }
            list = Memory.allocateDirect(runtime, 4L * n);
            n = libc.getgroups(n, list);
            if (n < 0) {
                throw failure("getgroups(" + n + ")");
            }
        }
        TreeSet<Long> out = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toUnsignedLong(list.getInt(4L * i)));
        }
        return out;
    }

    private static final int PR_GET_SECCOMP = 21;
    private static final int PR_GET_SECUREBITS = 27;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_GET_NO_NEW_PRIVS = 39;
    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;

    @Override
    public int securebits() throws SystemCallException {
        int bits = libc.prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
        if (bits < 0) {
            throw failure("prctl(PR_GET_SECUREBITS)");
        }
        return bits;
    }

    @Override
    public int seccompMode() throws SystemCallException {
        int mode = libc.prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
        if (mode < 0) {
            throw failure("prctl(PR_GET_SECCOMP)");
        }
        return mode;
    }

    @Override
    public boolean noNewPrivs() throws SystemCallException {
        int v = libc.prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
        if (v < 0) {
            throw failure("prctl(PR_GET_NO_NEW_PRIVS)");
        }
        return v == 1;
    }

    /**
     * Copies a seccomp program into native memory, before the chroot; {@link #noNewPrivsOnEveryThread}
     * then installs the copy whose bytes equal its argument without allocating.
     */
    private Pointer preparedCode;
    private byte[] preparedBytes;

    void prepareProgram(byte[] program) {
        Pointer code = Memory.allocateDirect(runtime, program.length);
        code.put(0, program, 0, program.length);
        preparedCode = code;
        preparedBytes = program.clone();
    }

    @Override
    public void noNewPrivsOnEveryThread(byte[] program) throws SystemCallException {
        if (program.length == 0 || program.length % 8 != 0 || program.length / 8 > 4096) {
            throw new SystemCallException("seccomp(SECCOMP_SET_MODE_FILTER)", 0,
                    "a program of " + program.length + " bytes is not 1..4096 instructions");
        }
        if (preparedCode == null || !Arrays.equals(preparedBytes, program)) {
            prepareProgram(program);
        }
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
        filterProgram.putShort(0, (short) (program.length / 8));
        filterProgram.putAddress(8, preparedCode.address());
        if (libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            throw failure("prctl(PR_SET_NO_NEW_PRIVS, 1)");
        }
        String call = "seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, " + program.length / 8
                + " instructions)";
        long rc = libc.syscall(sys.seccomp(), SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, filterProgram);
        if (rc < 0) {
            throw failure(call);
        }
        if (rc > 0) {
            throw new SystemCallException(call, 0, "thread " + rc + " could not be synchronised (its seccomp filters differ)");
        }
    }

    private static String stringAt(Pointer struct, long offset) {
        Pointer p = struct.getPointer(offset);
        return p == null || p.address() == 0 ? "" : p.getString(0);
    }

    @Override
    public Passwd getpwnam(String name) throws SystemCallException {
        Pointer pwd = Memory.allocateDirect(runtime, 48);
        for (int size = 1024; ; size *= 2) {
            Pointer buf = Memory.allocateDirect(runtime, size);
            PointerByReference result = new PointerByReference();
            int rc = libc.getpwnam_r(name, pwd, buf, size, result);
            if (rc == ERANGE && size < (1 << 20)) {
                continue;
            }
            boolean found = result.getValue() != null && result.getValue().address() != 0;
            if (!found && (rc == 0 || rc == ENOENT || rc == ESRCH)) {
                return null; // getpwnam_r(3): these mean "not found"
            }
            if (rc != 0) {
                throw new SystemCallException("getpwnam_r(" + q(name) + ")", rc, errnoText(rc));
            }
            // struct passwd on LP64: pw_name@0, pw_passwd@8, pw_uid@16, pw_gid@20, pw_gecos@24,
            // pw_dir@32, pw_shell@40
            return new Passwd(stringAt(pwd, 0), Integer.toUnsignedLong(pwd.getInt(16)),
                    Integer.toUnsignedLong(pwd.getInt(20)), stringAt(pwd, 32), stringAt(pwd, 40));
        }
    }

    @Override
    public long[] getgrouplist(String name, long gid) throws SystemCallException {
        int capacity = 64;
        for (int attempt = 0; attempt < 8; attempt++) {
            Pointer groups = Memory.allocateDirect(runtime, capacity * 4L);
            IntByReference n = new IntByReference(capacity);
            int rc = libc.getgrouplist(name, u32(gid), groups, n);
            if (rc >= 0) {
                long[] out = new long[n.intValue()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Integer.toUnsignedLong(groups.getInt(i * 4L));
                }
                return out;
            }
            capacity = Math.max(capacity * 2, n.intValue());
        }
        throw new SystemCallException("getgrouplist(" + q(name) + ", " + gid + ")", 0,
                "group list kept growing");
    }

    // ---- descriptors and processes ---------------------------------------------------------------

    @Override
    public List<Fd> listFds() throws SystemCallException {
        String[] names = new File("/proc/self/fd").list();
        if (names == null) {
            throw new SystemCallException("opendir(\"/proc/self/fd\")", 0,
                    "cannot list open descriptors (is /proc mounted?)");
        }
        List<Fd> out = new ArrayList<>();
        for (String name : names) {
            Fd fd = describe(Integer.parseInt(name));
            if (fd != null) {
                out.add(fd);
            }
        }
        out.sort((a, b) -> Integer.compare(a.fd(), b.fd()));
        return out;
    }

    /**
     * Reads one descriptor: link text, {@code statx} on the descriptor itself (no path lookup;
     * {@code AT_STATX_DONT_SYNC}, so a hung network or FUSE file system does not stall), open
     * flags and, for a unix socket, its peer. Returns null if the descriptor was closed meanwhile;
     * if it was closed and its number reused between the reads, reads it again.
     */
    private Fd describe(int fd) throws SystemCallException {
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
                throw new SystemCallException("statx(" + fd + ", \"\", AT_EMPTY_PATH|AT_STATX_DONT_SYNC) for " + target,
                        errno, errnoText(errno));
            }
            Integer flags = ProcFs.openFlags(fd);
            if (flags == null) {
                return null;
            }
            int mode = buf.getShort(28) & 0xFFFF;
            long rdev = makedev(Integer.toUnsignedLong(buf.getInt(128)), Integer.toUnsignedLong(buf.getInt(132)));
            UnixSocket unix = null;
            if ((mode & FileStat.S_IFMT) == 0140000) {
                try {
                    unix = unixSocket(fd);
                } catch (SystemCallException e) {
                    if (e.errno() == EBADF || e.errno() == ENOTSOCK) {
                        continue; // closed, or its number reused, while it was read: read it again
                    }
                    throw e;
                }
            }
            if (target.equals(ProcFs.link(fd))) {
                return new Fd(fd, target, mode, rdev, fileId(buf), flags, unix);
            }
        }
        throw new SystemCallException("readlink(\"/proc/self/fd/" + fd + "\")", 0,
                "the descriptor kept changing while it was read");
    }

    private static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** Decodes the identity from a statx buffer: ino@32, dev_major@136, dev_minor@140, mnt_id@144. */
    private static FileId fileId(Pointer buf) {
        return new FileId(buf.getLong(144), makedev(Integer.toUnsignedLong(buf.getInt(136)),
                Integer.toUnsignedLong(buf.getInt(140))), buf.getLong(32));
    }

    /** Returns the unix-domain side of a socket, or null for another family. */
    private UnixSocket unixSocket(int fd) throws SystemCallException {
        if (intOption(fd, SO_DOMAIN, "SO_DOMAIN") != AF_UNIX) {
            return null;
        }
        Pointer value = Memory.allocateDirect(runtime, 12);
        int type = intOption(fd, SO_TYPE, "SO_TYPE");
        boolean listening = intOption(fd, SO_ACCEPTCONN, "SO_ACCEPTCONN") != 0;
        if (libc.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, value, new IntByReference(12)) != 0) {
            throw failure("getsockopt(" + fd + ", SOL_SOCKET, SO_PEERCRED)");
        }
        long pid = Integer.toUnsignedLong(value.getInt(0));
        long uid = pid == 0 ? -1 : Integer.toUnsignedLong(value.getInt(4));
        long gid = pid == 0 ? -1 : Integer.toUnsignedLong(value.getInt(8));
        String local = socketName(fd, false);
        String peer = socketName(fd, true);
        return new UnixSocket(type, local, peer, pid, uid, gid, !listening && queued(fd), listening);
    }

    private int intOption(int fd, int option, String name) throws SystemCallException {
        Pointer value = Memory.allocateDirect(runtime, 4);
        IntByReference length = new IntByReference(4);
        if (libc.getsockopt(fd, SOL_SOCKET, option, value, length) != 0) {
            throw failure("getsockopt(" + fd + ", SOL_SOCKET, " + name + ")");
        }
        return value.getInt(0);
    }

    /** Returns a sockaddr_un as a path, {@code @name} (abstract), or "" (unnamed, or not connected). */
    private String socketName(int fd, boolean peer) throws SystemCallException {
        Pointer address = Memory.allocateDirect(runtime, 112);
        IntByReference length = new IntByReference(110);
        int rc = peer ? libc.getpeername(fd, address, length) : libc.getsockname(fd, address, length);
        if (rc != 0) {
            int errno = errno();
            if (peer && errno == ENOTCONN) {
                return "";
            }
            throw new SystemCallException((peer ? "getpeername(" : "getsockname(") + fd + ")", errno, errnoText(errno));
        }
        int n = Math.min(length.intValue(), 110) - 2; // minus sun_family
        if (n <= 0) {
            return "";
        }
        byte[] path = new byte[n];
        address.get(2, path, 0, n);
        if (path[0] == 0) {
            return "@" + new String(path, 1, n - 1, StandardCharsets.UTF_8);
        }
        int end = 0;
        while (end < n && path[end] != 0) {
            end++;
        }
        return new String(path, 0, end, StandardCharsets.UTF_8);
    }

    // ---- inherited sockets (socket activation; never called by enter()) -------------------------

    private static final int F_GETFD = 1;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    /**
     * What the kernel says about an inherited descriptor: file type and inode ({@code statx} on
     * the descriptor), and for a socket its {@code SO_DOMAIN}, {@code SO_TYPE},
     * {@code SO_ACCEPTCONN}, local and peer address.
     *
     * @param local the bound inet address, null for an unbound or unix socket
     * @param localText the bound address as text ({@code 127.0.0.1:53}, {@code [::1]:53},
     *                  a unix path, {@code @abstract}), "" when unbound
     * @param peer the connected peer of an inet socket, null when not connected or unix
     * @param connected whether a peer is connected
     */
    record SocketFacts(int mode, long inode, int domain, int type, boolean listening,
                       java.net.InetSocketAddress local, String localText, java.net.InetSocketAddress peer,
                       boolean connected) {
        boolean isSocket() {
            return (mode & FileStat.S_IFMT) == 0140000;
        }
    }

    /**
     * Reads what {@link SocketFacts} holds; for a descriptor that is not a socket only
     * {@code mode} and {@code inode} are set.
     *
     * @throws SystemCallException with errno EBADF if {@code fd} is not open
     */
    SocketFacts socketFacts(int fd) throws SystemCallException {
        Pointer buf = Memory.allocateDirect(runtime, STATX_SIZE);
        if (libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_TYPE | STATX_INO, buf) != 0) {
            throw failure("statx(" + fd + ", \"\", AT_EMPTY_PATH)");
        }
        int mode = buf.getShort(28) & 0xFFFF;
        long inode = buf.getLong(32);
        if ((mode & FileStat.S_IFMT) != 0140000) {
            return new SocketFacts(mode, inode, -1, -1, false, null, "", null, false);
        }
        int domain = intOption(fd, SO_DOMAIN, "SO_DOMAIN");
        int type = intOption(fd, SO_TYPE, "SO_TYPE");
        boolean listening = intOption(fd, SO_ACCEPTCONN, "SO_ACCEPTCONN") != 0;
        if (domain == AF_UNIX) {
            String peer = socketName(fd, true);
            boolean connected = !peer.isEmpty() || peerConnected(fd);
            return new SocketFacts(mode, inode, domain, type, listening, null, socketName(fd, false), null, connected);
        }
        if (domain != AF_INET && domain != AF_INET6) {
            return new SocketFacts(mode, inode, domain, type, listening, null, "", null, false);
        }
        java.net.InetSocketAddress local = inetName(fd, false);
        java.net.InetSocketAddress peer = inetName(fd, true);
        String text = local == null ? "" : local.getAddress() instanceof java.net.Inet6Address
                ? "[" + local.getAddress().getHostAddress() + "]:" + local.getPort()
                : local.getAddress().getHostAddress() + ":" + local.getPort();
        return new SocketFacts(mode, inode, domain, type, listening, local, text, peer, peer != null);
    }

    /** Returns whether an unnamed unix socket has a peer (getpeername succeeds). */
    private boolean peerConnected(int fd) {
        Pointer address = Memory.allocateDirect(runtime, 112);
        return libc.getpeername(fd, address, new IntByReference(110)) == 0;
    }

    /** Returns a sockaddr_in or sockaddr_in6, or null when unbound (port 0) or, for the peer, not connected. */
    private java.net.InetSocketAddress inetName(int fd, boolean peer) throws SystemCallException {
        Pointer address = Memory.allocateDirect(runtime, 128, true);
        IntByReference length = new IntByReference(128);
        int rc = peer ? libc.getpeername(fd, address, length) : libc.getsockname(fd, address, length);
        if (rc != 0) {
            int errno = errno();
            if (peer && errno == ENOTCONN) {
                return null;
            }
            throw new SystemCallException((peer ? "getpeername(" : "getsockname(") + fd + ")", errno, errnoText(errno));
        }
        int family = address.getShort(0) & 0xFFFF;
        int port = ((address.getByte(2) & 0xFF) << 8) | (address.getByte(3) & 0xFF);
        byte[] raw;
        int scope = 0;
        if (family == AF_INET) {
            raw = new byte[4];
            address.get(4, raw, 0, 4);
        } else if (family == AF_INET6) {
            raw = new byte[16];
            address.get(8, raw, 0, 16);
            scope = address.getInt(24);
        } else {
            return null;
        }
        if (!peer && port == 0) {
            return null;
        }
        try {
            java.net.InetAddress ip = family == AF_INET6 && scope != 0
                    ? java.net.Inet6Address.getByAddress(null, raw, scope) : java.net.InetAddress.getByAddress(raw);
            return new java.net.InetSocketAddress(ip, port);
        } catch (java.net.UnknownHostException e) {
            throw new SystemCallException("getsockname(" + fd + ")", 0, "address of " + raw.length + " bytes: " + e);
        }
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

    /** Returns every open descriptor whose {@code /proc/self/fd} link is {@code target}, in order. */
    List<Integer> descriptorsNaming(String target) throws SystemCallException {
        String[] names = new File("/proc/self/fd").list();
        if (names == null) {
            throw new SystemCallException("opendir(\"/proc/self/fd\")", 0, "cannot list open descriptors (is /proc mounted?)");
        }
        List<Integer> out = new ArrayList<>();
        for (String name : names) {
            int fd = Integer.parseInt(name);
            if (target.equals(ProcFs.link(fd))) {
                out.add(fd);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Returns whether anything waits to be read: {@code recvmsg(MSG_PEEK|MSG_DONTWAIT)} of one
     * byte with no room for control messages, so that descriptors in flight are seen (as
     * {@code MSG_CTRUNC}) but never installed in this process.
     */
    private boolean queued(int fd) throws SystemCallException {
        Pointer data = Memory.allocateDirect(runtime, 8, true);
        Pointer iov = Memory.allocateDirect(runtime, 16, true);
        iov.putAddress(0, data.address());
        iov.putLong(8, 1);
        // struct msghdr on LP64: name@0, namelen@8, iov@16, iovlen@24, control@32, controllen@40, flags@48
        Pointer msg = Memory.allocateDirect(runtime, 56, true);
        msg.putAddress(16, iov.address());
        msg.putLong(24, 1);
        long n = libc.recvmsg(fd, msg, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0) {
            int errno = errno();
            if (errno == EAGAIN || errno == ENOTCONN || errno == EINVAL) { // nothing queued; not connected; listening
                return false;
            }
            throw new SystemCallException("recvmsg(" + fd + ", MSG_PEEK|MSG_DONTWAIT)", errno, errnoText(errno));
        }
        return n > 0 || (msg.getInt(48) & MSG_CTRUNC) != 0;
    }

    @Override
    public List<Mapping> sharedWritableMappings() throws SystemCallException {
        return ProcFs.sharedWritableMappings();
    }

    @Override
    public List<Child> children() throws SystemCallException {
        return ProcFs.children();
    }

    @Override
    public Terminal terminal() throws SystemCallException {
        return ProcFs.terminal();
    }

    @Override
    public void detachTerminal() throws SystemCallException {
        int fd = libc.open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = errno();
            if (errno == ENXIO) {
                return; // no controlling terminal (any more)
            }
            throw new SystemCallException("open(\"/dev/tty\", O_RDWR|O_NOCTTY|O_CLOEXEC)", errno, errnoText(errno));
        }
        try {
            if (libc.ioctl(fd, TIOCNOTTY, 0) != 0) {
                throw failure("ioctl(" + fd + " /dev/tty, TIOCNOTTY)");
            }
        } finally {
            libc.close(fd);
        }
        Terminal after = ProcFs.terminal();
        if (after.ttyNr() != 0) {
            throw new SystemCallException("ioctl(TIOCNOTTY)", 0, "the process still has controlling terminal tty_nr "
                    + after.ttyNr());
        }
    }

    @Override
    public HeldSignals holdShutdownSignals(boolean dropHangup) {
        return SignalHold.start(dropHangup);
    }

    @Override
    public FileId identify(int fd) throws SystemCallException {
        if (libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_INO | STATX_MNT_ID, statBuffer) != 0) {
            throw failure("statx(" + fd + ", \"\", AT_EMPTY_PATH|AT_STATX_DONT_SYNC, STATX_INO|STATX_MNT_ID)");
        }
        requireMountId(statBuffer, "statx(" + fd + ")");
        return fileId(statBuffer);
    }

    /** "/", "." and "" as C strings in native memory: the window passes no Java array to native code. */
    private final Pointer rootPath = nativeString("/");
    private final Pointer dotPath = nativeString(".");
    private final Pointer emptyPath = nativeString("");

    private static Pointer nativeString(String s) {
        byte[] c = cString(s);
        Pointer p = Memory.allocateDirect(Runtime.getSystemRuntime(), c.length);
        p.put(0, c, 0, c.length);
        return p;
    }

    @Override
    public FileId identify(String path) throws SystemCallException {
        Pointer c = path.equals("/") ? rootPath : path.equals(".") ? dotPath : nativeString(path);
        if (libc.statx(AT_FDCWD, c, 0, STATX_INO | STATX_MNT_ID, statBuffer) != 0) {
            throw failure("statx(AT_FDCWD, " + q(path) + ", STATX_INO|STATX_MNT_ID)");
        }
        requireMountId(statBuffer, "statx(" + q(path) + ")");
        return fileId(statBuffer);
    }

    private static void requireMountId(Pointer buf, String call) throws SystemCallException {
        if ((buf.getInt(0) & STATX_MNT_ID) == 0) {
            throw new SystemCallException(call, 0, "the kernel returned no mount id (STATX_MNT_ID needs Linux 5.8)");
        }
    }

    private static final byte[] DOTDOT_PATH = {'.', '.', 0};

    @Override
    public boolean underRoot(int fd, FileId root) {
        int current = fd;
        try {
            if (libc.statx(current, EMPTY_PATH, AT_EMPTY_PATH, STATX_INO | STATX_MNT_ID, walkBuffer) != 0) {
                return false;
            }
            FileId here = fileId(walkBuffer);
            for (int depth = 0; depth < MAX_DEPTH; depth++) {
                int up = libc.openat(current, DOTDOT_PATH, O_PATH | oDirectory | O_CLOEXEC, 0);
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
                FileId parent = fileId(walkBuffer);
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

    @Override
    public int processesWithUid(long uid) {
        return ProcFs.processesWithUid(uid);
    }

    // ---- the jail directory -------------------------------------------------------------------

    @Override
    public int openRoot() throws SystemCallException {
        int fd = libc.open("/", O_RDONLY | oDirectory | O_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("open(\"/\", " + openFlags(false) + ")");
        }
        return fd;
    }

    @Override
    public int openDirectoryAt(int dirFd, String name) throws SystemCallException {
        int fd = libc.openat(dirFd, name, O_RDONLY | oDirectory | oNofollow | O_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("openat(" + dirFd + ", " + q(name) + ", " + openFlags(true) + ")");
        }
        return fd;
    }

    @Override
    public FileStat fstat(int fd) throws SystemCallException {
        Pointer buf = Memory.allocateDirect(runtime, STATX_SIZE);
        if (libc.statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, buf) != 0) {
            throw failure("statx(" + fd + ", \"\", AT_EMPTY_PATH)");
        }
        return stat(buf);
    }

    @Override
    public FileStat lstatAt(int dirFd, String name) throws SystemCallException {
        Pointer buf = Memory.allocateDirect(runtime, STATX_SIZE);
        if (libc.statx(dirFd, name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) != 0) {
            throw failure("statx(" + dirFd + ", " + q(name) + ", AT_SYMLINK_NOFOLLOW)");
        }
        return stat(buf);
    }

    /** Decodes struct statx: nlink@16, uid@20, gid@24, mode@28 (u16). */
    private static FileStat stat(Pointer buf) {
        return new FileStat(buf.getShort(28) & 0xFFFF, Integer.toUnsignedLong(buf.getInt(20)),
                Integer.toUnsignedLong(buf.getInt(24)), Integer.toUnsignedLong(buf.getInt(16)));
    }

    @Override
    public void close(int fd) {
        libc.close(fd);
    }

    // ---- threads ----------------------------------------------------------------------------------

    @Override
    public List<TaskStatus> watchTasks() throws SystemCallException {
        String[] tids = new File("/proc/self/task").list();
        if (tids == null) {
            throw new SystemCallException("opendir(\"/proc/self/task\")", 0, "cannot list threads");
        }
        List<TaskStatus> out = new ArrayList<>(tids.length);
        for (String tid : tids) {
            String path = "/proc/self/task/" + tid + "/status";
            int fd = libc.open(path, O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                int errno = errno();
                if (errno == ENOENT || errno == ESRCH) {
                    continue; // the thread exited after the listing
                }
                out.forEach(TaskStatus::close);
                throw new SystemCallException("open(" + q(path) + ", O_RDONLY|O_CLOEXEC)", errno, errnoText(errno));
            }
            out.add(new TaskFile(Long.parseLong(tid), fd));
        }
        return out;
    }

    private static final int KCMP_FILES = 2;
    private static final int KCMP_FS = 3;

    @Override
    public String privateContext(long tid) throws SystemCallException {
        long pid = ProcessHandle.current().pid();
        for (int type : new int[] {KCMP_FS, KCMP_FILES}) {
            long rc = libc.syscall(sys.kcmp(), pid, tid, type, 0L, 0L, 0L);
            if (rc < 0) {
                int errno = errno();
                if (errno == ESRCH) {
                    return null; // the thread exited
                }
                throw new SystemCallException("kcmp(" + pid + ", " + tid + ", " + (type == KCMP_FS ? "KCMP_FS" : "KCMP_FILES")
                        + ")", errno, errnoText(errno) + (errno == ENOSYS ? "; the kernel lacks CONFIG_CHECKPOINT_RESTORE,"
                        + " and jail4j cannot tell whether every thread shares the root and the descriptor table" : ""));
            }
            if (rc != 0) {
                return type == KCMP_FS ? "its own root and working directory (unshare(CLONE_FS)): the chroot would not"
                        + " reach it" : "its own descriptor table (unshare(CLONE_FILES)): its descriptors are never judged";
            }
        }
        return null;
    }

    /** A needle in native memory, searched with glibc's {@code memmem}. */
    private static final class NativeNeedle implements Needle {
        final Pointer bytes;
        final int length;

        NativeNeedle(Pointer bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    @Override
    public Needle needle(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        Pointer p = Memory.allocateDirect(runtime, ascii.length);
        p.put(0, ascii, 0, ascii.length);
        return new NativeNeedle(p, ascii.length);
    }

    /**
     * A thread's status file held as a regular-file descriptor (no escape: {@code openat}
     * relative to it fails with ENOTDIR), re-read with {@code pread} at offset 0 into native
     * memory allocated before the chroot and searched there with {@code memmem}, so the proof
     * costs the same whether or not the JIT has compiled Java's string search yet.
     */
    private final class TaskFile implements TaskStatus {
        private static final int SIZE = 16384;
        private final long tid;
        private final int fd;
        private final Pointer buffer = Memory.allocateDirect(runtime, SIZE);
        private long length;

        TaskFile(long tid, int fd) {
            this.tid = tid;
            this.fd = fd;
        }

        @Override
        public long tid() {
            return tid;
        }

        @Override
        public int fd() {
            return fd;
        }

        @Override
        public boolean reread() throws SystemCallException {
            long n = libc.pread(fd, buffer, SIZE, 0);
            if (n < 0) {
                int errno = errno();
                if (errno == ESRCH) {
                    return false; // the thread has exited
                }
                throw new SystemCallException("pread(/proc/self/task/" + tid + "/status)", errno, errnoText(errno));
            }
            if (n == 0) {
                return false; // a live task's status is never empty: the thread is exiting
            }
            length = n;
            return true;
        }

        @Override
        public boolean contains(Needle line) {
            NativeNeedle needle = (NativeNeedle) line;
            return libc.memmem(buffer, length, needle.bytes, needle.length) != 0;
        }

        @Override
        public String text() {
            byte[] bytes = new byte[(int) length];
            buffer.get(0, bytes, 0, bytes.length);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            libc.close(fd);
        }
    }

    // ---- the irreversible calls --------------------------------------------------------------------

    @Override
    public void rehearse(byte[] program) {
        prepareProgram(program);
        int none = -1;
        // glibc broadcasts these to every thread even when the kernel then refuses: once each
        libc.setgroups(65537, new int[1]);         // EINVAL: more than NGROUPS_MAX, checked first
        libc.setresgid(none, none, none);          // -1 leaves every id unchanged
        libc.setresuid(none, none, none);
        // the rest is cheap: often enough that the JIT compiles the stubs (interpreted, a call
        // costs microseconds inside the window)
        for (int i = 0; i < REHEARSALS; i++) {
            libc.fchdir(none);                         // EBADF
            libc.chroot(emptyPath);                    // ENOENT
            libc.chdir(emptyPath);                     // ENOENT
            libc.statx(AT_FDCWD, emptyPath, 0, STATX_INO | STATX_MNT_ID, statBuffer); // ENOENT
            libc.close(none);                          // EBADF
            libc.setenv(emptyPath, emptyPath, 0);      // EINVAL: empty name
            libc.unsetenv(emptyPath);                  // EINVAL: empty name
            libc.statx(none, EMPTY_PATH, AT_EMPTY_PATH, STATX_TYPE, statBuffer); // EBADF
            libc.dup2(none, none);                     // EBADF
            openBelow(1);
            libc.openat(none, DOTDOT_PATH, O_PATH | oDirectory | O_CLOEXEC, 0); // EBADF
            libc.syscall(none, 0, 0, 0);               // ENOSYS: no system call -1
            libc.syscall(none, 0, groupMemory);        // the setgroups probe's shape
            libc.prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
            libc.syscall(sys.seccomp(), none, 0, null); // EINVAL: no such seccomp operation
            errno();
        }
    }

    /** How often {@link #rehearse} makes each cheap call: past HotSpot's first compile threshold (200 calls). */
    private static final int REHEARSALS = 256;

    @Override
    public int openDevNull() throws SystemCallException {
        int fd = libc.open("/dev/null", O_RDWR | O_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("open(\"/dev/null\", O_RDWR|O_CLOEXEC)");
        }
        return fd;
    }

    @Override
    public void dup2(int from, int to) throws SystemCallException {
        if (libc.dup2(from, to) < 0) {
            throw failure("dup2(" + from + ", " + to + ")");
        }
    }

    @Override
    public void fchdir(int fd) throws SystemCallException {
        if (libc.fchdir(fd) != 0) {
            throw failure("fchdir(" + fd + ")");
        }
    }

    @Override
    public void chroot(String path) throws SystemCallException {
        if (libc.chroot(nativeString(path)) != 0) {
            throw failure("chroot(" + q(path) + ")");
        }
    }

    /** The {@code /proc/self/fd/N} path {@link #prepareChroot} made before the point of no return. */
    private int pathFd = -1;
    private Pointer pathOfFd;

    private Pointer procFdPath(int fd) {
        if (fd != pathFd) {
            pathOfFd = nativeString("/proc/self/fd/" + fd);
            pathFd = fd;
        }
        return pathOfFd;
    }

    @Override
    public int warmRounds() {
        return REHEARSALS;
    }

    @Override
    public void prepareChroot(int fd) {
        procFdPath(fd);
    }

    @Override
    public void chroot(int fd) throws SystemCallException {
        if (libc.chroot(procFdPath(fd)) != 0) {
            throw failure("chroot(\"/proc/self/fd/" + fd + "\")");
        }
    }

    @Override
    public void chdir(String path) throws SystemCallException {
        if (libc.chdir(path.equals("/") ? rootPath : nativeString(path)) != 0) {
            throw failure("chdir(" + q(path) + ")");
        }
    }

    @Override
    public void prepareEnvironment(java.util.Collection<String> strings) {
        for (String text : strings) {
            preparedStrings.computeIfAbsent(text, Native::nativeString);
        }
    }

    private Pointer prepared(String text) {
        Pointer p = preparedStrings.get(text);
        return p != null ? p : nativeString(text);
    }

    @Override
    public void setenv(String name, String value) throws SystemCallException {
        if (libc.setenv(prepared(name), prepared(value), 1) != 0) {
            throw failure("setenv(" + q(name) + ", " + q(value) + ", 1)");
        }
    }

    @Override
    public void unsetenv(String name) throws SystemCallException {
        if (libc.unsetenv(prepared(name)) != 0) {
            throw failure("unsetenv(" + q(name) + ")");
        }
    }

    @Override
    public void clearenv() throws SystemCallException {
        if (libc.clearenv() != 0) {
            throw failure("clearenv()");
        }
    }

    @Override
    public String getenv(String name) {
        return libc.getenv(name);
    }

    @Override
    public void setgroups(long[] groups) throws SystemCallException {
        if (libc.setgroups(groups.length, u32s(groups)) != 0) {
            throw failure("setgroups(" + groups.length + ", " + Arrays.toString(groups) + ")");
        }
    }

    @Override
    public void setresgid(long rgid, long egid, long sgid) throws SystemCallException {
        if (libc.setresgid(u32(rgid), u32(egid), u32(sgid)) != 0) {
            throw failure("setresgid(" + rgid + ", " + egid + ", " + sgid + ")");
        }
    }

    @Override
    public void setresuid(long ruid, long euid, long suid) throws SystemCallException {
        if (libc.setresuid(u32(ruid), u32(euid), u32(suid)) != 0) {
            throw failure("setresuid(" + ruid + ", " + euid + ", " + suid + ")");
        }
    }

    // The regain probes are raw system calls on the calling thread: a probe that unexpectedly
    // succeeded must not be broadcast to every thread. Every other thread is proven through its
    // status (ids in all slots, no capabilities), which leaves the kernel no way to let it regain.

    @Override
    public int trySetuid(long uid) {
        return libc.syscall(sys.setuid(), u32(uid) & 0xFFFF_FFFFL, 0, 0) == 0 ? 0 : errno();
    }

    @Override
    public int trySetgid(long gid) {
        return libc.syscall(sys.setgid(), u32(gid) & 0xFFFF_FFFFL, 0, 0) == 0 ? 0 : errno();
    }

    @Override
    public int trySeteuid(long uid) {
        return libc.syscall(sys.setresuid(), 0xFFFF_FFFFL, u32(uid) & 0xFFFF_FFFFL, 0xFFFF_FFFFL) == 0 ? 0 : errno();
    }

    @Override
    public int trySetgroups(long[] groups) {
        Pointer list = groups.length <= GROUPS ? groupMemory : Memory.allocateDirect(runtime, 4L * groups.length);
        for (int i = 0; i < groups.length; i++) {
            list.putInt(4L * i, u32(groups[i]));
        }
        return libc.syscall(sys.setgroups(), groups.length, list) == 0 ? 0 : errno();
    }

    private static final byte[] EMPTY_PATH = {0};

    @Override
    public List<Integer> openDescriptors(int limit) throws SystemCallException {
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

    @Override
    public List<Integer> directoryDescriptors(int limit) throws SystemCallException {
        List<Integer> out = new ArrayList<>();
        Pointer buf = statBuffer;
        boolean[] open = openBelow(limit);
        for (int fd = 0; fd < limit; fd++) {
            if (open != null && !open[fd]) {
                continue;
            }
            if (libc.statx(fd, EMPTY_PATH, AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_TYPE, buf) != 0) {
                int errno = errno();
                if (errno != EBADF) { // not open; anything else leaves the descriptor unknown
                    throw new SystemCallException("statx(" + fd + ", \"\", AT_EMPTY_PATH|AT_STATX_DONT_SYNC, STATX_TYPE)",
                            errno, errnoText(errno));
                }
            } else if (((buf.getShort(28) & 0xFFFF) & FileStat.S_IFMT) == FileStat.S_IFDIR) {
                out.add(fd);
            }
        }
        return out;
    }

    /** pollfd entries for {@link #openBelow}, allocated before the chroot. */
    private static final int POLL_SET = 4096;
    private final Pointer pollSet = pollSet();
    private final byte[] pollResult = new byte[POLL_SET * 8];

    /** Returns pollfd entries for descriptors 0..POLL_SET-1, no events asked (the kernel writes only revents). */
    private static Pointer pollSet() {
        Pointer set = Memory.allocateDirect(Runtime.getSystemRuntime(), POLL_SET * 8L);
        for (int i = 0; i < POLL_SET; i++) { // struct pollfd { int fd; short events; short revents; }
            set.putInt(i * 8L, i);
            set.putInt(i * 8L + 4, 0);
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
            return null; // EINVAL beyond RLIMIT_NOFILE, EINTR: fall back
        }
        pollSet.get(0, pollResult, 0, limit * 8);
        boolean[] open = new boolean[limit];
        for (int i = 0; i < limit; i++) {
            open[i] = (pollResult[i * 8 + 6] & POLLNVAL) == 0; // revents, low byte first
        }
        return open;
    }

    private static final int POLLNVAL = 0x20;

    @Override
    public void writeStderr(byte[] line) {
        libc.write(2, line, line.length);
    }

    @Override
    public void exit(int status) {
        libc._exit(status);
    }

    // ---- learn mode ---------------------------------------------------------------------------------

    @Override
    public int fanotifyInit(int flags, int eventFlags) throws SystemCallException {
        int fd = libc.fanotify_init(flags, eventFlags);
        if (fd < 0) {
            int errno = errno();
            throw new SystemCallException("fanotify_init(0x" + Integer.toHexString(flags) + ", 0" + Integer.toOctalString(eventFlags)
                    + ")", errno, errnoText(errno));
        }
        return fd;
    }

    @Override
    public void fanotifyMark(int group, int flags, long mask, String path) throws SystemCallException {
        if (libc.fanotify_mark(group, flags, mask, AT_FDCWD, path) != 0) {
            int errno = errno();
            throw new SystemCallException("fanotify_mark(" + group + ", 0x" + Integer.toHexString(flags) + ", 0x"
                    + Long.toHexString(mask) + ", \"" + path + "\")", errno, errnoText(errno));
        }
    }

    @Override
    public int read(int fd, byte[] buffer) throws SystemCallException {
        Pointer buf = Memory.allocateDirect(runtime, buffer.length);
        long n;
        int errno;
        do {
            n = libc.read(fd, buf, buffer.length);
            errno = n < 0 ? errno() : 0;
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            throw new SystemCallException("read(" + fd + ")", errno, errnoText(errno));
        }
        buf.get(0, buffer, 0, (int) n);
        return (int) n;
    }
}
