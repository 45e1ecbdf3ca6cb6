package io.jail4j;

import static io.jail4j.internal.LinuxAbi.TIOCSTI;
import static io.jail4j.internal.LinuxAbi.TIOCLINUX;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.jail4j.internal.LinuxAbi;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Errno;

/**
 * Builds the seccomp deny-list installed after the drop: a classic-BPF program over
 * {@code struct seccomp_data} that refuses the calls of every {@link SyscallRule} not opted out,
 * with {@code SECCOMP_RET_ERRNO} (never a kill), and allows everything else.
 *
 * <p>Layout: load {@code arch}, refuse a foreign one; load {@code nr}; a balanced tree of
 * {@code JGE} splits over the number line, cut into segments of equal answer (allowed, EPERM,
 * ENOSYS, or "check an argument"), so that every call takes the same few comparisons; then three
 * small argument checks ({@code ioctl} request, {@code socket} domain, {@code clone} flags, each
 * on the low 32 bits) and the shared returns. On x86_64 the x32 numbers ({@code nr >= 0x40000000})
 * are one more EPERM segment of the tree. With every rule in force the x86_64 program has 61
 * instructions, and an allowed call such as {@code read} or {@code futex} runs 10 of them (load,
 * arch check, load, six splits, return; 9 for some numbers); aarch64: 59 and 9 or 10.
 * {@code SyscallPolicyTest} measures both.
 */
final class SyscallPolicy {
    /** The architectures the filter knows, with their {@code AUDIT_ARCH_*} value. */
    enum Arch {
        /** {@code AUDIT_ARCH_X86_64}; the x32 ABI shares it, told apart by bit 30 of the number. */
        X86_64(LinuxAbi.X86_64.auditArch),
        /** {@code AUDIT_ARCH_AARCH64} (little-endian). */
        AARCH64(LinuxAbi.AARCH64.auditArch);

        final int auditArch;

        Arch(int auditArch) {
            this.auditArch = auditArch;
        }
    }

    /** How the filter answers one call. */
    enum Action { ALLOW, EPERM, ENOSYS, IOCTL, SOCKET, CLONE }

    /** The number of a call the architecture does not have. */
    static final int NONE = -1;

