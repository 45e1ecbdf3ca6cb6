package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules that follow their files, and keep working when a new version cannot be loaded. */
class ReloadingHostsAccessTest {
    @TempDir
    Path dir;

    @Test
    void changedRuleFile_get_readsItAfterTheInterval() throws Exception {
        Path allow = Files.writeString(dir.resolve("allow"), "sshd: 127.0.0.1\n");
        Path deny = Files.writeString(dir.resolve("deny"), "ALL: ALL\n");
        ReloadingHostsAccess live = ReloadingHostsAccess.of(HostsAccess.load(allow, deny), Duration.ofMillis(1));
        assertTrue(live.check(Request.of("sshd", "127.0.0.1")).allowed());
        HostsAccess before = live.get();
        Thread.sleep(5);
        assertSame(before, live.get(), "unchanged files are not read again");
        Files.writeString(allow, "sshd: 127.0.0.2\n");
        Thread.sleep(5);
        assertFalse(live.check(Request.of("sshd", "127.0.0.1")).allowed());
        assertTrue(live.check(Request.of("sshd", "127.0.0.2")).allowed());
    }

    @Test
    void changedListFileOrNewDenyFile_reloadNow_replacesRules() throws Exception {
        Path list = Files.writeString(dir.resolve("list"), "127.0.0.1\n");
        Path allow = Files.writeString(dir.resolve("allow"), "sshd: " + list + "\n");
        Path deny = dir.resolve("deny");
        ReloadingHostsAccess live = ReloadingHostsAccess.of(HostsAccess.load(allow, deny), Duration.ofHours(1));
        assertFalse(live.reloadNow());
        Files.writeString(list, "127.0.0.3\n");
        assertTrue(live.reloadNow());
        assertTrue(live.check(Request.of("sshd", "127.0.0.3")).allowed());
        Files.writeString(deny, "ALL: ALL\n");
        assertTrue(live.reloadNow());
        assertFalse(live.check(Request.of("sshd", "127.0.0.1")).allowed());
    }

    @Test
    void brokenNewVersion_reload_keepsOldRulesAndReportsWhy() throws Exception {
        Path allow = Files.writeString(dir.resolve("allow"), "sshd: 127.0.0.1\n");
        ReloadingHostsAccess live = ReloadingHostsAccess.of(HostsAccess.load(allow, dir.resolve("deny")),
                Duration.ofMillis(1));
        Files.writeString(allow, "sshd: ALL: spawn /bin/true\n");
        Thread.sleep(5);
        assertTrue(live.check(Request.of("sshd", "127.0.0.1")).allowed());
        assertTrue(live.lastFailure().isPresent());
        assertTrue(live.lastFailure().get().getMessage().contains("spawn"));
        assertThrows(HostsFileException.class, live::reloadNow);
        Files.writeString(allow, "sshd: 127.0.0.5\n");
        assertTrue(live.reloadNow());
        assertEquals(java.util.Optional.empty(), live.lastFailure());
    }

    @Test
    void tooShortInterval_of_throws() throws Exception {
        HostsAccess rules = HostsAccess.load(dir.resolve("a"), dir.resolve("b"));
        assertThrows(IllegalArgumentException.class, () -> ReloadingHostsAccess.of(rules, Duration.ZERO));
    }
}
