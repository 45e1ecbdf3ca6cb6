package io.jail4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles a classic-BPF program whose jumps name an instruction index or a label placed later;
 * {@link #bytes()} resolves them to the 8-bit forward offsets of {@code struct sock_filter} and
 * refuses a jump backwards, a jump over 255 instructions, or a program over 4096 instructions.
 */
final class BpfAssembler {
    static final int LD_W_ABS = 0x20;  // BPF_LD | BPF_W | BPF_ABS: A = 32-bit word at offset k
    static final int JEQ_K = 0x15;     // BPF_JMP | BPF_JEQ | BPF_K: A == k
    static final int JGE_K = 0x35;     // BPF_JMP | BPF_JGE | BPF_K: A >= k, unsigned
    static final int JSET_K = 0x45;    // BPF_JMP | BPF_JSET | BPF_K: (A & k) != 0
    static final int RET_K = 0x06;     // BPF_RET | BPF_K
    static final int MAX_INSNS = io.jail4j.internal.LinuxAbi.BPF_MAXINSNS;

    private final List<int[]> insns = new ArrayList<>(); // {code, jt target, jf target, k}
    private final List<Integer> labels = new ArrayList<>(); // label -1 - i placed at labels.get(i); -1: unplaced

    /** A new label, to be {@linkplain #place(int) placed} before {@link #bytes()}: a negative number. */
    int label() {
        labels.add(-1);
        return -labels.size();
    }

    /** Places {@code label} at the next instruction. */
    void place(int label) {
        labels.set(-1 - label, next());
    }

    /** The index the next instruction gets. */
    int next() {
        return insns.size();
    }

    /** Appends an instruction; jt and jf are instruction indexes or labels. Returns its index. */
    int emit(int code, int jt, int jf, int k) {
        insns.add(new int[] {code, jt, jf, k});
        return insns.size() - 1;
    }

    /** Sets the jump targets of the instruction at {@code at}. */
    void patch(int at, int jt, int jf) {
        insns.get(at)[1] = jt;
        insns.get(at)[2] = jf;
    }

    /** The {@code struct sock_filter} array, little-endian as on x86_64 and aarch64. */
    byte[] bytes() {
        if (insns.size() > MAX_INSNS) {
            throw new IllegalStateException("BPF program of " + insns.size() + " instructions, over " + MAX_INSNS);
        }
        ByteBuffer b = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < insns.size(); i++) {
            int[] in = insns.get(i);
            boolean conditional = (in[0] & 0x07) == 0x05 && in[0] != 0x05; // BPF_JMP, not BPF_JA
            b.putShort((short) in[0]);
            b.put((byte) (conditional ? offset(i, in[1]) : 0));
            b.put((byte) (conditional ? offset(i, in[2]) : 0));
            b.putInt(in[3]);
        }
        return b.array();
    }

    private int offset(int from, int target) {
        int at = target >= 0 ? target : labels.get(-1 - target);
        int off = at - from - 1;
        if (at < 0 || off < 0 || off > 255) {
            throw new IllegalStateException("BPF jump from " + from + " to " + at + " out of range");
        }
        return off;
    }
}
