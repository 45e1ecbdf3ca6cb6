package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code Ftpd} in a child JVM with the test's class path, working directory / and a UTF-8 locale. */
final class ForkedFtpd implements AutoCloseable {
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();

    private ForkedFtpd(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout);
        pump(process.getErrorStream(), stderr);
    }

    /** Starts the daemon on the JDK at {@code home} with the flags jnr-ffi needs there. */
    static ForkedFtpd start(Path home, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/java").toString());
        int major = majorVersion(home);
        if (major >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (major >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Ftpd.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile());
        pb.environment().put("LANG", "C.UTF-8");
        return new ForkedFtpd(pb.start());
    }

    static int majorVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String[] parts = line.substring(13).replace("\"", "").split("[.+-]");
                    return Integer.parseInt(parts[0].equals("1") ? parts[1] : parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static void pump(InputStream in, List<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (sink) {
                        sink.add(line);
                        sink.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "forked-ftpd-pump");
        t.setDaemon(true);
        t.start();
    }

    long pid() {
        return process.pid();
    }

    /** Waits up to {@code seconds} for a stdout line starting with {@code prefix}. */
    String awaitStdout(String prefix, int seconds) throws InterruptedException {
        return await(stdout, prefix, seconds);
    }

    /** Waits up to {@code seconds} for a stderr line containing {@code part}. */
    String awaitStderr(String part, int seconds) throws InterruptedException {
        return await(stderr, part, seconds);
    }

    private String await(List<String> sink, String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (sink) {
            while (true) {
                for (String line : sink) {
                    if (sink == stdout ? line.startsWith(text) : line.contains(text)) {
                        return line;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    fail("no line with \"" + text + "\" within " + seconds + " s" + describe());
                }
                sink.wait(Math.min(left, 200));
            }
        }
    }

    String describe() {
        synchronized (stdout) {
            synchronized (stderr) {
                return "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + String.join("\n", stderr)
                        + (process.isAlive() ? "" : "\n--- exit " + process.exitValue());
            }
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
