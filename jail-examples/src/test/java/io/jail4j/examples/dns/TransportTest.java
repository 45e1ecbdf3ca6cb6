package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** UDP and TCP on loopback: truncation, pipelining, idle connections, zone transfers, reloads. */
@Timeout(60)
class TransportTest {
    @TempDir
    static Path dir;
    static LocalDnsd dnsd;

    @BeforeAll
    static void start() throws IOException {
        InetAddress allowed = InetAddress.getByName("127.0.0.1");
        dnsd = LocalDnsd.corpus(dir, allowed::equals, 800);
    }

    @AfterAll
    static void stop() {
        dnsd.close();
    }

    @Test
    void largeAnswer_udpThenTcp_isTruncatedThenWhole() throws IOException {
        byte[] q = Corpus.query("big.corpus.test.", Type.TXT, DClass.IN, 1232);
        Message udp = new Message(DnsClient.udp(dnsd.port, q, 5000));
        assertTrue(udp.getHeader().getFlag(Flags.TC));
        Message tcp = new Message(DnsClient.tcp(dnsd.port, q).get(0));
        assertFalse(tcp.getHeader().getFlag(Flags.TC));
        assertEquals(40, tcp.getSection(Section.ANSWER).size());
    }

    @Test
    void pipelinedQueries_tcp_areAnsweredInOrder() throws IOException {
        byte[] a = Corpus.query("www.corpus.test.", Type.A);
        byte[] b = Corpus.query("nope.corpus.test.", Type.A);
        byte[] c = Corpus.query("big.corpus.test.", Type.TXT);
        a[1] = 1;
        b[1] = 2;
        c[1] = 3;
        List<byte[]> out = DnsClient.tcp(dnsd.port, a, b, c, a);
        int[] ids = new int[4];
        for (int i = 0; i < 4; i++) {
            ids[i] = new Message(out.get(i)).getHeader().getID();
        }
        assertEquals("[4097, 4098, 4099, 4097]", java.util.Arrays.toString(ids));
    }

    @Test
    void idleConnection_tcp_isClosedAfterTheTimeout() throws IOException {
        try (Socket s = DnsClient.connect(dnsd.port, 5000)) {
            DnsClient.send(s, Corpus.query("www.corpus.test.", Type.A));
            DnsClient.read(s);
            assertTrue(DnsClient.closedWithin(s, 5000));
        }
    }

    @Test
    void transferFromAnAllowedClient_tcp_streamsTheZoneInSeveralMessages() throws IOException {
        try (Socket s = DnsClient.connect(dnsd.port, 5000)) {
            DnsClient.send(s, Corpus.query("bulk.test.", Type.AXFR));
            int records = 0;
            int messages = 0;
            int soas = 0;
            while (soas < 2 && messages < 100) {
                Message m = new Message(DnsClient.read(s));
                messages++;
                assertTrue(m.getHeader().getFlag(Flags.AA));
                for (org.xbill.DNS.Record r : m.getSection(Section.ANSWER)) {
                    records++;
                    soas += r.getType() == Type.SOA ? 1 : 0;
                }
            }
            assertEquals(804, records);
            assertEquals(3, messages);
        }
    }

    @Test
    void zoneChanged_reload_servesTheNewData() throws Exception {
        Path zones = Corpus.copyTo(dir.resolve("reload"));
        try (LocalDnsd own = LocalDnsd.start(Corpus.zones(zones), AxfrAccess.nobody(), 1000)) {
            List<String> log = new java.util.ArrayList<>();
            Reloader reloader = new Reloader(own.responder, Corpus.ZONES, log::add);
            reloader.root(zones);
            java.nio.file.Files.writeString(zones.resolve("second.test.zone"),
                    java.nio.file.Files.readString(zones.resolve("second.test.zone")).replace("127.0.0.81", "127.0.0.99"));
            assertTrue(reloader.reload(true), log.toString());
            Message m = new Message(DnsClient.udp(own.port, Corpus.query("www.second.test.", Type.A), 5000));
            assertEquals("127.0.0.99", m.getSection(Section.ANSWER).get(0).rdataToString());
            java.nio.file.Files.writeString(zones.resolve("second.test.zone"), "www A 1.2.3\n");
            assertFalse(reloader.reload(true));
            assertTrue(log.get(log.size() - 1).contains("second.test.zone:1: "), log.toString());
            m = new Message(DnsClient.udp(own.port, Corpus.query("www.second.test.", Type.A), 5000));
            assertEquals("127.0.0.99", m.getSection(Section.ANSWER).get(0).rdataToString(), "a failed reload keeps the old zones");
        }
    }
}
