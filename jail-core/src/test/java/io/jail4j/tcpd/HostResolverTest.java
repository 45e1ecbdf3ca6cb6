package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client names as libwrap finds them, from a hosts file and a name server on 127.0.0.1. */
class HostResolverTest {
    @TempDir
    Path dir;
    private FakeDns dns;
    private HostResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dns = new FakeDns();
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n127.0.1.1 files.example.test files # comment\n"
                + "::1 localhost ip6-localhost\n127.0.1.2 alias.example.test\n127.0.1.3 canon.example.test alias.example.test\n");
        resolver = HostResolver.builder().hostsFile(dir.resolve("hosts")).resolvConf(dir.resolve("none"))
                .nameServers(List.of(dns.address())).timeout(Duration.ofMillis(200)).attempts(1).build();
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void hostsFileNames_nameOf_findsAndChecksThemWithoutDns() throws Exception {
        assertEquals("localhost", resolver.nameOf(ip("127.0.0.1")));
        assertEquals("files.example.test", resolver.nameOf(ip("127.0.1.1")));
        assertEquals("localhost", resolver.nameOf(ip("::1")));
        assertEquals(0, dns.queries.get());
        // alias.example.test forward-maps to canonical alias.example.test first: fine
        assertEquals("alias.example.test", resolver.nameOf(ip("127.0.1.2")));
    }

    @Test
    void dnsNameThatMapsBack_nameOf_returnsIt() throws Exception {
        dns.answer("PTR", "9.2.0.127.in-addr.arpa", "good.example.test").answer("A", "good.example.test", "127.0.2.9");
        assertEquals("good.example.test", resolver.nameOf(ip("127.0.2.9")));
    }

    @Test
    void dnsNameThatMapsElsewhere_nameOf_isParanoid() throws Exception {
        dns.answer("PTR", "8.2.0.127.in-addr.arpa", "liar.example.test").answer("A", "liar.example.test", "127.0.2.99");
        assertEquals("paranoid", resolver.nameOf(ip("127.0.2.8")));
    }

    @Test
    void numericOrUnverifiableReverseName_nameOf_isParanoid() throws Exception {
        dns.answer("PTR", "7.2.0.127.in-addr.arpa", "127.0.2.7");
        assertEquals("paranoid", resolver.nameOf(ip("127.0.2.7")));
        dns.answer("PTR", "6.2.0.127.in-addr.arpa", "gone.example.test");
        assertEquals("paranoid", resolver.nameOf(ip("127.0.2.6")), "the forward lookup fails (NXDOMAIN)");
    }

    /** A host name of {@code n} bytes, in labels of at most nine, ending with {@code tail}. */
    private static String longName(int n, String tail) {
        StringBuilder b = new StringBuilder();
        while (b.length() < n - tail.length()) {
            b.append(b.length() % 10 == 9 ? '.' : (char) ('a' + b.length() % 26));
        }
        return b.substring(0, n - tail.length()) + tail;
    }

    @Test
    void longPtrNameCutToATrustedSuffix_nameOf_verifiesTheCutNameAndIsParanoid() throws Exception {
        // the attacker owns 3.2.0.127.in-addr.arpa and attacker.test: its PTR name is 141 bytes, and
        // its first 127 bytes end in ".trusted.test"; the full name maps back, the cut one does not exist
        String cut = longName(127, ".trusted.test");
        String full = cut + ".attacker.test";
        dns.answer("PTR", "3.2.0.127.in-addr.arpa", full).answer("A", full, "127.0.2.3");
        assertEquals("paranoid", resolver.nameOf(ip("127.0.2.3")), "libwrap verifies the cut name, not the PTR name");
        assertTrue(dns.asked.contains("A " + cut), dns.asked.toString());
        assertFalse(dns.asked.contains("A " + full), "the full PTR name is never looked up: " + dns.asked);
        HostsAccess rules = HostsAccess.load(Files.writeString(dir.resolve("allow"), "sshd: .trusted.test\n"),
                Files.writeString(dir.resolve("deny"), "sshd: ALL\n"));
        HostResolver r = resolver;
        Request q = r.request("sshd", new InetSocketAddress(ip("127.0.2.3"), 4000),
                new InetSocketAddress(ip("127.0.0.1"), 22), rules.needsClientNames());
        assertEquals("paranoid", q.clientName());
        assertFalse(rules.check(q).allowed(), "the attacker's name must not match .trusted.test");
    }

    @Test
    void ruleOnTheServerName_request_looksTheServerUpAsLibwrapDoes() throws Exception {
        dns.answer("PTR", "9.2.0.127.in-addr.arpa", "ftp.example.test").answer("A", "ftp.example.test", "127.0.2.9");
        HostsAccess rules = HostsAccess.load(Files.writeString(dir.resolve("allow"), "sshd@ftp.example.test: ALL\n"),
                Files.writeString(dir.resolve("deny"), "sshd: ALL\n"));
        assertTrue(rules.needsServerNames());
        InetSocketAddress client = new InetSocketAddress(ip("127.0.0.1"), 4000);
        InetSocketAddress server = new InetSocketAddress(ip("127.0.2.9"), 22);

        Request named = resolver.request("sshd", client, server, rules.needsClientNames(), rules.needsServerNames());
        Request unnamed = resolver.request("sshd", client, server, rules.needsClientNames(), false);

        assertEquals("ftp.example.test", named.serverName());
        assertTrue(rules.check(named).allowed(), "daemon@host matches the server's verified name");
        assertFalse(rules.check(unnamed).allowed(), "control: without the lookup the name pattern cannot match");
    }

    @Test
    void longPtrNameWhoseCutNameMapsBack_nameOf_isTheCutName() throws Exception {
        String full = longName(253, ".example.test");
        String cut = full.substring(0, 127);
        dns.answer("PTR", "2.2.0.127.in-addr.arpa", full).answer("A", cut, "127.0.2.2");
        assertEquals(cut, resolver.nameOf(ip("127.0.2.2")), "sock_hostname keeps the first 127 bytes");
        HostsAccess rules = HostsAccess.load(Files.writeString(dir.resolve("allow"), "sshd: " + cut + "\n"),
                Files.writeString(dir.resolve("deny"), "sshd: ALL\n"));
        Request q = resolver.request("sshd", new InetSocketAddress(ip("127.0.2.2"), 4000), null, true);
        assertTrue(rules.check(q).allowed());
    }

    @Test
    void ptrNameCutInsideALabelOrWithAnUnaskableLabel_nameOf_isParanoidNotAnError() throws Exception {
        // the cut leaves "....x" (a 1-byte label) that does not exist: unverifiable
        String full = longName(125, "") + ".xample.test";
        dns.answer("PTR", "1.2.0.127.in-addr.arpa", full);
        assertEquals("paranoid", resolver.nameOf(ip("127.0.2.1")));
        assertTrue(dns.asked.contains("A " + full.substring(0, 127)), dns.asked.toString());
        // a hosts file name whose cut is not in the file and has a label no name server can be asked
        String odd = ("x".repeat(70) + ".").repeat(2) + "test";
        HostResolver files = HostResolver.builder().hostsFile(Files.writeString(dir.resolve("hosts2"),
                "127.0.3.2 " + odd + "\n")).resolvConf(dir.resolve("none"))
                .nameServers(List.of(dns.address())).timeout(Duration.ofMillis(200)).attempts(1).build();
        assertEquals("paranoid", files.nameOf(ip("127.0.3.2")));
    }

    @Test
    void noReverseName_nameOf_isUnknownAndCached() throws Exception {
        assertEquals("unknown", resolver.nameOf(ip("127.0.2.5")));
        int asked = dns.queries.get();
        assertEquals("unknown", resolver.nameOf(ip("127.0.2.5")));
        assertEquals(asked, dns.queries.get(), "answered from the cache");
    }

    @Test
    void silentServer_nameOf_givesUpAfterTheTimeout() throws Exception {
        dns.silent("PTR", "4.2.0.127.in-addr.arpa");
        long t0 = System.nanoTime();
        assertEquals("unknown", resolver.nameOf(ip("127.0.2.4")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 150 && ms < 5000, ms + " ms");
    }

    @Test
    void ipv6Reverse_nameOf_usesIp6Arpa() throws Exception {
        InetAddress a = ip("::1");
        HostResolver dnsOnly = HostResolver.builder().hostsFile(dir.resolve("none")).resolvConf(dir.resolve("none"))
                .nameServers(List.of(dns.address())).timeout(Duration.ofMillis(200)).attempts(1).build();
        dns.answer("PTR", Dns.reverseName(a), "six.example.test").answer("AAAA", "six.example.test", "::1");
        assertEquals("six.example.test", dnsOnly.nameOf(a));
        assertTrue(Dns.reverseName(a).startsWith("1.0.0.0.0.0.0.0.") && Dns.reverseName(a).endsWith(".ip6.arpa"),
                Dns.reverseName(a));
    }

    @Test
    void none_nameOf_isAlwaysUnknown() throws Exception {
        assertEquals("unknown", HostResolver.none().nameOf(ip("127.0.0.1")));
        assertEquals(Request.of("d", null, "127.0.0.1", null).clientName(),
                HostResolver.none().request("d", new InetSocketAddress(ip("127.0.0.1"), 9), null, true).clientName());
    }

    @Test
    void badSettings_builder_throwsNamingValue() {
        assertThrows(IllegalArgumentException.class, () -> HostResolver.builder().timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> HostResolver.builder().attempts(0));
        assertThrows(IllegalArgumentException.class, () -> HostResolver.builder().cacheSize(-1));
    }

    @Test
    void resolvConf_build_readsServersAndOptions() throws Exception {
        Files.writeString(dir.resolve("resolv.conf"), "# x\nnameserver " + "127.0.0.1\noptions timeout:1 attempts:1\n");
        HostResolver r = HostResolver.builder().hostsFile(dir.resolve("hosts")).resolvConf(dir.resolve("resolv.conf"))
                .build();
        assertEquals("localhost", r.nameOf(ip("127.0.0.1")));
        assertTrue(r.toString().contains("dns"), r.toString());
    }

    @Test
    void ipv4AndIpv6Addresses_format_printAsLibwrapDoes() throws Exception {
        assertEquals("::1", InetText.format(ip("::1")));
        assertEquals("::", InetText.format(ip("::")));
        assertEquals("fe80::1:0:0:2", InetText.format(ip("fe80:0:0:0:1:0:0:2")));
        assertEquals("1:0:0:2::3", InetText.format(ip("1:0:0:2:0:0:0:3")));
        assertEquals("::127.0.0.1", InetText.format(java.net.Inet6Address.getByAddress(null, new byte[] {0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 127, 0, 0, 1}, null)));
        assertEquals("127.0.0.1", InetText.format(ip("127.0.0.1")));
    }
}
