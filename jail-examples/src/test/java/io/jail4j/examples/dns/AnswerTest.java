package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What the answers hold, query by query, over the corpus zones (in-process, no sockets). */
class AnswerTest {
    @TempDir
    static Path dir;
    static Responder responder;

    @BeforeAll
    static void load() {
        responder = new Responder(Corpus.zones(Corpus.copyTo(dir)), false, AxfrAccess.nobody());
    }

    private static Message ask(String name, int type) {
        return Corpus.answer(responder, Corpus.query(name, type), false);
    }

    private static List<String> section(Message m, int section) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(section)) {
            if (r.getType() == Type.OPT) {
                continue;
            }
            out.add(r.getName() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + r.rdataToString());
        }
        return out;
    }

    @Test
    void existingName_query_isAuthoritativeWithDataNsAndGlue() {
        Message m = ask("www.corpus.test.", Type.A);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertTrue(m.getHeader().getFlag(Flags.AA));
        assertEquals(List.of("www.corpus.test. 3600 A 127.0.0.13"), section(m, Section.ANSWER));
        assertEquals(List.of("corpus.test. 3600 NS ns1.corpus.test.", "corpus.test. 3600 NS ns2.corpus.test."),
                section(m, Section.AUTHORITY));
        assertEquals(List.of("ns1.corpus.test. 3600 A 127.0.0.11", "ns2.corpus.test. 3600 A 127.0.0.12",
                "ns1.corpus.test. 3600 AAAA 0:0:0:0:0:0:0:11"), section(m, Section.ADDITIONAL));
        OPTRecord opt = m.getOPT();
        assertNotNull(opt);
        assertEquals(1232, opt.getPayloadSize());
    }

    @Test
    void missingName_query_isNxdomainWithTheSoaAtItsNegativeTtl() {
        Message m = ask("nope.corpus.test.", Type.A);
        assertEquals(Rcode.NXDOMAIN, m.getRcode());
        assertTrue(m.getHeader().getFlag(Flags.AA));
        assertEquals(0, m.getSection(Section.ANSWER).size());
        assertEquals(List.of("corpus.test. 300 SOA ns1.corpus.test. hostmaster.corpus.test. 2024010101 7200 3600 1209600 300"),
                section(m, Section.AUTHORITY));
    }

    @Test
    void missingType_query_isNodataWithTheSoa() {
        Message m = ask("www.corpus.test.", Type.MX);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertEquals(0, m.getSection(Section.ANSWER).size());
        assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void emptyNonTerminal_query_isNodataNotNxdomain() {
        Message m = ask("b.ent.corpus.test.", Type.A);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void cnameChain_query_followsItToTheData() {
        Message m = ask("chain1.corpus.test.", Type.A);
        assertEquals(List.of("chain1.corpus.test. 3600 CNAME chain2.corpus.test.", "chain2.corpus.test. 3600 CNAME chain3.corpus.test.",
                "chain3.corpus.test. 3600 CNAME www.corpus.test.", "www.corpus.test. 3600 A 127.0.0.13"), section(m, Section.ANSWER));
        assertTrue(m.getHeader().getFlag(Flags.AA));
    }

    @Test
    void cnameLoop_query_stopsWhenTheChainRepeats() {
        Message m = ask("loop1.corpus.test.", Type.A);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertEquals(List.of("loop1.corpus.test. 3600 CNAME loop2.corpus.test.", "loop2.corpus.test. 3600 CNAME loop1.corpus.test."),
                section(m, Section.ANSWER));
    }

    @Test
    void danglingCname_query_isNxdomainWithTheChain() {
        Message m = ask("dangling.corpus.test.", Type.A);
        assertEquals(Rcode.NXDOMAIN, m.getRcode());
        assertEquals(1, m.getSection(Section.ANSWER).size());
    }

    @Test
    void cnameLeavingTheServedZones_query_isTheChainAloneNotRefused() {
        Message m = ask("outside.corpus.test.", Type.A);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertEquals(List.of("outside.corpus.test. 3600 CNAME www.other.test."), section(m, Section.ANSWER));
        assertEquals(0, m.getSection(Section.AUTHORITY).size());
    }

    @Test
    void cnameIntoAnotherServedZone_query_continuesThere() {
        Message m = ask("toother.corpus.test.", Type.A);
        assertEquals(List.of("toother.corpus.test. 3600 CNAME www.second.test.", "www.second.test. 600 A 127.0.0.81"),
                section(m, Section.ANSWER));
        assertEquals(List.of("second.test. 600 NS ns.second.test."), section(m, Section.AUTHORITY));
    }

    @Test
    void cnameIntoADelegation_query_isAReferralKeepingAa() {
        Message m = ask("tosub.corpus.test.", Type.A);
        assertTrue(m.getHeader().getFlag(Flags.AA));
        assertEquals(1, m.getSection(Section.ANSWER).size());
        assertEquals(3, m.getSection(Section.AUTHORITY).size());
    }

    @Test
    void wildcard_query_synthesizesTheRecordsUnderTheQueryName() {
        Message m = ask("foo.wild.corpus.test.", Type.A);
        assertEquals(List.of("foo.wild.corpus.test. 3600 A 127.0.0.20"), section(m, Section.ANSWER));
        m = ask("a.b.wild.corpus.test.", Type.TXT);
        assertEquals(List.of("a.b.wild.corpus.test. 3600 TXT \"from the wildcard\""), section(m, Section.ANSWER));
    }

    @Test
    void nameBesideAWildcard_query_isNotSynthesized() {
        Message m = ask("exists.wild.corpus.test.", Type.TXT);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertEquals(0, m.getSection(Section.ANSWER).size());
    }

    @Test
    void emptyNonTerminalBelowAWildcard_query_blocksIt() {
        // RFC 4592 2.2.2: y.w2 exists (empty), so *.w2 does not cover q.y.w2
        assertEquals(Rcode.NXDOMAIN, ask("q.y.w2.corpus.test.", Type.A).getRcode());
        assertEquals(List.of("z.w2.corpus.test. 3600 A 127.0.0.23"), section(ask("z.w2.corpus.test.", Type.A), Section.ANSWER));
    }

    @Test
    void wildcardCname_query_isExpandedAndFollowed() {
        Message m = ask("x.wcname.corpus.test.", Type.A);
        assertEquals(List.of("x.wcname.corpus.test. 3600 CNAME www.corpus.test.", "www.corpus.test. 3600 A 127.0.0.13"),
                section(m, Section.ANSWER));
    }

    @Test
    void nameBelowADelegation_query_isAReferralWithGlueAndNoAa() {
        Message m = ask("host.sub.corpus.test.", Type.A);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertFalse(m.getHeader().getFlag(Flags.AA));
        assertEquals(0, m.getSection(Section.ANSWER).size());
        assertEquals(List.of("sub.corpus.test. 3600 NS ns1.sub.corpus.test.", "sub.corpus.test. 3600 NS ns2.sub.corpus.test.",
                "sub.corpus.test. 3600 NS ns.other.test."), section(m, Section.AUTHORITY));
        assertEquals(List.of("ns1.sub.corpus.test. 3600 A 127.0.0.40", "ns2.sub.corpus.test. 3600 A 127.0.0.41",
                "ns2.sub.corpus.test. 3600 AAAA 0:0:0:0:0:0:0:41"), section(m, Section.ADDITIONAL));
    }

    @Test
    void mxTargetBelowACut_query_getsNoGlueForIt() {
        Message m = ask("mxsub.corpus.test.", Type.MX);
        for (Record r : m.getSection(Section.ADDITIONAL)) {
            assertFalse(r.getName().toString().endsWith("sub.corpus.test."), r.toString());
        }
    }

    @Test
    void childZoneServedToo_query_answersFromTheChildAndDsFromTheParent() {
        Message m = ask("host.kid.corpus.test.", Type.A);
        assertTrue(m.getHeader().getFlag(Flags.AA));
        assertEquals(List.of("host.kid.corpus.test. 900 A 127.0.0.43"), section(m, Section.ANSWER));
        m = ask("kid.corpus.test.", Type.DS);
        assertEquals("corpus.test.", m.getSection(Section.AUTHORITY).get(0).getName().toString());
    }

    @Test
    void otherZone_query_isRefusedWithAnExtendedError() {
        Message m = ask("www.other.test.", Type.A);
        assertEquals(Rcode.REFUSED, m.getRcode());
        assertFalse(m.getHeader().getFlag(Flags.AA));
        assertEquals(1, m.getSection(Section.QUESTION).size());
        assertEquals("[20]", String.valueOf(m.getOPT().getOptions().stream().map(o -> o.getCode() == 15
                ? (int) ((org.xbill.DNS.ExtendedErrorCodeOption) o).getErrorCode() : -1).toList()));
    }

    @Test
    void mixedCaseQuestion_query_keepsTheCaseInQuestionAndAnswer() {
        Message m = ask("WwW.CoRpUs.TeSt.", Type.A);
        assertEquals("WwW.CoRpUs.TeSt.", m.getQuestion().getName().toString());
        assertEquals("WwW.CoRpUs.TeSt.", m.getSection(Section.ANSWER).get(0).getName().toString());
        assertEquals("corpus.test.", ask("www.corpus.test.", Type.A).getSection(Section.AUTHORITY).get(0).getName().toString());
    }

    @Test
    void ednsBufferAboveTheCap_query_isCappedAt1232() {
        // mid: about 1 kB of TXT; with NS and glue it passes 1232, so over UDP the optional sets go
        byte[] q = Corpus.query("mid.corpus.test.", Type.TXT, DClass.IN, 4096);
        Message m = Corpus.answer(responder, q, false);
        assertFalse(m.getHeader().getFlag(Flags.TC));
        assertEquals(10, m.getSection(Section.ANSWER).size());
        assertTrue(Corpus.raw(responder, q, false).length <= 1232);
        Message big = Corpus.answer(responder, Corpus.query("big.corpus.test.", Type.TXT, DClass.IN, 65000), false);
        assertTrue(big.getHeader().getFlag(Flags.TC), "a 4 kB answer does not fit 1232 bytes whatever the client offers");
    }

    @Test
    void largeAnswer_queryOverUdpThenTcp_isTruncatedThenWhole() {
        byte[] q = Corpus.query("big.corpus.test.", Type.TXT, DClass.IN, 0);
        Message udp = Corpus.answer(responder, q, false);
        assertTrue(udp.getHeader().getFlag(Flags.TC));
        assertEquals(0, udp.getSection(Section.ANSWER).size());
        assertTrue(Corpus.raw(responder, q, false).length <= 512);
        Message tcp = Corpus.answer(responder, q, true);
        assertFalse(tcp.getHeader().getFlag(Flags.TC));
        assertEquals(40, tcp.getSection(Section.ANSWER).size());
    }

    @Test
    void smallEdnsBuffer_query_usesAtLeast512() {
        byte[] q = Corpus.query("ns1.corpus.test.", Type.A, DClass.IN, 100);
        assertFalse(Corpus.answer(responder, q, false).getHeader().getFlag(Flags.TC));
    }

    @Test
    void referralWithTooMuchGlue_queryWithoutEdns_keepsWhatFitsWithoutTc() {
        Message m = Corpus.answer(responder, Corpus.query("www.many.corpus.test.", Type.A, DClass.IN, 0), false);
        assertFalse(m.getHeader().getFlag(Flags.TC));
        assertEquals(14, m.getSection(Section.AUTHORITY).size());
        assertTrue(m.getSection(Section.ADDITIONAL).size() > 0 && m.getSection(Section.ADDITIONAL).size() < 28);
    }

    @Test
    void anyClass_query_clearsAaAndOmitsTheSoa() {
        Message m = Corpus.answer(responder, Corpus.query("nope.corpus.test.", Type.A, DClass.ANY, 0), false);
        assertEquals(Rcode.NXDOMAIN, m.getRcode());
        assertFalse(m.getHeader().getFlag(Flags.AA));
        assertEquals(0, m.getSection(Section.AUTHORITY).size());
    }

    @Test
    void anyType_query_answersOneRrset() {
        assertEquals(List.of("corpus.test. 3600 SOA ns1.corpus.test. hostmaster.corpus.test. 2024010101 7200 3600 1209600 300"),
                section(ask("corpus.test.", Type.ANY), Section.ANSWER));
    }

    @Test
    void chaosClass_query_isRefused() {
        Message m = Corpus.answer(responder, Corpus.query("version.server.", Type.TXT, DClass.CH, 1232), false);
        assertEquals(Rcode.REFUSED, m.getRcode());
        assertEquals(0, m.getSection(Section.ANSWER).size());
    }

    @Test
    void transferOverUdp_query_isNotImplemented() {
        assertEquals(Rcode.NOTIMP, Corpus.answer(responder, Corpus.query("corpus.test.", Type.AXFR), false).getRcode());
    }

    @Test
    void transferFromAClientNotAllowed_query_isRefusedOverTcp() {
        assertEquals(Rcode.REFUSED, Corpus.answer(responder, Corpus.query("corpus.test.", Type.AXFR), true).getRcode());
        assertEquals(Rcode.NOTAUTH, Corpus.answer(responder, Corpus.query("www.corpus.test.", Type.AXFR), true).getRcode());
    }

    @Test
    void sameQuestionTwice_query_comesFromTheTemplateUnchanged() {
        byte[] q = Corpus.query("www.corpus.test.", Type.A);
        byte[] first = Corpus.raw(responder, q, false);
        byte[] second = Corpus.raw(responder, q, false);
        assertArrayEquals(first, second);
        assertNotNull(responder.snapshot().templates.get(probe(q)));
        assertNull(responder.snapshot().templates.get(probe(Corpus.query("never.asked.corpus.test.", Type.A))));
    }

    private static Templates.Probe probe(byte[] q) {
        Templates.Probe p = new Templates.Probe();
        p.set(q, 12, q.length - 12 - 4 - 11, Type.A);
        return p;
    }

    @Test
    void rdFlag_query_isCopiedAndCdIsCleared() {
        byte[] q = Corpus.query("www.corpus.test.", Type.A);
        q[2] |= 0x01;
        q[3] |= 0x10;
        Message m = Corpus.answer(responder, q, false);
        assertTrue(m.getHeader().getFlag(Flags.RD));
        assertFalse(m.getHeader().getFlag(Flags.CD));
        assertEquals(4242, m.getHeader().getID());
    }
}
