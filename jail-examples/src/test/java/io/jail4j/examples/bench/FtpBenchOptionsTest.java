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

import org.junit.jupiter.api.Test;

/** The command line of {@code jail4j ftp-bench}; nothing here starts a server. */
class FtpBenchOptionsTest {
    @Test
    void helpOption_ftpBench_describesBothMeasurements() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(ExitCode.OK.code(), run(List.of("--help"), out, new ByteArrayOutputStream()));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("usage: jail4j ftp-bench "), help);
        assertTrue(help.contains("--mib=N") && help.contains("(default 1024)") && help.contains("--clients=N")
                && help.contains("default 32)") && help.contains("--mode=active|passive"),
                help);
    }

    @Test
    void badArguments_ftpBench_exitTwoNamingTheOption() {
        for (List<String> args : List.of(List.of("--mode", "bogus"), List.of("--runs", "0"), List.of("--mib"),
                List.of("--clients", "33"), List.of("--bogus"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(ExitCode.USAGE.code(), run(args, new ByteArrayOutputStream(), err), args.toString());
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("jail4j ftp-bench: ") && text.contains(args.get(0)), args + ": " + text);
            assertTrue(text.contains("\nusage: jail4j ftp-bench "), args + ": " + text);
        }
    }

    private static int run(List<String> args, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        List<String> all = new ArrayList<>(List.of("ftp-bench"));
        all.addAll(args);
        return Cli.run(all, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
