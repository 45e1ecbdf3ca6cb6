package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dnsd against the real NSD, serving the same zones in the same run: the corpus of
 * {@code dig-queries.txt} (one dig batch line each: names, types, classes, EDNS sizes, TCP, transfers
 * from an allowed and a refused client, opcodes) goes to both with {@code dig}, and every response
 * must read the same, section by section, down to the message size; then hostile packets go to
 * both over UDP and must get byte-identical answers, or silence from both. Only what legitimately
 * differs is ignored: the message id dig picks, the query time, the server's port, the date.
 *
 * <p>Deliberate differences, left out of the corpus: a query with a TSIG record gets NOTAUTH
 * without the TSIG error record NSD appends (dnsd has no keys); DNAME records and
 * {@code $GENERATE} are refused at load; DNSSEC records are served as plain data (no RRSIGs added
 * for DO, no NSEC proofs); a name inside record data is written in the case it has at that place
 * (NSD writes every occurrence of a name in the case of its first appearance in the zone).
 */
@Timeout(120)
class NsdDifferentialTest {
    @TempDir
    static Path dir;
    static NsdPeer nsd;
    static LocalDnsd dnsd;

    @BeforeAll
    static void start() throws Exception {
        Tools.require("nsd bind9-dnsutils", "/usr/sbin/nsd", "/usr/bin/dig");
        Path zones = Corpus.copyTo(Files.createDirectory(dir.resolve("zones")));
        List<Path> files = new ArrayList<>();
        for (String z : Corpus.ZONES) {
            files.add(zones.resolve(z.substring(1)));
        }
        Path allow = Files.writeString(dir.resolve("hosts.allow"), "dnsd-axfr: " + NsdPeer.TRANSFER_CLIENT + "\n");
        Path deny = Files.writeString(dir.resolve("hosts.deny"), "dnsd-axfr: ALL\n");
        dnsd = LocalDnsd.start(Corpus.zones(zones), TcpdAxfrAccess.load(allow, deny), 10_000);
        nsd = NsdPeer.start(Files.createDirectory(dir.resolve("nsd")), NsdPeer.freePort(), 1, files);
    }

    @AfterAll
    static void stop() {
        if (dnsd != null) {
            dnsd.close();
        }
        if (nsd != null) {
            nsd.close();
        }
    }

    @Test
    void digCorpus_bothServers_answerTheSame() throws Exception {
        Path batch = dir.resolve("queries.txt");
        try (InputStream in = getClass().getResourceAsStream("dig-queries.txt")) {
            Files.write(batch, in.readAllBytes());
        }
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(batch, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                queries.add(line);
            }
        }
        List<String> fromNsd = blocks(Tools.dig(nsd.port(), "-f", batch.toString()));
        List<String> fromDnsd = blocks(Tools.dig(dnsd.port, "-f", batch.toString()));
        assertEquals(queries.size(), fromNsd.size(), "NSD: one block per query\n" + nsd.log());
        assertEquals(queries.size(), fromDnsd.size(), "dnsd: one block per query");
        List<String> differences = new ArrayList<>();
        int answered = 0;
        for (int i = 0; i < queries.size(); i++) {
            String a = fromNsd.get(i);
            assertTrue(a.contains("->>HEADER<<-") || a.contains("XFR size") || a.contains("Transfer failed"),
                    "NSD gave no answer to " + queries.get(i) + ":\n" + a + "\n" + nsd.log());
            answered += a.contains("status: NOERROR") || a.contains("XFR size") ? 1 : 0;
            if (!a.equals(fromDnsd.get(i))) {
                differences.add("query " + (i + 1) + ": " + queries.get(i) + "\n--- NSD\n" + a + "\n--- dnsd\n" + fromDnsd.get(i));
            }
        }
        assertTrue(answered > queries.size() / 2, "most of the corpus has answers");
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + queries.size() + " responses differ:\n" + String.join("\n", differences));
        }
    }

    /** Splits dig's batch output per query and drops what legitimately differs. */
    static List<String> blocks(String output) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("; <<>> DiG ")) {
                if (current != null) {
                    out.add(current.toString().strip());
                }
                current = new StringBuilder();
            }
            if (current == null || line.startsWith(";; Query time:") || line.startsWith(";; SERVER:")
                    || line.startsWith(";; WHEN:") || line.startsWith(";; global options:") || line.startsWith("; (1 server found)")) {
                continue;
            }
            current.append(line.replaceAll("id: \\d+", "id: X")).append('\n');
        }
        if (current != null) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** Hostile packets (hex), each sent alone over UDP. */
    static final List<String> HOSTILE = List.of(
            "1234",                                                     // truncated header
            "123400000001000000000000",                                 // header, no question
            "1234010000010000000000004061000001000" + "1",              // label length 0x40
            "123400000001000000000000c00c00010001",                     // pointer in the question
            "12340000000100000000000014616200",                         // label past the end
            "123401000002000000000000037777770006636f7270757304746573740000010001"
                    + "037777770006636f7270757304746573740000010001", // two questions
            "123400000001000100000000037777770006636f7270757304746573740000010001", // ANCOUNT 1
            "123410000001000000000000037777770006636f7270757304746573740000010001", // opcode 2
            "123400000001000000000001037777770006636f7270757304746573740000010001"
                    + "00002904d00001000000000000",                     // EDNS version 1
            "123400000001000000000001037777770006636f7270757304746573740000010001"
                    + "00002904d0000000000006000300090000",               // option longer than the record
            "123400000001000000000002037777770006636f7270757304746573740000010001"
                    + "00002904d0000000000000" + "00002904d0000000000000", // two OPT records
            "123400000001000000000001037777770006636f7270757304746573740000010001"
                    + "c0210001000100000000",                           // compression loop in the additional section
            "123480000001000000000000037777770006636f7270757304746573740000010001", // a response
            "123400000000000000000001" + "00002904d0000000000000",    // only an OPT record
            "123400030001000000000000037777770006636f7270757304746573740000010001", // rcode set in a query
            "123400000001000000000000037777770006636f72707573047465737400");  // no type and class

    @Test
    void hostilePackets_bothServers_answerByteForByteOrNotAtAll() throws IOException {
        List<String> differences = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (String h : HOSTILE) {
            byte[] packet = hex.parseHex(h);
            byte[] a = DnsClient.udp(nsd.port(), packet, 700);
            byte[] b = DnsClient.udp(dnsd.port, packet, 700);
            if (!Arrays.equals(a, b)) {
                differences.add(h + "\n  NSD:  " + (a == null ? "(nothing)" : hex.formatHex(a)) + "\n  dnsd: "
                        + (b == null ? "(nothing)" : hex.formatHex(b)));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " of " + HOSTILE.size() + " differ:\n"
                + String.join("\n", differences));
        assertTrue(DnsClient.udp(dnsd.port, Corpus.query("www.corpus.test.", 1), 5000) != null);
    }
}
