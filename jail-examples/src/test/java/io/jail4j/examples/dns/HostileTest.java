package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Malformed and hostile messages get what NSD gives them (FORMERR, NOTIMP, BADVERS, NOTAUTH or
 * silence), never a crash or a hang, and the next query is answered, over UDP and TCP.
 */
@Timeout(60)
class HostileTest {
    @TempDir
    static Path dir;
    static LocalDnsd dnsd;
    static final byte[] GOOD = Corpus.query("www.corpus.test.", Type.A);

    @BeforeAll
    static void start() throws IOException {
        dnsd = LocalDnsd.corpus(dir, AxfrAccess.nobody(), 1000);
    }

    @AfterAll
    static void stop() {
        dnsd.close();
    }

    private static byte[] respond(byte[] q) {
        return Corpus.raw(dnsd.responder, q, false);
    }

    private static int rcode(byte[] response) {
        return response[3] & 0xF;
    }

    private static byte[] header(int flags, int qd, int an, int ns, int ar) {
        byte[] h = new byte[12];
        h[0] = 0x12;
        h[1] = 0x34;
        WireFormat.u16(h, 2, flags);
        WireFormat.u16(h, 4, qd);
        WireFormat.u16(h, 6, an);
        WireFormat.u16(h, 8, ns);
        WireFormat.u16(h, 10, ar);
        return h;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static final byte[] QUESTION = {3, 'w', 'w', 'w', 6, 'c', 'o', 'r', 'p', 'u', 's', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 11})
    void truncatedHeader_query_isDroppedAndTheNextIsAnswered(int length) throws IOException {
        assertNull(respond(Arrays.copyOf(GOOD, length)));
        assertNull(DnsClient.udp(dnsd.port, Arrays.copyOf(GOOD, length), 300));
        assertNotNull(DnsClient.udp(dnsd.port, GOOD, 5000));
    }

    @Test
    void response_query_isDropped() {
        byte[] q = GOOD.clone();
        q[2] |= (byte) 0x80;
        assertNull(respond(q));
    }

    @Test
    void badLabelLength_query_isFormerrKeepingRd() {
        byte[] q = concat(header(0x0100, 1, 0, 0, 0), new byte[] {0x40, 'a', 0, 0, 1, 0, 1});
        byte[] r = respond(q);
        assertEquals(Rcode.FORMERR, rcode(r));
        assertEquals(12, r.length);
        assertEquals(0x81, r[2] & 0xFF);
    }

