package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions and external programs for the tests. A missing tool or missing root skips the
 * test with a reason, except with {@code CI=true}, where it fails: CI must run everything.
 */
final class Tools {
    static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    /** What a finished program left. */
    record Result(int status, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private Tools() {
    }

    /** Skips (or in CI fails) unless {@code name} is an executable on the PATH; returns its path. */
    static String require(String name, String apt) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        String why = name + " is not installed (apt-get install -y " + apt + ")";
        if (CI) {
            fail("CI=true: " + why + "; a tool-dependent test must run in CI, not be skipped");
        }
        Assumptions.abort(why);
        return null;
    }

    /** Skips (or in CI fails) unless the tests run as root. */
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

    /** Runs a program with a time limit, stdin closed; kills it if it overruns. */
    static Result run(int seconds, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread a = pump(p.getInputStream(), out);
        Thread b = pump(p.getErrorStream(), err);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            fail(command + " did not finish within " + seconds + " s; stderr: " + err.toString(StandardCharsets.UTF_8));
        }
        a.join(5000);
        b.join(5000);
        return new Result(p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(int seconds, String... command) throws IOException, InterruptedException {
        return run(seconds, List.of(command));
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
