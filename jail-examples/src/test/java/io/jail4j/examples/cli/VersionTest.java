package io.jail4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.examples.ExitCode;
import io.jail4j.examples.ForkedMain;
import io.jail4j.examples.Main;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jail4j --version} run from a jar, in a child JVM, as {@code ./jail4j} runs it: the jar's
 * Implementation-Version, or a message that names the jar when its manifest has none.
 */
class VersionTest {
    @TempDir
    Path tmp;

    @Test
    void jarWithImplementationVersion_version_printsIt() throws Exception {
        Path jar = jar("9.8.7-test");

        Result r = version(jar);

        assertEquals(ExitCode.OK.code(), r.status, r.err);
        assertEquals("jail4j 9.8.7-test\n", r.out);
    }

    @Test
    void jarWithoutImplementationVersion_version_saysSoNamingTheJar() throws Exception {
        Path jar = jar(null);

        Result r = version(jar);

        assertEquals(ExitCode.OK.code(), r.status, r.err);
        assertEquals("jail4j unknown (" + jar.getFileName() + " has no Implementation-Version)\n", r.out);
    }

    private record Result(int status, String out, String err) {
    }

    /** Runs {@code Main --version} with the command line's classes from the jar and its libraries. */
    private Result version(Path jar) throws IOException, InterruptedException {
        String classes = classesDirectory().toString();
        String libraries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.equals(classes) && !e.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(libraries.contains("picocli"), libraries);
        List<String> cmd = new ArrayList<>(ForkedMain.javaCommand(Path.of(System.getProperty("java.home"))));
        cmd.addAll(List.of("-cp", jar + File.pathSeparator + libraries, Main.class.getName(), "--version"));
        assertTrue(cmd.stream().noneMatch(a -> a.contains(classes + File.pathSeparator) || a.endsWith(classes)),
                "the command line's classes come from the jar alone: " + cmd);
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java --version did not finish");
        return new Result(p.exitValue(), out, Files.readString(tmp.resolve("err")));
    }

    /** Jars jail-examples' compiled classes, with the version in the manifest (none if null). */
    private Path jar(String version) throws IOException {
        Path classes = classesDirectory();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        Path jar = tmp.resolve("jail-examples-under-test.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Path classesDirectory() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(Files.isDirectory(p), "the tests run from the classes directory: " + p);
            return p;
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
