package io.jail4j;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads and initialises every class of this package and of {@code io.jail4j.internal} (the JSON
 * writer of the entry report, the ABI table, the binding's loader) before the point of no return. From a class
 * directory (tests, exploded deployments) a class first used after the chroot could not be read
 * at all, the halt path's included; from a jar it could, but loading and verifying it inside the
 * irreversible window would lengthen the window.
 */
final class OwnClasses {
    private static final List<String> PACKAGES = List.of("io/jail4j/", "io/jail4j/internal/");
    private static boolean loaded;

    private OwnClasses() {
    }

    static synchronized void load() throws JailException {
        if (loaded) {
            return;
        }
        CodeSource source = Jail.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            loaded = true; // not from the file system: nothing this class can enumerate
            return;
        }
        Path root;
        try {
            root = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new JailException("cannot locate jail4j's classes at " + source.getLocation(), e);
        }
        try {
            for (String name : Files.isDirectory(root) ? fromDirectory(root) : fromJar(root)) {
                Class.forName(name, true, Jail.class.getClassLoader());
            }
        } catch (IOException | ClassNotFoundException | LinkageError e) {
            throw new JailException("cannot preload jail4j's own classes from " + root
                    + " (they could not be read after the chroot): " + e, e);
        }
        loaded = true;
    }

    private static List<String> fromDirectory(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : PACKAGES) {
            Path pkg = root.resolve(name);
            if (Files.isDirectory(pkg)) {
                try (Stream<Path> files = Files.list(pkg)) {
                    files.forEach(f -> add(names, name + f.getFileName()));
                }
            }
        }
        return names;
    }

    private static List<String> fromJar(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String entry = e.nextElement().getName();
                for (String name : PACKAGES) {
                    if (entry.startsWith(name) && entry.indexOf('/', name.length()) < 0) {
                        add(names, entry);
                    }
                }
            }
        }
        return names;
    }

    private static void add(List<String> names, String path) {
        if (path.endsWith(".class") && !path.endsWith("package-info.class") && !path.endsWith("module-info.class")) {
            names.add(path.substring(0, path.length() - 6).replace('/', '.'));
        }
    }
}