    /** The refused calls: rule, number on x86_64 (asm/unistd_64.h), on aarch64 (asm-generic/unistd.h). */
    enum Call {
        PTRACE(SyscallRule.PROCESS_ACCESS, 101, 117),            // attaches to, reads and writes another process
        PROCESS_VM_READV(SyscallRule.PROCESS_ACCESS, 310, 270),  // reads another process's memory
        PROCESS_VM_WRITEV(SyscallRule.PROCESS_ACCESS, 311, 271), // writes another process's memory
        PIDFD_OPEN(SyscallRule.PROCESS_ACCESS, 434, 434),        // a handle on any visible process
        PIDFD_GETFD(SyscallRule.PROCESS_ACCESS, 438, 438),       // copies a descriptor out of another process
        PIDFD_SEND_SIGNAL(SyscallRule.PROCESS_ACCESS, 424, 424), // signals through a process handle
        KCMP(SyscallRule.PROCESS_ACCESS, 312, 272),              // probes another process's descriptors and memory
        PROCESS_MADVISE(SyscallRule.PROCESS_ACCESS, 440, 440),   // changes another process's memory advice
        SETNS(SyscallRule.NAMESPACES, 308, 268),                 // joins another namespace
        UNSHARE(SyscallRule.NAMESPACES, 272, 97),                // creates namespaces, a user namespace first
        CLONE(SyscallRule.NAMESPACES, 56, 220, Action.CLONE),    // only with a CLONE_NEW* flag: new namespaces
        CLONE3(SyscallRule.NAMESPACES, 435, 435, Action.ENOSYS), // flags in memory seccomp cannot read; ENOSYS
        MOUNT(SyscallRule.MOUNTS, 165, 40),                      // mounts over or beside the jail
        UMOUNT2(SyscallRule.MOUNTS, 166, 39),                    // uncovers what a mount hides
        PIVOT_ROOT(SyscallRule.MOUNTS, 155, 41),                 // swaps the root mount
        CHROOT(SyscallRule.MOUNTS, 161, 51),                     // a nested chroot is the classic escape
        OPEN_TREE(SyscallRule.MOUNTS, 428, 428),                 // detached copy of a mount tree
        MOVE_MOUNT(SyscallRule.MOUNTS, 429, 429),                // attaches a detached tree
        FSOPEN(SyscallRule.MOUNTS, 430, 430),                    // new file system context
        FSCONFIG(SyscallRule.MOUNTS, 431, 431),                  // configures it
        FSMOUNT(SyscallRule.MOUNTS, 432, 432),                   // turns it into a mount
        FSPICK(SyscallRule.MOUNTS, 433, 433),                    // reconfigures an existing mount
        MOUNT_SETATTR(SyscallRule.MOUNTS, 442, 442),             // changes mount flags (nosuid, idmap)
        KEYCTL(SyscallRule.KEYRINGS, 250, 219),                  // reads and links keys of inherited keyrings
        ADD_KEY(SyscallRule.KEYRINGS, 248, 217),                 // adds keys to inherited keyrings
        REQUEST_KEY(SyscallRule.KEYRINGS, 249, 218),             // searches inherited keyrings, may upcall
        BPF(SyscallRule.BPF, 321, 280),                          // eBPF programs and maps
        PERF_EVENT_OPEN(SyscallRule.PERF_EVENTS, 298, 241),      // observes other processes and the kernel
        USERFAULTFD(SyscallRule.USERFAULTFD, 323, 282),          // stalls kernel accesses to widen races
        IO_URING_SETUP(SyscallRule.IO_URING, 425, 425),          // its operations are invisible to seccomp
        IO_URING_ENTER(SyscallRule.IO_URING, 426, 426),          // submits them
        IO_URING_REGISTER(SyscallRule.IO_URING, 427, 427),       // registers files and buffers for them
        IOCTL(SyscallRule.TERMINAL_INJECTION, 16, 29, Action.IOCTL), // TIOCSTI, TIOCLINUX only: type into a tty
        SOCKET(SyscallRule.UNIX_SOCKETS, 41, 198, Action.SOCKET),    // AF_UNIX only: abstract names cross chroot
        OPEN_BY_HANDLE_AT(SyscallRule.FILE_HANDLES, 304, 265),   // opens any inode of a mount, ignoring the root
        INIT_MODULE(SyscallRule.KERNEL, 175, 105),               // loads kernel code
        FINIT_MODULE(SyscallRule.KERNEL, 313, 273),              // loads kernel code from a descriptor
        DELETE_MODULE(SyscallRule.KERNEL, 176, 106),             // unloads kernel code
        KEXEC_LOAD(SyscallRule.KERNEL, 246, 104),                // replaces the kernel
        KEXEC_FILE_LOAD(SyscallRule.KERNEL, 320, 294),           // replaces the kernel from a file
        REBOOT(SyscallRule.KERNEL, 169, 142),                    // stops the machine
        SWAPON(SyscallRule.KERNEL, 167, 224),                    // swap on a file or device
        SWAPOFF(SyscallRule.KERNEL, 168, 225),                   // swap off
        ACCT(SyscallRule.KERNEL, 163, 89),                       // process accounting to a file
        IOPL(SyscallRule.KERNEL, 172, NONE),                     // raw I/O port access; x86 only
        IOPERM(SyscallRule.KERNEL, 173, NONE);                   // raw I/O port access; x86 only

        final SyscallRule rule;
        final Action action;
        private final int x8664;
        private final int aarch64;

        Call(SyscallRule rule, int x8664, int aarch64) {
            this(rule, x8664, aarch64, Action.EPERM);
        }

        Call(SyscallRule rule, int x8664, int aarch64, Action action) {
            this.rule = rule;
            this.x8664 = x8664;
            this.aarch64 = aarch64;
            this.action = action;
        }

        /** The kernel's name, as in {@code __NR_name}. */
        String kernelName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The number on {@code arch}, or -1 where the call does not exist. */
        int number(Arch arch) {
            return arch == Arch.X86_64 ? x8664 : aarch64;
        }

        /** The name with the argument condition the filter checks, if any. */
        String label() {
            switch (action) {
                case IOCTL: return "ioctl(TIOCSTI, TIOCLINUX)";
                case SOCKET: return "socket(AF_UNIX)";
                case CLONE: return "clone(CLONE_NEW*)";
                default: return kernelName();
            }
        }
    }

