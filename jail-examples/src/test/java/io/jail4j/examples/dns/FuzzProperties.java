package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.Type;

/**
 * Random and mutated messages never make a worker throw, never yield a response larger than
 * allowed or with another id, and leave the server answering.
 */
class FuzzProperties {
    private static final Path DIR;
    private static final Responder RESPONDER;

    static {
        try {
            DIR = Files.createTempDirectory("dnsd-fuzz-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        RESPONDER = new Responder(Corpus.zones(Corpus.copyTo(DIR)), false, AxfrAccess.nobody());
    }

    @AfterContainer
    static void cleanUp() {
        JailFiles.delete(DIR);
    }

    private static final String[] NAMES = {"www.corpus.test.", "foo.wild.corpus.test.", "host.sub.corpus.test.",
        "chain1.corpus.test.", "big.corpus.test.", "nope.corpus.test.", "other.test.", "corpus.test."};

    @Provide
    Arbitrary<byte[]> queries() {
        return Arbitraries.of(NAMES).flatMap(n -> Arbitraries.of(Type.A, Type.TXT, Type.ANY, Type.AXFR, Type.IXFR, Type.NS)
                .flatMap(t -> Arbitraries.of(0, 512, 1232, 4096).map(e -> Corpus.query(n, t, 1, e))));
    }

    @Property(tries = 1500)
    void randomBytes_respond_neverThrowsAndKeepsTheId(@ForAll @Size(max = 300) byte[] packet) {
        check(packet, false);
        check(packet, true);
    }

    @Property(tries = 1500)
    void mutatedQuery_respond_neverThrowsAndKeepsTheId(@ForAll("queries") byte[] query,
            @ForAll @Size(min = 1, max = 4) java.util.List<@net.jqwik.api.constraints.IntRange(max = 400) Integer> positions,
            @ForAll byte value, @ForAll boolean cut) {
        byte[] q = query.clone();
        for (int p : positions) {
            q[p % q.length] ^= value;
        }
        if (cut) {
            q = java.util.Arrays.copyOf(q, positions.get(0) % (q.length + 1));
        }
        check(q, false);
        check(q, true);
    }

    private static void check(byte[] packet, boolean tcp) {
        Worker w = RESPONDER.worker();
        int n = w.respond(packet, packet.length, tcp, InetAddress.getLoopbackAddress());
        if (n == Worker.TRANSFER) {
            for (int i = 0; i < 100 && (n = w.nextTransferMessage()) > 0; i++) {
                assertTrue(n <= ZoneTransfer.MAX_MESSAGE + 6);
            }
            return;
        }
        if (n == Worker.DROP) {
            return;
        }
        assertTrue(n >= 12 && n <= (tcp ? 65535 : 1232 + 6), "response of " + n + " bytes");
        assertEquals(packet[0], w.out[0]);
        assertEquals(packet[1], w.out[1]);
        assertTrue((w.out[2] & 0x80) != 0, "QR set");
    }

    @Property(tries = 1)
    void afterTheFuzz_query_isStillAnswered() {
        byte[] good = Corpus.query("www.corpus.test.", Type.A);
        assertNotNull(Corpus.raw(RESPONDER, good, false));
    }
}
