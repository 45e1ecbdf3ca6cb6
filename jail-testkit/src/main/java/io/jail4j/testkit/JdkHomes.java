package io.jail4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the JDK a jailed test runs on and the flags that JDK needs for jnr-ffi: JDK 22 and later
 * {@code --enable-native-access=ALL-UNNAMED}, JDK 24 and later
 * {@code --sun-misc-unsafe-memory-access=allow} (which JDK 17 refuses).
 */
final class JdkHomes {
    static final Path JVM_DIR = Path.of("/usr/lib/jvm");

    private JdkHomes() {
    }

    /** Returns the home of the running JVM. */
    static Path current() {
        return Path.of(System.getProperty("java.home"));
    }

    /** Returns the newest home in {@code dir} with this major version; symbolic links are skipped. */
    static Optional<Path> find(Path dir, int major) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(dir)) {
            return homes.filter(h -> !Files.isSymbolicLink(h) && Files.isExecutable(h.resolve("bin/java")))
                    .filter(h -> majorVersion(h) == major)
                    .max(Comparator.comparing(h -> h.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads the major version from the home's {@code release} file; 0 if unknown. */
    static int majorVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(13).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            return home.equals(current()) ? Runtime.version().feature() : 0;
        }
        return home.equals(current()) ? Runtime.version().feature() : 0;
    }

    /** Returns {@code java} of that home plus the flags its version needs for jnr-ffi. */
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
}
