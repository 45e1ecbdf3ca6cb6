package io.jail4j;

import static io.jail4j.BpfAssembler.JEQ_K;
import static io.jail4j.BpfAssembler.JGE_K;
import static io.jail4j.BpfAssembler.JSET_K;
import static io.jail4j.BpfAssembler.LD_W_ABS;
import static io.jail4j.BpfAssembler.RET_K;
import static io.jail4j.SyscallPolicy.AF_UNIX;
import static io.jail4j.SyscallPolicy.CLONE_NEW_ANY;
import static io.jail4j.SyscallPolicy.NONE;
import static io.jail4j.SyscallPolicy.OFF_ARCH;
import static io.jail4j.SyscallPolicy.OFF_ARG0_LOW;
import static io.jail4j.SyscallPolicy.OFF_ARG1_LOW;
import static io.jail4j.SyscallPolicy.OFF_NR;
import static io.jail4j.SyscallPolicy.RET_ALLOW;
import static io.jail4j.SyscallPolicy.RET_ENOSYS;
import static io.jail4j.SyscallPolicy.RET_EPERM;
import static io.jail4j.internal.LinuxAbi.TIOCLINUX;
import static io.jail4j.internal.LinuxAbi.TIOCSTI;
import static io.jail4j.SyscallPolicy.X32_BIT;

import io.jail4j.SyscallPolicy.Action;
import io.jail4j.SyscallPolicy.Arch;
import io.jail4j.SyscallPolicy.Call;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles a {@link SyscallPolicy} into its classic-BPF program, in the layout that class
 * documents: the arch check, a balanced tree of {@code JGE} splits over the call numbers, the
 * argument checks in use and the shared returns.
 */
final class PolicyCompiler {
    private PolicyCompiler() {
    }

    /** Returns the program for {@code arch} refusing the calls of every rule not in {@code allowed}. */
    static byte[] compile(Arch arch, Set<SyscallRule> allowed) {
        BpfAssembler asm = new BpfAssembler();
        int[] at = new int[Action.values().length];
        for (Action a : Action.values()) {
            at[a.ordinal()] = asm.label();
        }
        asm.emit(LD_W_ABS, 0, 0, OFF_ARCH);
        asm.emit(JEQ_K, asm.next() + 1, at[Action.EPERM.ordinal()], arch.auditArch);
        asm.emit(LD_W_ABS, 0, 0, OFF_NR);
        Segments s = segments(arch, allowed);
        tree(asm, at, s, 0, s.size());
        blocks(asm, at, s.used);
        return asm.bytes();
    }

    /** The number line from 0 to 2^32-1 cut into runs of equal answer: starts[i] .. starts[i+1]-1. */
    private static final class Segments {
        final List<Long> starts = new ArrayList<>();
        final List<Action> actions = new ArrayList<>();
        final EnumSet<Action> used = EnumSet.noneOf(Action.class);

        void add(long start, Action action) {
            used.add(action);
            if (!actions.isEmpty() && actions.get(actions.size() - 1) == action) {
                return;
            }
            starts.add(start);
            actions.add(action);
        }

        int size() {
            return starts.size();
        }
    }

    private static Segments segments(Arch arch, Set<SyscallRule> allowed) {
        TreeMap<Integer, Action> refused = new TreeMap<>();
        for (Call c : Call.values()) {
            if (!allowed.contains(c.rule) && c.number(arch) != NONE) {
                refused.put(c.number(arch), c.action);
            }
        }
        Segments s = new Segments();
        long next = 0;
        for (var e : refused.entrySet()) {
            if (e.getKey() > next) {
                s.add(next, Action.ALLOW);
            }
            s.add(e.getKey(), e.getValue());
            next = e.getKey() + 1L;
        }
        s.add(next, Action.ALLOW);
        if (arch == Arch.X86_64) {
            s.add(X32_BIT, Action.EPERM);
        }
        return s;
    }

    /** Emits the subtree deciding segments [from, to); returns its target (instruction or action label). */
    private static int tree(BpfAssembler asm, int[] at, Segments s, int from, int to) {
        if (to - from == 1) {
            return at[s.actions.get(from).ordinal()];
        }
        int mid = (from + to + 1) >>> 1;
        int node = asm.emit(JGE_K, 0, 0, s.starts.get(mid).intValue());
        int below = tree(asm, at, s, from, mid);
        int above = tree(asm, at, s, mid, to);
        asm.patch(node, above, below);
        return node;
    }

    /** Emits the argument checks in use, then the returns in use; the last instruction is a return. */
    private static void blocks(BpfAssembler asm, int[] at, Set<Action> used) {
        int allow = at[Action.ALLOW.ordinal()];
        int eperm = at[Action.EPERM.ordinal()];
        if (used.contains(Action.IOCTL)) {
            asm.place(at[Action.IOCTL.ordinal()]);
            asm.emit(LD_W_ABS, 0, 0, OFF_ARG1_LOW);
            asm.emit(JEQ_K, eperm, asm.next() + 1, TIOCSTI);
            asm.emit(JEQ_K, eperm, allow, TIOCLINUX);
        }
        if (used.contains(Action.SOCKET)) {
            asm.place(at[Action.SOCKET.ordinal()]);
            asm.emit(LD_W_ABS, 0, 0, OFF_ARG0_LOW);
            asm.emit(JEQ_K, eperm, allow, AF_UNIX);
        }
        if (used.contains(Action.CLONE)) {
            asm.place(at[Action.CLONE.ordinal()]);
            asm.emit(LD_W_ABS, 0, 0, OFF_ARG0_LOW);
            asm.emit(JSET_K, eperm, allow, CLONE_NEW_ANY);
        }
        asm.place(allow);
        asm.emit(RET_K, 0, 0, RET_ALLOW);
        asm.place(eperm);
        asm.emit(RET_K, 0, 0, RET_EPERM);
        if (used.contains(Action.ENOSYS)) {
            asm.place(at[Action.ENOSYS.ordinal()]);
            asm.emit(RET_K, 0, 0, RET_ENOSYS);
        }
    }
}
