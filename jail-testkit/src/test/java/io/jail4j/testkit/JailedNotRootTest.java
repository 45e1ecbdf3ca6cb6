package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A jailed test run by a user who is not root is skipped with a reason, or fails when
 * {@code CI=true}: a JVM dropped to nobody with {@code setpriv} runs {@link NotRootProbe}.
 */
@Timeout(60)
class JailedNotRootTest {
    private static Path copy;
    private static String classPath;

    @BeforeAll
    static void readableClassPath() throws IOException {
        SelfTests.requireRoot();
        copy = Files.createTempDirectory("jail4j-notroot-");
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : ChildJvm.classPath().split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (Files.exists(from)) {
                Path to = copy.resolve((n++) + "-" + from.getFileName());
                HostFacts.run("cp", "-r", from.toString(), to.toString());
                entries.add(to.toString());
            }
        }
        HostFacts.run("chmod", "-R", "a+rX", copy.toString());
        classPath = String.join(java.io.File.pathSeparator, entries);
    }

    @AfterAll
    static void deleteCopy() throws IOException {
        TempTree.delete(copy);
    }

    private static List<String> probe(String ci) throws IOException, InterruptedException {
        return output(ci).lines().filter(l -> l.startsWith("STATUS ") || l.startsWith("CHILDREN ")).toList();
    }

    private static String output(String ci, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(JdkHomes.javaCommand(JdkHomes.current()));
        cmd.addAll(List.of("-cp", classPath, NotRootProbe.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new java.io.File("/")).redirectErrorStream(true);
        pb.environment().remove("CI");
        if (ci != null) {
            pb.environment().put("CI", ci);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(50, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void notRootWithoutCi_run_isSkippedWithAReason() throws Exception {
        assertEquals(List.of("STATUS ABORTED @Jailed tests fork a JVM that enters a chroot jail and drops to nobody:"
                + " they need root (run the tests as root; CI=true turns this skip into a failure)", "CHILDREN 0"),
                probe(null));
    }

    @Test
    void notRootUnderCi_run_fails() throws Exception {
        assertEquals(List.of("STATUS FAILED @Jailed tests fork a JVM that enters a chroot jail and drops to nobody:"
                + " they need root, and CI=true is set: a jailed test must run in CI, not be skipped", "CHILDREN 0"),
                probe("true"));
    }

    @Test
    void notRootWithoutCi_threeTests_printTheReasonOnceOnTheConsole() throws Exception {
        String out = output(null, "more");
        List<String> statuses = out.lines().filter(l -> l.startsWith("STATUS ")).toList();
        assertEquals(3, statuses.size(), out);
        assertTrue(statuses.stream().allMatch(l -> l.startsWith("STATUS ABORTED ")), out);
        List<String> notices = out.lines().filter(l -> l.contains("@Jailed")).filter(l -> !l.startsWith("STATUS "))
                .toList();
        assertEquals(List.of("jail4j: @Jailed tests are skipped in this run: they fork a JVM that enters a chroot jail,"
                + " which needs root; run the tests as root (CI=true turns these skips into failures)"), notices, out);
    }
}
