package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThreadDumpsTest {
    private static final String DUMP = "Full thread dump\n\n"
            + "\"main\" #1 prio=5 tid=0x1 waiting on condition\n"
            + "   java.lang.Thread.State: WAITING (parking)\n"
            + "\tat jdk.internal.misc.Unsafe.park(Native Method)\n"
            + "\tat example.Hangs.test(Hangs.java:12)\n"
            + "\n"
            + "\"Reference Handler\" #2 daemon\n";

    @Test
    void dump_mainThread_returnsItsBlockOnly() {
        assertEquals("  \"main\" #1 prio=5 tid=0x1 waiting on condition\n"
                + "  java.lang.Thread.State: WAITING (parking)\n"
                + "  at jdk.internal.misc.Unsafe.park(Native Method)\n"
                + "  at example.Hangs.test(Hangs.java:12)\n", ThreadDumps.mainThread("out\n" + DUMP, 25));
    }

    @Test
    void dump_mainThread_stopsAtTheLimit() {
        assertEquals(2, ThreadDumps.mainThread(DUMP, 2).lines().count());
    }

    @Test
    void noDump_mainThread_isEmpty() {
        assertEquals("", ThreadDumps.mainThread("just output\n", 25));
    }
}
