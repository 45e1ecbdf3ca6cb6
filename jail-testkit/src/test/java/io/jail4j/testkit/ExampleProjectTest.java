package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.RootTests;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A project of someone else's, built as they would build it: the example project under
 * {@code src/test/example} (its own daemon class, a {@code ResourceBundle}, a
 * {@code ServiceLoader} provider in its test sources, a set-up hook, a green test, a failing
 * {@code assertAll} and an erring test), with docs/testkit.md's snippet as all it says about
 * jail4j, run by a nested offline Maven build on every JDK of {@link RootTests#jdks()} with
 * {@code CI=true}. The reactor's freshly compiled jail-core and jail-testkit reach it through a
 * temporary local repository: this user's repository linked in entry by entry, with a real
 * {@code io/jail4j} holding jars made from the class path here (nothing is installed into this
 * user's repository). Surefire's XML report must count what plain JUnit counts.
 */
@Timeout(1200)
class ExampleProjectTest {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- testkit-snippet:begin -->\\s*```xml\\n(.*?)```\\s*<!-- testkit-snippet:end -->", Pattern.DOTALL);

    @Test
    void exampleProject_fromTheDocsSnippet_passesFailsAndErrsAsPlainJUnitCountsThem() throws Exception {
        SelfTests.requireRoot();
        Path dir = Files.createTempDirectory("jail4j-example-");
        try {
            run(dir);
        } finally {
            TempTree.delete(dir); // the repository's links are deleted, not followed
        }
    }

    private void run(Path dir) throws Exception {
        Path module = Path.of("").toAbsolutePath(); // surefire runs in the module's directory
        Path reactor = module.getParent();
        String snippet = snippet(reactor.resolve("docs/testkit.md"));
        String version = parentVersion(module.resolve("pom.xml"));
        assertTrue(snippet.contains("<version>" + version + "</version>"),
                "the docs' snippet names the version being built, " + version + ":\n" + snippet);
        Path repo = overlay(dir.resolve("repo"), reactor, version);
        for (Path jdk : RootTests.jdks()) {
            Path project = dir.resolve("project-" + jdk.getFileName());
            copyTree(module.resolve("src/test/example"), project);
            Path pom = project.resolve("pom.xml");
            Files.writeString(pom, Files.readString(pom).replace("<!-- SNIPPET -->", withPins(snippet, reactor)));

            String out = maven(project, repo, jdk);

            Path xml = project.resolve("target/surefire-reports/TEST-com.example.greeter.GreeterDaemonTest.xml");
            assertTrue(Files.isRegularFile(xml), jdk + ": no surefire report; Maven said:\n" + out);
            String report = Files.readString(xml).replaceAll("(?s)<properties>.*?</properties>", "");
            Matcher suite = Pattern.compile("<testsuite [^>]*").matcher(report);
            assertTrue(suite.find(), report);
            String head = suite.group();
            assertEquals(List.of("4", "1", "1", "0"), List.of(attribute(head, "tests"), attribute(head, "failures"),
                    attribute(head, "errors"), attribute(head, "skipped")), jdk + ": " + head + "\n" + out);
            assertTrue(Pattern.compile("name=\"wrongGreetingAndSum_assertAll_failsWithTwoAssertions"
                    + "\"[^>]*>\\s*<failure [^>]*type=\""
                    + "org.opentest4j.MultipleFailuresError\"").matcher(report).find(), report);
            assertTrue(Pattern.compile("name=\"missingConfig_run_errsWithAnIOException"
                    + "\"[^>]*>\\s*<error [^>]*type=\"java.io.IOException\"")
                    .matcher(report).find(), report);
            for (String green : List.of("jailedAsNobody_greeting_isHello", "setUpHook_readHostFile_ranBeforeTheJail")) {
                Matcher m = Pattern.compile("(?s)<testcase name=\"" + green + "[^\"]*\"(.*?)(<testcase|</testsuite>)").matcher(report);
                assertTrue(m.find() && !m.group(1).matches("(?s).*<(failure|error|skipped)[ >].*"),
                        jdk + ": " + green + " must pass:\n" + report);
            }
        }
    }

    /**
     * Returns the snippet with the versions of the compiler and resources plugins the reactor
     * uses added to its plugins: offline, Maven 3.8's default versions of those may be missing
     * from the local repository (online it would fetch them).
     */
    private static String withPins(String snippet, Path reactor) throws IOException {
        String root = Files.readString(reactor.resolve("pom.xml"));
        StringBuilder pins = new StringBuilder("<plugins>");
        for (String[] p : new String[][] {{"maven-compiler-plugin", "compiler-plugin.version"},
            {"maven-resources-plugin", "resources-plugin.version"}}) {
            Matcher m = Pattern.compile("<" + Pattern.quote(p[1]) + ">([^<]+)<").matcher(root);
            assertTrue(m.find(), p[1] + " in the reactor's pom");
            pins.append("<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>").append(p[0])
                    .append("</artifactId><version>").append(m.group(1)).append("</version></plugin>");
        }
        assertTrue(snippet.contains("<plugins>"), snippet);
        return snippet.replace("<plugins>", pins.toString());
    }

    /** Returns the docs' snippet between its markers. */
    static String snippet(Path docs) throws IOException {
        Matcher m = BLOCK.matcher(Files.readString(docs));
        assertTrue(m.find(), docs + " has no ```xml block between the testkit-snippet markers");
        return m.group(1);
    }

    private static String parentVersion(Path pom) throws IOException {
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(Files.readString(pom));
        assertTrue(m.find(), pom.toString());
        return m.group(1);
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Makes a local repository: every entry of this user's repository linked, except
     * {@code io/jail4j}, which holds the parent pom and jail-core and jail-testkit as built here.
     */
    private static Path overlay(Path repo, Path reactor, String version) throws IOException {
        Path user = Path.of(System.getProperty("user.home"), ".m2/repository");
        link(user, repo, "io");
        link(user.resolve("io"), repo.resolve("io"), "jail4j");
        Path own = repo.resolve("io/jail4j");
        artifact(own, "jail4j-parent", version, reactor.resolve("pom.xml"), null);
        artifact(own, "jail-core", version, reactor.resolve("jail-core/pom.xml"), jar(classes("io/jail4j/Jail.class"),
                repo.resolve("jail-core.jar")));
        artifact(own, "jail-testkit", version, reactor.resolve("jail-testkit/pom.xml"),
                jar(classes("io/jail4j/testkit/Jailed.class"), repo.resolve("jail-testkit.jar")));
        return repo;
    }

    /** Creates {@code to} with a symbolic link to each entry of {@code from} except {@code except}. */
    private static void link(Path from, Path to, String except) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(p.getFileName().toString()), p);
                }
            }
        }
    }

    private static void artifact(Path group, String id, String version, Path pom, Path jar) throws IOException {
        Path d = Files.createDirectories(group.resolve(id).resolve(version));
        Files.copy(pom, d.resolve(id + "-" + version + ".pom"));
        if (jar != null) {
            Files.copy(jar, d.resolve(id + "-" + version + ".jar"));
        }
    }

    /** Returns the main (not test) class-path entry of this JVM holding {@code resource}. */
    private static Path classes(String resource) throws IOException {
        for (String e : ChildJvm.classPath().split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (p.toString().contains("test-classes") || p.getFileName().toString().contains("-tests")) {
                continue;
            }
            if (Files.isDirectory(p) ? Files.isRegularFile(p.resolve(resource)) : has(p, resource)) {
                return p;
            }
        }
        throw new AssertionError(resource + " is on no main class-path entry: " + ChildJvm.classPath());
    }

    private static boolean has(Path jar, String resource) throws IOException {
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            return j.getEntry(resource) != null;
        }
    }

    /** Returns {@code entry} if it is a jar, else a jar of the directory made at {@code target}. */
    private static Path jar(Path entry, Path target) throws IOException {
        if (!Files.isDirectory(entry)) {
            return entry;
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            DeterministicJar.write(entry, out);
        }
        return target;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Runs {@code mvn -o -B test} in {@code project} on {@code jdk} with CI=true; returns its output. */
    private static String maven(Path project, Path repo, Path jdk) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-B", "-Dmaven.repo.local=" + repo,
                "-Dmaven.test.failure.ignore=true", "test"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("CI", "true");
        pb.environment().remove("MAVEN_OPTS");
        Path log = project.resolve("maven.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(600, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(done, "the example project's build did not finish in 600 s:\n" + out);
        assertEquals(0, p.exitValue(), "the example project's build failed on " + jdk + ":\n" + out);
        return out;
    }
}