    // seccomp (linux/seccomp.h) and the values compared
    // seccomp (linux/seccomp.h) and the values compared, from the ABI table and jnr-constants
    static final int RET_ALLOW = LinuxAbi.SECCOMP_RET_ALLOW;
    static final int RET_EPERM = LinuxAbi.SECCOMP_RET_ERRNO | LinuxAbi.of(Errno.EPERM);
    static final int RET_ENOSYS = LinuxAbi.SECCOMP_RET_ERRNO | LinuxAbi.of(Errno.ENOSYS); // libc retries with clone
    static final int OFF_NR = LinuxAbi.SECCOMP_DATA_NR;
    static final int OFF_ARCH = LinuxAbi.SECCOMP_DATA_ARCH;
    static final int OFF_ARG0_LOW = LinuxAbi.SECCOMP_DATA_ARGS;     // args[0], low word on a little-endian machine
    static final int OFF_ARG1_LOW = LinuxAbi.SECCOMP_DATA_ARGS + 8; // args[1], low word
    static final long X32_BIT = LinuxAbi.X86_64.x32SyscallBit;     // the x32 ABI on x86_64
    static final int AF_UNIX = LinuxAbi.of(AddressFamily.AF_UNIX); // abstract names and SCM_RIGHTS cross the chroot
    static final int CLONE_NEW_ANY = LinuxAbi.CLONE_NEWNS | LinuxAbi.CLONE_NEWCGROUP | LinuxAbi.CLONE_NEWUTS
            | LinuxAbi.CLONE_NEWIPC | LinuxAbi.CLONE_NEWUSER | LinuxAbi.CLONE_NEWPID | LinuxAbi.CLONE_NEWNET;

    private final Arch arch;
    private final Set<SyscallRule> allowed;
    private final byte[] program;
    private final int length;

    private SyscallPolicy(Arch arch, Set<SyscallRule> allowed) {
        this.arch = arch;
        this.allowed = allowed;
        this.program = PolicyCompiler.compile(arch, allowed);
        this.length = program.length / 8;
    }

    /** The program for {@code arch}, refusing the calls of every rule except those in {@code allowed}. */
    static SyscallPolicy of(Arch arch, Set<SyscallRule> allowed) {
        Objects.requireNonNull(arch, "arch");
        EnumSet<SyscallRule> copy = EnumSet.noneOf(SyscallRule.class);
        copy.addAll(allowed);
        return new SyscallPolicy(arch, copy);
    }

    /** The architecture of this JVM; throws {@link IllegalStateException} for any other. */
    static Arch current() {
        LinuxAbi abi;
        try {
            abi = LinuxAbi.current();
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("no seccomp policy: " + e.getMessage(), e);
        }
        return abi == LinuxAbi.X86_64 ? Arch.X86_64 : Arch.AARCH64;
    }

    /** The {@code struct sock_filter} array, little-endian, 8 bytes per instruction. */
    byte[] program() {
        return program.clone();
    }

    /** The number of instructions, at most 4096. */
    int length() {
        return length;
    }

    Arch arch() {
        return arch;
    }

    /** One line for the arch check, one for x32 (x86_64 only), then one per rule, blocked or allowed. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("blocked any ABI but %s (AUDIT_ARCH 0x%08X): EPERM for every call;"
                + " another ABI numbers its calls differently", arch, arch.auditArch));
        if (arch == Arch.X86_64) {
            lines.add("blocked x32 ABI (call numbers from 0x40000000 up): EPERM for every call;"
                    + " the same calls under other numbers");
        }
        for (SyscallRule rule : SyscallRule.values()) {
            StringBuilder calls = new StringBuilder();
            for (Call c : Call.values()) {
                if (c.rule == rule && c.number(arch) != NONE) {
                    calls.append(calls.length() == 0 ? "" : ", ").append(c.label());
                }
            }
            String answer = rule == SyscallRule.NAMESPACES ? "EPERM (clone3: ENOSYS)" : "EPERM";
            lines.add(allowed.contains(rule)
                    ? "allowed " + rule + " (" + calls + "): ALLOWED by insecureAllow(" + rule + "); " + rule.reason()
                    : "blocked " + rule + " (" + calls + "): " + answer + "; " + rule.reason());
        }
        return lines;
    }
}
