package io.jail4j.examples;

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
 * Loads every class of a package from where the class path holds it, a jar or a class
 * directory. Needed before a chroot when the classes come from a directory such as
 * {@code target/classes}: after it, a class not yet loaded cannot be read any more. From a jar it
 * is cheap insurance (the jar's descriptor stays open).
 */
final class PackageClasses {
    private PackageClasses() {
    }

    /** Loads, without initialising, every class in the package of {@code anchor}; returns how many. */
    static int load(Class<?> anchor) throws IOException {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IOException("cannot tell where " + anchor.getName() + " was loaded from");
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot read the class location " + source.getLocation() + ": " + e, e);
        }
        String dir = anchor.getPackageName().replace('.', '/') + "/";
        List<String> names = Files.isDirectory(location) ? fromDirectory(location.resolve(dir)) : fromJar(location, dir);
        for (String simple : names) {
            String name = anchor.getPackageName() + "." + simple;
            try {
                Class.forName(name, false, anchor.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IOException("cannot load " + name + " from " + location + ": " + e, e);
            }
        }
        return names.size();
    }

    private static List<String> fromDirectory(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                addClass(names, file.getFileName().toString());
            }
        }
        return names;
    }

    private static List<String> fromJar(Path jar, String dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String entry = entries.nextElement().getName();
                if (entry.startsWith(dir) && entry.indexOf('/', dir.length()) < 0) {
                    addClass(names, entry.substring(dir.length()));
                }
            }
        }
        return names;
    }

    private static void addClass(List<String> names, String file) {
        if (file.endsWith(".class") && !file.equals("package-info.class") && !file.equals("module-info.class")) {
            names.add(file.substring(0, file.length() - ".class".length()));
        }
    }
}
