package io.jail4j;

import static io.jail4j.internal.LinuxAbi.BPF_MAXINSNS;
import static io.jail4j.internal.LinuxAbi.PR_GET_NO_NEW_PRIVS;
import static io.jail4j.internal.LinuxAbi.PR_GET_SECCOMP;
import static io.jail4j.internal.LinuxAbi.PR_GET_SECUREBITS;
import static io.jail4j.internal.LinuxAbi.PR_SET_NO_NEW_PRIVS;
import static io.jail4j.internal.LinuxAbi.SECCOMP_FILTER_FLAG_TSYNC;
import static io.jail4j.internal.LinuxAbi.SECCOMP_SET_MODE_FILTER;
import static io.jail4j.internal.LinuxAbi.SOCK_FPROG_FILTER;
import static io.jail4j.internal.LinuxAbi.SOCK_FPROG_SIZE;

import java.util.Arrays;

import io.jail4j.internal.LinuxAbi;
import io.jail4j.libc.LibC;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** prctl(2) reads, no_new_privs and the seccomp filter installed on every thread. */
final class NativeSeccomp extends NativePart {
    private final LinuxAbi abi;
    /** struct sock_fprog for the seccomp call, allocated before the chroot. */
    private final Pointer filterProgram;
    /** The program {@link #prepare} copied into native memory, and its bytes. */
    private Pointer preparedCode;
    private byte[] preparedBytes;

    NativeSeccomp(LibC libc, LinuxAbi abi) {
        super(libc);
        this.abi = abi;
        this.filterProgram = Memory.allocateDirect(runtime, SOCK_FPROG_SIZE);
    }

    int securebits() throws SystemCallException {
        return prctlGet(PR_GET_SECUREBITS, "prctl(PR_GET_SECUREBITS)");
    }

    int seccompMode() throws SystemCallException {
        return prctlGet(PR_GET_SECCOMP, "prctl(PR_GET_SECCOMP)");
    }

    boolean noNewPrivs() throws SystemCallException {
        return prctlGet(PR_GET_NO_NEW_PRIVS, "prctl(PR_GET_NO_NEW_PRIVS)") == 1;
    }

    private int prctlGet(int option, String call) throws SystemCallException {
        int value = libc.prctl(option, 0, 0, 0, 0);
        if (value < 0) {
            throw failure(call);
        }
        return value;
    }

    /**
     * Copies a seccomp program into native memory, before the chroot; {@link #install} then
     * installs the copy whose bytes equal its argument without allocating.
     */
    void prepare(byte[] program) {
        requireProgram(program);
        Pointer code = Memory.allocateDirect(runtime, program.length);
        code.put(0, program, 0, program.length);
        preparedCode = code;
        preparedBytes = program.clone();
    }

    private static void requireProgram(byte[] program) {
        if (program.length == 0 || program.length % 8 != 0 || program.length / 8 > BPF_MAXINSNS) {
            throw new IllegalArgumentException("a seccomp program of " + program.length + " bytes is not 1.."
                    + BPF_MAXINSNS + " instructions of 8 bytes");
        }
    }

    /**
     * Sets no_new_privs and installs {@code program} on every thread of the process
     * ({@code SECCOMP_FILTER_FLAG_TSYNC}).
     *
     * @throws SystemCallException if prctl or seccomp fails
     * @throws JailStateException if the kernel names a thread it could not synchronise
     */
    void install(byte[] program) throws JailException {
        if (preparedCode == null || !Arrays.equals(preparedBytes, program)) {
            prepare(program);
        }
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
        filterProgram.putShort(0, (short) (program.length / 8));
        filterProgram.putAddress(SOCK_FPROG_FILTER, preparedCode.address());
        if (libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            throw failure("prctl(PR_SET_NO_NEW_PRIVS, 1)");
        }
        String call = "seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, " + program.length / 8
                + " instructions)";
        long rc = libc.syscall(abi.nrSeccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, filterProgram);
        if (rc < 0) {
            throw failure(call);
        }
        if (rc > 0) { // seccomp(2): with TSYNC, the id of a thread that could not be synchronised
            throw new JailStateException(call + " returned thread " + rc + ": that thread has seccomp filters"
                    + " of its own, so the filter could not be installed on every thread");
        }
    }

    /** Makes the prctl and seccomp calls once with harmless arguments, so that their stubs are bound. */
    void rehearse() {
        libc.prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
        libc.syscall(abi.nrSeccomp, -1, 0, null); // EINVAL: no such seccomp operation
    }
}
