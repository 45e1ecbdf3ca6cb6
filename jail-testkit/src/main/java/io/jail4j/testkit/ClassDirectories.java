package io.jail4j.testkit;

import io.jail4j.Preload;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Preload actions for what the chroot takes away from the class path: classes in class-path
 * directories (read by path on first use, so unreadable inside the jail) and jars not yet opened
 * (a jar opened before stays readable through its descriptor).
 */
final class ClassDirectories {
    private ClassDirectories() {
    }

    /** Loads, without initialising, every class of these packages and subpackages in class-path directories. */
    static Preload packages(List<String> packages) {
        return Preload.named("classes of " + packages + " in class-path directories", () -> load(packages));
    }

    /** Opens every class-path jar: a lookup that finds nothing walks all of them. */
    static Preload openJars() {
        return Preload.named("open every class-path jar",
                () -> ClassLoader.getSystemClassLoader().getResource("io/jail4j/testkit/.no-such-resource"));
    }

    static int load(List<String> packages) {
        Set<String> names = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path dir = Path.of(entry.isEmpty() ? "." : entry);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (String pkg : packages) {
                Path root = dir.resolve(pkg.replace('.', File.separatorChar));
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    files.map(f -> dir.relativize(f).toString().replace(File.separatorChar, '/'))
                            .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class")
                                    && !n.endsWith("package-info.class"))
                            .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
                } catch (IOException e) {
                    throw new UncheckedIOException("class path directory " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        List<String> failed = new ArrayList<>();
        for (String name : names) {
            try {
                Class.forName(name, false, ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                failed.add(name + " (" + e + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("cannot load " + failed.size() + " class(es) before the chroot: " + failed);
        }
        return names.size();
    }
}
