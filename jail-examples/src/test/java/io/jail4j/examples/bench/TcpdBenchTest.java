package io.jail4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.examples.ExitCode;
import io.jail4j.examples.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TcpdBenchTest {
    @Test
    void badArguments_tcpdBench_isAUsageErrorWithoutRunning() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        for (List<String> args : List.of(List.of("--rounds", "0"), List.of("--rules", "x"), List.of("--bogus"),
                List.of("--pipeline", "-1"), List.of("--pipeline", "many"))) {
            List<String> all = new ArrayList<>(List.of("tcpd-bench"));
            all.addAll(args);
            assertEquals(ExitCode.USAGE.code(), Cli.run(all, new ByteArrayInputStream(new byte[0]), System.out, e),
                    args.toString());
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("jail4j tcpd-bench: --rounds \"0\": expected a whole number from 1 to 100000"), text);
        assertTrue(text.contains("jail4j tcpd-bench: --rules \"x\": expected a whole number from 1 to 100000"), text);
        assertTrue(text.contains("jail4j tcpd-bench: Unknown option: '--bogus'"), text);
        assertTrue(text.contains("jail4j tcpd-bench: --pipeline \"many\": expected a whole number from 0 to 1000000000"),
                text);
    }

    @Test
    void sameSeed_generateFiles_areDeterministicLoopbackOnlyAndSized() {
        String a = TcpdWorkload.allowFile(1000, new Random(42));
        assertEquals(a, TcpdWorkload.allowFile(1000, new Random(42)));
        assertEquals(1001, a.lines().count(), "a comment and 1000 rules");
        assertTrue(a.lines().skip(1).allMatch(l -> l.matches("[a-zA-Z., ]+: .*")), a.substring(0, 200));
        for (String[] q : TcpdWorkload.queries(100, new Random(1))) {
            assertTrue(q[2].startsWith("127."), q[2]);
        }
        assertTrue(a.lines().skip(1).flatMap(l -> List.of(l.substring(l.indexOf(':') + 1).split(",")).stream())
                .map(String::trim).allMatch(c -> c.startsWith("127.") || c.endsWith(".example.test")));
    }

    @Test
    void cSources_resource_areBesideTheirBenchmarks() throws java.io.IOException {
        for (String name : List.of("ref_enter_proof.c", "wrap_bench.c")) {
            try (java.io.InputStream in = TcpdBench.class.getResourceAsStream(name)) {
                assertTrue(in != null, name + " must be a resource of the bench package, where Bench and TcpdBench"
                        + " load it from");
                assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("int main("), name);
            }
        }
    }
}
