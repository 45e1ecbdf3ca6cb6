package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jail4j.RootTests;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client names from reverse lookups, found by the real libwrap on a connected socket
 * ({@code sock_hostname}, in a private mount namespace whose {@code /etc/hosts} the test wrote and
 * whose NSS reads files only) and by {@link HostResolver} from the same hosts file: both must
 * give the same name and the same verdict. Long PTR names are cut to 127 bytes before the forward
 * check, so a name that ends in a trusted suffix only once cut is {@code paranoid} in both.
 */
class ReverseNameDifferentialRootTest {
    @TempDir
    Path dir;

    /** A host name of {@code n} bytes, in labels of at most nine, ending with {@code tail}. */
    private static String longName(int n, String tail) {
        StringBuilder b = new StringBuilder();
        while (b.length() < n - tail.length()) {
            b.append(b.length() % 10 == 9 ? '.' : (char) ('a' + b.length() % 26));
        }
        return b.substring(0, n - tail.length()) + tail;
    }

    @Test
    void longPtrNames_sockHostnameAndHostResolver_cutThenVerifyAlike() throws Exception {
        RootTests.requireRoot();
        Libwrap.get(); // skips (or fails under CI) without cc and libwrap
        String attack = longName(127, ".trusted.test") + ".attacker.test";
        String verified = longName(253, ".example.test");
        String exact127 = longName(127, ".example.test");
        String just128 = longName(128, ".example.test");
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("127.0.2.3", attack);               // cut: ends in .trusted.test, maps nowhere
        hosts.put("127.0.2.2", verified);             // cut: maps back through the next line
        hosts.put("127.0.2.5", exact127);             // not cut
        hosts.put("127.0.2.6", just128);              // cut by one byte: maps nowhere
        hosts.put("127.0.2.4", "Short.Example.Test"); // case kept
        StringBuilder file = new StringBuilder();
        hosts.forEach((a, n) -> file.append(a).append(' ').append(n).append('\n'));
        file.append("127.0.2.2 ").append(verified, 0, 127).append('\n');
        Path hostsFile = Files.writeString(dir.resolve("hosts"), file);
        Path nss = Files.writeString(dir.resolve("nsswitch.conf"), "hosts: files\n");
        Path allow = Files.writeString(dir.resolve("allow"), "sshd: .trusted.test\nsshd: "
                + verified.substring(0, 127) + "\nsshd: " + exact127 + "\nsshd: short.example.test\nsshd: "
                + just128.substring(0, 127) + "\n");
        Path deny = Files.writeString(dir.resolve("deny"), "ALL: ALL\n");
        List<String> clients = new ArrayList<>(hosts.keySet());
        clients.add("127.0.2.9"); // no name at all

        Map<String, String> libwrap = oracle(hostsFile, nss, allow, deny, clients);

        HostResolver resolver = HostResolver.builder().hostsFile(hostsFile).resolvConf(dir.resolve("none"))
                .nameServers(List.of()).build();
        HostsAccess rules = HostsAccess.load(allow, deny);
        Map<String, String> jail4j = new LinkedHashMap<>();
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 22);
        for (String c : clients) {
            Request r = resolver.request("sshd", new InetSocketAddress(InetAddress.getByName(c), 40000), server, true);
            String name = r.clientName() == null ? "unknown" : r.clientName();
            jail4j.put(c, name + " " + (rules.check(r).allowed() ? "ALLOW" : "DENY"));
        }
        assertEquals(libwrap, jail4j);
        assertEquals("paranoid DENY", jail4j.get("127.0.2.3"), "the attacker's cut name must not be trusted");
    }

    /** Runs name_oracle in a mount namespace with the test's hosts file; "NAME VERDICT" by address. */
    private Map<String, String> oracle(Path hostsFile, Path nss, Path allow, Path deny, List<String> clients)
            throws IOException, InterruptedException {
        Path source = dir.resolve("name_oracle.c");
        try (InputStream s = ReverseNameDifferentialRootTest.class.getResourceAsStream("name_oracle.c")) {
            Files.copy(s, source);
        }
        Path binary = dir.resolve("name_oracle");
        Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString(), "-lwrap")
                .redirectErrorStream(true).start();
        String ccLog = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), ccLog);
        String script = "mount --bind \"$1\" /etc/hosts && mount --bind \"$2\" /etc/nsswitch.conf && shift 2"
                + " && exec \"$@\"";
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script, "sh",
                hostsFile.toString(), nss.toString(), binary.toString(), allow.toString(), deny.toString()));
        cmd.addAll(clients);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("unshare(1) is not available: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Assumptions.assumeFalse(out.contains("unshare failed") || out.contains("Operation not permitted"),
                    "no private mount namespace here: " + out);
            throw new AssertionError("name_oracle failed: " + out);
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("result\t")) {
                String[] f = line.split("\t");
                results.put(f[1], f[2] + " " + f[3]);
            }
        }
        return results;
    }
}
