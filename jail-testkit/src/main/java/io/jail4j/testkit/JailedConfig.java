package io.jail4j.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The validated attributes of one {@link Jailed} annotation. Every error names the annotation,
 * the attribute, its value and where the annotation sits, such as
 * {@code @Jailed(timeoutSeconds = 0) on FooTest.bar(): timeoutSeconds must be 1..86400}.
 */
final class JailedConfig {
    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?");
    private static final Pattern PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}$]*"
            + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}$]*)*");
    private static final long MAX_ID = 0xFFFF_FFFEL;
    private static final Set<String> CLASS_PATH_OPTIONS = Set.of("-cp", "-classpath", "--class-path");

    final String where;
    final String user;
    final Class<? extends JailLayoutProvider> layout;
    final String jdk;
    final long timeoutSeconds;
    final List<Integer> listen;
    final InetAddress listenAddress;
    final List<String> preload;
    final List<String> resources;
    final List<String> initialize;
    final Class<? extends JailSetUp> setUp;
    final boolean closeFds;
    final boolean defaultPreload;
    final List<String> jvmArgs;

    private JailedConfig(Jailed a, String where) {
        this.where = where;
        this.user = user(a.user());
        this.layout = layout(a.layout());
        this.jdk = jdk(a.jdk());
        if (a.timeoutSeconds() < 1 || a.timeoutSeconds() > 86_400) {
            throw error("timeoutSeconds = " + a.timeoutSeconds(), "timeoutSeconds must be 1..86400");
        }
        this.timeoutSeconds = a.timeoutSeconds();
        this.listen = listen(a.listen());
        this.listenAddress = address(a.listenAddress());
        this.preload = preload(a.preload());
        this.resources = resources(a.resources());
        this.initialize = initialize(a.initialize());
        this.setUp = setUp(a.setUp());
        this.closeFds = a.closeFds();
        this.defaultPreload = a.defaultPreload();
        this.jvmArgs = jvmArgs(a.jvmArgs());
    }

    /**
     * Validates {@code a}; {@code where} names the annotated element for messages.
     *
     * @throws ExtensionConfigurationException naming the attribute and the problem
     */
    static JailedConfig of(Jailed a, String where) {
        return new JailedConfig(a, where);
    }

    ExtensionConfigurationException error(String attribute, String problem) {
        return new ExtensionConfigurationException("@Jailed(" + attribute + ") on " + where + ": " + problem);
    }

    ExtensionConfigurationException error(String attribute, String problem, Throwable cause) {
        return new ExtensionConfigurationException("@Jailed(" + attribute + ") on " + where + ": " + problem, cause);
    }

    private String user(String u) {
        String shown = "user = \"" + u + "\"";
        HostFacts.Ids numeric = HostFacts.numeric(u);
        if (numeric != null) {
            if (numeric.uid() == 0 || numeric.gid() == 0) {
                throw error(shown, "uid 0 and gid 0 are not drop targets");
            }
            if (numeric.uid() > MAX_ID || numeric.gid() > MAX_ID) {
                throw error(shown, "ids must be 1.." + MAX_ID);
            }
            return u;
        }
        if (u.equals("root")) {
            throw error(shown, "root is not a drop target");
        }
        if (!USER_NAME.matcher(u).matches()) {
            throw error(shown, "expected a user name (such as \"nobody\") or numeric ids \"uid:gid\"");
        }
        return u;
    }

    private Class<? extends JailLayoutProvider> layout(Class<? extends JailLayoutProvider> type) {
        creatable("layout = " + type.getName() + ".class", type);
        return type;
    }

    private Class<? extends JailSetUp> setUp(Class<? extends JailSetUp> type) {
        creatable("setUp = " + type.getName() + ".class", type);
        return type;
    }

    private List<String> initialize(String[] names) {
        for (String n : names) {
            if (!CLASS_NAME.matcher(n).matches()) {
                throw error("initialize = " + shown(names), "\"" + n + "\" is not a binary class name (such as"
                        + " \"com.example.Config\" or \"com.example.Outer$Inner\")");
            }
        }
        return List.of(names);
    }

    /** Checks that {@code type} can be created with its no-argument constructor. */
    private void creatable(String shown, Class<?> type) {
        int mod = type.getModifiers();
        if (type.isInterface() || Modifier.isAbstract(mod)) {
            throw error(shown, "an interface or abstract class cannot be created; name a concrete class");
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(mod)) {
            throw error(shown, "an inner class cannot be created without its outer instance; make it static");
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor();
            if (Modifier.isPrivate(c.getModifiers())) {
                throw error(shown, "its no-argument constructor is private");
            }
        } catch (NoSuchMethodException e) {
            throw error(shown, "it needs a no-argument constructor");
        }
    }

    private String jdk(String j) {
        if (j.isEmpty() || j.matches("\\d{1,3}")) {
            if (!j.isEmpty() && Integer.parseInt(j) < 17) {
                throw error("jdk = \"" + j + "\"", "jail4j needs JDK 17 or later");
            }
            return j;
        }
        Path home = Path.of(j);
        if (!home.isAbsolute()) {
            throw error("jdk = \"" + j + "\"", "expected \"\" (the running JDK), a major version such as \"25\","
                    + " or the absolute path of a JDK home");
        }
        return j;
    }

    private List<Integer> listen(int[] ports) {
        List<Integer> out = new ArrayList<>();
        Set<Integer> fixed = new HashSet<>();
        for (int p : ports) {
            if (p < 0 || p > 65_535) {
                throw error("listen = " + shown(ports), "port " + p + " is outside 0..65535");
            }
            if (p != 0 && !fixed.add(p)) {
                throw error("listen = " + shown(ports), "port " + p + " is named twice");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    private InetAddress address(String a) {
        String shown = "listenAddress = \"" + a + "\"";
        if (!a.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw error(shown, "expected an IP address literal such as \"127.0.0.1\" or \"::1\" (no name lookup)");
        }
        try {
            return InetAddress.getByName(a); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw error(shown, "not an IP address: " + e.getMessage());
        }
    }

    private List<String> preload(String[] packages) {
        for (String p : packages) {
            if (!PACKAGE.matcher(p).matches()) {
                throw error("preload = " + shown(packages), "\"" + p + "\" is not a package name");
            }
        }
        return List.of(packages);
    }

    private List<String> resources(String[] names) {
        for (String n : names) {
            if (n.isEmpty() || n.startsWith("/") || n.chars().anyMatch(c -> c < 0x20)) {
                throw error("resources = " + shown(names), "\"" + n + "\" is not a class-path resource name"
                        + " (such as \"com/example/app.properties\", without a leading '/')");
            }
        }
        return List.of(names);
    }

    private List<String> jvmArgs(String[] args) {
        for (String arg : args) {
            if (arg.isBlank()) {
                throw error("jvmArgs = " + shown(args), "an option is blank");
            }
            if (CLASS_PATH_OPTIONS.contains(arg) || arg.startsWith("--class-path=")) {
                throw error("jvmArgs = " + shown(args), "the class path is this JVM's; " + arg
                        + " cannot change it");
            }
        }
        return List.of(args);
    }

    /** Shows an array as its annotation literal, such as {@code {80, 70000}}. */
    static String shown(int[] values) {
        StringJoiner s = new StringJoiner(", ", "{", "}");
        for (int v : values) {
            s.add(Integer.toString(v));
        }
        return s.toString();
    }

    /** Shows an array as its annotation literal, such as {@code {"a", "b"}}. */
    static String shown(String[] values) {
        StringJoiner s = new StringJoiner(", ", "{", "}");
        for (String v : values) {
            s.add("\"" + v + "\"");
        }
        return s.toString();
    }

    /**
     * Returns the JDK home to fork, or empty if a named major version is not installed.
     *
     * @throws ExtensionConfigurationException if an explicit home has no {@code bin/java}
     */
    Optional<Path> jdkHome() {
        if (jdk.isEmpty()) {
            return Optional.of(JdkHomes.current());
        }
        if (jdk.matches("\\d+")) {
            int major = Integer.parseInt(jdk);
            if (major == Runtime.version().feature()) {
                return Optional.of(JdkHomes.current());
            }
            return JdkHomes.find(JdkHomes.JVM_DIR, major);
        }
        Path home = Path.of(jdk);
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            throw error("jdk = \"" + jdk + "\"", home.resolve("bin/java") + " is not an executable");
        }
        return Optional.of(home);
    }
}
