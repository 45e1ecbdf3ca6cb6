package io.jail4j;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Something the application needs from the host's disk, touched before the chroot: pass these to
 * {@link Jail#preload(Runnable...)}. After the chroot the JVM can only open files inside the jail,
 * so a class first loaded from a class-path directory, a resource read by path, a native library
 * or a name lookup that reads {@code /etc} fails there, often silently or for good.
 *
 * <pre>{@code
 * Jail.at(dir)
 *     .preload(Preload.packages("com.example.ftpd"),
 *              Preload.resources("banner.txt"),
 *              Preload.hosts("db.internal"))
 *     .dropTo("ftp").enter();
 * }</pre>
 *
 * <p>A failing item makes {@code enter()} throw a {@link PreloadException} whose cause names it.
 */
public final class Preload implements Runnable {
    private final String description;
    private final Runnable action;

    private Preload(String description, Runnable action) {
        this.description = description;
        this.action = action;
    }

    /**
     * Wraps an action with a description used in errors and in the plan's {@code toString()}.
     *
     * @param description the text that {@code toString()} returns and errors name
     * @param action      the work to run before the chroot; what it throws fails {@code enter()}
     * @return a preload that runs {@code action}
     * @throws NullPointerException if {@code description} or {@code action} is null
     */
    public static Preload named(String description, Runnable action) {
        return new Preload(Objects.requireNonNull(description, "named: description"),
                Objects.requireNonNull(action, "named: action"));
    }

    /**
     * Loads the named classes (without initialising them) through the system class loader: their
     * bytes are read now, but static initialisers run at first use, inside the jail; see
     * {@link #initialize(String...)}.
     *
     * @param classNames binary class names, such as {@code "com.example.Foo$Bar"}
     * @return a preload that fails, when run, with an {@link IllegalStateException} on the first
     *         class that cannot be found or linked
     * @throws NullPointerException if {@code classNames} or one of its elements is null
     */
    public static Preload classes(String... classNames) {
        List<String> names = List.of(classNames);
        return new Preload("classes " + names, () -> names.forEach(Preload::load));
    }

    /**
     * Loads and initialises the named classes (runs their static initialisers) through the system
     * class loader. Use it for a class whose initialiser loads a native library or reads a file:
     * {@link #classes(String...)} loads without initialising, so it cannot force that.
     * Netty's epoll transport, for example, extracts its {@code .so} from its jar and loads it when
     * {@code io.netty.channel.epoll.Epoll} is initialised:
     * {@code Preload.initialize("io.netty.channel.epoll.Epoll")}.
     *
     * @param classNames binary class names, initialised in this order
     * @return a preload that fails, when run, with an {@link IllegalStateException} on the first
     *         class that cannot be found, linked or initialised
     * @throws NullPointerException if {@code classNames} or one of its elements is null
     */
    public static Preload initialize(String... classNames) {
        List<String> names = List.of(classNames);
        return new Preload("initialize " + names, () -> {
            for (String name : names) {
                try {
                    Class.forName(name, true, ClassLoader.getSystemClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot initialize class " + name + ": " + e, e);
                }
            }
        });
    }

    /**
     * Loads every class of the named packages and their subpackages found on the class path,
     * from directories and jars alike. Use it for an application that runs from a class directory
     * ({@code target/classes}, an exploded deployment): such classes cannot be read after the
     * chroot at all.
     *
     * @param packageNames package names, such as {@code "com.example.app"}
     * @return a preload that fails, when run, with an {@link IllegalStateException} if the packages
     *         together have no class on the class path
     * @throws NullPointerException if {@code packageNames} or one of its elements is null
     */
    public static Preload packages(String... packageNames) {
        List<String> names = List.of(packageNames);
        return new Preload("packages " + names, () -> {
            int loaded = 0;
            for (String pkg : names) {
                loaded += loadPackage(pkg);
            }
            if (loaded == 0) {
                throw new IllegalStateException("no class of " + names + " on the class path");
            }
        });
    }

    /**
     * Reads each named resource once through the system class loader; fails naming the first one
     * that is missing. From a jar this also opens the jar's cached connection that later reads
     * use; a resource in a class-path directory is read by path and cannot be re-read after the
     * chroot, so keep its content.
     *
     * @param names resource names as {@link ClassLoader#getSystemResourceAsStream(String)} takes
     *              them, without a leading {@code /}
     * @return a preload that fails, when run, with an {@link IllegalStateException} for a missing
     *         resource or an {@link UncheckedIOException} for one that cannot be read
     * @throws NullPointerException if {@code names} or one of its elements is null
     */
    public static Preload resources(String... names) {
        List<String> all = List.of(names);
        return new Preload("resources " + all, () -> {
            for (String name : all) {
                try (InputStream in = ClassLoader.getSystemResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("no resource " + name + " on the class path");
                    }
                    in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException("resource " + name + ": " + e.getMessage(), e);
                }
            }
        });
    }

    /**
     * Loads native libraries with {@link System#loadLibrary(String)}, bound to jail4j's class
     * loader. A library that a class of another loader (the JDK's own, a framework's) loads itself
     * must be loaded by that class: use {@link #initialize(String...)} on it instead.
     *
     * @param names library names as {@link System#loadLibrary(String)} takes them ({@code "z"} for
     *              {@code libz.so})
     * @return a preload that fails, when run, with the {@link UnsatisfiedLinkError} of the first
     *         library that cannot be loaded
     * @throws NullPointerException if {@code names} or one of its elements is null
     */
    public static Preload libraries(String... names) {
        List<String> all = List.of(names);
        return new Preload("native libraries " + all, () -> all.forEach(System::loadLibrary));
    }

    /**
     * Resolves host names now, failing for a name that does not resolve. The JVM caches the
     * answers for {@code networkaddress.cache.ttl} (30 s by default); later lookups run inside the
     * jail, where glibc reads the jail's {@code etc/hosts}, {@code etc/resolv.conf} and
     * {@code etc/nsswitch.conf}: give the jail those files for names that must keep resolving.
     *
     * @param names host names to resolve, each with {@link InetAddress#getAllByName(String)}
     * @return a preload that fails, when run, with an {@link IllegalStateException} for the first
     *         name that does not resolve
     * @throws NullPointerException if {@code names} or one of its elements is null
     */
    public static Preload hosts(String... names) {
        List<String> all = List.of(names);
        return new Preload("host names " + all, () -> {
            for (String name : all) {
                try {
                    InetAddress.getAllByName(name);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("host name " + name + " does not resolve: " + e.getMessage(), e);
                }
            }
        });
    }

    @Override
    public void run() {
        action.run();
    }

    /** Returns the description, such as {@code packages [com.example]}. */
    @Override
    public String toString() {
        return description;
    }

    private static void load(String className) {
        try {
            Class.forName(className, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load class " + className + ": " + e, e);
        }
    }

    private static int loadPackage(String pkg) {
        String dir = pkg.replace('.', '/') + "/";
        List<String> classes = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            try {
                if (Files.isDirectory(path)) {
                    Path root = path.resolve(dir);
                    if (Files.isDirectory(root)) {
                        try (Stream<Path> files = Files.walk(root)) {
                            files.map(f -> path.relativize(f).toString().replace(File.separatorChar, '/'))
                                    .forEach(name -> addClass(classes, name));
                        }
                    }
                } else if (Files.isRegularFile(path)) {
                    try (JarFile jar = new JarFile(path.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            String name = e.nextElement().getName();
                            if (name.startsWith(dir)) {
                                addClass(classes, name);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("class path entry " + entry + ": " + e.getMessage(), e);
            }
        }
        classes.forEach(Preload::load);
        return classes.size();
    }

    private static void addClass(List<String> classes, String path) {
        if (path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class")) {
            classes.add(path.substring(0, path.length() - 6).replace('/', '.'));
        }
    }
}
