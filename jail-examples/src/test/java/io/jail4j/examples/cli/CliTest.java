package io.jail4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.examples.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line in process, through picocli with captured streams: every subcommand's own
 * help, one usage error per subcommand naming the option and value, the version, the bash
 * completion script and an unknown command. Nothing here binds, jails or starts a tool.
 */
class CliTest {
    /** Every subcommand, and options (or parameter labels) its help must name. */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("demo", List.of("--listen=ADDR:PORT|systemd", "--user=NAME", "--jail=DIR", "--connections=N",
                        "--json", "--learn=PLANFILE")),
                Arguments.of("inspect", List.of("PID", "--json", "--jail=DIR", "--uid=N", "--gid=N", "--groups=G,G,...")),
                Arguments.of("bench", List.of("--runs=N", "--user=NAME")),
                Arguments.of("ftpd", List.of("--listen=ADDR:PORT|systemd", "--root=DIR", "--demo", "--user=NAME",
                        "--pasv-ports=LOW-HIGH", "--allow=FILE", "--deny=FILE", "--upload=SUBDIR", "--tls-cert=PEM",
                        "--tls-key=PEM", "--tls-self-signed", "--max-clients=N", "--max-per-ip=N", "--max-line=BYTES",
                        "--login-timeout=S", "--idle-timeout=S", "--accept-timeout=S", "--connect-timeout=S",
                        "--data-timeout=S")),
                Arguments.of("ftp-bench", List.of("--runs=N", "--mib=N", "--clients=N", "--files=N", "--file-kib=N",
                        "--mode=active|passive")),
                Arguments.of("dnsd", List.of("--listen=ADDR:PORT|systemd", "--zone=FILE", "--jail=DIR", "--user=NAME",
                        "--allow=FILE", "--deny=FILE")),
                Arguments.of("dnsbench", List.of("--rounds=N", "--seconds=S", "--clients=C", "--zone=FILE",
                        "--queries=FILE")),
                Arguments.of("hosts-check", List.of("--allow=FILE", "--deny=FILE")),
                Arguments.of("tcpdmatch", List.of("-d", "--allow=FILE", "--deny=FILE", "daemon[@host]", "[user@]host")),
                Arguments.of("tcpd-bench", List.of("--rounds=N", "--rules=N", "--pipeline=QUERIES")),
                Arguments.of("audit", List.of("--user=NAME", "--layout=SPEC", "--json", "DIR")),
                Arguments.of("layout", List.of("plan|apply", "SPEC", "DIR")),
                Arguments.of("audit-bench", List.of("--files=N", "--runs=R")),
                Arguments.of("completion", List.of("bash completion")));
    }

    /** Every subcommand with a bad command line, and what its usage error must say. */
    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of("demo", "--connections", "0"), "--connections \"0\": expected a whole number from 1"),
                Arguments.of(List.of("demo", "--listen", "10.0.0.1:79"), "--listen \"10.0.0.1:79\": 10.0.0.1 is not a"
                        + " loopback address"),
                Arguments.of(List.of("inspect", "12", "--uid", "5"), "--jail, --uid and --gid go together"),
                Arguments.of(List.of("bench", "--runs", "many"), "--runs \"many\": expected a whole number from 1"),
                Arguments.of(List.of("ftpd", "--listen", "127.0.0.1:21", "--root", "/srv", "--max-line", "10"),
                        "--max-line \"10\": expected a whole number from 64 to 1048576"),
                Arguments.of(List.of("ftp-bench", "--mode", "sideways"), "'sideways'"),
                Arguments.of(List.of("dnsd", "--zone", "z", "--listen", "127.0.0.1:65536"),
                        "--listen \"127.0.0.1:65536\": port \"65536\" is not a number in 0..65535"),
                Arguments.of(List.of("dnsbench", "--zone", "z"), "--zone and --queries go together"),
                Arguments.of(List.of("dns-bench", "--seconds", "0"), "--seconds \"0\": expected a whole number from 1"),
                Arguments.of(List.of("hosts-check", "--allow", "a"), "Missing required option: '--deny=FILE'"),
                Arguments.of(List.of("tcpdmatch", "sshd", "127.0.0.1", "extra"), "'extra'"),
                Arguments.of(List.of("tcpd-bench", "--rules", "100001"), "--rules \"100001\": expected a whole number from"
                        + " 1 to 100000"),
                Arguments.of(List.of("audit", "--frob", "/srv"), "Unknown option: '--frob'"),
                Arguments.of(List.of("layout", "show", "a", "b"), "but was 'show'"),
                Arguments.of(List.of("audit-bench", "--files", "-3"), "--files"),
                Arguments.of(List.of("completion", "--shell", "zsh"), "'--shell'"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpOption_eachCommand_printsOnlyItsOwnHelpOnStdout(String command, List<String> named) {
        Run r = run(command, "--help");

        assertEquals(ExitCode.OK.code(), r.status, r.err);
        assertTrue(r.out.startsWith("usage: jail4j " + command + " "), r.out);
        for (String option : named) {
            assertTrue(r.out.contains(option), command + " --help must name " + option + ":\n" + r.out);
        }
        assertFalse(r.out.contains("Commands:"), "the top command's list is not part of " + command + "'s help");
        assertEquals("", r.err);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpCommand_eachCommand_printsTheSameHelp(String command, List<String> named) {
        Run viaOption = run(command, "-h");
        Run viaHelp = run("help", command);

        assertEquals(ExitCode.OK.code(), viaHelp.status, viaHelp.err);
        assertEquals(viaOption.out, viaHelp.out);
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void badCommandLine_eachCommand_exitsWithUsageNamingTheProblem(List<String> args, String named) {
        Run r = run(args.toArray(new String[0]));
        String command = args.get(0).equals("dns-bench") ? "dnsbench" : args.get(0); // an alias is reported by its name

        assertEquals(ExitCode.USAGE.code(), r.status, r.err);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("jail4j " + command + ": "), r.err);
        assertTrue(r.err.lines().findFirst().orElseThrow().contains(named), "first line names " + named + ":\n" + r.err);
        assertTrue(r.err.contains("\nusage: jail4j " + command + " "), "the command's own synopsis follows:\n" + r.err);
        assertTrue(r.err.endsWith("see 'jail4j " + command + " --help'\n"), r.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionOption_top_printsTheVersion(String option) {
        Run r = run(option);

        assertEquals(ExitCode.OK.code(), r.status);
        // the tests run from target/classes, not from the jar: the version cannot be known
        assertEquals("jail4j unknown (not run from a jar)\n", r.out);
        assertEquals("", r.err);
    }

    @Test
    void completionCommand_bash_isAScriptCompletingEveryCommand() {
        Run r = run("completion");

        assertEquals(ExitCode.OK.code(), r.status, r.err);
        assertTrue(r.out.startsWith("#!/usr/bin/env bash"), r.out.substring(0, Math.min(200, r.out.length())));
        assertTrue(r.out.contains("complete -F _complete_jail4j"), "registers the completion function");
        for (Arguments a : commands().toList()) {
            String command = (String) a.get()[0];
            assertTrue(r.out.contains(command), "completes " + command);
        }
        assertTrue(r.out.contains("--tls-self-signed") && r.out.contains("--learn"), "completes options too");
        assertEquals("", r.err);
    }

    @Test
    void completionScript_realBash_completesCommandsAndOptions(@TempDir Path tmp) throws Exception {
        Path script = Files.writeString(tmp.resolve("jail4j-completion.bash"), run("completion").out);
        String probe = "source \"$1\"\n"
                + "COMP_WORDS=(jail4j ft); COMP_CWORD=1; COMP_LINE='jail4j ft'; COMP_POINT=9\n"
                + "_complete_jail4j; echo \"commands: ${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(jail4j demo --li); COMP_CWORD=2; COMP_LINE='jail4j demo --li'; COMP_POINT=16\n"
                + "_complete_jail4j 2>/dev/null; echo \"options: ${COMPREPLY[*]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", probe, "probe", script.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));

        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("commands: ftpd ftp-bench", "options: --listen"), out.lines().toList());
    }

    @Test
    void unknownCommand_top_exitsWithUsageNamingIt() {
        Run r = run("serve", "--port", "79");

        assertEquals(ExitCode.USAGE.code(), r.status);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("jail4j: unknown command \"serve\"\nusage: jail4j [-hV] COMMAND\n"), r.err);
    }

    @Test
    void misspeltCommand_top_suggestsTheNearestOne() {
        Run r = run("dnsdd");

        assertEquals(ExitCode.USAGE.code(), r.status);
        assertTrue(r.err.startsWith("jail4j: unknown command \"dnsdd\"\n"), r.err);
        assertTrue(r.err.contains("dnsd"), r.err);
    }

    @Test
    void noCommand_top_exitsWithUsage() {
        Run r = run();

        assertEquals(ExitCode.USAGE.code(), r.status);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("jail4j: missing command\n"), r.err);
    }

    /** The result of one in-process run. */
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new ArrayList<>(List.of(args)), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
