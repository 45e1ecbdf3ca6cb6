package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The unit files shipped in docs/systemd: {@code systemd-analyze verify} (which works without
 * systemd as init) accepts them without a warning, and they say what the socket-activation root
 * tests run ({@link SocketActivationRootTest} builds its setpriv line from the demo's).
 */
class UnitFilesTest {
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
    private static final List<String> FILES = List.of("jail4j-demo.socket", "jail4j-demo.service",
            "jail4j-dnsd.socket", "jail4j-dnsd.service");

    @Test
    void everyUnitFile_systemdAnalyzeVerify_acceptsWithoutWarning() throws Exception {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(tool)) {
            if (CI) {
                fail("CI=true: " + tool + " is missing (apt-get install -y systemd)");
            }
            Assumptions.abort(tool + " is missing (apt-get install -y systemd)");
        }
        Path dir = Files.createTempDirectory("jail4j-units-");
        try {
            List<String> cmd = new ArrayList<>(List.of(tool.toString(), "verify", "--man=no"));
            for (String f : FILES) {
                Files.copy(UnitFile.DIR.resolve(f), dir.resolve(f));
                cmd.add(dir.resolve(f).toString());
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertEquals("", out, "systemd-analyze verify warned");

            // the check can fail: an unknown key is reported
            Files.writeString(dir.resolve("jail4j-demo.service"), Files.readString(dir.resolve("jail4j-demo.service"))
                    .replace("AmbientCapabilities=", "AmbientCapabilitiez="));
            Process bad = new ProcessBuilder(tool.toString(), "verify", "--man=no", dir.resolve("jail4j-demo.service")
                    .toString()).redirectErrorStream(true).start();
            String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            bad.waitFor();
            assertTrue(badOut.contains("Unknown key 'AmbientCapabilitiez'"), badOut);
        } finally {
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
    }

    @Test
    void demoService_start_runsAsAUserWithTheThreeCapabilitiesAndTakesTheSocket() throws Exception {
        UnitFile service = UnitFile.read("jail4j-demo.service");
        assertTrue(!service.get("User").equals("root") && !service.get("User").equals("0"), "not started as uid 0");
        assertEquals("CAP_SYS_CHROOT CAP_SETUID CAP_SETGID", service.get("AmbientCapabilities"));
        assertEquals("CAP_SYS_CHROOT CAP_SETUID CAP_SETGID", service.get("CapabilityBoundingSet"));
        assertEquals("yes", service.get("NoNewPrivileges"));
        assertTrue(service.get("ExecStart").contains(" io.jail4j.examples.Main demo --listen systemd "),
                service.get("ExecStart"));
        assertEquals(List.of(), service.all("SecureBits"), "keep-caps or no-setuid-fixup make enter() refuse");
        UnitFile socket = UnitFile.read("jail4j-demo.socket");
        assertEquals("no", socket.get("Accept"));
        assertTrue(socket.get("ListenStream").startsWith("127.0.0.1:"), socket.get("ListenStream"));
    }

    @Test
    void dnsdSocket_activation_handsOverOneUdpAndOneTcpSocket() throws Exception {
        UnitFile socket = UnitFile.read("jail4j-dnsd.socket");
        assertEquals(1, socket.all("ListenDatagram").size());
        assertEquals(1, socket.all("ListenStream").size());
        assertTrue(UnitFile.read("jail4j-dnsd.service").get("ExecStart").contains(" dnsd --listen systemd "));
    }
}
