package io.jail4j.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * jffi's native stub for this machine ({@code jni/<cpu>-Linux/libjffi-*.so}), extracted once from
 * the children's class path into the {@link ImageCache}, so that each child loads that copy
 * (pointed at by {@value #JFFI_PATH}) instead of extracting one of its own to a temporary file.
 */
final class JffiStub {
    /** The system property that points jffi at a directory holding its native stub. */
    static final String JFFI_PATH = "jffi.boot.library.path";

    private JffiStub() {
    }

    /**
     * Extracts jffi's native stub for this machine from the first class-path jar that has one into
     * a directory of the cache, so that each child loads that copy instead of extracting one of
     * its own to a temporary file (about 20 ms of CPU per child). Returns that directory, or empty
     * when the class path has none for this CPU.
     */
    static Optional<Path> extract(String classPath, ImageCache cache) throws IOException {
        // the class path names content-named copies: which one holds the stub is remembered
        Path index = cache.directory("index").resolve(ContentHash.hash(List.of(classPath, "jffi-stub")));
        if (cache.usable(index)) {
            String known = Files.readString(index, StandardCharsets.UTF_8);
            if (known.equals("none\n")) {
                return Optional.empty();
            }
            if (known.matches("jffi-[0-9a-f]{32}/[^/\n]+\n")) {
                Path stub = cache.dir().resolve(known.strip());
                if (cache.usable(stub)) {
                    return Optional.of(stub.getParent());
                }
            }
        }
        Optional<Path> found = find(classPath, cache);
        Path part = ImageCache.temporary(index.getParent(), ".idx");
        String text = "none\n";
        if (found.isPresent()) {
            try (Stream<Path> files = Files.list(found.get())) {
                text = found.get().getFileName() + "/" + files.filter(f -> f.getFileName().toString().endsWith(".so"))
                        .findFirst().orElseThrow().getFileName() + "\n";
            }
        }
        Files.writeString(part, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        Files.move(part, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return found;
    }

    private static Optional<Path> find(String classPath, ImageCache cache) throws IOException {
        String arch = System.getProperty("os.arch", "");
        String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        String prefix = "jni/" + cpu + "-Linux/libjffi-";
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Optional<JarEntry> stub = jar.stream()
                        .filter(e -> e.getName().startsWith(prefix) && e.getName().endsWith(".so")
                                && e.getName().indexOf('/', prefix.length()) < 0)
                        .findFirst();
                if (stub.isPresent()) {
                    Path dir = cache.directory("jffi-" + ContentHash.hash(List.of(entry, stub.get().getName())));
                    Path out = dir.resolve(stub.get().getName().substring(stub.get().getName().lastIndexOf('/') + 1));
                    if (!cache.usable(out)) {
                        Path part = ImageCache.temporary(dir, ".so");
                        try (InputStream in = jar.getInputStream(stub.get())) {
                            Files.copy(in, part);
                        }
                        cache.install(part, out);
                    }
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }
}
