package io.jail4j.frameworks;

import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.JailException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;

/**
 * Child of {@link ResourcesRootTest}: enters the jail as {@code nobody} (with
 * {@code mirrorClassPath()} when its first argument is {@code mirror}) without touching any of
 * the test's jars itself, then uses each of them for the first time in every way an application
 * may: {@code ServiceLoader} (class path and module layer), {@code ResourceBundle} in two locales,
 * {@code getResourceAsStream}, {@code Class.getResource(..).openStream()}, a {@code jar:} URL,
 * zipfs, {@code new JarFile(path)} and {@code Module.getResourceAsStream}. Prints the report's
 * {@code WARNING}s and one {@code ROW name ok} or {@code ROW name FAIL <why>} per use, then waits
 * for a line on stdin so that the test can look at it from outside.
 *
 * <p>Arguments: {@code mirror|plain}, the jail, the plugin, extra, agent and module jars.
 */
public final class ResourcesChild {
    private ResourcesChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean mirror = args[0].equals("mirror");
        Path jail = Path.of(args[1]);
        Path plugin = Path.of(args[2]);
        Path extra = Path.of(args[3]);
        Path agent = Path.of(args[4]);
        Path module = Path.of(args[5]);
        Jail plan = Jail.at(jail).closeFds().dropTo("nobody");
        if (mirror) {
            plan = plan.mirrorClassPath();
        }
        EntryReport report;
        try {
            report = ChildSupport.learnOrApply(plan).enter();
        } catch (JailException e) {
            System.out.println("ENTER-FAILED " + oneLine(e));
            System.exit(1);
            return;
        }
        report.warnings().forEach(w -> System.out.println("WARNING " + oneLine(w)));
        report.notes().forEach(n -> System.out.println("NOTE " + oneLine(n)));
        System.out.println("ENTERED");
        useEveryJar(plugin, extra, agent, module);
        System.out.println("DONE");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }

    /** Prints one {@code ROW} per use of the four jars. */
    static void useEveryJar(Path plugin, Path extra, Path agent, Path module) {
        // the plugin jar, on the class path
        row("cp.serviceloader", "plug.impl.HelloGreeter: hello from the provider", () -> services("plug.Greeter",
                "greet", null));
        row("cp.bundle.en", TestJars.GREETING_EN,
                () -> ResourceBundle.getBundle("plug.Messages", Locale.ENGLISH).getString("greeting"));
        row("cp.bundle.fr", TestJars.GREETING_FR,
                () -> ResourceBundle.getBundle("plug.Messages", Locale.FRENCH).getString("greeting"));
        row("cp.getResourceAsStream", TestJars.PLUGIN_TEXT,
                () -> read(ClassLoader.getSystemClassLoader().getResourceAsStream("plug/plain.txt")));
        row("cp.classGetResource", TestJars.PLUGIN_TEXT,
                () -> read(Class.forName("plug.Greeter").getResource("plain.txt").openStream()));
        row("cp.jarUrl", TestJars.PLUGIN_TEXT, () -> read(jarUrl(plugin, "plug/plain.txt").openStream()));
        row("cp.zipfs", TestJars.PLUGIN_TEXT, () -> zipfs(plugin, "plug/plain.txt"));
        row("cp.newJarFile", TestJars.PLUGIN_TEXT, () -> jarFile(plugin, "plug/plain.txt"));

        // the jar named only by the plugin's manifest Class-Path
        row("manifest.serviceloader", "extra.impl.RotCodec: rot13", () -> services("extra.Codec", "name", null));
        row("manifest.getResourceAsStream", TestJars.EXTRA_TEXT,
                () -> read(ClassLoader.getSystemClassLoader().getResourceAsStream("extra/extra.txt")));
        row("manifest.classGetResource", TestJars.EXTRA_TEXT,
                () -> read(Class.forName("extra.Codec").getResource("extra.txt").openStream()));
        row("manifest.jarUrl", TestJars.EXTRA_TEXT, () -> read(jarUrl(extra, "extra/extra.txt").openStream()));
        row("manifest.zipfs", TestJars.EXTRA_TEXT, () -> zipfs(extra, "extra/extra.txt"));
        row("manifest.newJarFile", TestJars.EXTRA_TEXT, () -> jarFile(extra, "extra/extra.txt"));

        // the -javaagent jar
        row("agent.premain", "premain ran", () -> System.getProperty("jail4j.test.agent"));
        row("agent.getResourceAsStream", TestJars.AGENT_TEXT,
                () -> read(ClassLoader.getSystemClassLoader().getResourceAsStream("agent/agent.txt")));
        row("agent.classGetResource", TestJars.AGENT_TEXT,
                () -> read(Class.forName("agent.Agent").getResource("agent.txt").openStream()));
        row("agent.jarUrl", TestJars.AGENT_TEXT, () -> read(jarUrl(agent, "agent/agent.txt").openStream()));
        row("agent.zipfs", TestJars.AGENT_TEXT, () -> zipfs(agent, "agent/agent.txt"));
        row("agent.newJarFile", TestJars.AGENT_TEXT, () -> jarFile(agent, "agent/agent.txt"));

        // the named module on the module path
        Module named = ModuleLayer.boot().findModule(TestJars.MODULE_NAME).orElse(null);
        row("module.serviceloader", "modres.impl.Square: square", () -> services("modres.Shape", "name", named));
        row("module.getResourceAsStream", TestJars.MODULE_TEXT,
                () -> read(named.getResourceAsStream("modres/shape.txt")));
        row("module.classGetResource", TestJars.MODULE_TEXT,
                () -> read(Class.forName(named, "modres.Shape").getResource("shape.txt").openStream()));
        row("module.jarUrl", TestJars.MODULE_TEXT, () -> read(jarUrl(module, "modres/shape.txt").openStream()));
        row("module.zipfs", TestJars.MODULE_TEXT, () -> zipfs(module, "modres/shape.txt"));
        row("module.newJarFile", TestJars.MODULE_TEXT, () -> jarFile(module, "modres/shape.txt"));
    }

    /**
     * Every provider of {@code service} as "class: result of method()", comma separated: through
     * the system class loader, or through the boot layer when {@code module} is not null.
     */
    private static String services(String service, String method, Module module) throws Exception {
        Class<?> type = module == null ? Class.forName(service) : Class.forName(module, service);
        ServiceLoader<?> loader = module == null ? ServiceLoader.load(type) : ServiceLoader.load(ModuleLayer.boot(),
                type);
        List<String> found = new ArrayList<>();
        for (Object provider : loader) {
            found.add(provider.getClass().getName() + ": " + type.getMethod(method).invoke(provider));
        }
        return String.join(", ", found);
    }

    private static URL jarUrl(Path jar, String entry) throws IOException {
        return URI.create("jar:" + jar.toUri() + "!/" + entry).toURL();
    }

    private static String zipfs(Path jar, String entry) throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(jar)) {
            return Files.readString(fs.getPath(entry));
        }
    }

    private static String jarFile(Path jar, String entry) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return read(file.getInputStream(file.getJarEntry(entry)));
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            throw new IOException("no such resource (null stream)");
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void row(String name, String expected, Callable<String> use) {
        String result;
        try {
            String got = use.call();
            result = expected.equals(got) ? "ok" : "FAIL read \"" + got + "\", expected \"" + expected + "\"";
        } catch (Throwable t) {
            result = "FAIL " + oneLine(t);
        }
        System.out.println("ROW " + name + " " + result);
    }

    /** An exception with its causes, on one line. */
    static String oneLine(Throwable t) {
        StringBuilder b = new StringBuilder(String.valueOf(t));
        Throwable c = t.getCause();
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return oneLine(b.toString());
    }

    static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
