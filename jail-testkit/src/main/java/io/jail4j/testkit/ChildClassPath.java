package io.jail4j.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path a jailed child needs to run a test class, as launchers and IDEs hand it over:
 *
 * <ul>
 *   <li>{@code java.class.path}, each jar's manifest {@code Class-Path} entries added after it
 *       (recursively), and a manifest-only "pathing" jar (surefire's {@code useManifestOnlyJar},
 *       a launcher's {@code classpath.jar}) replaced by the entries it lists;</li>
 *   <li>when the test class comes from a class loader below the system class loader (an IDE's or
 *       launcher's own {@code URLClassLoader}), that loader's URLs and those of every loader
 *       between it and the system loader, after {@code java.class.path}, parent first.</li>
 * </ul>
 *
 * Entries that do not exist are left out, as the class loaders leave them out. The result is
 * checked: the test class, the testkit's child main class and the JUnit launcher must each be
 * found in it, else {@link #of} throws naming what is missing and where the test class came from.
 */
final class ChildClassPath {
    private ChildClassPath() {
    }

    /**
     * Returns the canonical host paths of the entries a child needs for {@code testClass}.
     *
     * @throws IllegalStateException naming the cause when the class path cannot be reconstructed
     */
    static List<Path> of(Class<?> testClass) {
        Set<Path> out = new LinkedHashSet<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (String element : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            add(Path.of(element.isEmpty() ? "." : element), out, seen);
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        List<ClassLoader> below = new ArrayList<>();
        for (ClassLoader l = testClass.getClassLoader(); l != null && !isSystemOrAbove(l, system); l = l.getParent()) {
            below.add(l);
        }
        Collections.reverse(below); // parent first, as the loaders delegate
        for (ClassLoader l : below) {
            if (!(l instanceof URLClassLoader)) {
                throw new IllegalStateException("the test class " + testClass.getName() + " was loaded by "
                        + l.getClass().getName() + ", a class loader that does not name its class path (not a"
                        + " URLClassLoader), so the jailed child cannot be given it: run the test with its classes on"
                        + " java.class.path (-cp), in a pathing jar, or from a URLClassLoader");
            }
            for (URL url : ((URLClassLoader) l).getURLs()) {
                if (!"file".equals(url.getProtocol())) {
                    throw new IllegalStateException("the test class " + testClass.getName() + " was loaded by a"
                            + " URLClassLoader with the entry " + url + ", which is not a local file: the jailed child"
                            + " can only be given files");
                }
                try {
                    add(Path.of(url.toURI()), out, seen);
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new IllegalStateException("the class-path URL " + url + " of " + testClass.getName()
                            + "'s class loader is not a file path: " + e.getMessage(), e);
                }
            }
        }
        List<Path> entries = List.copyOf(out);
        require(entries, testClass, testClass);
        require(entries, JailedChild.class, testClass);
        require(entries, org.junit.platform.launcher.core.LauncherFactory.class, testClass);
        return entries;
    }

    private static boolean isSystemOrAbove(ClassLoader l, ClassLoader system) {
        for (ClassLoader s = system; s != null; s = s.getParent()) {
            if (s == l) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks that the class-path entry {@code need} came from is among {@code entries} (found by
     * its code source, without opening any jar).
     */
    private static void require(List<Path> entries, Class<?> need, Class<?> testClass) {
        Path origin = null;
        try {
            java.security.CodeSource source = need.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
                origin = Path.of(source.getLocation().toURI()).toRealPath();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            origin = null;
        }
        if (origin == null || !entries.contains(origin)) {
            throw new IllegalStateException(need.getName() + " (from " + origin + ") is on none of the " + entries.size()
                    + " class-path entries the jailed child would get for " + testClass.getName() + " (java.class.path "
                    + System.getProperty("java.class.path") + ", the manifest Class-Path of its jars, and the URLs of"
                    + " the test class's loader " + testClass.getClassLoader() + "): the child could not start; put it"
                    + " on java.class.path or into the test class's URLClassLoader. Entries: " + entries);
        }
    }

    /** Adds {@code p} (canonical) and, for a jar, its manifest {@code Class-Path}; a manifest-only jar itself is left out. */
    private static void add(Path p, Set<Path> out, Set<Path> seen) {
        Path real;
        try {
            real = p.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            return; // the class loaders skip an entry that does not exist
        }
        if (!seen.add(real)) {
            return;
        }
        if (Files.isDirectory(real)) {
            out.add(real);
            return;
        }
        List<Path> listed = new ArrayList<>();
        boolean onlyManifest = true;
        try (JarFile jar = new JarFile(real.toFile(), false)) {
            Manifest m = jar.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                for (String item : cp.trim().split("\\s+")) {
                    Path resolved = resolve(real, item);
                    if (resolved != null) {
                        listed.add(resolved);
                    }
                }
            }
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements() && onlyManifest; ) {
                String name = e.nextElement().getName();
                onlyManifest = name.equals("META-INF/") || name.equals(JarFile.MANIFEST_NAME);
            }
        } catch (IOException e) {
            return; // not a jar: the class loaders ignore it as well
        }
        if (!(onlyManifest && !listed.isEmpty())) {
            out.add(real);
        }
        for (Path l : listed) {
            add(l, out, seen);
        }
    }

    /** Resolves a manifest {@code Class-Path} item (a URL, relative to its jar) as the JDK's class loaders do. */
    static Path resolve(Path jar, String item) {
        try {
            URL u = new URL(jar.toUri().toURL(), item);
            return "file".equals(u.getProtocol()) ? Path.of(u.toURI()) : null;
        } catch (java.net.MalformedURLException | URISyntaxException | IllegalArgumentException e) {
            return null; // the class loaders ignore an entry they cannot parse
        }
    }
}
