package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpFlag_run_printsUsageListingEveryCommandOnStdoutAndExitsZero(String flag) {
        int status = run(flag);

        assertEquals(0, status);
        assertTrue(out().startsWith("usage: jail4j [-hV] COMMAND\n"), out());
        for (String command : List.of("demo", "inspect", "bench", "ftpd", "ftp-bench", "dnsd", "dnsbench, dns-bench",
                "hosts-check", "tcpdmatch", "tcpd-bench", "audit", "layout", "audit-bench", "completion", "help")) {
            assertTrue(out().contains("\n  " + command + " "), command + ": " + out());
        }
        for (ExitCode code : ExitCode.values()) {
            assertTrue(out().contains("\n  " + code.code() + "   " + code.meaning().substring(0, Math.min(10, code.meaning().length()))), code + ": " + out());
        }
        assertEquals("", err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "inspect"})
    void commandWithHelp_run_printsItsOwnUsageAndExitsZero(String command) {
        int status = run(command, "--help");

        assertEquals(0, status);
        assertTrue(out().startsWith("usage: jail4j " + command + " "), out());
        assertTrue(!out().contains("Commands:"), "only the command's own help: " + out());
        assertEquals("", err());
    }

    @Test
    void noArguments_run_printsUsageOnStderrAndExitsTwo() {
        int status = run();

        assertEquals(2, status);
        assertEquals("", out());
        assertTrue(err().startsWith("jail4j: missing command\nusage: jail4j [-hV] COMMAND\n"), err());
    }

    @Test
    void unknownCommand_run_namesItOnStderrAndExitsTwo() {
        int status = run("serve", "--help");

        assertEquals(2, status);
        assertEquals("", out());
        assertTrue(err().startsWith("jail4j: unknown command \"serve\"\nusage: jail4j [-hV] COMMAND\n"), err());
    }

    @Test
    void demoWithUnknownOption_run_namesItWithDemoUsageAndExitsTwo() {
        int status = run("demo", "--port", "79");

        assertEquals(2, status);
        assertEquals("jail4j demo: Unknown options: '--port', '79'\n"
                + "usage: jail4j demo [-h] [--json] [--connections=N] [--jail=DIR] [--learn=PLANFILE] [--listen=ADDR:\n"
                + "                   PORT|systemd] [--user=NAME]\n"
                + "see 'jail4j demo --help'\n", err());
    }

    @Test
    void demoOnPublicAddress_run_refusesBeforeBindingAndExitsTwo() {
        int status = run("demo", "--listen", "0.0.0.0:79");

        assertEquals(2, status);
        assertTrue(err().startsWith("jail4j demo: --listen \"0.0.0.0:79\": 0.0.0.0 is not a loopback address"), err());
    }

    @Test
    void inspectWithoutPid_run_exitsTwo() {
        int status = run("inspect", "--json");

        assertEquals(2, status);
        assertTrue(err().startsWith("jail4j inspect: Missing required parameter: 'PID'\nusage: jail4j inspect "), err());
    }

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
