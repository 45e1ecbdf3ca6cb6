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
        assertTrue(out().startsWith("usage: jail4j <command>"), out());
        assertTrue(out().contains("\n  demo [--listen ADDR:PORT|systemd] [--user NAME] [--jail DIR] [--connections N] [--json]"
                + " [--learn PLANFILE]\n"), out());
        assertTrue(out().contains("--listen systemd takes the socket\n      from the service manager"), out());
        assertTrue(out().contains("\n  inspect PID [--json] [--jail DIR --uid N --gid N"), out());
        assertEquals("", err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "inspect"})
    void commandWithHelp_run_printsUsageAndExitsZero(String command) {
        int status = run(command, "--help");

        assertEquals(0, status);
        assertTrue(out().startsWith("usage: jail4j"), out());
    }

    @Test
    void noArguments_run_printsUsageOnStderrAndExitsTwo() {
        int status = run();

        assertEquals(2, status);
        assertEquals("", out());
        assertTrue(err().startsWith("usage: jail4j <command>"), err());
    }

    @Test
    void unknownCommand_run_namesItOnStderrAndExitsTwo() {
        int status = run("serve", "--help");

        assertEquals(2, status);
        assertEquals("", out());
        assertTrue(err().startsWith("jail4j: unknown command \"serve\"\nusage: jail4j"), err());
    }

    @Test
    void demoWithUnknownOption_run_namesItWithDemoUsageAndExitsTwo() {
        int status = run("demo", "--port", "79");

        assertEquals(2, status);
        assertEquals("jail4j demo: unknown argument \"--port\"\nusage: jail4j " + DemoOptions.USAGE + "\n", err());
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
        assertTrue(err().startsWith("jail4j inspect: missing PID\nusage: jail4j " + InspectOptions.USAGE), err());
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
