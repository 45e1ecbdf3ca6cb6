package io.jail4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link EnterChild}, with its output lines and a way to let it go on. */
final class ForkedJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread stderrPump;

    private ForkedJvm(Process process) {
        this.process = process;
        pump(process.getInputStream(), line -> lines.add(line), () -> lines.add(EOF));
        stderrPump = pump(process.getErrorStream(), line -> {
            synchronized (stderr) {
                stderr.append(line).append('\n');
            }
        }, () -> { });
    }

    static ForkedJvm start(Path jdk, List<String> prefix, String... args) {
        return startAs(jdk, prefix, System.getProperty("java.class.path"), args);
    }

    static ForkedJvm startAs(Path jdk, List<String> prefix, String classPath, String... args) {
        return startWith(jdk, prefix, List.of(), classPath, args);
    }

    /** Starts {@link EnterChild}: {@code prefix java [flags] jvmArgs -cp classPath EnterChild args}. */
    static ForkedJvm startWith(Path jdk, List<String> prefix, List<String> jvmArgs, String classPath, String... args) {
        return startMain(jdk, prefix, jvmArgs, classPath, EnterChild.class, args);
    }

    /** Starts any main class: {@code prefix java [flags] jvmArgs -cp classPath main args}, in {@code /}. */
    static ForkedJvm startMain(Path jdk, List<String> prefix, List<String> jvmArgs, String classPath, Class<?> main,
                               String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(RootTests.javaCommand(jdk));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        try {
            return new ForkedJvm(new ProcessBuilder(cmd).directory(Path.of("/").toFile()).start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e, e);
        }
    }

    /** Starts exactly {@code cmd}, in {@code /}. */
    static ForkedJvm startCommand(List<String> cmd) {
        try {
            return new ForkedJvm(new ProcessBuilder(cmd).directory(Path.of("/").toFile()).start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd + ": " + e, e);
        }
    }

    static ForkedJvm start(Path jdk, String... args) {
        return start(jdk, List.of(), args);
    }

    private static Thread pump(java.io.InputStream in, java.util.function.Consumer<String> sink, Runnable atEnd) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            } finally {
                atEnd.run();
            }
        }, "forked-jvm-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the first line starting with {@code prefix}; fails with everything seen if none comes. */
    String await(String prefix) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(EOF)) {
                    break;
                }
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fail("no line starting with \"" + prefix + "\"; stdout so far: " + seen + "; stderr: " + stderr());
        return null;
    }

    /** Returns every stdout line up to the end of the output. */
    List<String> rest() {
        List<String> out = new ArrayList<>();
        try {
            for (String line; (line = lines.poll(60, TimeUnit.SECONDS)) != null && !line.equals(EOF); ) {
                seen.add(line);
                out.add(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    List<String> seen() {
        return seen;
    }

    void proceed() {
        try {
            OutputStream out = process.getOutputStream();
            out.write("go\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("child stdin: " + e + "; stderr: " + stderr(), e);
        }
    }

    int exitCode() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                fail("child did not exit; stdout: " + seen + "; stderr: " + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        try {
            stderrPump.join(TimeUnit.SECONDS.toMillis(10)); // all of stderr is read once the child is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
