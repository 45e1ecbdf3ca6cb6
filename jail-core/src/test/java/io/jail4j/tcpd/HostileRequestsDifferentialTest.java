package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a client can shape, decided by jail4j and by the real libwrap: fields longer than
 * libwrap's 128-byte buffers (each cut to 127 bytes by {@code request_set}, never an error), and
 * client addresses and {@code net/mask} patterns in every form {@code inet_addr} and libwrap's
 * {@code dot_quad_addr} and {@code cidr_mask_addr} treat specially.
 */
class HostileRequestsDifferentialTest {
    @TempDir
    Path dir;
    private Differ differ;
    private final List<String> diffs = new ArrayList<>();
    private int compared;

    @BeforeEach
    void start() {
        differ = new Differ(Libwrap.get(), dir);
    }

    @AfterEach
    void noDifferences() {
        assertEquals(List.of(), diffs, "jail4j and libwrap disagree (" + diffs.size() + " of " + compared + ")");
    }

    private void check(String name, String allow, String deny, List<Request> requests) throws IOException {
        compared += requests.size();
        diffs.addAll(differ.compare(name, allow, deny, requests));
    }

    /** {@code n} bytes of a host-name-like text that ends with {@code tail}. */
    private static String longName(int n, String tail) {
        StringBuilder b = new StringBuilder();
        int label = 0;
        while (b.length() < n - tail.length()) {
            b.append(b.length() % 10 == 9 ? '.' : (char) ('a' + label++ % 26));
        }
        return b.append(tail).substring(0, n - tail.length()) + tail;
    }

    @Test
    void fieldsLongerThanLibwrapsBuffers_checkAgainstLibwrap_agreeOnTheFirst127Bytes() throws IOException {
        String longDaemon = "d".repeat(100) + "-daemon-" + "x".repeat(100); // 208 bytes
        String daemon127 = longDaemon.substring(0, 127);
        String longUser = "u".repeat(126) + "ser-and-more";
        String user127 = longUser.substring(0, 127);
        String longHost = longName(253, ".example.test");
        String host127 = longHost.substring(0, 127);
        String longServer = longName(200, ".server.test");
        // a name cut at 127 bytes so that it ends in ".trusted.test": hosts_ctl trusts its caller's name
        String cutToTrusted = longName(127, ".trusted.test") + ".attacker.test";
        // a two-byte UTF-8 character across the 127-byte boundary
        String utf8 = "h".repeat(126) + "\u00e9" + ".example.test";
        String allow = daemon127 + ": ALL\n"
                + "sshd: " + host127 + "\n"
                + "sshd: " + user127 + "@ALL\n"
                + "ftpd: .trusted.test\n"
                + "ftpd: " + longHost.substring(0, 120) + "*\n"
                + "sshd@" + longServer.substring(0, 127) + ": ALL\n"
                + "telnetd: " + longHost + "\n"
                + "telnetd: " + longHost.substring(0, 128) + ".\n"
                + "rshd: 127.0.0.0/8\n"
                + "fingerd: " + utf8.substring(0, 126) + "*\n";
        String deny = "ALL: ALL\n";
        List<Request> rs = new ArrayList<>();
        for (int n : new int[] {126, 127, 128, 129, 200, 253, 1000, 5000}) {
            String d = longDaemon.length() >= n ? longDaemon.substring(0, n) : longDaemon + "y".repeat(n - 208);
            rs.add(Request.of(d, null, "127.0.0.1", null));
            rs.add(Request.of("sshd", longName(n, ".example.test"), "127.0.0.2", null));
            rs.add(Request.of("sshd", null, "127.0.0.3", user127 + "z".repeat(Math.max(0, n - 127))));
            rs.add(Request.of("sshd", null, "127.0.0." + "4".repeat(Math.max(1, n - 8)), null));
            rs.add(Request.of("rshd", null, "127.0.0.5" + " ".repeat(Math.max(1, n - 9)), null));
            rs.add(Request.of("rshd", null, "127.0.0.5" + " ".repeat(Math.max(1, n - 12)) + "xyz", null));
            rs.add(Request.of("telnetd", longName(n, ".example.test"), "127.0.0.6", null));
            rs.add(Request.of("sshd", null, "127.0.0.7", null).withServer(longName(n, ".server.test"), null));
        }
        rs.add(Request.of("sshd", longHost, "127.0.0.8", null));
        rs.add(Request.of("sshd", longHost.toUpperCase(), "127.0.0.8", null));
        rs.add(Request.of("sshd", null, "127.0.0.9", longUser));
        rs.add(Request.of(longDaemon, longHost, "127.0.0.10", longUser));
        rs.add(Request.of("ftpd", cutToTrusted, "127.0.0.11", null));
        rs.add(Request.of("ftpd", longHost, "127.0.0.12", null));
        rs.add(Request.of("telnetd", longHost, "127.0.0.13", null));
        rs.add(Request.of("fingerd", utf8, "127.0.0.14", null));
        rs.add(Request.of("fingerd", "h".repeat(127) + "\u00e9", "127.0.0.14", null));
        rs.add(Request.of("d\u00e9mon".repeat(40), null, "127.0.0.15", "\u00fc".repeat(100)));
        rs.add(Request.of("sshd", null, "::ffff:" + "127.0.0.1" + " ".repeat(200), null));
        check("long fields", allow, deny, rs);
        check("long fields, deny side", "", "sshd: " + host127 + "\n" + daemon127 + ": ALL\nrshd: 127.0.0.5\n", rs);
        // what the options see of them: % expansions of the cut fields, in a dry run
        compared += rs.size();
        diffs.addAll(differ.compare("long fields expanded", "ALL: ALL: spawn echo %d %u %h %a %c %n %s %%\n", "",
                rs, true));
    }

