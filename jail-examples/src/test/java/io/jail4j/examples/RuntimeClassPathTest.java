package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The runtime class path of the command line and its daemons, as Maven resolves it for
 * {@code ./jail4j} (written by the build to {@code target/runtime-class-path.txt}): every jar on it
 * is an open descriptor that a root daemon keeps across {@code enter()}, so it holds only what they
 * use and no test library.
 */
class RuntimeClassPathTest {
    /** Artifact names (the file name without version and extension) the daemons use. */
    private static final Set<String> EXPECTED = Set.of("jnr-ffi", "jffi", "jffi-native", "asm", "asm-commons",
            "asm-analysis", "asm-tree", "asm-util", "jnr-a64asm", "jnr-x86asm", "jnr-constants", "dnsjava",
            "slf4j-api", "slf4j-jdk14", "picocli");
    private static final Pattern JAR = Pattern.compile("(.+?)-\\d[^/]*?(-native)?\\.jar");

    @Test
    void runtimeClassPath_listed_holdsNoTestLibrary() throws IOException {
        List<String> entries = entries();

        for (String entry : entries) {
            String name = Path.of(entry).getFileName().toString();
            for (String test : List.of("junit", "jupiter", "opentest4j", "apiguardian", "jqwik", "jail-testkit")) {
                assertTrue(!name.contains(test), entry + " is a test library on the daemons' runtime class path");
            }
            assertTrue(!entry.contains("/org/junit/"), entry + " is a JUnit jar on the daemons' runtime class path");
        }
    }

    @Test
    void runtimeClassPath_listed_holdsExactlyCoreAndWhatTheDaemonsUse() throws IOException {
        List<String> entries = entries();
        Set<String> artifacts = new TreeSet<>();
        int cores = 0;
        for (String entry : entries) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (entry.contains("jail-core")) {
                cores++;
                continue;
            }
            Matcher m = JAR.matcher(name);
            assertTrue(m.matches(), entry + " is not a versioned jar");
            artifacts.add(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
        }

        assertEquals(1, cores, "jail-core once in " + entries);
        assertEquals(new TreeSet<>(EXPECTED), artifacts, "the daemons' runtime class path " + entries);
    }

    private static List<String> entries() throws IOException {
        Path file = Path.of(System.getProperty("basedir", "."), "target", "runtime-class-path.txt");
        assertTrue(Files.isRegularFile(file), file + " is missing: the build's runtime-class-path step writes it");
        List<String> entries = new ArrayList<>();
        for (String entry : Files.readString(file).trim().split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        assertTrue(entries.size() >= EXPECTED.size(), "too few entries in " + file + ": " + entries);
        return entries;
    }
}
