package io.jail4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds, for a learn plan, the classes that load a native library extracted from a class-path jar
 * after {@code enter()}, by the names in the jars' entries and constant pools.
 */
final class NativeLoaders {
    private NativeLoaders() {
    }

    /**
     * Finds the classes that name a native library extracted from a jar: the library's file name
     * without {@code lib}, {@code .so} and the random digits an extractor adds must start with the
     * name of a {@code .so} entry of a class-path jar ({@code META-INF/native/libNAME.so}); the
     * classes of the class-path jars whose constant pool holds NAME, or NAME cut at an underscore
     * (an architecture suffix the code adds at run time), from the longest, are the loaders.
     * Returns an empty list when nothing matches.
     */
    static List<String> loadersByName(LearnContext ctx, String path, Map<String, String> notes) {
        String file = Path.of(path).getFileName().toString();
        if (!file.startsWith("lib") || !file.contains(".so")) {
            return List.of();
        }
        String base = file.substring(3, file.indexOf(".so"));
        String resource = null;
        List<Path> jars = new ArrayList<>();
        for (ClassPathAccess.Entry e : ctx.classPath()) {
            if (e.jar()) {
                jars.add(e.path());
            }
        }
        for (Path jar : jars) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                for (java.util.Enumeration<? extends java.util.zip.ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                    String name = en.nextElement().getName();
                    String leaf = name.substring(name.lastIndexOf('/') + 1);
                    if (leaf.startsWith("lib") && leaf.endsWith(".so")) {
                        String lib = leaf.substring(3, leaf.length() - 3);
                        if (base.startsWith(lib) && (resource == null || lib.length() > resource.length())) {
                            resource = lib;
                            notes.put("\0why:" + path, "the library comes from " + jar.getFileName() + "!/" + name);
                        }
                    }
                }
            } catch (IOException e) {
                // an unreadable jar names nothing
            }
        }
        if (resource == null) {
            return List.of();
        }
        for (String name = resource; name.indexOf('_') > 0; name = name.substring(0, name.lastIndexOf('_'))) {
            byte[] needle = name.getBytes(StandardCharsets.UTF_8);
            List<String> classes = new ArrayList<>();
            for (Path jar : jars) {
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                    for (java.util.Enumeration<? extends java.util.zip.ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                        java.util.zip.ZipEntry entry = en.nextElement();
                        String n = entry.getName();
                        if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) {
                            continue;
                        }
                        try (java.io.InputStream in = zip.getInputStream(entry)) {
                            if (contains(in.readAllBytes(), needle)) {
                                classes.add(n.substring(0, n.length() - 6).replace('/', '.'));
                            }
                        }
                    }
                } catch (IOException e) {
                    // an unreadable jar names nothing
                }
            }
            if (!classes.isEmpty()) {
                notes.put("\0why:" + path, notes.get("\0why:" + path) + "; its name \"" + name + "\" is in the class");
                return classes;
            }
        }
        return List.of();
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
