package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Generated rule files (valid, odd and malformed lines) and generated requests, each decided by
 * jail4j and by the real libwrap: verdicts and libwrap's log must be the same.
 */
@AddLifecycleHook(NeedsLibwrap.class)
class GeneratedDifferentialProperties {
    private static final List<String> HOSTS = List.of("ALL", "KNOWN", "UNKNOWN", "LOCAL", "PARANOID", "localhost",
            "a.example.test", "B.EXAMPLE.test", "host", ".example.test", ".test", ".TEST", "127.", "127.0.",
            "127.0.0.", "127.0.1.", "127.0.0.1", "127.0.0.2", "127.0.1.3", "127.0.0.0/255.255.255.0", "127.0.0.0/24",
            "127.0.0.0/8", "127.0.1.0/255.255.255.252", "127.0.0.1/32", "127.0.0.0/0", "127.0.0.0/x", "[::1]",
            "[::1]/128", "[::]/127", "[::ffff:127.0.0.1]", "[::]/0", "127.0.0.?", "*.example.test", "a*", "?", "*",
            "bob@ALL", "KNOWN@127.0.0.1", "b*@LOCAL", "UNKNOWN@KNOWN", "@ng", "127.0.0.1.", "unknown", "paranoid");
    private static final List<String> DAEMONS = List.of("ALL", "sshd", "SSHD", "in.ftpd", "in.*", "in.", "ftpd",
            "KNOWN", "sshd@127.0.0.1", "sshd@LOCAL", "ftpd@127.0.1.0/24", "21", "?shd", ".ftpd", "x@[::1]");
    private static final List<String> OPTIONS = List.of("", "", "", ": allow", ": deny", ": severity auth.info",
            ": keepalive", ": bogus", ": linger 3", ": allow: deny", ":", ": severity local0.bogus", ": rfc931");
    private static final List<String> SEPARATORS = List.of(" ", ", ", ",", "\t", " , ");

    private static Path dir;
    private static Differ differ;

    private static synchronized Differ differ() throws IOException {
        if (differ == null) {
            dir = Files.createTempDirectory("jail4j-tcpd-gen-");
            differ = new Differ(Libwrap.get(), dir);
        }
        return differ;
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Property(tries = 250)
    void generatedFilesAndRequests_checkAgainstLibwrap_agree(@ForAll("files") String allow,
                                                             @ForAll("files") String deny,
                                                             @ForAll("requests") List<Request> requests)
            throws IOException {
        assertEquals(List.of(), differ().compare("generated", allow, deny, requests));
    }

    @Property(tries = 150)
    void garbageFiles_checkAgainstLibwrap_agree(@ForAll("garbage") String allow, @ForAll("garbage") String deny,
                                                @ForAll("requests") List<Request> requests) throws IOException {
        assertEquals(List.of(), differ().compare("garbage", allow, deny, requests));
    }

    /** Random runs of rule-file fragments, NUL and high bytes, brackets and backslashes. */
    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> piece = Arbitraries.of("ALL", "EXCEPT", "LOCAL", "KNOWN", ":", ":", "\\\n", "\n", "\n",
                "\0", " ", ",", "\t", "[", "]", "@", "/", "127.0.0.1", "::1", "*", "?", ".", "#", "allow", "deny",
                "\\", "\r", "\u00e9", "\u00ff", "sshd", "localhost", "=", "%h", "severity", "bob", "127.", "/24");
        return piece.list().ofMinSize(0).ofMaxSize(60).map(ps -> String.join("", ps));
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                Tuple.of(12, rule()),
                Tuple.of(2, Arbitraries.of("# comment\n", "\n", "  \t\n", "  # indented: ALL\n")),
                Tuple.of(2, list(Arbitraries.of(DAEMONS), 1, 2).map(d -> d + " 127.0.0.1\n")),
                Tuple.of(2, rule().map(r -> r.replaceFirst(" ", " \\\\\n"))));
        Arbitrary<List<String>> lines = line.list().ofMinSize(0).ofMaxSize(10);
        return Combinators.combine(lines, Arbitraries.integers().between(0, 9))
                .as((ls, cut) -> {
                    String text = String.join("", ls);
                    return cut == 0 && text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                });
    }

    private Arbitrary<String> rule() {
        return Combinators.combine(list(Arbitraries.of(DAEMONS), 1, 3), list(Arbitraries.of(HOSTS), 0, 4),
                Arbitraries.of(OPTIONS)).as((d, c, o) -> d + ": " + c + o + "\n");
    }

    /** A list of 1-n entries with mixed separators and sometimes an EXCEPT part. */
    private Arbitrary<String> list(Arbitrary<String> entries, int min, int max) {
        Arbitrary<String> part = Combinators.combine(entries.list().ofMinSize(min).ofMaxSize(max),
                Arbitraries.of(SEPARATORS)).as((es, sep) -> String.join(sep, es));
        return Combinators.combine(part, part, part, Arbitraries.integers().between(0, 5)).as((a, b, c, k) ->
                k == 0 ? a + " EXCEPT " + b : k == 1 ? a + " EXCEPT " + b + " EXCEPT " + c : a);
    }

    @Provide
    Arbitrary<List<Request>> requests() {
        Arbitrary<Request> r = Combinators.combine(
                Arbitraries.of("sshd", "SSHD", "in.ftpd", "ftpd", "in.telnetd", "x", "21"),
                Arbitraries.of("", "localhost", "a.example.test", "B.EXAMPLE.TEST", "host", "paranoid", "unknown",
                        "x.test", ".test", ".example.test", "example.test", "127.0.0.1", "a", "a.", "[::1]", "ALL"),
                Arbitraries.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.1.1", "127.0.1.3", "::1",
                        "::ffff:127.0.0.1", "", "127.0.0.1.", "0x7f.0.0.1", "127.1", "::ffff:127.0.1.3", "0:0::1",
                        "unknown", "127.0.0.01"),
                Arbitraries.of("", "bob", "alice", "unknown", "BOB", "b", "ALL"),
                Arbitraries.integers().between(0, 3)).as((d, n, a, u, s) -> {
                    Request q = Request.of(d, n, a, u);
                    switch (s) {
                        case 1:
                            return q.withServer("srv", "127.0.0.1");
                        case 2:
                            return q.withServer(null, "127.0.1.1").withPorts(21, 40000);
                        case 3:
                            return q.withServer("localhost", "::1").withPorts(22, -1);
                        default:
                            return q;
                    }
                });
        return r.list().ofMinSize(1).ofMaxSize(12);
    }
}
