package io.jail4j.examples.dns;

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

/** dnsd in a child JVM started with the test's class path, in working directory /, its output collected. */
final class ForkedDnsd implements AutoCloseable {
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread[] pumps;

    private ForkedDnsd(Process process) {
        this.process = process;
        pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
    }

    /** Starts dnsd with the given arguments on the JDK at {@code home}. */
    static ForkedDnsd start(Path home, String... args) {
        List<String> cmd = new ArrayList<>(javaCommand(home));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Dnsd.class.getName());
        cmd.addAll(List.of(args));
        try {
            return new ForkedDnsd(new ProcessBuilder(cmd).directory(Path.of("/").toFile()).start());
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

    static int majorVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String[] parts = line.substring("JAVA_VERSION=".length()).replace("\"", "").split("[.+-]");
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
        }, "forked-dnsd-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    /** Waits up to {@code seconds} for a stderr line containing {@code text}, after the first {@code skip} lines. */
    String awaitStderr(String text, int skip, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (stderr) {
            while (true) {
                for (int i = skip; i < stderr.size(); i++) {
                    if (stderr.get(i).contains(text)) {
                        return stderr.get(i);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !pumps[1].isAlive())) {
                    fail("no stderr line containing \"" + text + "\" within " + seconds + " s" + describe());
                }
                stderr.wait(Math.min(left, 200));
            }
        }
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

    String describe() {
        return "\n--- stdout\n" + String.join("\n", stdout()) + "\n--- stderr\n" + String.join("\n", stderr());
    }

    /** Sends SIGHUP to the child (by its pid) with kill(1). */
    void hangUp() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill -HUP " + pid() + " failed" + describe());
        }
    }

    boolean alive() {
        return process.isAlive();
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
