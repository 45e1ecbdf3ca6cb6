package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The command line of {@code jail4j ftp-bench}; nothing here starts a server. */
class FtpBenchOptionsTest {
    @Test
    void help_main_describesBothMeasurements() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, FtpBench.main(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream())));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("usage: jail4j " + FtpBench.USAGE + "\n"), help);
        assertTrue(help.contains("--mib MiB (default 1024)") && help.contains("--clients curl processes (default 32)")
                && help.contains("--mode"), help);
    }

    @Test
    void badArguments_main_exitTwoWithUsage() {
        for (List<String> args : List.of(List.of("--mode", "bogus"), List.of("--runs", "0"), List.of("--mib"),
                List.of("--clients", "33"), List.of("--bogus"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, FtpBench.main(args, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8)), args.toString());
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("jail4j ftp-bench: "), args + ": " + err);
        }
    }
}
