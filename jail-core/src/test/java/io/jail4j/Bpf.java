package io.jail4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A classic-BPF interpreter for seccomp programs, as small as the programs {@link SyscallPolicy}
 * emits: {@code LD|W|ABS}, {@code JMP} {@code JEQ/JGT/JGE/JSET} with {@code K}, {@code JA},
 * {@code RET|K}. Any other opcode, a misaligned or out-of-bounds load, or a jump past the end fails
 * the test.
 */
final class Bpf {
    /** The answer of a run and how many instructions it took. */
    record Result(int ret, int steps) { }

    private final ByteBuffer code;
    private final int length;

    Bpf(byte[] program) {
        if (program.length == 0 || program.length % 8 != 0) {
            fail("program of " + program.length + " bytes is not a whole number of instructions");
        }
        this.code = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        this.length = program.length / 8;
    }

    int length() {
        return length;
    }

    int code(int pc) {
        return code.getShort(pc * 8) & 0xFFFF;
    }

    int jt(int pc) {
        return code.get(pc * 8 + 2) & 0xFF;
    }

    int jf(int pc) {
        return code.get(pc * 8 + 3) & 0xFF;
    }

    int k(int pc) {
        return code.getInt(pc * 8 + 4);
    }

    /** Builds a {@code struct seccomp_data}: nr, arch, instruction pointer 0, args (little-endian). */
    static ByteBuffer data(int nr, int arch, long... args) {
        ByteBuffer d = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        d.putInt(0, nr).putInt(4, arch);
        for (int i = 0; i < args.length; i++) {
            d.putLong(16 + 8 * i, args[i]);
        }
        return d;
    }

    Result run(int nr, int arch, long... args) {
        ByteBuffer data = data(nr, arch, args);
        int a = 0;
        int pc = 0;
        for (int steps = 1; ; steps++) {
            if (pc >= length) {
                fail("ran past the end of the program at " + pc);
            }
            int k = k(pc);
            switch (code(pc)) {
                case 0x20: // LD | W | ABS
                    if (k < 0 || k % 4 != 0 || k + 4 > 64) {
                        fail("load at offset " + k + " outside struct seccomp_data");
                    }
                    a = data.getInt(k);
                    pc++;
                    break;
                case 0x05: // JMP | JA
                    pc += 1 + k;
                    break;
                case 0x15: // JMP | JEQ | K
                    pc += 1 + (a == k ? jt(pc) : jf(pc));
                    break;
                case 0x25: // JMP | JGT | K, unsigned
                    pc += 1 + (Integer.compareUnsigned(a, k) > 0 ? jt(pc) : jf(pc));
                    break;
                case 0x35: // JMP | JGE | K, unsigned
                    pc += 1 + (Integer.compareUnsigned(a, k) >= 0 ? jt(pc) : jf(pc));
                    break;
                case 0x45: // JMP | JSET | K
                    pc += 1 + ((a & k) != 0 ? jt(pc) : jf(pc));
                    break;
                case 0x06: // RET | K
                    return new Result(k, steps);
                default:
                    return fail(String.format("unknown opcode 0x%04X at %d", code(pc), pc));
            }
        }
    }
}
