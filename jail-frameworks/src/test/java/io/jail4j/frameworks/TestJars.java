package io.jail4j.frameworks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds, at test time, the jars that {@link ResourcesRootTest} puts on a child's command line and
 * nowhere else: a plugin jar on the class path (a service with its provider, a properties
 * resource bundle in two locales, a plain resource), a jar reached only through the plugin's
 * manifest {@code Class-Path}, a {@code -javaagent} jar and a named module on the module path.
 * Classes are compiled with the JDK's own {@code javac} for release 17; the texts the child must
 * read back are the constants below.
 */
final class TestJars {
    static final String PLUGIN_TEXT = "plain resource of the plugin jar";
    static final String EXTRA_TEXT = "resource of the jar named by the plugin's Class-Path";
    static final String AGENT_TEXT = "resource of the -javaagent jar";
    static final String MODULE_TEXT = "resource of the named module";
    static final String GREETING_EN = "hello from the plugin bundle";
    static final String GREETING_FR = "bonjour du bundle du plugin";
    static final String MODULE_NAME = "io.jail4j.modres";

    /** Where the four jars are; {@code extra} sits in {@code lib/} next to {@code plugin}. */
    record Jars(Path plugin, Path extra, Path agent, Path module) { }

    private TestJars() {
    }

    /** Compiles and writes the four jars below {@code dir} (which must exist). */
    static Jars build(Path dir) throws IOException {
        Path plugin = dir.resolve("plugin.jar");
        Path extra = Files.createDirectories(dir.resolve("lib")).resolve("extra.jar");
        Path agent = dir.resolve("agent.jar");
        Path module = Files.createDirectories(dir.resolve("mods")).resolve("modres.jar");

        Map<String, String> pluginSources = new TreeMap<>();
        pluginSources.put("plug/Greeter.java", "package plug; public interface Greeter { String greet(); }");
        pluginSources.put("plug/impl/HelloGreeter.java", "package plug.impl; public class HelloGreeter"
                + " implements plug.Greeter { public String greet() { return \"hello from the provider\"; } }");
        Map<String, String> pluginFiles = new TreeMap<>();
        pluginFiles.put("META-INF/services/plug.Greeter", "plug.impl.HelloGreeter\n");
        pluginFiles.put("plug/Messages.properties", "greeting=root bundle\n");
        pluginFiles.put("plug/Messages_en.properties", "greeting=" + GREETING_EN + "\n");
        pluginFiles.put("plug/Messages_fr.properties", "greeting=" + GREETING_FR + "\n");
        pluginFiles.put("plug/plain.txt", PLUGIN_TEXT);
        jar(plugin, compile(dir.resolve("src-plugin"), pluginSources), pluginFiles,
                Map.of(Attributes.Name.CLASS_PATH.toString(), "lib/extra.jar"));

        Map<String, String> extraSources = new TreeMap<>();
        extraSources.put("extra/Codec.java", "package extra; public interface Codec { String name(); }");
        extraSources.put("extra/impl/RotCodec.java", "package extra.impl; public class RotCodec"
                + " implements extra.Codec { public String name() { return \"rot13\"; } }");
        jar(extra, compile(dir.resolve("src-extra"), extraSources),
                Map.of("META-INF/services/extra.Codec", "extra.impl.RotCodec\n", "extra/extra.txt", EXTRA_TEXT),
                Map.of());

        Map<String, String> agentSources = Map.of("agent/Agent.java", "package agent; public class Agent {"
                + " public static void premain(String args, java.lang.instrument.Instrumentation inst) {"
                + " System.setProperty(\"jail4j.test.agent\", \"premain ran\"); } }");
        jar(agent, compile(dir.resolve("src-agent"), agentSources), Map.of("agent/agent.txt", AGENT_TEXT),
                Map.of("Premain-Class", "agent.Agent"));

        Map<String, String> moduleSources = new TreeMap<>();
        moduleSources.put("module-info.java", "module " + MODULE_NAME + " { exports modres; opens modres;"
                + " provides modres.Shape with modres.impl.Square; }");
        moduleSources.put("modres/Shape.java", "package modres; public interface Shape { String name(); }");
        moduleSources.put("modres/impl/Square.java", "package modres.impl; public class Square"
                + " implements modres.Shape { public String name() { return \"square\"; } }");
        jar(module, compile(dir.resolve("src-module"), moduleSources), Map.of("modres/shape.txt", MODULE_TEXT),
                Map.of());
        return new Jars(plugin, extra, agent, module);
    }

    /** Writes {@code sources} below {@code dir}/src, compiles them into {@code dir}/classes and returns that. */
    private static Path compile(Path dir, Map<String, String> sources) throws IOException {
        Path src = dir.resolve("src");
        Path out = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: the tests need a JDK");
        }
        StringWriter log = new StringWriter();
        OutputStream err = new OutputStream() {
            @Override
            public void write(int b) {
                log.write(b);
            }
        };
        if (javac.run(null, err, err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("javac failed for " + sources.keySet() + ":\n" + log);
        }
        return out;
    }

    /** A jar with a manifest ({@code attributes} added), every file below {@code classes}, and {@code files}. */
    private static void jar(Path jar, Path classes, Map<String, String> files, Map<String, String> attributes)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString()));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
