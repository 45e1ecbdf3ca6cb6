package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public behaviour of {@link HostsAccess} that needs no libwrap to state. */
class HostsAccessTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.ISO_8859_1));
    }

    private HostsAccess withSpawn(String allow) throws Exception {
        return HostsAccess.builder().allowFile(write("hosts.allow", allow)).denyFile(dir.resolve("none"))
                .handle("spawn", (o, v, r) -> true).load();
    }

    private HostsAccess rules(String allow, String deny) throws Exception {
        return HostsAccess.load(write("hosts.allow", allow), write("hosts.deny", deny));
    }

    @Test
    void missingFiles_check_grantsByDefaultWithNoRule() throws Exception {
        HostsAccess rules = HostsAccess.load(dir.resolve("none.allow"), dir.resolve("none.deny"));
        Decision d = rules.check(Request.of("sshd", "127.0.0.1"));
        assertTrue(d.allowed());
        assertEquals(Optional.empty(), d.file());
        assertEquals(0, d.line());
        assertEquals(List.of(), d.explanation());
        assertEquals(0, rules.size());
    }

    @Test
    void matchingDenyRule_check_namesFileLineAndRule() throws Exception {
        HostsAccess rules = rules("sshd: 127.0.0.2\n", "# closed\nALL: ALL\n");
        Decision d = rules.check(Request.of("sshd", "127.0.0.1"));
        assertFalse(d.allowed());
        assertEquals(Optional.of(dir.resolve("hosts.deny")), d.file());
        assertEquals(2, d.line());
        assertEquals("ALL: ALL", d.rule());
        assertEquals(List.of("matched:  " + dir.resolve("hosts.deny") + " line 2"), d.explanation());
        assertEquals(Level.WARNING, d.severity());
        assertTrue(d.toString().startsWith("denied by "), d.toString());
    }

    @Test
    void refusedOptions_load_throwNamingFileLineAndHandler() throws Exception {
        for (String option : Options.HANDLED) {
            Path allow = write("hosts.allow", "# x\nsshd: ALL: " + option + " x\n");
            HostsFileException e = assertThrows(HostsFileException.class,
                    () -> HostsAccess.load(allow, dir.resolve("none")), option);
            assertEquals(allow, e.file());
            assertEquals(2, e.line());
            assertTrue(e.getMessage().contains(option) && e.getMessage().contains("OptionHandler"), e.getMessage());
        }
    }

    @Test
    void spawnHandler_check_getsExpandedSanitizedValue() throws Exception {
        List<String> seen = new ArrayList<>();
        HostsAccess rules = HostsAccess.builder().allowFile(write("a", "sshd: ALL: spawn echo %d %a %h %u%x: allow\n"))
                .denyFile(dir.resolve("none")).handle("SPAWN", (o, v, r) -> seen.add(o + "|" + v)).load();
        Decision d = rules.check(Request.of("sshd", "host;rm", "127.0.0.1", "b$b"));
        assertTrue(d.allowed());
        assertEquals(List.of("spawn|echo sshd 127.0.0.1 host_rm b_b"), seen);
        assertTrue(d.explanation().contains("option:   spawn echo sshd 127.0.0.1 host_rm b_b"), d.explanation().toString());
        assertTrue(d.explanation().contains("warning: " + dir.resolve("a") + ", line 1: unrecognized %x"),
                d.explanation().toString());
    }

    @Test
    void twistHandler_check_delegatesAndDoesNotAllow() throws Exception {
        HostsAccess rules = HostsAccess.builder().allowFile(write("a", "sshd: ALL: twist /bin/echo no\n"))
                .denyFile(dir.resolve("none")).handle("twist", (o, v, r) -> true).load();
        Decision d = rules.check(Request.of("sshd", "127.0.0.1"));
        assertTrue(d.delegated());
        assertFalse(d.allowed());
        assertTrue(d.toString().startsWith("delegated"), d.toString());
    }

    @Test
    void failingAclexec_allowRule_fallsThroughToDenyFile() throws Exception {
        HostsAccess rules = HostsAccess.builder().allowFile(write("a", "sshd: ALL: aclexec /bin/false\n"))
                .denyFile(write("d", "sshd: 127.0.0.1\n")).handle("aclexec", (o, v, r) -> false).load();
        Decision d = rules.check(Request.of("sshd", "127.0.0.1"));
        assertFalse(d.allowed());
        assertEquals(Optional.of(dir.resolve("d")), d.file());
        assertTrue(rules.check(Request.of("sshd", "127.0.0.2")).allowed());
    }

    @Test
    void throwingOrFailingHandler_check_deniesWithError() throws Exception {
        HostsAccess rules = HostsAccess.builder().allowFile(write("a", "sshd: ALL: user nobody\nftpd: ALL: nice 5\n"))
                .denyFile(dir.resolve("none")).handle("user", (o, v, r) -> {
                    throw new IllegalStateException("no such user");
                }).handle("nice", (o, v, r) -> false).load();
        Decision d = rules.check(Request.of("sshd", "127.0.0.1"));
        assertFalse(d.allowed());
        assertTrue(d.explanation().stream().anyMatch(l -> l.startsWith("error:") && l.contains("no such user")),
                d.explanation().toString());
        assertFalse(rules.check(Request.of("ftpd", "127.0.0.1")).allowed());
    }

    @Test
    void unknownOptionName_handle_throwsNamingAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostsAccess.builder().handle("banners", (o, v, r) -> true));
        assertTrue(e.getMessage().contains("\"banners\"") && e.getMessage().contains("spawn"), e.getMessage());
    }

    @Test
    void optionEffects_check_reportSeverityKeepAliveLingerAndBanner() throws Exception {
        Path banners = Files.createDirectory(dir.resolve("banners"));
        Files.writeString(banners.resolve("sshd"), "\0hello %a [x\nbye %d\n");
        HostsAccess rules = rules("sshd: ALL: severity auth.notice: keepalive: linger 7: banners " + banners + "\n"
                + "ftpd: ALL: severity crit: deny\n", "");
        Decision d = rules.check(Request.of("sshd", "127.0.0.1"));
        assertTrue(d.allowed());
        assertEquals(Level.INFO, d.severity());
        assertTrue(d.keepAlive());
        assertEquals(OptionalInt.of(7), d.linger());
        // libwrap: leading NULs sent as is; the bracket hides the first newline from split_at
        assertArrayEquals("\0hello 127.0.0.1 [x\nbye sshd\r\n".getBytes(StandardCharsets.ISO_8859_1), d.banner());
        Decision f = rules.check(Request.of("ftpd", "127.0.0.1"));
        assertFalse(f.allowed());
        assertEquals(Level.ERROR, f.severity());
        assertEquals(0, f.banner().length);
        assertEquals(OptionalInt.empty(), f.linger());
    }

    @Test
    void badOptionValue_check_deniesAndLoadWarns() throws Exception {
        HostsAccess rules = rules("sshd: ALL: linger x\nftpd: ALL: allow: deny\n", "");
        assertFalse(rules.check(Request.of("sshd", "127.0.0.1")).allowed());
        assertFalse(rules.check(Request.of("ftpd", "127.0.0.1")).allowed());
        assertTrue(rules.warnings().stream().anyMatch(w -> w.contains("line 2") && w.contains("must be at end")),
                rules.warnings().toString());
    }

    @Test
    void malformedLines_load_warnInLibwrapWords() throws Exception {
        HostsAccess rules = rules("sshd 127.0.0.1\nsshd: 127.0.0.1", "");
        assertEquals(List.of("warning: " + dir.resolve("hosts.allow") + ", line 1: missing \":\" separator",
                "warning: " + dir.resolve("hosts.allow") + ", line 1: missing newline or line too long",
                "warning: " + dir.resolve("hosts.allow") + ", line 1: all the subsequent rules will be ignored"),
                rules.warnings());
        assertTrue(rules.check(Request.of("sshd", "127.0.0.1")).allowed());
    }

    @Test
    void denyFileWithoutFinalNewline_check_deniesEveryone() throws Exception {
        HostsAccess rules = rules("", "nosuchd: ALL");
        assertFalse(rules.check(Request.of("sshd", "127.0.0.1")).allowed());
    }

    @Test
    void unreadableOrDirectoryTable_load_throwsNamingFile() throws Exception {
        Path file = write("plain", "x");
        HostsFileException notDir = assertThrows(HostsFileException.class,
                () -> HostsAccess.load(file.resolve("hosts.allow"), dir.resolve("none")));
        assertEquals(file.resolve("hosts.allow"), notDir.file());
        assertTrue(notDir.getMessage().contains("cannot read"), notDir.getMessage());
        HostsFileException isDir = assertThrows(HostsFileException.class,
                () -> HostsAccess.load(dir.resolve("none"), dir));
        assertTrue(isDir.getMessage().contains("directory"), isDir.getMessage());
    }

    @Test
    void nameOrAddressPatterns_needsClientNames_isTrueWhereANameIsCompared() throws Exception {
        assertFalse(rules("sshd: 127.0.0.1 127.0.0. 127.0.0.0/8 [::1]/128\n", "ALL: ALL\n").needsClientNames());
        assertTrue(rules("sshd: [::1]\n", "").needsClientNames(), "libwrap also compares [::1] with the name");
        assertTrue(rules("sshd: .example.test\n", "").needsClientNames());
        assertTrue(rules("sshd: LOCAL\n", "").needsClientNames());
        assertTrue(rules("", "sshd: ALL EXCEPT KNOWN\n").needsClientNames());
        assertTrue(rules("sshd: ALL: banners " + dir.resolve("no-banners") + "\n", "").needsClientNames());
    }

    @Test
    void serverHostPatternOrExpansion_needsServerNames_isTrueOnlyForNames() throws Exception {
        assertFalse(rules("sshd@127.0.0.1: ALL\n", "sshd@127.0.0.0/8: ALL\n").needsServerNames());
        assertFalse(rules("sshd: .example.test\n", "").needsServerNames(), "a client name is not the server's");
        assertTrue(rules("sshd@localhost: ALL\n", "").needsServerNames());
        assertTrue(rules("", "ALL@.example.test: ALL\n").needsServerNames());
        for (String expansion : List.of("%N", "%H", "%s")) {
            assertTrue(withSpawn("sshd: 127.0.0.1: spawn echo " + expansion + "\n").needsServerNames(), expansion);
        }
        for (String expansion : List.of("%A", "%d", "%n", "%%N")) {
            assertFalse(withSpawn("sshd: 127.0.0.1: spawn echo " + expansion + "\n").needsServerNames(), expansion);
        }
    }

    @Test
    void expansionOfClientHost_inAnOption_needsTheClientName() throws Exception {
        // libwrap's eval_hostinfo looks the name up for %h and %c, not only for %n
        for (String expansion : List.of("%n", "%h", "%c")) {
            assertTrue(withSpawn("sshd: 127.0.0.1: spawn echo " + expansion + "\n").needsClientNames(), expansion);
        }
        for (String expansion : List.of("%a", "%d", "%u", "%%h", "%%n")) {
            assertFalse(withSpawn("sshd: 127.0.0.1: spawn echo " + expansion + "\n").needsClientNames(), expansion);
        }
    }

    @Test
    void oddRequestFields_ofAndCheck_areRefusedOrCutAsLibwrapDoes() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Request.of("sshd", "127.0.0.1").withPorts(65536, 1));
        assertThrows(NullPointerException.class, () -> Request.of(null, "127.0.0.1"));
        HostsAccess rules = rules("sshd: UNKNOWN\n" + "d".repeat(127) + ": " + "x".repeat(127) + "\n", "ALL: ALL\n");
        assertFalse(rules.check(Request.of("sshd", "x".repeat(128), "127.0.0.1", null)).allowed(),
                "a name too long for libwrap's buffer is cut to 127 bytes, not unknown");
        assertTrue(rules.check(Request.of("d".repeat(128), "x".repeat(500), "127.0.0.1", null)).allowed(),
                "daemon and name cut to 127 bytes (request_set's STRN_CPY)");
        assertFalse(rules.check(Request.of("sshd", "x".repeat(127), "127.0.0.1", null)).allowed());
        HostsAccess exact = rules("sshd: 127.0.0.1\n", "ALL: ALL\n");
        assertTrue(exact.check(Request.of("sshd", "127.0.0.1\0junk")).allowed(), "C strings end at NUL");
        assertEquals("Request[sshd from bob@h/127.0.0.1]", Request.of("sshd", "h", "127.0.0.1", "bob").toString());
    }
}
