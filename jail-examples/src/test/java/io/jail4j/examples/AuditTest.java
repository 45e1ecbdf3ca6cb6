package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code audit} in-process on small trees. Trees owned by root: not root, skipped (CI=true: fails). */
class AuditTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;
    private Path jail;

    @BeforeEach
    void jail() throws IOException {
        jail = Files.createDirectory(tmp.resolve("jail"));
        Files.setAttribute(tmp, "unix:mode", 0755);
        Files.setAttribute(jail, "unix:mode", 0755);
        Files.createDirectory(jail.resolve("pub"));
        Files.writeString(jail.resolve("pub/README"), "hello\n");
    }

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("needs root and CI=true is set: a root test must run in CI, not be skipped");
            }
            Assumptions.abort("needs root: the trees must be root-owned to audit clean");
        }
    }

    @Test
    void cleanTree_audit_printsATableAndExitsZero() {
        requireRoot();
        int status = run(jail.toString());

        assertEquals(0, status, err());
        assertTrue(out().startsWith("audit of " + jail + " for any unprivileged user: 2 entries in "), out());
        assertTrue(out().contains(": 0 errors, 0 warnings, "), out());
    }

    @Test
    void worldWritableDirectory_audit_printsTheFindingWithItsFixAndExitsOne() throws IOException {
        requireRoot();
        Files.setAttribute(jail.resolve("pub"), "unix:mode", 0777);

        int status = run("--user", "nobody", jail.toString());

        assertEquals(1, status, err());
        assertTrue(out().contains("\nerror    writable  /pub "), "named as the jailed process sees it: " + out());
        Path pub = jail.toRealPath().resolve("pub");
        assertTrue(out().contains("fix: chown root:root " + pub + " && chmod go-w " + pub), "the fix names the host path: "
                + out());
    }

    @Test
    void json_audit_printsOneArrayOfFindingsWithPathCheckSeverityMessage() throws IOException {
        requireRoot();
        Files.setAttribute(jail.resolve("pub/README"), "unix:mode", 04755);

        int status = run("--json", jail.toString());

        assertEquals(1, status, err());
        String json = out().strip();
        assertEquals(1, out().split("\n").length, out());
        assertTrue(json.startsWith("[{\"path\":\"/pub/README\",\"check\":\"setid\",\"severity\":\"error\",\"message\":\"setuid root"),
                json);
        assertTrue(json.endsWith("}]"), json);
    }

    @Test
    void layoutAllowingAWritableDirectory_audit_passes() throws IOException {
        requireRoot();
        Files.setAttribute(jail.resolve("pub"), "unix:mode", 01777);
        Path spec = tmp.resolve("spec");
        Files.writeString(spec, "data /pub root:root 1777 -- anybody may drop files here\n");

        int status = run("--layout", spec.toString(), jail.toString());

        assertEquals(0, status, out() + err());
        assertTrue(out().contains("info     writable  /pub "), out());
    }

    @Test
    void usageErrors_audit_exitTwoNamingTheProblem() {
        assertEquals(2, run());
        assertTrue(err().startsWith("jail4j audit: Missing required parameter: 'DIR'\nusage: jail4j audit "), err());
        err.reset();
        assertEquals(2, run("--frob", "x"));
        assertTrue(err().startsWith("jail4j audit: Unknown option: '--frob'"), err());
        err.reset();
        assertEquals(2, run("--user", "no-such-user-j4j", tmp.toString()));
        assertTrue(err().startsWith("jail4j audit: --user \"no-such-user-j4j\": no such user"), err());
    }

    @Test
    void missingDirectory_audit_exitsOneNamingIt() {
        assertEquals(1, run(tmp.resolve("nope").toString()));
        assertTrue(err().contains("does not exist"), err());
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("audit"));
        all.addAll(List.of(args));
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
