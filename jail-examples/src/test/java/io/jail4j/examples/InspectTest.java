package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code inspect} in-process against the test JVM itself, which is not jailed. */
class InspectTest {
    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    @Test
    void ownPid_inspect_printsATableRowForTheMainTaskAndExitsZero() throws IOException {
        String uids = String.join("/", statusField("Uid").split("\\s+"));

        int status = run("inspect", SELF);

        assertEquals(0, status, err());
        assertTrue(out().startsWith("process " + SELF + "\n  tasks  "), out());
        assertTrue(out().contains("\n  root   /\n  cwd    " + Path.of("").toAbsolutePath().toRealPath() + "\n"), out());
        assertTrue(Pattern.compile("(?m)^\\s+" + SELF + "  \\S.*  " + Pattern.quote(uids) + " ").matcher(out()).find(),
                "no row for task " + SELF + " with uids " + uids + " in\n" + out());
        assertTrue(out().contains("  fds    "), out());
        assertEquals("", err());
    }

    @Test
    @SuppressWarnings("try")
    void openDirectory_inspect_marksItAsAWayOut() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("open")).toRealPath();
        int status;
        try (DirectoryStream<Path> held = Files.newDirectoryStream(dir)) {
            status = run("inspect", SELF);
        }

        assertEquals(0, status, err());
        assertTrue(Pattern.compile("(?m)^\\s+\\d+  r\\s+directory\\s+" + Pattern.quote(dir.toString())
                + "\\s+<- DIRECTORY: a way out of any jail$").matcher(out()).find(), out());
    }

    @Test
    void ownPidJson_inspect_printsOneObjectWithTasksAndFds() {
        int status = run("inspect", SELF, "--json");

        assertEquals(0, status, err());
        String json = out().strip();
        assertEquals(1, out().split("\n").length, out());
        assertTrue(json.startsWith("{\"pid\":" + SELF + ",\"root\":\"/\",\"cwd\":\""), json);
        assertTrue(json.contains(",\"tasks\":[{\"tid\":"), json);
        assertTrue(json.contains("{\"tid\":" + SELF + ",\"name\":"), json);
        assertTrue(json.contains(",\"fds\":[{\"fd\":0,"), json);
        assertTrue(json.endsWith("]}"), json);
    }

    @Test
    void ownPidCheckedAgainstAJail_inspect_listsViolationsAndExitsFour() {
        int status = run("inspect", SELF, "--jail", tmp.toString(), "--uid", "65534", "--gid", "65534");

        assertEquals(4, status, err());
        assertTrue(out().contains("\nNOT jailed in " + tmp + " as uid 65534 gid 65534 groups [65534]: "), out());
        assertTrue(out().contains("\n  - root is /, expected the jail "), out());
        assertTrue(out().contains("\n  - task " + SELF + " ("), out());
    }

    @Test
    void ownPidCheckedAsJson_inspect_reportsNotJailedAndExitsFour() {
        int status = run("inspect", SELF, "--json", "--jail", tmp.toString(), "--uid", "65534", "--gid", "65534",
                "--groups", "65534,100");

        assertEquals(4, status, err());
        assertTrue(out().contains(",\"check\":{\"jail\":\"" + tmp + "\",\"uid\":65534,\"gid\":65534,"
                + "\"groups\":[100,65534],\"jailed\":false,\"violations\":[\"root is /, expected the jail "), out());
    }

    @Test
    void pidAbovePidMax_inspect_saysNoSuchProcessAndExitsOne() throws IOException {
        long missing = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim()) + 1;

        int status = run("inspect", Long.toString(missing));

        assertEquals(1, status);
        assertEquals("", out());
        assertTrue(err().startsWith("jail4j inspect: no process " + missing + " "), err());
    }

    private static String statusField(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in /proc/self/status");
    }

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
