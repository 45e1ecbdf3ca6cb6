package io.jail4j;

import static io.jail4j.internal.LinuxAbi.AT_EMPTY_PATH;
import static io.jail4j.internal.LinuxAbi.AT_STATX_DONT_SYNC;
import static io.jail4j.internal.LinuxAbi.IOVEC_SIZE;
import static io.jail4j.internal.LinuxAbi.MSGHDR_SIZE;
import static io.jail4j.internal.LinuxAbi.MSG_FLAGS;
import static io.jail4j.internal.LinuxAbi.MSG_IOV;
import static io.jail4j.internal.LinuxAbi.MSG_IOVLEN;
import static io.jail4j.internal.LinuxAbi.SOCKADDR_UN_SIZE;
import static io.jail4j.internal.LinuxAbi.STATX_INO;
import static io.jail4j.internal.LinuxAbi.STATX_SIZE;
import static io.jail4j.internal.LinuxAbi.STATX_TYPE;
import static io.jail4j.internal.LinuxAbi.STX_INO;
import static io.jail4j.internal.LinuxAbi.SUN_PATH;
import static io.jail4j.internal.LinuxAbi.S_IFMT;
import static io.jail4j.internal.LinuxAbi.S_IFSOCK;
import static io.jail4j.internal.LinuxAbi.UCRED_SIZE;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import io.jail4j.internal.LinuxAbi;
import io.jail4j.libc.LibC;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Errno;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketMessage;
import jnr.constants.platform.SocketOption;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/** What a socket descriptor is: family, type, listening, local and peer address, peer credentials, queued data. */
final class NativeSockets extends NativePart {
    static final int AF_UNIX = LinuxAbi.of(AddressFamily.AF_UNIX);
    static final int AF_INET = LinuxAbi.of(AddressFamily.AF_INET);
    static final int AF_INET6 = LinuxAbi.of(AddressFamily.AF_INET6);
    private static final int SOL_SOCKET = LinuxAbi.of(SocketLevel.SOL_SOCKET);
    private static final int SO_TYPE = LinuxAbi.of(SocketOption.SO_TYPE);
    private static final int SO_PEERCRED = LinuxAbi.of(SocketOption.SO_PEERCRED);
    private static final int SO_ACCEPTCONN = LinuxAbi.of(SocketOption.SO_ACCEPTCONN);
    private static final int SO_DOMAIN = LinuxAbi.of(SocketOption.SO_DOMAIN);
    private static final int MSG_PEEK = LinuxAbi.of(SocketMessage.MSG_PEEK);
    private static final int MSG_CTRUNC = LinuxAbi.of(SocketMessage.MSG_CTRUNC);
    private static final int MSG_DONTWAIT = LinuxAbi.of(SocketMessage.MSG_DONTWAIT);
    private static final int EAGAIN = LinuxAbi.of(Errno.EAGAIN);
    private static final int EINVAL = LinuxAbi.of(Errno.EINVAL);
    private static final int ENOTCONN = LinuxAbi.of(Errno.ENOTCONN);

