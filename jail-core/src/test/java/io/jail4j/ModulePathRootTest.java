package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.inspect.JailVerdict;
import io.jail4j.inspect.ProcessView;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application on the module path, with jail-core, jnr-ffi and jffi's native jar as modules and
 * no class path at all, enters a jail: in jnr-ffi's ASM mode (whose generated class lives in an
 * unnamed module and implements the interface of the open package {@code io.jail4j.libc}) and in
 * its reflection mode ({@code -Djnr.ffi.asm.enabled=false}), on every test JDK. Checked from inside
 * (named module, no class path, only the jail visible, jail4j's internals not exported to it) and
 * from outside through {@code /proc}.
 */
class ModulePathRootTest {
    private static final long NOBODY = 65534;
    /** The artifacts of jail-core's module path besides jail-core: jnr-ffi and what it needs. */
    private static final List<String> JARS = List.of("jnr-ffi-", "jffi-", "jnr-constants-", "asm-", "jnr-a64asm-",
            "jnr-x86asm-");
    private static final String APP_MODULE = "jail4j.modulepath.app";

    private static Path work;
    private static String modulePath;

    private Path jail;

    @BeforeAll
    static void buildApplication() throws IOException, URISyntaxException {
        RootTests.requireRoot();
        work = Files.createTempDirectory("jail4j-modulepath-");
        List<String> path = new ArrayList<>();
        path.add(Path.of(Jail.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && JARS.stream().anyMatch(name::startsWith)) {
                path.add(entry);
            }
        }
        for (String jar : JARS) {
            assertTrue(path.stream().anyMatch(p -> Path.of(p).getFileName().toString().startsWith(jar)),
                    "no " + jar + "*.jar on the test class path " + System.getProperty("java.class.path"));
        }
        assertTrue(path.stream().anyMatch(p -> p.endsWith("-native.jar")), "jffi's native jar: " + path);
        assertTrue(Files.isRegularFile(Path.of(path.get(0), "module-info.class")),
                "jail-core's classes " + path.get(0) + " have no module-info.class");

        Path src = Files.createDirectories(work.resolve("src/app"));
        Files.writeString(src.resolve("module-info.java"), "module " + APP_MODULE + " { requires io.jail4j.core; }\n");
        Files.writeString(Files.createDirectories(src.resolve("app")).resolve("Main.java"), String.join("\n",
                "package app;",
                "public final class Main {",
                "    public static void main(String[] args) throws Exception {",
                "        io.jail4j.Jail.at(java.nio.file.Path.of(args[0])).dropTo(\"nobody\").closeFds().enter();",
                "        Module core = io.jail4j.Jail.class.getModule();",
                "        System.out.println(\"MODULES \" + core.getName() + \" \" + Main.class.getModule().getName()",
                "                + \" class-path=[\" + System.getProperty(\"java.class.path\") + \"]\");",
                "        System.out.println(\"INTERNAL \" + core.getPackages().contains(\"io.jail4j.internal\")",
                "                + \" \" + core.isExported(\"io.jail4j.internal\")",
                "                + \" \" + core.isExported(\"io.jail4j.internal\", Main.class.getModule()));",
                "        System.out.println(\"ROOT \" + java.util.Arrays.toString(new java.io.File(\"/\").list()));",
                "        System.out.println(\"ENTERED \" + ProcessHandle.current().pid());",
                "        System.out.flush();",
                "        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();",
                "        System.out.println(\"DONE\");",
                "    }",
                "}", ""), StandardCharsets.UTF_8);
        modulePath = String.join(File.pathSeparator, path);
        Path classes = work.resolve("app");
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in "
                + System.getProperty("java.home")));
        int rc = javac.run(System.out, System.err, "--release", "17", "--module-path", modulePath, "-d", classes.toString(),
                src.resolve("module-info.java").toString(), src.resolve("app/Main.java").toString());
        assertEquals(0, rc, "javac of the module-path application");
        modulePath = modulePath + File.pathSeparator + classes;
    }

    @AfterAll
    static void removeApplication() {
        HostFixtures.delete(work);
    }

    @BeforeEach
    void setUp() throws IOException {
        RootTests.requireRoot();
        jail = HostFixtures.jail();
        Files.writeString(jail.resolve("inside.txt"), "in the jail\n");
    }

    @AfterEach
    void tearDown() {
        HostFixtures.delete(jail);
    }

    @ParameterizedTest
    @MethodSource("io.jail4j.RootTests#jdksAndJnrModes")
    void applicationOnTheModulePath_enter_isJailedInBothJnrModes(Path jdk, boolean asm) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.resolve("bin/java").toString());
        int major = RootTests.majorVersion(jdk);
        if (major >= 22) {
            cmd.add("--enable-native-access=org.jnrproject.jffi"); // jffi loads its stub library
        }
        if (major >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-Djnr.ffi.asm.enabled=" + asm);
        cmd.add("-Xlog:class+load=info:stdout"); // which binding jnr-ffi made, from the class loads
        cmd.addAll(List.of("--module-path", modulePath, "--module", APP_MODULE + "/app.Main", jail.toString()));

        try (ForkedJvm child = ForkedJvm.startCommand(cmd)) {
            assertEquals("io.jail4j.core " + APP_MODULE + " class-path=[]", child.await("MODULES"),
                    "jail-core and the application are named modules, and there is no class path");
            assertEquals("true false false", child.await("INTERNAL"),
                    "io.jail4j.internal exists and is exported neither to all nor to an application module");
            assertEquals("[inside.txt]", child.await("ROOT"), "inside, / is the jail");
            long pid = Long.parseLong(child.await("ENTERED"));
            assertEquals(List.of(), Outside.violations(pid, jail, NOBODY, NOBODY, Set.of(NOBODY)));
            JailVerdict verdict = JailVerdict.of(ProcessView.of(pid), jail, NOBODY, NOBODY, Set.of(NOBODY));
            assertTrue(verdict.jailed(), verdict.toString());

            String loads = child.seen().stream().filter(l -> l.contains("LibC") || l.contains("LibraryLoader"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            boolean generated = loads.contains("io.jail4j.libc.LibC$jnr$ffi$");
            boolean reflective = loads.contains("jnr.ffi.provider.jffi.ReflectionLibraryLoader ");
            if (asm) {
                assertTrue(generated && !reflective, "jnr-ffi's ASM mode generated the binding: " + loads);
            } else {
                assertTrue(reflective && !generated, "jnr-ffi's reflection mode made the binding: " + loads);
            }
            child.proceed();
            child.await("DONE");
            assertEquals(0, child.exitCode(), child.stderr());
            assertFalse(child.stderr().contains("WARNING"), "no JVM warning with these flags: " + child.stderr());
        }
    }
}
