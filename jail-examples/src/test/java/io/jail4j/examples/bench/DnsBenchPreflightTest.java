package io.jail4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jail4j.examples.ExitCode;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code dnsbench}'s checks before any work: tools first, then root, both named when both are missing. */
class DnsBenchPreflightTest {
    private static final Path PRESENT = Path.of("/bin/sh");
    private static final Path MISSING = Path.of("/nonexistent/jail4j-test/nsd");
    private static final Path ALSO_MISSING = Path.of("/nonexistent/jail4j-test/dnsperf");

    @Test
    void toolsMissingAndNotRoot_preflight_namesTheToolsAndRoot() {
        DnsBench.Preflight p = DnsBench.preflight(List.of(MISSING, PRESENT, ALSO_MISSING), false);

        assertEquals(ExitCode.IO_ERROR, p.code());
        assertEquals(MISSING + " and " + ALSO_MISSING + " are missing (apt-get install -y nsd dnsperf); it also needs"
                + " root (dnsd binds as root and jails itself)", p.message());
    }

    @Test
    void toolMissingAsRoot_preflight_namesTheTool() {
        DnsBench.Preflight p = DnsBench.preflight(List.of(PRESENT, MISSING), true);

        assertEquals(ExitCode.IO_ERROR, p.code());
        assertEquals(MISSING + " is missing (apt-get install -y nsd dnsperf)", p.message());
    }

    @Test
    void toolsPresentNotRoot_preflight_refusesForRoot() {
        DnsBench.Preflight p = DnsBench.preflight(List.of(PRESENT), false);

        assertEquals(ExitCode.REFUSED, p.code());
        assertEquals("needs root (dnsd binds as root and jails itself)", p.message());
    }

    @Test
    void toolsPresentAsRoot_preflight_passes() {
        assertNull(DnsBench.preflight(List.of(PRESENT), true));
    }
}