    @Test
    void longFields_checkAndExpand_neverThrow() throws IOException {
        Path allow = differ.file("allow", "ALL: ALL: severity auth.info\n");
        HostsAccess rules;
        try {
            rules = HostsAccess.load(allow, differ.file("deny", null));
        } catch (HostsFileException e) {
            throw new AssertionError(e);
        }
        String huge = "x".repeat(100_000);
        Decision d = rules.check(Request.of(huge, huge, huge, huge).withServer(huge, huge));
        assertTrue(d.allowed());
        assertFalse(d.explanation().isEmpty());
        assertTrue(Request.of(huge, null).toString().length() < 100_300);
    }

    /** Client addresses in the forms glibc's {@code inet_addr} reads (and those it refuses). */
    private static final List<String> ADDRESSES = List.of("127.0.0.1", "127.000.000.001", "0177.0.0.1", "0x7f.0.0.1",
            "0X7F.0x0.00.01", "0x7F.0.0.0x01", "0177.0.0.01", "127.1", "127.0.1", "2130706433", "0x7f000001",
            "017700000001", "127.0.0.256", "127.0.0.0377", "127.0.0.0x100", "127.0.0.1.", ".127.0.0.1", "127..0.1",
            "127.0..0.1", "127.0.0.1 ", "127.0.0.1 x", "127.0.0.1\u000bx", "127.0.0.1x", "127.0.0.1\u00e9",
            "08.0.0.1", "127.0.0.08", "0x.0.0.1", "0x7g.0.0.1", "255.255.255.255", "0.0.0.0", "0", "1.2.3.4294967295",
            "127.0.0.4294967296", "4294967295", "4294967296", "127.0.0.00000000000000000000001",
            "0x00000000000000000007f.0.0.1", "+127.0.0.1", " 127.0.0.1", "127.+0.0.1", "127.0.0.-1", "127.0. 0.1",
            "::ffff:127.0.0.1", "::ffff:0177.0.0.1", "::FFFF:127.1", "::ffff:127.0.0.1 ", "::ffff:255.255.255.255",
            "::ffff:7f00:1", "1.2.3.4.5", "127.0.0.2", "126.255.255.255", "128.0.0.0", "10.1.2.3", "", "unknown");

    private static List<Request> clients(String daemon) {
        List<Request> rs = new ArrayList<>();
        for (String a : ADDRESSES) {
            rs.add(Request.of(daemon, null, a, null));
        }
        rs.add(Request.of(daemon, "0177.0.0.1", "10.0.0.1", null));
        rs.add(Request.of(daemon, "127.0.0.1", "10.0.0.1", null));
        return rs;
    }

    @Test
    void addressForms_againstStringAndMaskPatterns_agree() throws IOException {
        List<String> patterns = List.of("127.0.0.1", "127.", "127.0.0.", "0177.", "0177.0.0.1", "127.1",
                "2130706433", "255.255.255.255", "127.0.0.0/255.0.0.0", "127.0.0.0/8", "127.0.0.1/32",
                "127.0.0.1/255.255.255.255", "255.255.255.255/255.255.255.255", "255.255.255.255/32",
                "0.0.0.0/0.0.0.0", "127.0.0.1/0.0.0.0", "0.0.0.0/0", "0.0.0.0/255.255.255.255",
                "0177.0.0.0/0xff.0.0.0", "127.0.0.0/0377.0.0.0", "0x7F.00.0x0.000/255.0.0.0", "127/8", "127.0/8",
                "127.0.0/8", "2130706432/8", "127.0.0.0/255.0", "127.0.0.0/4278190080", "127.0.0.0/ 8", "127.0.0.0/+8",
                "127.0.0.0/-8", "127.0.0.0/010", "127.0.0.0/0x8", "127.0.0.0/8x", "127.0.0.0/8.", "127.0.0.0/0008",
                "127.0.0.0/4294967304", "127.0.0.0/99999999999999999999", "127.0.0.1/255.255.255.254",
                "127.0.0.0/255.255.0.255", "127.0.0.0./8", ".127.0.0.0/8", "127..0.0/8", "127.0.0.0/255..0.0",
                "127.0.0.0/255.0.0.0.", "127.0.0.0/1", "128.0.0.0/1", "0.0.0.0/1", "127.0.0.1/31", "127.0.0.256/8",
                "127.0.0.0/256.0.0.0", "127.0.0.0x/8", "08.0.0.0/8", "127.0.0.0/08", "127.0.0.0/8/8", "/", "127.0.0.0/",
                "[::ffff:127.0.0.0]/104", "[::ffff:127.0.0.1]", "127.0.0.1 ", "127.0.0.0\u00e9/8");
        for (String p : patterns) {
            check("pattern " + p, "sshd: " + p + "\n", "ALL: ALL\n", clients("sshd"));
        }
    }

    @Test
    void addressForms_inListFilesAndServerEndpoints_agree() throws IOException {
        Path list = differ.file("list", "0177.0.0.0/255.0.0.0\n0.0.0.0/0.0.0.0 # everything\n");
        List<Request> rs = new ArrayList<>(clients("sshd"));
        for (String a : ADDRESSES) {
            rs.add(Request.of("ftpd", null, "10.0.0.1", null).withServer(null, a));
        }
        check("list and server", "sshd: " + list + "\nftpd@127.0.0.0/8: ALL\n", "ALL: ALL\n", rs);
        check("zero mask", "sshd: 0.0.0.0/0.0.0.0\n", "ALL: ALL\n", clients("sshd"));
    }
}
