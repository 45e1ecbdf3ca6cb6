package io.jail4j;

import static io.jail4j.internal.LinuxAbi.PASSWD_SIZE;
import static io.jail4j.internal.LinuxAbi.PW_DIR;
import static io.jail4j.internal.LinuxAbi.PW_GID;
import static io.jail4j.internal.LinuxAbi.PW_NAME;
import static io.jail4j.internal.LinuxAbi.PW_SHELL;
import static io.jail4j.internal.LinuxAbi.PW_UID;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import io.jail4j.internal.LinuxAbi;
import io.jail4j.libc.LibC;
import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * User and group ids: reading the process's credentials, resolving a user through NSS, and the
 * set*id calls. Ids are {@code uid_t}/{@code gid_t}, unsigned 32-bit: {@link #u32} checks the
 * range going in (the binding declares them {@code @uid_t long}), {@link Integer#toUnsignedLong}
 * widens what native memory holds coming out.
 */
final class NativeIds extends NativePart {
    private static final int ERANGE = LinuxAbi.of(Errno.ERANGE);
    private static final int ENOENT = LinuxAbi.of(Errno.ENOENT);
    private static final int ESRCH = LinuxAbi.of(Errno.ESRCH);
    /** The id -1 of setres*id(2): leave this one unchanged. */
    static final long UNCHANGED = 0xFFFF_FFFFL;
    /** getgroups and the setgroups probe: native memory for this many ids, no Java array marshalled. */
    private static final int GROUPS = 256;

    private final LinuxAbi abi;
    /** getresuid/getresgid results: six uint32 slots, reused under this object's lock. */
    private final Pointer ids;
    private final Pointer groupMemory;

    NativeIds(LibC libc, LinuxAbi abi) {
        super(libc);
        this.abi = abi;
        this.ids = Memory.allocateDirect(runtime, 24);
        this.groupMemory = Memory.allocateDirect(runtime, GROUPS * 4L);
    }

    /** Returns {@code id} if it is a valid uid_t or gid_t other than -1. */
    static long u32(long id) {
        if (id < 0 || id > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("id " + id + " is outside 0..4294967294");
        }
        return id;
    }

    synchronized Credentials credentials() throws SystemCallException {
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

    private static String stringAt(Pointer struct, long offset) {
        Pointer p = struct.getPointer(offset);
        return p == null || p.address() == 0 ? "" : p.getString(0);
    }

    SystemCalls.Passwd getpwnam(String name) throws SystemCallException {
        Pointer pwd = Memory.allocateDirect(runtime, PASSWD_SIZE);
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
                throw failure("getpwnam_r(" + q(name) + ")", rc);
            }
            return new SystemCalls.Passwd(stringAt(pwd, PW_NAME), Integer.toUnsignedLong(pwd.getInt(PW_UID)),
                    Integer.toUnsignedLong(pwd.getInt(PW_GID)), stringAt(pwd, PW_DIR), stringAt(pwd, PW_SHELL));
        }
    }

    /**
     * Returns every group of {@code name}; getgrouplist(3) says how many there are when the
     * buffer is too small, and the call is repeated with that many.
     *
     * @throws UnknownUserException if the count still grows after eight tries: the user database
     *         keeps changing its answer, and jail4j does not drop to a partial group list
     */
    long[] getgrouplist(String name, long gid) throws UnknownUserException {
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
        throw new UnknownUserException(name, "getgrouplist(" + q(name) + ", " + gid + ") gave a longer group list"
                + " on each of 8 tries (last " + capacity + "): the user database keeps changing; try again once it is stable");
    }

    void setgroups(long[] groups) throws SystemCallException {
        int[] list = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            list[i] = (int) u32(groups[i]);
        }
        if (libc.setgroups(groups.length, list) != 0) {
            throw failure("setgroups(" + groups.length + ", " + Arrays.toString(groups) + ")");
        }
    }

    void setresgid(long rgid, long egid, long sgid) throws SystemCallException {
        if (libc.setresgid(u32(rgid), u32(egid), u32(sgid)) != 0) {
            throw failure("setresgid(" + rgid + ", " + egid + ", " + sgid + ")");
        }
    }

    void setresuid(long ruid, long euid, long suid) throws SystemCallException {
        if (libc.setresuid(u32(ruid), u32(euid), u32(suid)) != 0) {
            throw failure("setresuid(" + ruid + ", " + euid + ", " + suid + ")");
        }
    }

    // The regain probes are raw system calls on the calling thread: a probe that unexpectedly
    // succeeded must not be broadcast to every thread. Every other thread is proven through its
    // status (ids in all slots, no capabilities), which leaves the kernel no way to let it regain.

    int trySetuid(long uid) {
        return libc.syscall(abi.nrSetuid, u32(uid), 0, 0) == 0 ? 0 : errno();
    }

    int trySetgid(long gid) {
        return libc.syscall(abi.nrSetgid, u32(gid), 0, 0) == 0 ? 0 : errno();
    }

    int trySeteuid(long uid) {
        return libc.syscall(abi.nrSetresuid, UNCHANGED, u32(uid), UNCHANGED) == 0 ? 0 : errno();
    }

    int trySetgroups(long[] groups) {
        Pointer list = groups.length <= GROUPS ? groupMemory : Memory.allocateDirect(runtime, 4L * groups.length);
        for (int i = 0; i < groups.length; i++) {
            list.putInt(4L * i, (int) u32(groups[i]));
        }
        return libc.syscall(abi.nrSetgroups, groups.length, list) == 0 ? 0 : errno();
    }

    /**
     * Makes each call of the drop once with arguments that change nothing, so that its stub is
     * bound before the point of no return (glibc broadcasts these to every thread even when the
     * kernel refuses).
     */
    void rehearseDrop() {
        libc.setgroups(65537, new int[1]);              // EINVAL: more than NGROUPS_MAX, checked first
        libc.setresgid(UNCHANGED, UNCHANGED, UNCHANGED); // -1 leaves every id unchanged
        libc.setresuid(UNCHANGED, UNCHANGED, UNCHANGED);
    }

    /** Makes the setgroups probe's call shape with system call -1 (ENOSYS). */
    void rehearseProbe() {
        libc.syscall(-1, 0, groupMemory);
    }
}
