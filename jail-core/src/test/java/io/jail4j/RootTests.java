package io.jail4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared set-up for tests that need root and run jail4j in forked JVMs (a chroot cannot be
 * undone). Not root: such tests are skipped, unless {@code CI=true}, where they fail instead.
 * The JDKs are the running one plus every JDK 25 or newer found in the standard JVM directory;
 * {@code JAIL4J_TEST_JDKS} (homes separated by ':') overrides the list.
 */
public final class RootTests {
    /** Whether {@code CI=true} is set: root tests must then fail instead of being skipped. */
    public static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");

    private RootTests() {
    }

    /** Skips the calling test unless root; fails it instead when {@code CI=true}. */
    public static void requireRoot() {
        boolean root;
        try {
            root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            root = false;
        }
        if (!root) {
            if (CI) {
                fail("this test needs root and CI=true is set: a root test must run in CI, not be skipped");
            }
            Assumptions.abort("needs root (run the suite as root; CI=true turns this skip into a failure)");
        }
    }

    /**
     * Every test JDK twice: with jnr-ffi's generated (ASM) binding ({@code true}) and with its
     * reflective one ({@code -Djnr.ffi.asm.enabled=false}).
     *
     * @return arguments (JDK home, asm)
     */
    public static Stream<org.junit.jupiter.params.provider.Arguments> jdksAndJnrModes() {
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (Path jdk : jdks()) {
            out.add(org.junit.jupiter.params.provider.Arguments.of(jdk, true));
            out.add(org.junit.jupiter.params.provider.Arguments.of(jdk, false));
        }
        return out.stream();
    }

    /** Returns the JDK homes to run forked tests on. */
    public static List<Path> jdks() {
        String override = System.getenv("JAIL4J_TEST_JDKS");
        List<Path> out = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            for (String home : override.split(":")) {
                out.add(Path.of(home));
            }
            return out;
        }
        out.add(Path.of(System.getProperty("java.home")));
        Optional<Path> newer = newestJdkAtLeast(25);
        if (newer.isPresent()) {
            out.add(newer.get());
        } else if (CI) {
            fail("no JDK 25 or newer found in " + JVM_DIR + " (set JAIL4J_TEST_JDKS): the root tests must run on JDK 17 and 25");
        }
        return out;
    }

    private static Optional<Path> newestJdkAtLeast(int major) {
        if (!Files.isDirectory(JVM_DIR)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(JVM_DIR)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && !Files.isSymbolicLink(h))
                    .filter(h -> majorVersion(h) >= major)
                    .max((a, b) -> Integer.compare(majorVersion(a), majorVersion(b)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads JAVA_VERSION from the JDK's {@code release} file; 0 if unknown. */
    public static int majorVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(13).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Returns {@code java} plus the flags that JDK needs for jnr-ffi to run without warnings. */
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

    public static String label(Path home) {
        return "JDK " + majorVersion(home) + " (" + home.getFileName().toString().toLowerCase(Locale.ROOT) + ")";
    }

    private static String readableClassPath;

    /**
     * Returns a copy of this JVM's class path that any uid can read (the original may sit under
     * a 0700 home directory), for child JVMs started as an unprivileged uid. Made once per run.
     */
    static synchronized String readableClassPath() {
        if (readableClassPath == null) {
            try {
                Path dir = Files.createTempDirectory("jail4j-cp-");
                List<String> entries = new ArrayList<>();
                int n = 0;
                for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                    Path from = Path.of(entry);
                    Path to = dir.resolve((n++) + "-" + from.getFileName());
                    if (Files.isDirectory(from)) {
                        run("cp", "-r", from.toString(), to.toString());
                    } else if (Files.exists(from)) {
                        Files.copy(from, to);
                    } else {
                        continue;
                    }
                    entries.add(to.toString());
                }
                run("chmod", "-R", "a+rX", dir.toString());
                readableClassPath = String.join(java.io.File.pathSeparator, entries);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> HostFixtures.delete(dir)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return readableClassPath;
    }

    /** Runs a command to completion and returns its output; fails the test on a non-zero exit. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                fail(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
