package io.jail4j;

/**
 * Names a group of system calls that the seccomp filter installed after the drop refuses, because
 * an unprivileged process can use them to reach outside a chroot or into other processes. A plan
 * opts out of a group only for a daemon that needs it; the entry report then lists the group as
 * allowed.
 *
 * <p>A refused call fails with {@code EPERM}, except {@code clone3}, which fails with
 * {@code ENOSYS} so that the C library falls back to {@code clone}. The filter refuses calls from
 * every thread; it never kills the process.
 */
public enum SyscallRule {
    /** Refuses the calls that read, write, signal or compare other processes of the same user. */
    PROCESS_ACCESS("ptrace, process_vm_readv, process_vm_writev, pidfd_open, pidfd_getfd, pidfd_send_signal, kcmp,"
            + " process_madvise",
            "processes of the same uid outside the jail stay reachable by pid; chroot hides no process"),
    /** Refuses entering or creating namespaces: setns, unshare, and clone or clone3 with a new namespace. */
    NAMESPACES("setns, unshare, clone with a CLONE_NEW* flag, clone3",
            "a new user namespace gives back CAP_SYS_CHROOT, and a nested chroot escapes the jail"),
    /** Refuses mounting, unmounting, changing root and the new mount API. */
    MOUNTS("mount, umount2, pivot_root, chroot, open_tree, move_mount, fsopen, fsconfig, fsmount, fspick,"
            + " mount_setattr",
            "inside a new user namespace they rearrange the tree and the root; a second wall behind NAMESPACES"),
    /** Refuses the kernel keyring calls. */
    KEYRINGS("keyctl, add_key, request_key",
            "keyrings are not files: the session keyring inherited from root stays readable after the drop"),
    /** Refuses loading and using eBPF programs and maps. */
    BPF("bpf",
            "eBPF programs and maps are kernel objects outside any file system, and a large kernel attack surface"),
    /** Refuses performance monitoring. */
    PERF_EVENTS("perf_event_open",
            "performance counters observe other processes and the kernel, which no file system confines"),
    /** Refuses user-space page fault handling. */
    USERFAULTFD("userfaultfd",
            "it stalls kernel accesses to user memory at will, a classic tool for exploiting kernel races"),
    /** Refuses io_uring. */
    IO_URING("io_uring_setup, io_uring_enter, io_uring_register",
            "seccomp never sees io_uring operations, so io_uring would bypass every other rule"),
    /** Refuses the terminal ioctls that push input into a terminal: TIOCSTI and TIOCLINUX. */
    TERMINAL_INJECTION("ioctl(TIOCSTI), ioctl(TIOCLINUX)",
            "an inherited terminal outside the jail would run typed-in commands as its owner (CVE-2019-10063)"),
    /** Refuses creating unix domain sockets; socketpair stays allowed. */
    UNIX_SOCKETS("socket(AF_UNIX)",
            "chroot does not isolate the abstract unix namespace, and descriptors arrive by SCM_RIGHTS"),
    /** Refuses opening files by handle. */
    FILE_HANDLES("open_by_handle_at",
            "it opens any inode of a mounted file system by handle, ignoring the root"),
    /** Refuses loading kernel modules, replacing or rebooting the kernel, swap, accounting and port I/O. */
    KERNEL("init_module, finit_module, delete_module, kexec_load, kexec_file_load, reboot, swapon, swapoff, acct,"
            + " iopl (x86_64), ioperm (x86_64)",
            "they act on the whole machine, not on files; refused in depth should a capability survive the drop");

    private final String calls;
    private final String reason;

    SyscallRule(String calls, String reason) {
        this.calls = calls;
        this.reason = reason;
    }

    /**
     * Returns the system calls of this group, comma-separated, with argument conditions in parentheses.
     *
     * @return the calls as text, such as {@code "keyctl, add_key, request_key"}
     */
    public String calls() {
        return calls;
    }

    /**
     * Returns in one line why a chroot and an unprivileged user do not stop these calls.
     *
     * @return the reason, one sentence without a final period
     */
    public String reason() {
        return reason;
    }
}
