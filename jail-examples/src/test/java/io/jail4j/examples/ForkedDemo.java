package io.jail4j.examples;

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

/** The demo in a child JVM started with the test's class path, its output collected line by line. */
final class ForkedDemo implements AutoCloseable {
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread[] pumps;

    private ForkedDemo(Process process) {
        this.process = process;
        pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
    }

    /** Starts {@code Main} with the given arguments on the JDK at {@code home}, in working directory /. */
    static ForkedDemo start(Path home, String... args) {
        List<String> cmd = new ArrayList<>(javaCommand(home));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        try {
            return new ForkedDemo(new ProcessBuilder(cmd).directory(Path.of("/").toFile()).start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e, e);
        }
    }

    /** Returns {@code java} of that JDK with the flags jnr-ffi needs there to run without warnings. */
    static List<String> javaCommand(Path home) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/java").toString());
        int major = majorVersion(home);
        if (major >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (major >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        return cmd;
    }

    /** Reads the major version from the JDK's {@code release} file; 0 if unknown. */
    static int majorVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String[] parts = v.split("[.+-]");
                    return Integer.parseInt(parts[0].equals("1") ? parts[1] : parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static Thread pump(InputStream in, List<String> sink) {
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
        }, "forked-demo-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    /** Waits up to {@code seconds} for a stderr line starting with {@code prefix} and returns it. */
    String awaitStderr(String prefix, int seconds) throws InterruptedException {
        return await(stderr, pumps[1], "stderr", prefix, seconds);
    }

    /** Waits up to {@code seconds} for a stdout line starting with {@code prefix} and returns it. */
    String awaitStdout(String prefix, int seconds) throws InterruptedException {
        return await(stdout, pumps[0], "stdout", prefix, seconds);
    }

    private String await(List<String> sink, Thread pump, String name, String prefix, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (sink) {
            while (true) {
                for (String line : sink) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !pump.isAlive())) {
                    fail("no " + name + " line starting with \"" + prefix + "\" within " + seconds + " s" + describe());
                }
                sink.wait(Math.min(left, 200));
            }
        }
    }

    /** Waits for the child to exit and its output to be read; returns its exit status. */
    int exitCode(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            fail("the demo did not exit within " + seconds + " s" + describe());
        }
        for (Thread pump : pumps) {
            pump.join(TimeUnit.SECONDS.toMillis(seconds));
        }
        return process.exitValue();
    }

    List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** Returns the output so far, for failure messages. */
    String describe() {
        return "\n--- stdout\n" + String.join("\n", stdout()) + "\n--- stderr\n" + String.join("\n", stderr());
    }

    /** Kills the child if it still runs and waits for it to be gone. */
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
