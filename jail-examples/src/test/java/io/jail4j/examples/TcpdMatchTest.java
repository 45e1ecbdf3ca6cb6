package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.tcpd.HostResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jail4j tcpdmatch} against the real {@code tcpdmatch(8)} (Debian's tcpd), same files. */
class TcpdMatchTest {
    private static final String ALLOW = "sshd: 127.0.0.1 : severity auth.info : allow\nftpd: ALL: spawn echo %h\n"
            + "telnetd@127.0.0.1: bob@ALL\nfingerd: UNKNOWN\nx: PARANOID\n";
    private static final String DENY = "ALL: ALL\nbad line\n";

    @TempDir
    Path dir;

    private List<String> ours(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, args.length, List.of(args).toString());
        ExitCode code;
        try {
            // /etc/hosts only, as the real tcpdmatch finds 127.0.0.1's name there; no DNS
            code = TcpdMatch.run(dir.resolve("hosts.allow"), dir.resolve("hosts.deny"), args[0], args[1],
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                    HostResolver.builder().nameServers(List.of()).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(ExitCode.OK, code);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> real(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tcpdmatch", "-d"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("tcpdmatch is needed under CI (apt-get install tcpd): " + e.getMessage());
            }
            Assumptions.abort("no tcpdmatch (apt-get install tcpd): " + e.getMessage());
            throw e;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return text.lines().toList();
    }

    @Test
    void addressAndSpecialClients_tcpdmatch_showWhatRealTcpdmatchShows() throws Exception {
        Files.writeString(dir.resolve("hosts.allow"), ALLOW);
        Files.writeString(dir.resolve("hosts.deny"), DENY);
        String[][] cases = {
            {"sshd", "127.0.0.1"}, {"sshd", "127.0.0.2"}, {"ftpd", "127.0.0.9"}, {"telnetd@127.0.0.1", "bob@127.0.0.3"},
            {"telnetd@127.0.0.2", "bob@127.0.0.3"}, {"fingerd", "unknown"}, {"x", "paranoid"}, {"x", "::1"},
            {"/usr/sbin/sshd", "127.0.0.1"},
        };
        for (String[] c : cases) {
            List<String> theirs = real(c);
            List<String> mine = new ArrayList<>();
            for (String line : ours(c)) {
                if (!line.startsWith("matched:") && !line.startsWith("option:") && !line.startsWith("warning:")
                        && !line.startsWith("error:")) {
                    mine.add(line);
                }
            }
            assertEquals(theirs, mine, String.join(" ", c));
        }
    }

    @Test
    void matchingRule_tcpdmatch_explainsFileLineAndOptions() throws Exception {
        Files.writeString(dir.resolve("hosts.allow"), ALLOW);
        Files.writeString(dir.resolve("hosts.deny"), DENY);
        List<String> out = ours("sshd", "127.0.0.1");
        assertEquals(List.of("warning: " + dir.resolve("hosts.deny") + ", line 2: missing \":\" separator",
                "client:   address  127.0.0.1", "server:   process  sshd",
                "matched:  " + dir.resolve("hosts.allow") + " line 1", "option:   severity auth.info",
                "option:   allow ", "access:   granted"), out);
        List<String> spawn = ours("ftpd", "127.0.0.9");
        assertTrue(spawn.contains("option:   spawn echo 127.0.0.9"), spawn.toString());
    }

    @Test
    void wrongArguments_tcpdmatch_isAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(ExitCode.USAGE.code(), Main.run(List.of("tcpdmatch", "sshd"), System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("jail4j tcpdmatch: Missing required parameter:"
                + " '[user@]host'\nusage: jail4j tcpdmatch "), err.toString());
        err.reset();
        assertEquals(ExitCode.USAGE.code(), Main.run(List.of("tcpdmatch", "-x", "a", "b"), System.out, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("jail4j tcpdmatch: Unknown option: '-x'\n"),
                err.toString());
    }
}
