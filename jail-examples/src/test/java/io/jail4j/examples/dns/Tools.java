package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** What root-only and tool-dependent tests need: they fail under CI=true and are skipped otherwise. */
final class Tools {
    static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private Tools() {
    }

    /** Requires the executables; names the Debian packages that bring them. */
    static void require(String packages, String... paths) {
        for (String p : paths) {
            if (!Files.isExecutable(Path.of(p))) {
                String why = p + " is missing (apt-get install -y " + packages + ")";
                if (CI) {
                    fail("CI=true: " + why + "; this test must run in CI, not be skipped");
                }
                Assumptions.abort(why);
            }
        }
    }

    /** Requires uid 0. */
    static void requireRoot() throws IOException {
        boolean root = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                root = line.substring(4).trim().split("\\s+")[1].equals("0");
            }
        }
        if (!root) {
            if (CI) {
                fail("this test needs root and CI=true is set: a root test must run in CI, not be skipped");
            }
            Assumptions.abort("needs root (run the tests as root; CI=true turns this skip into a failure)");
        }
    }

    /** Runs a command, bounded in time; returns its standard output (standard error appended). */
    static String run(int seconds, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("dnsd-tool-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within " + seconds + " s");
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs {@code dig} with one query (given as arguments) against 127.0.0.1:port. */
    static String dig(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port), "+norec", "+tries=1",
                "+time=5"));
        cmd.addAll(List.of(args));
        return run(60, cmd.toArray(new String[0]));
    }
}