    @Test
    void compressionPointerInTheQuestion_query_isFormerr() {
        byte[] q = concat(header(0, 1, 0, 0, 0), new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1});
        assertEquals(Rcode.FORMERR, rcode(respond(q)));
    }

    @Test
    void compressionLoopInTheAdditionalSection_query_isFormerr() {
        byte[] loop = {(byte) 0xC0, 33, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0};
        byte[] q = concat(header(0, 1, 0, 0, 1), QUESTION, loop);
        assertEquals(Rcode.FORMERR, rcode(respond(q)));
    }

    @Test
    void labelRunningPastTheEnd_query_isFormerr() {
        byte[] q = concat(header(0, 1, 0, 0, 0), new byte[] {20, 'a', 'b'});
        assertEquals(Rcode.FORMERR, rcode(respond(q)));
    }

    @Test
    void nameLongerThan255_query_isFormerr() {
        byte[] name = new byte[5 * 64 + 1];
        for (int i = 0; i < 5; i++) {
            name[i * 64] = 63;
            Arrays.fill(name, i * 64 + 1, i * 64 + 64, (byte) 'a');
        }
        byte[] q = concat(header(0, 1, 0, 0, 0), name, new byte[] {0, 1, 0, 1});
        assertEquals(Rcode.FORMERR, rcode(respond(q)));
    }

    @Test
    void noQuestion_query_isFormerr() {
        byte[] r = respond(header(0x0100, 0, 0, 0, 0));
        assertEquals(Rcode.FORMERR, rcode(r));
        assertEquals(12, r.length);
    }

    @Test
    void twoQuestions_query_isFormerrWithEveryFlagCleared() {
        byte[] r = respond(concat(header(0x0100, 2, 0, 0, 0), QUESTION, QUESTION));
        assertEquals(Rcode.FORMERR, rcode(r));
        assertEquals(0x80, r[2] & 0xFF, "NSD clears RD for QDCOUNT other than 1");
    }

    @Test
    void recordsInTheAnswerSection_query_isFormerr() {
        assertEquals(Rcode.FORMERR, rcode(respond(concat(header(0, 1, 1, 0, 0), QUESTION))));
    }

    @Test
    void unknownOpcode_query_isNotimpKeepingTheFlags() {
        byte[] q = GOOD.clone();
        q[2] = (byte) (2 << 3);
        byte[] r = respond(q);
        assertEquals(Rcode.NOTIMP, rcode(r));
        assertEquals(2, (r[2] >> 3) & 0xF);
    }

    @Test
    void badOptionLength_query_isFormerr() {
        byte[] opt = {0, 0, 41, 4, (byte) 0xD0, 0, 0, 0, 0, 0, 6, 0, 3, 0, 9, 0, 0};
        assertEquals(Rcode.FORMERR, rcode(respond(concat(header(0, 1, 0, 0, 1), QUESTION, opt))));
    }

    @Test
    void twoOptRecords_query_isFormerr() {
        byte[] opt = {0, 0, 41, 4, (byte) 0xD0, 0, 0, 0, 0, 0, 0};
        assertEquals(Rcode.FORMERR, rcode(respond(concat(header(0, 1, 0, 0, 2), QUESTION, opt, opt))));
    }

    @Test
    void ednsVersion1_query_isBadvers() throws IOException {
        byte[] opt = {0, 0, 41, 4, (byte) 0xD0, 0, 1, 0, 0, 0, 0};
        Message m = new Message(respond(concat(header(0, 1, 0, 0, 1), QUESTION, opt)));
        assertEquals(Rcode.BADVERS, m.getRcode());
        assertEquals(1, m.getSection(0).size());
    }

    @Test
    void tsigRecord_query_isNotauthWithoutAKey() {
        byte[] tsig = {0, 0, (byte) 250, 0, (byte) 255, 0, 0, 0, 0, 0, 0};
        assertEquals(Rcode.NOTAUTH, rcode(respond(concat(header(0, 1, 0, 0, 1), QUESTION, tsig))));
    }

    @Test
    void floodOfBadQueries_query_answersAtMost101ErrorsASecond() throws InterruptedException {
        Responder fresh = new Responder(dnsd.responder.snapshot().zones, false, AxfrAccess.nobody());
        while (System.currentTimeMillis() % 1000 > 200) {
            Thread.sleep(5);
        }
        byte[] bad = header(0, 0, 0, 0, 0);
        int answered = 0;
        for (int i = 0; i < 150; i++) {
            answered += Corpus.raw(fresh, bad, false) == null ? 0 : 1;
        }
        assertEquals(101, answered);
        assertNotNull(Corpus.raw(fresh, GOOD, false), "good queries are never limited");
    }

    @Test
    void tcpFrameShorterThanAQuery_send_closesTheConnection() throws IOException {
        try (Socket s = DnsClient.connect(dnsd.port, 5000)) {
            DnsClient.send(s, new byte[16]);
            assertTrue(DnsClient.closedWithin(s, 5000));
        }
        assertEquals(1, DnsClient.tcp(dnsd.port, GOOD).size());
    }

    @Test
    void partialTcpFrame_send_isClosedAfterTheIdleTimeout() throws IOException {
        try (Socket s = DnsClient.connect(dnsd.port, 5000)) {
            s.getOutputStream().write(new byte[] {0, 100, 1, 2, 3});
            s.getOutputStream().flush();
            long start = System.nanoTime();
            assertTrue(DnsClient.closedWithin(s, 5000));
            assertTrue(System.nanoTime() - start > 500_000_000L, "closed before the idle timeout");
        }
        try (Socket s = DnsClient.connect(dnsd.port, 5000)) {
            s.getOutputStream().write(new byte[] {0});
            assertTrue(DnsClient.closedWithin(s, 5000), "half a length prefix");
        }
        assertNotNull(DnsClient.tcp(dnsd.port, GOOD).get(0));
    }

    @Test
    void largestTcpFrameOfGarbage_send_isAnsweredOrClosedAndTheNextWorks() throws IOException {
        byte[] garbage = new byte[65535];
        Arrays.fill(garbage, (byte) 0x3F);
        try (Socket s = DnsClient.connect(dnsd.port, 5000)) {
            DnsClient.send(s, garbage, GOOD);
            byte[] first = DnsClient.read(s);
            assertNotNull(first);
            assertTrue(rcode(first) == Rcode.FORMERR || rcode(first) == Rcode.NOTIMP, "rcode " + rcode(first));
            assertEquals(Rcode.NOERROR, rcode(DnsClient.read(s)));
        }
    }

    @Test
    void droppedQueryOverTcp_send_closesTheConnection() throws IOException {
        byte[] response = GOOD.clone();
        response[2] |= (byte) 0x80;
        try (Socket s = DnsClient.connect(dnsd.port, 5000)) {
            DnsClient.send(s, response);
            assertTrue(DnsClient.closedWithin(s, 5000));
        }
    }
}
