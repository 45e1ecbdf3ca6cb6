package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files built to hurt: each gives a clear error or libwrap's own result, quickly, where libwrap
 * itself would hang, crash or read for a long time.
 */
class HostileFilesTest {
    private static final Duration QUICK = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void listFilesIncludingEachOther_load_throwsNamingTheLoopAndRule() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write("a", "127.0.0.9 " + b + "\n");
        write("b", a + "\n");
        Path allow = write("hosts.allow", "# loop\nsshd: " + a + "\n");
        HostsFileException e = assertThrows(HostsFileException.class, () -> HostsAccess.load(allow, dir.resolve("x")));
        assertEquals(allow, e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("loop") && e.getMessage().contains(a + " -> " + b + " -> " + a),
                e.getMessage());
    }

    @Test
    void listFileNamingItself_load_throws() throws Exception {
        Path self = dir.resolve("self");
        write("self", "ALL\n" + self + "\n");
        HostsFileException e = assertThrows(HostsFileException.class,
                () -> HostsAccess.load(write("hosts.allow", "sshd: " + self + "\n"), dir.resolve("x")));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void deeplyNestedListFiles_load_throwsTooMany() throws Exception {
        Path next = write("l0", "127.0.0.1\n");
        for (int i = 1; i <= 40; i++) {
            next = write("l" + i, next + "\n");
        }
        Path top = next;
        HostsFileException e = assertThrows(HostsFileException.class,
                () -> HostsAccess.load(write("hosts.allow", "sshd: " + top + "\n"), dir.resolve("x")));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void listFileTokenOverLibwrapsBuffer_load_throwsNamingListLine() throws Exception {
        Path list = write("list", "127.0.0.1\n\n" + "x".repeat(9000) + "\n");
        HostsFileException e = assertThrows(HostsFileException.class,
                () -> HostsAccess.load(write("hosts.allow", "sshd: " + list + "\n"), dir.resolve("x")));
        assertEquals(list, e.file());
        assertEquals(3, e.line());
    }

    @Test
    void fileOverSizeLimit_load_throws() throws Exception {
        Path big = dir.resolve("hosts.allow");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] line = "sshd: 127.0.0.1\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < (FileSizeLimit.MAX_FILE / line.length) + 2; i++) {
                out.write(line);
            }
        }
        HostsFileException e = assertThrows(HostsFileException.class, () -> HostsAccess.load(big, dir.resolve("x")));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void hugeLineAndBinaryGarbage_loadAndCheck_quicklyAsLibwrap() {
        assertTimeoutPreemptively(QUICK, () -> {
            Random random = new Random(7);
            byte[] garbage = new byte[4 << 20];
            random.nextBytes(garbage);
            Path allow = Files.write(dir.resolve("hosts.allow"), garbage);
            Path deny = write("hosts.deny", "sshd: ALL\n" + "y".repeat(1 << 20));
            HostsAccess rules = HostsAccess.load(allow, deny);
            for (int i = 0; i < 10_000; i++) {
                rules.check(Request.of("sshd", "127.0.0." + (i % 250)));
            }
            assertTrue(rules.warnings().contains("warning: " + deny + ", line 1: missing newline or line too long"),
                    "the deny file stops at its long last line");
            HostsAccess oneLine = HostsAccess.load(write("one", "sshd: " + "127.0.0.1 ".repeat(200_000) + "\n"),
                    dir.resolve("x"));
            assertEquals(0, oneLine.size(), "a line longer than 2046 bytes ends the file (libwrap)");
            assertTrue(oneLine.warnings().get(0).contains("missing newline or line too long"));
        });
    }

    @Test
    void deepExceptNesting_check_isQuickAndAlternates() {
        assertTimeoutPreemptively(QUICK, () -> {
            StringBuilder b = new StringBuilder("sshd: ALL");
            for (int i = 0; i < 168; i++) {
                b.append(" EXCEPT 127.");
            }
            assertTrue(b.length() < 2040);
            HostsAccess rules = HostsAccess.load(write("hosts.allow", b + "\n"), write("hosts.deny", "ALL: ALL\n"));
            // 168 EXCEPTs, every part matches: ALL minus (127. minus (127. minus ...)) -> even depth wins
            assertTrue(rules.check(Request.of("sshd", "127.0.0.1")).allowed());
            assertTrue(rules.check(Request.of("sshd", "10.0.0.1")).allowed());
        });
    }

    @Test
    void pathologicalWildcard_check_isQuick() {
        assertTimeoutPreemptively(QUICK, () -> {
            String pattern = "*?".repeat(500) + "x";
            HostsAccess rules = HostsAccess.load(write("hosts.allow", "sshd: " + pattern + "\n"),
                    write("hosts.deny", "ALL: ALL\n"));
            for (int i = 0; i < 1000; i++) {
                assertFalse(rules.check(Request.of("sshd", "a".repeat(120), "127.0.0.1", null)).allowed());
            }
        });
    }
}
