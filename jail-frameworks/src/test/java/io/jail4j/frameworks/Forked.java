package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.RootTests;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A child JVM started as root, in working directory {@code /}, running a main of these tests with
 * this JVM's class path minus the jars a scenario leaves out (two SLF4J providers must not meet),
 * its output collected line by line. A chroot cannot be undone, so every jailed framework runs in
 * one of these.
 */
final class Forked implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread[] pumps;

    private Forked(Process process) {
        this.process = process;
        pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
    }

    /** Skips the calling test unless root; fails it instead under {@code CI=true}. */
    static void requireRoot() {
        RootTests.requireRoot();
    }

    /**
     * The JDKs every framework runs on: this one and the newest JDK 25 or later ({@code
     * JAIL4J_TEST_JDKS} overrides).
     */
    static List<Path> jdks() {
        return RootTests.jdks();
    }

    /** Reads JAVA_VERSION's major number from the JDK's {@code release} file; 0 if unknown. */
    static int major(Path home) {
        return RootTests.majorVersion(home);
    }

    /**
     * A {@code leaveOut} predicate keeping only what a jailed child needs (jail-core and its jnr,
     * jffi and asm jars, the test classes) and the entries whose file names start with {@code also}.
     */
    static Predicate<String> keepOnly(String... also) {
        List<String> keep = new ArrayList<>(List.of("jail-core", "jnr-", "jffi", "asm", "test-classes", "classes"));
        keep.addAll(List.of(also));
        return name -> keep.stream().noneMatch(name::startsWith);
    }

    static String label(Path home) {
        return RootTests.label(home);
    }

    /**
     * A fresh jail below a root-owned 0755 directory of its own under {@code base}: the jail (root,
     * 0755) with a {@code tmp} of mode 1777, as the README recommends.
     */
    static Path newJail(Path base) throws IOException {
        Path holder = Files.createTempDirectory(base, "jail");
        Files.setAttribute(holder, "unix:mode", 0755);
        Path jail = Files.createDirectory(holder.resolve("root"));
        Files.setAttribute(jail, "unix:mode", 0755);
        Path tmp = Files.createDirectory(jail.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        return jail;
    }

    /**
     * Starts {@code main} with {@code args} on the JDK at {@code home}, as root, with this JVM's
     * class path without the entries whose file name matches {@code leaveOut}, plus {@code jvmArgs}.
     */
    static Forked start(Path home, Class<?> main, Predicate<String> leaveOut, List<String> jvmArgs, String... args) {
        return start(home, main, leaveOut, jvmArgs, List.of(), args);
    }

    /**
     * As {@link #start(Path, Class, Predicate, List, String...)}, with {@code extraClassPath}
     * appended to the class path (jars a test built, say).
     */
    static Forked start(Path home, Class<?> main, Predicate<String> leaveOut, List<String> jvmArgs,
            List<Path> extraClassPath, String... args) {
        return startOn(System.getProperty("java.class.path"), home, main, leaveOut, jvmArgs, extraClassPath, args);
    }

    /**
     * As {@link #start(Path, Class, Predicate, List, List, String...)}, with {@code classPath} in
     * place of this JVM's class path (a copy the child's target user can read, say).
     */
    static Forked startOn(String classPath, Path home, Class<?> main, Predicate<String> leaveOut, List<String> jvmArgs,
            List<Path> extraClassPath, String... args) {
        List<String> cmd = new ArrayList<>(RootTests.javaCommand(home));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !leaveOut.test(Path.of(e).getFileName().toString()))
                .collect(Collectors.joining(File.pathSeparator))
                + extraClassPath.stream().map(p -> File.pathSeparator + p).collect(Collectors.joining()));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("/"));
        try {
            return new Forked(pb.start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e, e);
        }
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
        }, "forked-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    /** Waits up to {@code seconds} for a stdout line starting with {@code prefix} and returns it. */
    String awaitStdout(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (stdout) {
            while (true) {
                for (String line : stdout) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !pumps[0].isAlive())) {
                    fail("no stdout line starting with \"" + prefix + "\" within " + seconds + " s" + describe());
                }
                stdout.wait(Math.min(left, 200));
            }
        }
    }

    /**
     * Asserts from outside that the child is jailed: {@code /proc/PID/root} resolves to {@code jail}
     * and all four uids of {@code /proc/PID/status} are 65534 ({@code nobody}).
     */
    void assertJailed(Path jail) throws IOException {
        Path root = Files.readSymbolicLink(Path.of("/proc/" + pid() + "/root"));
        if (!root.equals(jail.toRealPath())) {
            fail("/proc/" + pid() + "/root is " + root + ", not the jail " + jail.toRealPath() + describe());
        }
        String uid = Files.readAllLines(Path.of("/proc/" + pid() + "/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElse("no Uid line");
        if (!uid.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")) {
            fail("/proc/" + pid() + "/status has \"" + uid + "\", not 65534 in all four fields" + describe());
        }
    }

    /** Writes a line to the child's stdin (how a test tells a child to go on). */
    void tell(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the child to exit and its output to be read; returns its exit status. */
    int exitCode(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            fail("the child did not exit within " + seconds + " s" + describe());
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

    /** The output so far and the exit status if any, for failure messages. */
    String describe() {
        return "\n--- stdout\n" + String.join("\n", stdout()) + "\n--- stderr\n" + String.join("\n", stderr())
                + (process.isAlive() ? "" : "\n--- exit " + process.exitValue());
    }

    /** Kills the child if it still runs. */
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
