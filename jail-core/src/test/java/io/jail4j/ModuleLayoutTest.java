package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * jail-core's module: what it exports and opens, and the packages' dependencies among themselves
 * as {@code jdeps} reads them from the compiled classes.
 */
class ModuleLayoutTest {
    private static final Set<String> API = Set.of("io.jail4j", "io.jail4j.inspect", "io.jail4j.layout",
            "io.jail4j.tcpd");

    @Test
    void coreModule_descriptor_exportsTheApiInternalsOnlyToItsOwnModulesAndOpensOnlyTheBindingPackage() throws IOException, URISyntaxException {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }

        assertEquals("io.jail4j.core", d.name());
        assertEquals(API, d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Map.of("io.jail4j.internal", Set.of("io.jail4j.examples", "io.jail4j.testkit")),
                d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                        .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets)),
                "internals (the JSON writer) are exported to jail4j's own modules only, never to everyone");
        assertEquals(Set.of("io.jail4j.libc"), d.opens().stream().peek(o -> assertTrue(o.targets().isEmpty(),
                o + ": jnr-ffi's generated class is in an unnamed module, which no qualified open can name"))
                .map(ModuleDescriptor.Opens::source).collect(Collectors.toSet()));
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("jdk.unsupported")), "sun.misc.Signal: " + d);
        try (Stream<Path> files = Files.list(classes().resolve("io/jail4j/libc"))) {
            assertEquals(List.of("LibC.class"), files.map(f -> f.getFileName().toString()).collect(Collectors.toList()),
                    "the open package holds the binding interface and nothing else");
        }
    }

    @Test
    void corePackages_jdeps_dependOnEachOtherWithoutACycle() throws IOException, URISyntaxException {
        Map<String, Set<String>> edges = packageDependencies();

        assertTrue(edges.keySet().containsAll(API), "packages read: " + edges.keySet());
        assertTrue(edges.get("io.jail4j").containsAll(Set.of("io.jail4j.layout", "io.jail4j.internal")),
                "Jail.audit(JailLayout) and the shared binding: " + edges);
        assertEquals(Set.of(), edges.getOrDefault("io.jail4j.layout", Set.of()).stream()
                .filter(p -> p.equals("io.jail4j")).collect(Collectors.toSet()), "layout must not use io.jail4j");
        for (String start : edges.keySet()) {
            Deque<String> todo = new ArrayDeque<>(edges.get(start));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String next = todo.pop();
                assertTrue(!next.equals(start), start + " reaches itself again through " + seen + ": " + edges);
                if (seen.add(next)) {
                    todo.addAll(edges.getOrDefault(next, Set.of()));
                }
            }
        }
        assertEquals(Set.of(), edges.getOrDefault("io.jail4j.inspect", Set.of()), "inspection stands alone");
    }

    /** Package to the other io.jail4j packages it uses, from {@code jdeps -verbose:package}. */
    private static Map<String, Set<String>> packageDependencies() throws IOException, URISyntaxException {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in "
                + System.getProperty("java.home")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), "--module-path", dependencies(), "-verbose:package", "-filter:none",
                classes().toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, "jdeps: " + err.toString(StandardCharsets.UTF_8) + text);
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith("io.jail4j")) {
                Set<String> to = edges.computeIfAbsent(f[0], k -> new TreeSet<>());
                if (f[2].startsWith("io.jail4j") && !f[2].equals(f[0])) {
                    to.add(f[2]);
                }
            }
        }
        return edges;
    }

    /** jail-core's dependencies: the jars of jnr-ffi and jnr-constants and theirs, from the class path. */
    private static String dependencies() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && Stream.of("jnr-", "jffi-", "asm-")
                        .anyMatch(Path.of(e).getFileName().toString()::startsWith))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path classes() throws URISyntaxException {
        return Path.of(Jail.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
