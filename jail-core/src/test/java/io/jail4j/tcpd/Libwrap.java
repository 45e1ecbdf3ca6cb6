package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real libwrap, asked through {@code wrap_oracle.c} (compiled here with {@code cc -lwrap}):
 * one long-lived process answers every request of a test class. Without a C compiler or libwrap
 * the tests are skipped, except under {@code CI=true}, where they fail.
 */
final class Libwrap implements AutoCloseable {
    /** libwrap's answer: its verdict and what it logged on the way. */
    record Answer(boolean allowed, List<String> log) {
        /** Returns the "FILE line N" of libwrap's last {@code matched:} log line, or "". */
        String matched() {
            String m = "";
            for (String l : log) {
                if (l.startsWith("matched:  ")) {
                    m = l.substring("matched:  ".length());
                }
            }
            return m;
        }
    }

    private static Libwrap shared;
    private static String problem;

    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;

    private Libwrap(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** Returns the oracle (started once per JVM), or skips/fails the test where it cannot run. */
    static synchronized Libwrap get() {
        if (problem() != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the differential tests need libwrap under CI: " + problem);
            }
            Assumptions.abort("libwrap oracle unavailable: " + problem);
        }
        return shared;
    }

    /** Starts the oracle if needed; returns why it cannot run, or {@code null} if it runs. */
    static synchronized String problem() {
        if (shared == null || !shared.process.isAlive()) {
            shared = null;
            problem = null;
            try {
                shared = start();
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        return problem;
    }

    private static Libwrap start() throws IOException {
        String why;
        try {
            Path dir = Files.createTempDirectory("jail4j-libwrap-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // best effort: a temp directory left behind
                }
            }));
            Path source = dir.resolve("wrap_oracle.c");
            try (InputStream s = Libwrap.class.getResourceAsStream("wrap_oracle.c")) {
                Files.copy(s, source);
            }
            Path binary = dir.resolve("wrap_oracle");
            Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString(), "-lwrap")
                    .redirectErrorStream(true).start();
            String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0) {
                return new Libwrap(new ProcessBuilder(binary.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start());
            }
            why = "cc -lwrap failed (apt-get install gcc tcpd libwrap0-dev): " + log;
        } catch (IOException e) {
            why = "no C compiler (apt-get install gcc tcpd libwrap0-dev): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        throw new IOException(why);
    }

    /** Asks libwrap to decide {@code r} against the two files. */
    synchronized Answer ask(Path allow, Path deny, Request r) throws IOException {
        StringBuilder q = new StringBuilder();
        q.append(allow).append('\t').append(deny).append('\t').append(f(r.daemon())).append('\t')
                .append(f(r.serverName())).append('\t').append(f(r.serverAddress())).append('\t')
                .append(f(r.clientName())).append('\t').append(f(r.clientAddress())).append('\t')
                .append(f(r.user()));
        if (r.serverPort() >= 0) {
            q.append('\t').append(r.serverPort());
        }
        in.write((q + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        List<String> log = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("verdict\t")) {
                return new Answer(line.endsWith("ALLOW"), log);
            }
            log.add(CText.text(line.substring(line.indexOf('\t') + 1)));
        }
        throw new IOException("the libwrap oracle ended" + (process.isAlive() ? "" : " with exit " + process.exitValue()));
    }

    private static String f(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("oracle fields cannot hold tabs or newlines: " + s);
        }
        return s;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
