package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The DNS message code alone: hostile answers are ignored, never thrown or looped on. */
class DnsTest {
    @Test
    void randomAndLoopingMessages_decode_returnNullQuickly() {
        Random random = new Random(3);
        byte[] query = Dns.encode(0x1234, "9.2.0.127.in-addr.arpa", Dns.PTR);
        for (int i = 0; i < 20_000; i++) {
            byte[] m = query.clone();
            m = java.util.Arrays.copyOf(m, m.length + random.nextInt(40));
            for (int k = 0; k < 1 + random.nextInt(6); k++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            m[2] |= (byte) 0x80;
            Dns.decode(m, m.length, 0x1234, "9.2.0.127.in-addr.arpa", Dns.PTR); // must not throw
        }
        byte[] loop = {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0, (byte) 0xC0, 12};
        assertNull(Dns.decode(loop, loop.length, 0x1234, "x", Dns.PTR));
    }

    @Test
    void answerToAnotherQuestion_decode_isIgnored() {
        byte[] reply = Dns.encode(7, "other.test", Dns.A);
        reply[2] = (byte) 0x81;
        assertNull(Dns.decode(reply, reply.length, 7, "asked.test", Dns.A));
        assertNull(Dns.decode(reply, reply.length, 8, "other.test", Dns.A), "wrong id");
        Dns.Answer empty = Dns.decode(reply, reply.length, 7, "other.test", Dns.A);
        assertEquals(false, empty.found());
    }

    @Test
    void tcpdPackage_load_listsAndLoadsEveryClass() {
        TcpdClasses.load();
        assertTrue(TcpdClasses.names().contains("io.jail4j.tcpd.HostsAccess"), TcpdClasses.names().toString());
        assertTrue(TcpdClasses.names().contains("io.jail4j.tcpd.RuleIndex$Bucket$Builder"));
    }
}
