package io.jail4j.tcpd;

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
 * Loads every class of this package when rules, a resolver or a guard are created (before the
 * chroot): from a class directory, a class first needed after the chroot could not be read.
 */
final class TcpdClasses {
    private static final String PACKAGE = "io/jail4j/tcpd/";
    private static volatile boolean loaded;

    private TcpdClasses() {
    }

    static void load() {
        if (loaded) {
            return;
        }
        synchronized (TcpdClasses.class) {
            if (loaded) {
                return;
            }
            for (String name : names()) {
                try {
                    Class.forName(name, true, TcpdClasses.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name + " before the chroot: " + e, e);
                }
            }
            loaded = true;
        }
    }

    /** Returns the binary names of this package's classes, or none if they cannot be listed. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        CodeSource source = TcpdClasses.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return names;
        }
        try {
            Path root = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.list(root.resolve(PACKAGE))) {
                    files.forEach(f -> add(names, PACKAGE + f.getFileName()));
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                        String entry = e.nextElement().getName();
                        if (entry.startsWith(PACKAGE) && entry.indexOf('/', PACKAGE.length()) < 0) {
                            add(names, entry);
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            return names; // nothing listable: classes load on first use
        }
        return names;
    }

    private static void add(List<String> names, String path) {
        if (path.endsWith(".class") && !path.endsWith("package-info.class")) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }
}
