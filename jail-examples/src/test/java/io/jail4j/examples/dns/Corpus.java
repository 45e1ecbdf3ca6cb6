package io.jail4j.examples.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/** The test zone corpus (test resources) copied to a directory, and queries answered in-process. */
final class Corpus {
    /** The zone files of the corpus, as paths under the directory they are copied to. */
    static final List<String> ZONES = List.of("/corpus.test.zone", "/second.test.zone", "/kid.corpus.test.zone",
            "/bulk.test.zone");
    private static final List<String> FILES = List.of("corpus.test.zone", "second.test.zone", "kid.corpus.test.zone",
            "bulk.test.zone", "inc/hosts.inc");

    private Corpus() {
    }

    /** Copies the corpus into {@code dir}; returns it. */
    static Path copyTo(Path dir) {
        try {
            for (String f : FILES) {
                Path to = dir.resolve(f);
                Files.createDirectories(to.getParent());
                try (InputStream in = Corpus.class.getResourceAsStream(f)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource " + f + " is missing");
                    }
                    Files.copy(in, to);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the corpus copied to {@code dir}. */
    static Zones zones(Path dir) {
        try {
            return Zones.load(new ZoneRoot(dir, true), ZONES);
        } catch (ZoneException | IOException e) {
            throw new AssertionError("the corpus does not load: " + e.getMessage(), e);
        }
    }

    /** Builds a query; {@code ednsSize} 0 for none. */
    static byte[] query(String name, int type, int dclass, int ednsSize) {
        try {
            Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, dclass));
            m.getHeader().setID(4242);
            m.getHeader().unsetFlag(org.xbill.DNS.Flags.RD);
            if (ednsSize > 0) {
                m.addRecord(new OPTRecord(ednsSize, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
            }
            return m.toWire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] query(String name, int type) {
        return query(name, type, DClass.IN, 1232);
    }

    /** Answers {@code query} with a fresh worker; returns the raw response, or null if dropped. */
    static byte[] raw(Responder r, byte[] query, boolean tcp) {
        Worker w = r.worker();
        int n = w.respond(query, query.length, tcp, InetAddress.getLoopbackAddress());
        return n < 0 ? null : Arrays.copyOf(w.out, n);
    }

    /** Answers {@code query} and parses the response. */
    static Message answer(Responder r, byte[] query, boolean tcp) {
        byte[] raw = raw(r, query, tcp);
        if (raw == null) {
            throw new AssertionError("the query was dropped");
        }
        try {
            return new Message(raw);
        } catch (IOException e) {
            throw new AssertionError("the response does not parse: " + e, e);
        }
    }
}