    NativeSockets(LibC libc) {
        super(libc);
    }

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
                       InetSocketAddress local, String localText, InetSocketAddress peer, boolean connected) {
        boolean isSocket() {
            return (mode & S_IFMT) == S_IFSOCK;
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
        int mode = NativeFiles.mode(buf);
        long inode = buf.getLong(STX_INO);
        if ((mode & S_IFMT) != S_IFSOCK) {
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
        InetSocketAddress local = inetName(fd, false);
        InetSocketAddress peer = inetName(fd, true);
        String text = local == null ? "" : local.getAddress() instanceof Inet6Address
                ? "[" + local.getAddress().getHostAddress() + "]:" + local.getPort()
                : local.getAddress().getHostAddress() + ":" + local.getPort();
        return new SocketFacts(mode, inode, domain, type, listening, local, text, peer, peer != null);
    }

    /** Returns the unix-domain side of a socket, or null for another family. */
    SystemCalls.UnixSocket unixSocket(int fd) throws SystemCallException {
        if (intOption(fd, SO_DOMAIN, "SO_DOMAIN") != AF_UNIX) {
            return null;
        }
        Pointer value = Memory.allocateDirect(runtime, UCRED_SIZE);
        int type = intOption(fd, SO_TYPE, "SO_TYPE");
        boolean listening = intOption(fd, SO_ACCEPTCONN, "SO_ACCEPTCONN") != 0;
        if (libc.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, value, new IntByReference(UCRED_SIZE)) != 0) {
            throw failure("getsockopt(" + fd + ", SOL_SOCKET, SO_PEERCRED)");
        }
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        long pid = Integer.toUnsignedLong(value.getInt(0));
        long uid = pid == 0 ? -1 : Integer.toUnsignedLong(value.getInt(4));
        long gid = pid == 0 ? -1 : Integer.toUnsignedLong(value.getInt(8));
        String local = socketName(fd, false);
        String peer = socketName(fd, true);
        return new SystemCalls.UnixSocket(type, local, peer, pid, uid, gid, !listening && queued(fd), listening);
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
        Pointer address = Memory.allocateDirect(runtime, SOCKADDR_UN_SIZE + 2);
        IntByReference length = new IntByReference(SOCKADDR_UN_SIZE);
        int rc = peer ? libc.getpeername(fd, address, length) : libc.getsockname(fd, address, length);
        if (rc != 0) {
            int errno = errno();
            if (peer && errno == ENOTCONN) {
                return "";
            }
            throw failure((peer ? "getpeername(" : "getsockname(") + fd + ")", errno);
        }
        int n = Math.min(length.intValue(), SOCKADDR_UN_SIZE) - SUN_PATH;
        if (n <= 0) {
            return "";
        }
        byte[] path = new byte[n];
        address.get(SUN_PATH, path, 0, n);
        if (path[0] == 0) {
            return "@" + new String(path, 1, n - 1, StandardCharsets.UTF_8);
        }
        int end = 0;
        while (end < n && path[end] != 0) {
            end++;
        }
        return new String(path, 0, end, StandardCharsets.UTF_8);
    }

    /** Returns whether an unnamed unix socket has a peer (getpeername succeeds). */
    private boolean peerConnected(int fd) {
        Pointer address = Memory.allocateDirect(runtime, SOCKADDR_UN_SIZE + 2);
        return libc.getpeername(fd, address, new IntByReference(SOCKADDR_UN_SIZE)) == 0;
    }

    /** Returns a sockaddr_in or sockaddr_in6, or null when unbound (port 0) or, for the peer, not connected. */
    private InetSocketAddress inetName(int fd, boolean peer) throws SystemCallException {
        Pointer address = Memory.allocateDirect(runtime, 128, true);
        IntByReference length = new IntByReference(128);
        int rc = peer ? libc.getpeername(fd, address, length) : libc.getsockname(fd, address, length);
        if (rc != 0) {
            int errno = errno();
            if (peer && errno == ENOTCONN) {
                return null;
            }
            throw failure((peer ? "getpeername(" : "getsockname(") + fd + ")", errno);
        }
        // sockaddr_in: family@0, port@2 (big-endian), addr@4; sockaddr_in6: addr@8, scope_id@24
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
            InetAddress ip = family == AF_INET6 && scope != 0
                    ? Inet6Address.getByAddress(null, raw, scope) : InetAddress.getByAddress(raw);
            return new InetSocketAddress(ip, port);
        } catch (UnknownHostException e) { // only for a length other than 4 or 16, which cannot happen here
            throw new IllegalStateException("an address of " + raw.length + " bytes from " + fd, e);
        }
    }

    /**
     * Returns whether anything waits to be read: {@code recvmsg(MSG_PEEK|MSG_DONTWAIT)} of one
     * byte with no room for control messages, so that descriptors in flight are seen (as
     * {@code MSG_CTRUNC}) but never installed in this process.
     */
    private boolean queued(int fd) throws SystemCallException {
        Pointer data = Memory.allocateDirect(runtime, 8, true);
        Pointer iov = Memory.allocateDirect(runtime, IOVEC_SIZE, true);
        iov.putAddress(0, data.address());
        iov.putLong(8, 1);
        Pointer msg = Memory.allocateDirect(runtime, MSGHDR_SIZE, true);
        msg.putAddress(MSG_IOV, iov.address());
        msg.putLong(MSG_IOVLEN, 1);
        long n = libc.recvmsg(fd, msg, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0) {
            int errno = errno();
            if (errno == EAGAIN || errno == ENOTCONN || errno == EINVAL) { // nothing queued; not connected; listening
                return false;
            }
            throw failure("recvmsg(" + fd + ", MSG_PEEK|MSG_DONTWAIT)", errno);
        }
        return n > 0 || (msg.getInt(MSG_FLAGS) & MSG_CTRUNC) != 0;
    }
}
