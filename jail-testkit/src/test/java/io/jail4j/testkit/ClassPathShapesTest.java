package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.RootTests;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jailed tests run from the class paths launchers and IDEs give: a manifest-only pathing jar as
 * all of {@code java.class.path} (surefire's {@code useManifestOnlyJar}), and a launcher's own
 * {@code URLClassLoader} holding the test class path while {@code java.class.path} names only the
 * launcher. Each starts a real test JVM of that shape, on every JDK of {@link RootTests#jdks()},
 * which runs the JUnit launcher on a jailed fixture.
 */
@Timeout(300)
class ClassPathShapesTest {
    private static final String FIXTURE = ShapeFixtures.Simple.class.getName();

    @Test
    void pathingJar_asTheWholeClassPath_childStartsAndTheTestPasses(@TempDir Path dir) throws Exception {
        SelfTests.requireRoot();
        Path jar = dir.resolve("pathing.jar");
        StringJoiner classPath = new StringJoiner(" ");
        boolean relative = false;
        for (String entry : ChildJvm.classPath().split(File.pathSeparator)) {
            Path p = Path.of(entry);
            // as surefire writes it: relative to the jar where it can, and absolute file: URLs; a
            // directory ends in '/', as the JDK requires
            classPath.add(relative ? dir.relativize(p) + (Files.isDirectory(p) ? "/" : "") : p.toUri().toString());
            relative = !relative;
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            // the manifest is all
        }
        for (Path jdk : RootTests.jdks()) {
            List<String> cmd = new ArrayList<>(RootTests.javaCommand(jdk));
            cmd.addAll(List.of("-cp", jar.toString(), LauncherMain.class.getName(), FIXTURE));
            String out = run(cmd);
            assertTrue(out.contains("tests=1 succeeded=1 failed=0 loader=AppClassLoader java.class.path=" + jar + "\n"),
                    jdk + ":\n" + out);
        }
    }

    @Test
    void launcherClassLoader_holdsTheClassPath_childStartsAndTheTestPasses(@TempDir Path dir) throws Exception {
        SelfTests.requireRoot();
        Path launcher = Files.createDirectories(dir.resolve("launcher/io/jail4j/testkit")).getParent().getParent()
                .getParent();
        String own = UrlLoaderMain.class.getName().replace('.', '/') + ".class";
        try (var in = UrlLoaderMain.class.getClassLoader().getResourceAsStream(own)) {
            Files.write(launcher.resolve(own), in.readAllBytes());
        }
        for (Path jdk : RootTests.jdks()) {
            List<String> cmd = new ArrayList<>(RootTests.javaCommand(jdk));
            cmd.addAll(List.of("-cp", launcher.toString(), UrlLoaderMain.class.getName(), ChildJvm.classPath(), FIXTURE));
            String out = run(cmd);
            assertTrue(out.contains("tests=1 succeeded=1 failed=0 loader=URLClassLoader java.class.path=" + launcher
                    + "\n"), jdk + ":\n" + out);
        }
    }

    @Test
    void loaderWithoutAClassPath_run_failsNamingTheCauseBeforeAnyChild() throws Exception {
        SelfTests.requireRoot();
        Class<?> hidden = new Hiding().loadClass(ShapeFixtures.Simple.class.getName());
        Throwable t = SelfTests.thrown(org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(hidden)).execute());
        assertInstanceOf(ExtensionConfigurationException.class, t);
        String m = t.getMessage();
        assertTrue(m.contains("was loaded by " + Hiding.class.getName() + ", a class loader that does not name its"
                + " class path (not a URLClassLoader)"), m);
    }

    @Test
    void manifestClassPathItems_resolve_resolveAsTheJdkDoes() {
        Path jar = Path.of("/opt/app/lib/pathing.jar");
        assertEquals(Path.of("/opt/app/lib/a.jar"), ChildClassPath.resolve(jar, "a.jar"));
        assertEquals(Path.of("/opt/app/classes"), ChildClassPath.resolve(jar, "../classes/"));
        assertEquals(Path.of("/srv/x y.jar"), ChildClassPath.resolve(jar, "file:/srv/x%20y.jar"));
        assertEquals(null, ChildClassPath.resolve(jar, "http://example.com/x.jar"));
    }

    /** Defines the fixture class itself from its bytes: a loader that is not a URLClassLoader. */
    static final class Hiding extends ClassLoader {
        Hiding() {
            super(ClassPathShapesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(FIXTURE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (var in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] b = in.readAllBytes();
                        c = defineClass(name, b, 0, b.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(new File("/")).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the test JVM did not finish: " + cmd);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
