package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcStatusTest {
    private static final String STATUS = "Name:\tjava\nUmask:\t0022\nUid:\t65534\t65534\t65534\t65534\n"
            + "Gid:\t100\t100\t100\t100\nGroups:\t300 100 200 \nCapPrm:\t0000000000000000\n"
            + "CapEff:\t00000000000000c0\nCapAmb:\t0000000000000000\n";

    @Test
    void statusText_parse_givesIdsGroupsAndCaps() {
        ProcStatus s = new ProcStatus(STATUS);
        assertArrayEquals(new long[] {65534, 65534, 65534, 65534}, s.ids("Uid"));
        assertEquals(Set.of(100L, 200L, 300L), s.groups());
        assertEquals(0xc0, s.caps("CapEff"));
        assertEquals(0, s.caps("CapPrm"));
        assertEquals(-1, s.caps("CapBnd"));
        assertNull(s.field("Seccomp"));
    }

    @Test
    void emptyGroups_parse_givesEmptySet() {
        assertEquals(Set.of(), new ProcStatus("Groups:\t\nUid:\t0\t0\t0\t0\n").groups());
    }

    @Test
    void firstLineField_parse_isFound() {
        assertEquals("java", new ProcStatus(STATUS).field("Name"));
    }

    @Test
    void manyGroups_parse_growsTheBuffer() {
        assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L),
                new ProcStatus("Groups:\t1 2 3 4 5 6 7 8 9 10 11 \n").groups());
        assertArrayEquals(new long[] {7}, ProcStatus.numbers("7"));
        assertArrayEquals(new long[0], ProcStatus.numbers(" \t "));
    }

    @Test
    void largeUnsignedIds_parse_stayPositive() {
        assertArrayEquals(new long[] {4294967294L, 1}, ProcStatus.parseIds("Uid:\t4294967294 1"));
    }
}
