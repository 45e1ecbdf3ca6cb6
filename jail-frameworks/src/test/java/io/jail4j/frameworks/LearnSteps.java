package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.LearnPlan;
import io.jail4j.layout.JailLayout;
import io.jail4j.layout.LayoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The learn-mode loop the framework tests run: learn un-jailed with the scenario's own preload
 * left out ({@code -Djail4j.test.learn=learn:PLAN}, read by {@link ChildSupport#learnOrApply}),
 * apply the written plan mechanically (its layout lines to the jail here, its calls in the child
 * with {@code LearnPlan.applyTo}), then run the same scenario jailed. Nothing of the plan is
 * written by hand.
 */
final class LearnSteps {
    private LearnSteps() {
    }

    /**
     * A plan file in a fresh directory of its own (mode 0755) under the system's temporary
     * directory, which the dropped child can reach to write the plan at exit.
     */
    static Path planFile() throws IOException {
        Path dir = Files.createTempDirectory("jail4j-learn-plan-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.resolve("plan.txt");
    }

    private static String readableClassPath;

    /**
     * Returns a copy of this JVM's class path that any uid can read, each entry under its own file
     * name (the scenarios leave jars out by name), in a 0755 directory under the system's
     * temporary directory: the learning child runs as nobody without the chroot and reads the
     * host's files, and this JVM's jars may sit under a 0700 home. Made once per run.
     */
    static synchronized String readableClassPath() throws IOException {
        if (readableClassPath == null) {
            Path dir = Files.createTempDirectory("jail4j-learn-cp-");
            List<String> entries = new java.util.ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path from = Path.of(entry);
                if (!Files.exists(from)) {
                    continue;
                }
                Path to = Files.createDirectory(dir.resolve(Integer.toString(n++))).resolve(from.getFileName());
                run("cp", "-r", from.toString(), to.toString());
                entries.add(to.toString());
            }
            run("chmod", "-R", "a+rX", dir.toString());
            readableClassPath = String.join(java.io.File.pathSeparator, entries);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run("rm", "-rf", dir.toString());
                } catch (IOException e) {
                    // best effort at exit
                }
            }));
        }
        return readableClassPath;
    }

    private static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The child's JVM argument for the learning run. */
    static List<String> learning(Path plan, String... more) {
        return Stream.concat(Stream.of("-Djail4j.test.learn=learn:" + plan), Stream.of(more)).toList();
    }

    /** The child's JVM argument for the jailed run with the plan applied. */
    static List<String> applying(Path plan, String... more) {
        return Stream.concat(Stream.of("-Djail4j.test.learn=apply:" + plan), Stream.of(more)).toList();
    }

    /** Asserts from outside that the learning child is not chrooted and runs as nobody. */
    static void assertLearningUnjailed(Forked child) throws IOException {
        assertEquals(Path.of("/"), Files.readSymbolicLink(Path.of("/proc/" + child.pid() + "/root")),
                "learn mode does not chroot" + child.describe());
        String uid = Files.readAllLines(Path.of("/proc/" + child.pid() + "/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElse("no Uid line");
        if (!uid.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")) {
            fail("learn mode drops every id, but /proc/" + child.pid() + "/status has " + uid + child.describe());
        }
        long deadline = System.nanoTime() + 10_000_000_000L; // stderr is pumped on a thread of its own
        while (child.stderr().stream().noneMatch(l -> l.startsWith("jail4j: LEARN MODE: this process is NOT JAILED"))) {
            if (System.nanoTime() > deadline) {
                fail("learn mode must say on stderr that the process is not jailed" + child.describe());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Reads the plan the learning child wrote, requires that it left nothing uncovered, applies its
     * layout lines to {@code jail} (as {@code ./jail4j layout} would) and returns it.
     */
    static LearnPlan apply(Path plan, Path jail) throws IOException, LayoutException {
        String text = Files.readString(plan, StandardCharsets.UTF_8);
        System.out.println("--- learned plan " + plan + "\n" + text);
        LearnPlan learned = LearnPlan.read(plan);
        assertEquals(List.of(), learned.cannotCover(), "the plan must cover everything:\n" + text);
        if (!learned.layoutLines().isEmpty()) {
            JailLayout.parse(text).apply(jail);
        }
        return learned;
    }

    /** Deletes the plan file's directory. */
    static void delete(Path plan) throws IOException {
        try (Stream<Path> files = Files.walk(plan.getParent())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
