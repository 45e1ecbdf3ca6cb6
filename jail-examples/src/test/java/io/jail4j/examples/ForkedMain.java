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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A command-line main of this module in a child JVM started as root with the test's class path,
 * in working directory {@code /}, its output collected line by line: how the root tests run the
 * demo, the FTP and the DNS daemons.
 */
public final class ForkedMain implements AutoCloseable {
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread[] pumps;

    private ForkedMain(Process process) {
        this.process = process;
        pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
    }

    /** Starts {@code mainClass} with {@code args} on the JDK at {@code home}, with extra environment. */
    public static ForkedMain start(Path home, Class<?> mainClass, List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>(javaCommand(home));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile());
        pb.environment().putAll(env);
        try {
            return new ForkedMain(pb.start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e, e);
        }
    }

    /**
     * Starts {@code prefix java [flags] jvmArgs -cp classPath mainClass args} in working directory
     * {@code /}: {@code prefix} runs the JVM (such as {@code systemd-socket-activate ... setpriv ... --}).
     */
    public static ForkedMain startVia(List<String> prefix, Path home, List<String> jvmArgs, String classPath,
                                      Class<?> mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(javaCommand(home));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        try {
            return new ForkedMain(new ProcessBuilder(cmd).directory(Path.of("/").toFile()).start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e, e);
        }
    }

    /** Returns {@code java} of that JDK with the flags jnr-ffi needs there to run without warnings. */
    public static List<String> javaCommand(Path home) {
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
    public static int majorVersion(Path home) {
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
        }, "forked-main-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits up to {@code seconds} for a stdout line starting with {@code prefix} and returns it. */
    public String awaitStdout(String prefix, int seconds) throws InterruptedException {
        return await(0, 0, "starting with \"" + prefix + "\"", l -> l.startsWith(prefix), seconds);
    }

    /** Waits up to {@code seconds} for a stderr line starting with {@code prefix} and returns it. */
    public String awaitStderr(String prefix, int seconds) throws InterruptedException {
        return await(1, 0, "starting with \"" + prefix + "\"", l -> l.startsWith(prefix), seconds);
    }

    /** Waits for a stderr line containing {@code text}, looking past the first {@code skip} lines. */
    public String awaitStderrContaining(String text, int skip, int seconds) throws InterruptedException {
        return await(1, skip, "containing \"" + text + "\"", l -> l.contains(text), seconds);
    }

    private String await(int stream, int skip, String what, Predicate<String> match, int seconds)
            throws InterruptedException {
        List<String> sink = stream == 0 ? stdout : stderr;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (sink) {
            while (true) {
                for (int i = skip; i < sink.size(); i++) {
                    if (match.test(sink.get(i))) {
                        return sink.get(i);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !pumps[stream].isAlive())) {
                    fail("no " + (stream == 0 ? "stdout" : "stderr") + " line " + what + " within " + seconds + " s"
                            + describe());
                }
                sink.wait(Math.min(left, 200));
            }
        }
    }

    /** Waits for the child to exit and its output to be read; returns its exit status. */
    public int exitCode(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            fail("the child did not exit within " + seconds + " s" + describe());
        }
        for (Thread pump : pumps) {
            pump.join(TimeUnit.SECONDS.toMillis(seconds));
        }
        return process.exitValue();
    }

    /** Sends a signal such as {@code HUP} to the child with kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill -" + name + " " + pid() + " failed" + describe());
        }
    }

    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** Returns the output so far and the exit status if any, for failure messages. */
    public String describe() {
        return "\n--- stdout\n" + String.join("\n", stdout()) + "\n--- stderr\n" + String.join("\n", stderr())
                + (process.isAlive() ? "" : "\n--- exit " + process.exitValue());
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
