package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsCheckTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return HostsCheck.main(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void requestsOnStdin_hostsCheck_printsOneVerdictPerLineAndNothingElse() throws Exception {
        Path allow = Files.writeString(dir.resolve("allow"), "sshd: 127.0.0.1 .example.test\nftpd: ALL: spawn x\n"
                + "bad line\ntelnetd: bob@ALL\n");
        Path deny = Files.writeString(dir.resolve("deny"), "ALL: ALL\n");
        String stdin = "sshd - 127.0.0.1 -\nsshd - 127.0.0.2 -\n\nsshd a.EXAMPLE.test 127.0.0.2 -\nftpd - 127.0.0.9 -\n"
                + "telnetd - 127.0.0.3 bob\ntelnetd\tx\t127.0.0.3\nx\n";
        assertEquals(0, run(stdin, "--allow", allow.toString(), "--deny", deny.toString()));
        assertEquals("ALLOW\nDENY\nALLOW\nALLOW\nALLOW\nDENY\nDENY\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing \":\" separator"), err.toString());
    }

    @Test
    void missingOrUnknownArguments_hostsCheck_isAUsageError() {
        assertEquals(Main.USAGE, run("", "--allow", "a"));
        assertEquals(Main.USAGE, run("", "--allow", "a", "--deny", "b", "--bogus"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: jail4j hosts-check"), err.toString());
    }

    @Test
    void unloadableFile_hostsCheck_exitsOneNamingIt() throws Exception {
        assertEquals(Main.REFUSED, run("sshd - 127.0.0.1 -\n", "--allow", dir.toString(), "--deny", "none"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(dir.toString()), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
