package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BpfAssemblerTest {
    @Test
    void labelPlacedLater_bytes_resolvesToForwardOffsets() {
        BpfAssembler asm = new BpfAssembler();
        int yes = asm.label();
        int no = asm.label();
        asm.emit(BpfAssembler.LD_W_ABS, 0, 0, 0);
        asm.emit(BpfAssembler.JEQ_K, yes, no, 7);
        asm.place(no);
        asm.emit(BpfAssembler.RET_K, 0, 0, 0);
        asm.place(yes);
        asm.emit(BpfAssembler.RET_K, 0, 0, 1);
        Bpf b = new Bpf(asm.bytes());
        assertEquals(4, b.length());
        assertEquals(1, b.jt(1));
        assertEquals(0, b.jf(1));
        assertEquals(1, b.run(7, 0).ret());
        assertEquals(0, b.run(8, 0).ret());
    }

    @Test
    void jumpOver255Instructions_bytes_isRefused() {
        BpfAssembler asm = new BpfAssembler();
        int far = asm.label();
        asm.emit(BpfAssembler.JEQ_K, far, asm.next() + 1, 0);
        for (int i = 0; i < 256; i++) {
            asm.emit(BpfAssembler.RET_K, 0, 0, 0);
        }
        asm.place(far);
        asm.emit(BpfAssembler.RET_K, 0, 0, 1);
        assertThrows(IllegalStateException.class, asm::bytes);
    }

    @Test
    void backwardJumpOrUnplacedLabel_bytes_isRefused() {
        BpfAssembler back = new BpfAssembler();
        back.emit(BpfAssembler.RET_K, 0, 0, 0);
        back.emit(BpfAssembler.JEQ_K, 0, 0, 0);
        assertThrows(IllegalStateException.class, back::bytes);
        BpfAssembler unplaced = new BpfAssembler();
        unplaced.emit(BpfAssembler.JEQ_K, unplaced.label(), unplaced.label(), 0);
        assertThrows(IllegalStateException.class, unplaced::bytes);
    }

    @Test
    void over4096Instructions_bytes_isRefused() {
        BpfAssembler asm = new BpfAssembler();
        for (int i = 0; i <= 4096; i++) {
            asm.emit(BpfAssembler.RET_K, 0, 0, 0);
        }
        assertThrows(IllegalStateException.class, asm::bytes);
    }
}
