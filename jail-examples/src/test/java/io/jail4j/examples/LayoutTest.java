package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.layout.NodeMaker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code layout plan|apply} in-process. */
class LayoutTest {
    private static final String SPEC = "user ftp 4242 4242 /pub /usr/sbin/nologin -- the runtime user\n"
            + "group ftp 4242 -- its group\n"
            + "dir  /pub          root:root 0755 -- files offered for download\n"
            + "data /pub/incoming root:ftp  1730 -- uploads: ftp may add, nobody may list\n"
            + "text /pub/README   root:root 0444 \"hello\\n\" -- the welcome text\n";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    /** Device nodes for the test: the mknod command (the library's own is native). */
    private static final NodeMaker MKNOD = (path, major, minor, permissions) -> {
        Process p = new ProcessBuilder("mknod", path.toString(), "c", Integer.toString(major), Integer.toString(minor))
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("mknod " + path + ": " + text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    };

    private Path spec(String text) throws IOException {
        Path spec = tmp.resolve("ftp.layout");
        Files.writeString(spec, text);
        return spec;
    }

    @Test
    void emptyDirectory_plan_listsEachChangeWithItsReasonAndExitsOne() throws IOException {
        Path jail = Files.createDirectory(tmp.resolve("jail"));

        int status = run("plan", spec(SPEC).toString(), jail.toString());

        assertEquals(1, status, err());
        assertTrue(out().startsWith("jail " + jail + ": "), out());
        assertTrue(out().lines().anyMatch(l -> l.startsWith("+ create  /pub/incoming ") && l.contains("root:ftp 1730")
                && l.endsWith("# uploads: ftp may add, nobody may list")), out());
        assertTrue(out().lines().anyMatch(l -> l.startsWith("+ create  /dev/null ") && l.endsWith("# discarded output; many libraries open it")),
                out());
    }

    @Test
    void applyThenPlan_layout_appliesOnceThenReportsNothingToChange() throws IOException {
        AuditTest.requireRoot();
        Path jail = Files.createDirectory(tmp.resolve("jail"));
        Path spec = spec(SPEC);

        assertEquals(ExitCode.OK, Layout.run(true, spec, jail, print(out), print(err), MKNOD), err());
        out.reset();
        assertEquals(0, run("plan", spec.toString(), jail.toString()), out() + err());
        assertEquals("jail " + jail + ": matches the layout\n", out());
        assertEquals("hello\n", Files.readString(jail.resolve("pub/README")));
    }

    @Test
    void applyWithTheDefaultNodeMaker_layout_createsTheDevicesNatively() throws IOException {
        AuditTest.requireRoot();
        Path jail = Files.createDirectory(tmp.resolve("jail"));

        int status = run("apply", spec(SPEC).toString(), jail.toString());

        assertEquals(0, status, err());
        assertEquals("character special file",
                new String(new ProcessBuilder("stat", "-c", "%F", jail.resolve("dev/null").toString()).start()
                        .getInputStream().readAllBytes()).trim());
    }

    @Test
    void malformedSpec_layout_exitsTwoNamingTheLine() throws IOException {
        int status = run("plan", spec("dir /pub root:root 0755\n").toString(), tmp.toString());

        assertEquals(2, status);
        assertTrue(err().contains(": line 1: the reason is missing"), err());
    }

    @Test
    void wrongArguments_layout_exitsTwoWithUsage() {
        assertEquals(2, run("show", "a", "b"));
        assertTrue(err().startsWith("jail4j layout: Invalid value for positional parameter at index 0 (plan|apply):"
                + " expected one of [plan, apply] (case-sensitive) but was 'show'\nusage: jail4j layout [-h] plan|apply SPEC DIR\n"),
                err());
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("layout"));
        all.addAll(List.of(args));
        return Main.run(all, print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
