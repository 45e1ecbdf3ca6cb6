package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TcpdBenchTest {
    @Test
    void badArguments_tcpdBench_isAUsageErrorWithoutRunning() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, TcpdBench.main(List.of("--rounds", "0"), System.out, e));
        assertEquals(Main.USAGE, TcpdBench.main(List.of("--rules", "x"), System.out, e));
        assertEquals(Main.USAGE, TcpdBench.main(List.of("--bogus"), System.out, e));
        assertEquals(Main.USAGE, TcpdBench.main(List.of("--pipeline", "-1"), System.out, e));
        assertEquals(Main.USAGE, TcpdBench.main(List.of("--pipeline", "many"), System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--rounds takes a number"), err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--pipeline takes a number"), err.toString());
    }

    @Test
    void generatedFiles_areDeterministicLoopbackOnlyAndSized() {
        String a = TcpdBench.allowFile(1000, new Random(42));
        assertEquals(a, TcpdBench.allowFile(1000, new Random(42)));
        assertEquals(1001, a.lines().count(), "a comment and 1000 rules");
        assertTrue(a.lines().skip(1).allMatch(l -> l.matches("[a-zA-Z., ]+: .*")), a.substring(0, 200));
        for (String[] q : TcpdBench.queries(100, new Random(1))) {
            assertTrue(q[2].startsWith("127."), q[2]);
        }
        assertTrue(a.lines().skip(1).flatMap(l -> List.of(l.substring(l.indexOf(':') + 1).split(",")).stream())
                .map(String::trim).allMatch(c -> c.startsWith("127.") || c.endsWith(".example.test")));
    }
}
