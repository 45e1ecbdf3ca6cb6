package io.jail4j;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ResolvedModule;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Every class-path and module-path entry of the JVM, and what keeps it usable after the chroot.
 *
 * <p>The class loaders keep their own open {@code JarFile} per jar, which serves classes inside
 * the jail. Everything else reopens a jar <em>by its host path</em>: {@code getResource(..)
 * .openStream()}, {@code getResourceAsStream}, {@code ResourceBundle} and {@code Class.getResource}
 * go through a {@code jar:} URL connection, which reopens unless the JDK's jar cache already holds
 * that jar; {@code ServiceLoader} turns that cache off; zipfs and {@code new JarFile(path)} always
 * open by path. {@link #prime()} opens every loader and fills the jar cache before the chroot (the
 * descriptors stay open, read-only); what reopens by path needs the jar at the same path inside
 * the jail ({@link Jail#mirrorClassPath()}).
 */
final class ClassPathAccess {
    /** One entry: its canonical host path, whether it is a jar, where it came from, whether it has services. */
    record Entry(Path path, boolean jar, String origin, boolean services) { }

    private final List<Entry> entries;
    private final Map<String, String> cacheUrls; // jar path -> jar: URL (up to "!/") the loaders use

    private ClassPathAccess(List<Entry> entries, Map<String, String> cacheUrls) {
        this.entries = entries;
        this.cacheUrls = cacheUrls;
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * Finds every entry: {@code java.class.path}, manifest {@code Class-Path} entries (recursively),
     * every jar the system class loader has opened (agents included), and the file locations of
     * the boot layer's modules. Asking the system loader for every manifest makes it open all its
     * entries now, while their paths still exist (one that fails to open later is dropped for good).
     */
    static ClassPathAccess discover() {
        Map<String, Entry> found = new LinkedHashMap<>();
        Map<String, String> urls = new LinkedHashMap<>();
        for (String element : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!element.isEmpty()) {
                add(found, Path.of(element), "class path");
            }
        }
        for (ResolvedModule module : ModuleLayer.boot().configuration().modules()) {
            module.reference().location().filter(u -> "file".equals(u.getScheme())).ifPresent(u -> {
                Entry entry = add(found, Path.of(u), "module " + module.name());
                if (entry != null && entry.jar()) {
                    urls.putIfAbsent(entry.path().toString(), "jar:" + u + "!/");
                }
            });
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        try {
            for (Enumeration<URL> e = system.getResources(JarFile.MANIFEST_NAME); e.hasMoreElements(); ) {
                URL url = e.nextElement();
                String base = jarBase(url);
                Path jar = base == null ? null : jarOf(base);
                if (jar != null) {
                    Entry entry = add(found, jar, "class loader");
                    if (entry != null) {
                        urls.putIfAbsent(entry.path().toString(), base);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("class path: listing " + JarFile.MANIFEST_NAME + ": " + e.getMessage(), e);
        }
        return new ClassPathAccess(List.copyOf(found.values()), urls);
    }

    /**
     * Opens what the JVM would otherwise open by path after the chroot: every boot-layer module's
     * reader, and one cached jar connection per jar (the JDK's jar cache, which
     * {@code getResource}, {@code ResourceBundle} and {@code jar:} URLs use). Returns the number
     * of jars now in the cache.
     */
    int prime() {
        for (Module module : ModuleLayer.boot().modules()) {
            if (module.getClassLoader() != null) {
                try (InputStream in = module.getResourceAsStream("module-info.class")) {
                    // opening the module's reader is the point; the stream itself is not needed
                    if (in != null) {
                        in.available();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("module " + module.getName() + ": " + e.getMessage(), e);
                }
            }
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        int cached = 0;
        for (Entry entry : entries) {
            if (!entry.jar()) {
                continue;
            }
            String base = cacheUrls.get(entry.path().toString());
            if (base == null) {
                base = urlOfEntry(system, entry.path());
            }
            if (base == null) {
                continue; // not served by the system loader (a module jar has its URL from discover())
            }
            try {
                URLConnection c = new URL(base).openConnection();
                c.setUseCaches(true);
                ((JarURLConnection) c).getJarFile(); // stays in the JDK's cache, open, for later jar: URLs
                cached++;
            } catch (IOException | ClassCastException e) {
                throw new IllegalStateException("class path: cannot open " + base + ": " + e, e);
            }
        }
        return cached;
    }

    /**
     * Returns warnings naming every entry that cannot be opened at its path inside {@code jail}
     * and what will fail for it: one for jars, one for class directories; empty when all can. A
     * jar counts as there when the jail's copy has the host's size and mtime.
     */
    List<String> unreachable(Path jail) {
        List<String> jarsOut = new ArrayList<>();
        List<String> dirsOut = new ArrayList<>();
        int services = 0;
        for (Entry entry : entries) {
            String why = ClassPathMirror.stale(jail, entry);
            if (why == null) {
                continue;
            }
            String name = entry.path() + (entry.services() ? "*" : "") + (why.contains("stale") ? " (stale copy)"
                    : why.contains("symbolic link") ? " (behind a link)" : "");
            if (entry.jar()) {
                jarsOut.add(name);
                services += entry.services() ? 1 : 0;
            } else {
                dirsOut.add(name);
            }
        }
        List<String> out = new ArrayList<>(2);
        if (!jarsOut.isEmpty()) {
            out.add("class path: " + jarsOut.size() + " jar(s) not at their host path inside the jail, so whatever reopens"
                    + " them by path after enter() fails (zipfs, new JarFile(path), uncached jar: URLs)"
                    + (services == 0 ? "" : ", and the ServiceLoader providers of the " + services + " marked * will not be"
                    + " found (SLF4J falls back to a no-op logger, Jetty finds no compression)") + ": "
                    + String.join(", ", jarsOut) + "; Jail.mirrorClassPath() puts read-only copies there");
        }
        if (!dirsOut.isEmpty()) {
            out.add("class path: " + dirsOut.size() + " class directory(ies) not at their host path inside the jail, so"
                    + " classes and resources not loaded before enter() cannot be read (ClassNotFoundException, null"
                    + " resources): " + String.join(", ", dirsOut) + "; preload them with Preload.packages(..) or use"
                    + " Jail.mirrorClassPath()");
        }
        return out;
    }

    /** Adds {@code path} (canonical) with the manifest class path of a jar; null when it does not exist. */
    private static Entry add(Map<String, Entry> found, Path path, String origin) {
        Path real;
        BasicFileAttributes attrs;
        try {
            real = path.toRealPath();
            attrs = Files.readAttributes(real, BasicFileAttributes.class);
        } catch (IOException e) {
            return null; // an entry that does not exist is skipped by the class loaders too
        }
        Entry known = found.get(real.toString());
        if (known != null) {
            return known;
        }
        if (attrs.isDirectory()) {
            Entry entry = new Entry(real, false, origin, Files.isDirectory(real.resolve("META-INF/services")));
            found.put(real.toString(), entry);
            return entry;
        }
        boolean services = false;
        List<Path> manifestPath = new ArrayList<>();
        try (JarFile jar = new JarFile(real.toFile(), false)) {
            services = hasServices(jar);
            Manifest manifest = jar.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                for (String item : cp.trim().split("\\s+")) {
                    Path p = resolveManifestEntry(real, item);
                    if (p != null) {
                        manifestPath.add(p);
                    }
                }
            }
        } catch (IOException e) {
            return null; // not a jar: the class loaders ignore it as well
        }
        Entry entry = new Entry(real, true, origin, services);
        found.put(real.toString(), entry);
        for (Path p : manifestPath) {
            add(found, p, "Class-Path of " + real.getFileName());
        }
        return entry;
    }

    /**
     * Whether the jar has {@code META-INF/services} providers: its directory entry, which Maven,
     * Gradle and the {@code jar} tool write, is one lookup; a small jar without directory entries
     * is scanned; a large one without is not (listing tens of thousands of names would cost more
     * than the answer, which only marks the jar in a warning).
     */
    private static boolean hasServices(JarFile jar) {
        if (jar.getEntry("META-INF/services/") != null) {
            return true;
        }
        if (jar.size() > SCAN_LIMIT) {
            return false;
        }
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            if (e.nextElement().getName().startsWith("META-INF/services/")) {
                return true;
            }
        }
        return false;
    }

    private static final int SCAN_LIMIT = 2000;

    private static Path resolveManifestEntry(Path jar, String item) {
        try {
            URI resolved = jar.toUri().resolve(new URI(null, null, item, null));
            return "file".equals(resolved.getScheme()) ? Path.of(resolved) : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null; // the class loaders ignore an entry they cannot parse
        }
    }

    /** The system loader's URL of a jar without a manifest, found through its first file entry. */
    private static String urlOfEntry(ClassLoader system, Path jar) {
        String first = null;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements() && first == null; ) {
                JarEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    first = entry.getName();
                }
            }
            if (first == null) {
                return null;
            }
            for (Enumeration<URL> e = system.getResources(first); e.hasMoreElements(); ) {
                String base = jarBase(e.nextElement());
                if (base != null && jar.equals(jarOf(base))) {
                    return base;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("class path: " + jar + ": " + e.getMessage(), e);
        }
        return null;
    }

    /** {@code jar:file:/x.jar!/} of a {@code jar:file:} URL, or null for any other URL. */
    private static String jarBase(URL url) {
        String s = url.toString();
        int bang = s.indexOf("!/");
        return s.startsWith("jar:file:") && bang > 0 ? s.substring(0, bang + 2) : null;
    }

    /** The jar file of a {@code jar:file:/x.jar!/} base, canonical; null if it cannot be read. */
    private static Path jarOf(String base) {
        try {
            return Path.of(new URI(base.substring("jar:".length(), base.length() - "!/".length()))).toRealPath();
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
