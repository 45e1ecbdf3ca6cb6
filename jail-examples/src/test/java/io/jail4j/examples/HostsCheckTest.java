package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.Request;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsCheckTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("hosts-check"));
        all.addAll(List.of(args));
        return Main.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
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
        assertEquals(ExitCode.USAGE.code(), run("", "--allow", "a"));
        assertEquals(ExitCode.USAGE.code(), run("", "--allow", "a", "--deny", "b", "--bogus"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: jail4j hosts-check"), err.toString());
    }

    @Test
    void unloadableFile_hostsCheck_exitsOneNamingIt() throws Exception {
        assertEquals(ExitCode.REFUSED.code(), run("sshd - 127.0.0.1 -\n", "--allow", dir.toString(), "--deny", "none"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(dir.toString()), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    private Path[] files(String allow, String deny) throws Exception {
        return new Path[] {Files.writeString(dir.resolve("allow"), allow),
            Files.writeString(dir.resolve("deny"), deny)};
    }

    @Test
    void fieldsLongerThanLibwrapsBuffers_hostsCheck_cutsThemAndAnswersEveryLine() throws Exception {
        String d127 = "d".repeat(127);
        Path[] f = files(d127 + ": ALL\nsshd: " + "n".repeat(127) + "\nsshd: " + "u".repeat(127) + "@ALL\n",
                "ALL: ALL\n");
        String stdin = "sshd - 127.0.0.1 -\n"
                + d127 + "-and-more - 127.0.0.1 -\n"                       // daemon cut to 127 bytes: allowed
                + "d".repeat(126) + " - 127.0.0.1 -\n"
                + "sshd " + "n".repeat(300) + " 127.0.0.1 -\n"              // client name cut: allowed
                + "sshd - 127.0.0.1 " + "u".repeat(1000) + "\n"             // user cut: allowed
                + "sshd - " + "1".repeat(5000) + " -\n"
                + d127 + "\u00e9\u00e9 - 127.0.0.1 -\n"
                + "x".repeat(3_000_000) + " - 127.0.0.1 -\n"               // a 3 MB daemon name
                + "sshd - 127.0.0.2 -\n";
        assertEquals(0, run(stdin, "--allow", f[0].toString(), "--deny", f[1].toString()));
        assertEquals("DENY\nALLOW\nDENY\nALLOW\nALLOW\nDENY\nALLOW\nDENY\nDENY\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    /** The reading hosts-check did before: readLine, trim, split on blanks and tabs. */
    private static String reference(HostsAccess rules, String stdin) throws Exception {
        StringBuilder answers = new StringBuilder();
        BufferedReader r = new BufferedReader(new StringReader(stdin));
        for (String line; (line = r.readLine()) != null; ) {
            String[] f = line.trim().split("[ \t]+");
            if (f[0].isEmpty()) {
                continue;
            }
            Request q = Request.of(f[0], field(f, 1), field(f, 2), field(f, 3));
            answers.append(DryRun.granted(rules.check(q), rules) ? "ALLOW\n" : "DENY\n");
        }
        return answers.toString();
    }

    private static String field(String[] f, int i) {
        return i < f.length && !f[i].equals("-") ? f[i] : null;
    }

    @Test
    void randomLines_hostsCheck_readsThemAsReadLineTrimAndSplitDid() throws Exception {
        // rules that tell the fields apart, unknown ones included
        Path[] f = files("a: UNKNOWN@ALL\nb: UNKNOWN\nc: ALL@UNKNOWN\na-: \u00e9*\n\u00e9: ALL\nb: -\nc: x\u000b\n"
                + "d: ALL EXCEPT KNOWN\n", "a, b, c: ALL\n");
        HostsAccess rules = DryRun.load(f[0], f[1]);
        String[] atoms = {"a", "b", "c", "d", "a-", "-", "x", "\u00e9", " ", "  ", "\t", "\0", "\u000b", "\u001f",
            "\n", "\r", "\r\n", "\n\n", "127.0.0.1", "\u00ff", "\ud83d\ude00"};
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            StringBuilder in = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                in.append(atoms[random.nextInt(atoms.length)]);
            }
            String stdin = in.toString();
            out.reset();
            assertEquals(0, run(stdin, "--allow", f[0].toString(), "--deny", f[1].toString()));
            assertEquals(reference(rules, stdin), out.toString(StandardCharsets.UTF_8),
                    "input " + stdin.replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0"));
        }
    }

    @Test
    void manyWaitingRequests_hostsCheck_writesAnswersInBuffersNotPerLine() throws Exception {
        Path[] f = files("sshd: 127.0.0.1\n", "ALL: ALL\n");
        String stdin = "sshd - 127.0.0.1 -\nsshd - 127.0.0.2 -\n".repeat(20_000);
        AtomicInteger flushes = new AtomicInteger();
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                answers.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                answers.write(b, off, len);
            }

            @Override
            public void flush() {
                flushes.incrementAndGet();
            }
        };
        // as System.out: a PrintStream that flushes on println and on every write of an array
        PrintStream stdout = new PrintStream(counting, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("hosts-check", "--allow", f[0].toString(), "--deny", f[1].toString()),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("ALLOW\nDENY\n".repeat(20_000), answers.toString(StandardCharsets.UTF_8));
        assertTrue(flushes.get() <= 10, flushes.get() + " flushes for 40,000 answers");
    }

    @Test
    void interactiveCaller_hostsCheckOverAPipe_getsEachAnswerBeforeWritingTheNext() throws Exception {
        Path[] f = files("sshd: 127.0.0.1\n" + "d".repeat(127) + ": ALL\n", "ALL: ALL\n");
        List<String> cmd = new ArrayList<>(ForkedMain.javaCommand(Path.of(System.getProperty("java.home"))));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "hosts-check",
                "--allow", f[0].toString(), "--deny", f[1].toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream toChild = p.getOutputStream();
             BufferedReader fromChild = new BufferedReader(new InputStreamReader(p.getInputStream(),
                     StandardCharsets.UTF_8))) {
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                String[][] exchange = {
                    {"sshd - 127.0.0.1 -\n", "ALLOW"},
                    {"sshd - 127.0.0.2 -\r\n", "DENY"},
                    {"d".repeat(300) + " - 127.0.0.9 -\n", "ALLOW"},   // a daemon name over 127 bytes
                    {"\n  \nsshd - 127.0.0.1 -\n", "ALLOW"},           // blank lines before it
                    {"sshd " + "n".repeat(253) + " 127.0.0.2 " + "u".repeat(200) + "\n", "DENY"},
                };
                for (String[] qa : exchange) {
                    toChild.write(qa[0].getBytes(StandardCharsets.UTF_8));
                    toChild.flush(); // and wait for the answer before writing the next query
                    Future<String> answer = reader.submit(fromChild::readLine);
                    assertEquals(qa[1], answer.get(20, TimeUnit.SECONDS), "answer to " + qa[0].trim());
                }
            } finally {
                reader.shutdownNow();
            }
        } finally {
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "hosts-check ends at the end of its input");
            assertEquals(0, p.exitValue());
        }
    }
}
