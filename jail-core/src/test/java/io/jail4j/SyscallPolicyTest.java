package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.SyscallPolicy.Arch;
import io.jail4j.SyscallPolicy.Call;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyscallPolicyTest {
    private static final int ALLOW = 0x7FFF0000;
    private static final int EPERM = 0x00050001;
    private static final int ENOSYS = 0x00050026;
    private static final long HIGH = 0xFFFFFFFF00000000L;
    /** glibc's pthread_create: VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID. */
    private static final long PTHREAD_FLAGS = 0x3D0F00;
    private static final long[] NAMESPACE_FLAGS =
            {0x20000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000};

    private static Bpf bpf(Arch arch, Set<SyscallRule> allowed) {
        SyscallPolicy p = SyscallPolicy.of(arch, allowed);
        Bpf b = new Bpf(p.program());
        assertEquals(p.length(), b.length());
        return b;
    }

    private static int run(Bpf b, Arch arch, Call call, long... args) {
        return b.run(call.number(arch), arch.auditArch, args).ret();
    }

    /** The arguments that make a call's argument check refuse it. */
    private static long[] refusedArgs(Call c) {
        switch (c.action) {
            case IOCTL: return new long[] {1, 0x5412};
            case SOCKET: return new long[] {1, 1, 0};
            case CLONE: return new long[] {0x10000000 | 17};
            default: return new long[0];
        }
    }

    private static Set<Integer> refusedNumbers(Arch arch) {
        Set<Integer> out = new HashSet<>();
        for (Call c : Call.values()) {
            out.add(c.number(arch));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyRefusedCall_run_isEpermExceptClone3Enosys(Arch arch) {
        Bpf b = bpf(arch, Set.of());
        for (Call c : Call.values()) {
            if (c.number(arch) >= 0) {
                assertEquals(c == Call.CLONE3 ? ENOSYS : EPERM, run(b, arch, c, refusedArgs(c)), c.kernelName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void eachOptedOutRule_run_liftsExactlyItsCalls(Arch arch) {
        for (SyscallRule rule : SyscallRule.values()) {
            Bpf b = bpf(arch, Set.of(rule));
            for (Call c : Call.values()) {
                if (c.number(arch) >= 0) {
                    int expected = c.rule == rule ? ALLOW : c == Call.CLONE3 ? ENOSYS : EPERM;
                    assertEquals(expected, run(b, arch, c, refusedArgs(c)), rule + ": " + c.kernelName());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyRuleOptedOut_run_allowsEverything(Arch arch) {
        Bpf b = bpf(arch, EnumSet.allOf(SyscallRule.class));
        for (Call c : Call.values()) {
            if (c.number(arch) >= 0) {
                assertEquals(ALLOW, run(b, arch, c, refusedArgs(c)), c.kernelName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void ioctlTiocstiWithHighBits_run_isDenied(Arch arch) {
        Bpf b = bpf(arch, Set.of());
        assertEquals(EPERM, run(b, arch, Call.IOCTL, 0, HIGH | 0x5412));
        assertEquals(EPERM, run(b, arch, Call.IOCTL, 0, 0x5412));
        assertEquals(EPERM, run(b, arch, Call.IOCTL, 0, 0x541C));
        assertEquals(EPERM, run(b, arch, Call.IOCTL, 0, HIGH | 0x541C));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void ioctlOtherRequests_run_areAllowed(Arch arch) {
        Bpf b = bpf(arch, Set.of());
        for (long request : new long[] {0x5401, 0x5413, 0x541B, 0x5421, 0x80045430L, 0x5412L << 32}) {
            assertEquals(ALLOW, run(b, arch, Call.IOCTL, 1, request), Long.toHexString(request));
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void socketDomains_run_onlyUnixIsDenied(Arch arch) {
        Bpf b = bpf(arch, Set.of());
        for (long domain : new long[] {2, 10, 16, 17, 0, 1L << 32}) {
            assertEquals(ALLOW, run(b, arch, Call.SOCKET, domain, 1, 0), "domain " + domain);
        }
        assertEquals(EPERM, run(b, arch, Call.SOCKET, 1, 1, 0));
        assertEquals(EPERM, run(b, arch, Call.SOCKET, HIGH | 1, 2, 0));
        int socketpair = arch == Arch.X86_64 ? 53 : 199;
        assertEquals(ALLOW, b.run(socketpair, arch.auditArch, 1, 1, 0).ret(), "socketpair(AF_UNIX)");
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void cloneForThreadsAndProcesses_run_isAllowed(Arch arch) {
        Bpf b = bpf(arch, Set.of());
        assertEquals(ALLOW, run(b, arch, Call.CLONE, 0x100 | 0x4000 | 17)); // VM|VFORK|SIGCHLD
        assertEquals(ALLOW, run(b, arch, Call.CLONE, PTHREAD_FLAGS));
        assertEquals(ALLOW, run(b, arch, Call.CLONE, 0x01200000 | 17)); // glibc fork: CHILD_SETTID|CHILD_CLEARTID
        assertEquals(ALLOW, run(b, arch, Call.CLONE, HIGH | 17), "high bits are not flags");
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void cloneWithAnyNamespaceFlag_run_isDenied(Arch arch) {
        Bpf b = bpf(arch, Set.of());
        for (long flag : NAMESPACE_FLAGS) {
            assertEquals(EPERM, run(b, arch, Call.CLONE, flag | 17), Long.toHexString(flag));
            assertEquals(EPERM, run(b, arch, Call.CLONE, flag | PTHREAD_FLAGS), Long.toHexString(flag));
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyOtherNumber_run_isAllowed(Arch arch) {
        Bpf b = bpf(arch, Set.of());
        Set<Integer> refused = refusedNumbers(arch);
        int allowed = 0;
        for (int nr = 0; nr <= 500; nr++) {
            if (!refused.contains(nr)) {
                assertEquals(ALLOW, b.run(nr, arch.auditArch, -1, -1, -1, -1, -1, -1).ret(), "nr " + nr);
                assertEquals(ALLOW, b.run(nr, arch.auditArch).ret(), "nr " + nr);
                allowed++;
            }
        }
        assertEquals(501 - refused.size() + (arch == Arch.AARCH64 ? 1 : 0), allowed, "the -1 of iopl, ioperm");
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void wrongArch_run_isEpermForEverything(Arch arch) {
        Bpf b = bpf(arch, EnumSet.allOf(SyscallRule.class));
        Arch other = arch == Arch.X86_64 ? Arch.AARCH64 : Arch.X86_64;
        for (int foreign : new int[] {other.auditArch, 0x40000003, 0x40000028, 0, -1, arch.auditArch ^ 0x40000000}) {
            for (int nr = 0; nr <= 500; nr++) {
                assertEquals(EPERM, b.run(nr, foreign).ret(), "arch " + Integer.toHexString(foreign) + " nr " + nr);
            }
        }
    }

    @Test
    void x32Numbers_runOnX8664_isDenied() {
        for (Set<SyscallRule> allowed : List.of(Set.<SyscallRule>of(), EnumSet.allOf(SyscallRule.class))) {
            Bpf b = bpf(Arch.X86_64, allowed);
            for (int nr = 0; nr <= 600; nr++) {
                assertEquals(EPERM, b.run(0x40000000 | nr, Arch.X86_64.auditArch).ret(), "x32 nr " + nr);
            }
            assertEquals(EPERM, b.run(-1, Arch.X86_64.auditArch).ret());
            assertEquals(EPERM, b.run(Integer.MIN_VALUE, Arch.X86_64.auditArch).ret());
            assertEquals(ALLOW, b.run(0x3FFFFFFF, Arch.X86_64.auditArch).ret());
        }
    }

    @Test
    void ordinaryCallOnX8664_run_takesTenInstructions() {
        Bpf b = bpf(Arch.X86_64, Set.of());
        assertEquals(61, b.length(), "whole program, every rule in force");
        // read, write, futex, epoll_wait, mmap, poll, sendto, recvfrom
        for (int nr : new int[] {0, 1, 202, 232, 9, 7, 44, 45}) {
            Bpf.Result r = b.run(nr, Arch.X86_64.auditArch);
            assertEquals(ALLOW, r.ret());
            assertEquals(10, r.steps(), "nr " + nr);
        }
        int worst = 0;
        for (int nr = 0; nr <= 500; nr++) {
            worst = Math.max(worst, b.run(nr, Arch.X86_64.auditArch, 0, 0x5412, 0).steps());
        }
        assertTrue(worst <= 13, "longest path " + worst + " (ioctl check: 3 more than a plain call)");
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyVariant_check_isValidForTheKernel(Arch arch) {
        List<Set<SyscallRule>> variants = new ArrayList<>();
        variants.add(Set.of());
        variants.add(EnumSet.allOf(SyscallRule.class));
        for (SyscallRule r : SyscallRule.values()) {
            variants.add(Set.of(r));
            variants.add(EnumSet.complementOf(EnumSet.of(r)));
        }
        for (Set<SyscallRule> allowed : variants) {
            Bpf b = bpf(arch, allowed);
            assertTrue(b.length() <= 4096, "length " + b.length());
            assertEquals(0x06, b.code(b.length() - 1), "the last instruction returns");
            boolean[] reached = new boolean[b.length()];
            reached[0] = true;
            for (int pc = 0; pc < b.length(); pc++) {
                assertTrue(reached[pc], allowed + ": dead instruction " + pc);
                int code = b.code(pc);
                assertTrue(Set.of(0x20, 0x15, 0x35, 0x45, 0x06).contains(code), "opcode " + code);
                if ((code & 0x07) == 0x05) {
                    int t = pc + 1 + b.jt(pc);
                    int f = pc + 1 + b.jf(pc);
                    assertTrue(t < b.length() && f < b.length(), allowed + ": jump out of the program at " + pc);
                    reached[t] = true;
                    reached[f] = true;
                } else if (code != 0x06) {
                    reached[pc + 1] = true;
                }
                if (code == 0x20) {
                    assertTrue(Set.of(0, 4, 16, 24).contains(b.k(pc)), "load offset " + b.k(pc));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void anyArch_describe_listsArchCheckAndEveryRule(Arch arch) {
        List<String> none = SyscallPolicy.of(arch, Set.of()).describe();
        List<String> all = SyscallPolicy.of(arch, EnumSet.allOf(SyscallRule.class)).describe();
        assertTrue(none.get(0).contains(String.format("0x%08X", arch.auditArch)), none.get(0));
        assertEquals(arch == Arch.X86_64, none.get(1).contains("x32"), none.get(1));
        int rules = SyscallRule.values().length;
        assertEquals(none.size() - rules, all.size() - rules);
        for (SyscallRule r : SyscallRule.values()) {
            assertEquals(1, none.stream().filter(l -> l.startsWith("blocked " + r + " (")
                    && l.endsWith("; " + r.reason())).count(), r + " in " + none);
            assertEquals(1, all.stream().filter(l -> l.startsWith("allowed " + r + " (")
                    && l.contains("ALLOWED by insecureAllow(" + r + ")")).count(), r + " in " + all);
        }
        assertTrue(none.stream().anyMatch(l -> l.startsWith("blocked PROCESS_ACCESS (ptrace, process_vm_readv,")));
        assertTrue(none.stream().anyMatch(l -> l.contains("clone3") && l.contains("ENOSYS")));
        assertEquals(arch == Arch.X86_64, none.stream().anyMatch(l -> l.contains("iopl")));
    }

    @Test
    void everyCall_lookUpItsRule_isAmongTheRulesCalls() {
        Set<SyscallRule> covered = EnumSet.noneOf(SyscallRule.class);
        for (Call c : Call.values()) {
            assertTrue(c.rule.calls().contains(c.kernelName()), c + " not in " + c.rule.calls());
            covered.add(c.rule);
        }
        assertEquals(EnumSet.allOf(SyscallRule.class), covered);
        assertFalse(SyscallRule.UNIX_SOCKETS.calls().contains("socketpair"));
    }

    @Test
    void osArch_current_mapsKnownNamesAndRefusesOthers() {
        String saved = System.getProperty("os.arch");
        try {
            System.setProperty("os.arch", "amd64");
            assertEquals(Arch.X86_64, SyscallPolicy.current());
            System.setProperty("os.arch", "x86_64");
            assertEquals(Arch.X86_64, SyscallPolicy.current());
            System.setProperty("os.arch", "aarch64");
            assertEquals(Arch.AARCH64, SyscallPolicy.current());
            System.setProperty("os.arch", "riscv64");
            IllegalStateException e = assertThrows(IllegalStateException.class, SyscallPolicy::current);
            assertTrue(e.getMessage().contains("riscv64"), e.getMessage());
        } finally {
            System.setProperty("os.arch", saved);
        }
    }
}
