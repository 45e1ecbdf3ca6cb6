package io.jail4j.tcpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus built from hosts_access(5) and hosts_options(5), every request decided by jail4j and
 * by the real libwrap; any difference in verdict or in what libwrap logs fails.
 */
class CorpusDifferentialTest {
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

    private void check(String name, String allow, String deny, Request... requests) throws IOException {
        compared += requests.length;
        diffs.addAll(differ.compare(name, allow, deny, List.of(requests)));
    }

    private static Request q(String daemon, String name, String addr) {
        return Request.of(daemon, name, addr, null);
    }

    private static Request q(String daemon, String name, String addr, String user) {
        return Request.of(daemon, name, addr, user);
    }

    private Path list(String content) throws IOException {
        return differ.file("list", content);
    }

    /** A spread of clients: names, addresses, users, and the unknown and paranoid cases. */
    private static Request[] clients(String daemon) {
        return new Request[] {
            q(daemon, "localhost", "127.0.0.1"), q(daemon, "a.example.test", "127.0.0.2"),
            q(daemon, "B.Example.Test", "127.0.1.3", "bob"), q(daemon, null, "127.1.2.3"),
            q(daemon, "host", null), q(daemon, null, null), q(daemon, "paranoid", "127.0.0.9"),
            q(daemon, "unknown", "127.0.0.10", "unknown"), q(daemon, "x.other.test", "::1"),
            q(daemon, null, "::ffff:127.0.0.1"), q(daemon, "127.0.0.5", "127.0.0.6", "alice"),
            q(daemon, "a.example.test.", "0:0:0:0:0:0:0:1"), q(daemon, null, "127.000.0.1"),
            q(daemon, null, "0x7f.0.0.1"), q(daemon, null, "0177.0.0.1"), q(daemon, null, "::FFFF:127.0.0.2"),
            q(daemon, ".test", "127.0.0.11"), q(daemon, ".example.test", "127.0.0.12", "BOB"),
            q(daemon, "[::1]", "127.0.0.13"), q(daemon, "127.", "127.0.0.1."), q(daemon, "a.", "::ffff:255.255.255.255"),
        };
    }

    @Test
    void tables_firstMatchAllowThenDenyThenGrant_agree() throws IOException {
        check("order", "sshd: 127.0.0.1\nsshd: ALL: deny\n", "sshd: 127.0.0.2\nALL: ALL\n",
                q("sshd", null, "127.0.0.1"), q("sshd", null, "127.0.0.2"), q("ftpd", null, "127.0.0.1"));
        check("missing allow", null, "ALL: 127.0.0.2\n", q("sshd", null, "127.0.0.1"), q("sshd", null, "127.0.0.2"));
        check("missing both", null, null, q("sshd", null, "127.0.0.1"));
        check("empty files", "", "", q("sshd", null, "127.0.0.1"));
        check("mostly closed", "ALL: LOCAL\nALL: .example.test EXCEPT b.example.test\n", "ALL: ALL\n",
                clients("in.ftpd"));
        check("mostly open", "", "ALL: host, .other.test\nALL EXCEPT in.fingerd: 127.0.0.5, .example.test\n",
                clients("in.fingerd"));
        check("mostly open 2", "", "ALL: host, .other.test\nALL EXCEPT in.fingerd: 127.0.0.5, .example.test\n",
                clients("sshd"));
    }

    @Test
    void layout_commentsBlanksContinuationsSeparators_agree() throws IOException {
        String allow = "# comment\n\n   \n\t\r\n  # indented: not a comment\nsshd: \\\n 127.0.0.1 \\\n"
                + " 127.0.0.2\nftpd:127.0.0.3,127.0.0.4\t127.0.0.5\r\n#x: ALL\nftpd : \\\n\\\n127.0.0.6\n";
        check("layout", allow, "ALL: ALL\n", q("sshd", null, "127.0.0.1"), q("sshd", null, "127.0.0.2"),
                q("ftpd", null, "127.0.0.4"), q("ftpd", null, "127.0.0.5"), q("ftpd", null, "127.0.0.6"),
                q("#", null, "127.0.0.7"), q("indented", null, "127.0.0.7"), q("#x", null, "127.0.0.7"),
                q("x", null, "127.0.0.7"));
        check("crlf", "sshd: 127.0.0.1\r\nftpd: ALL\r\n", "ALL: ALL\r\n", q("sshd", null, "127.0.0.1"),
                q("ftpd", null, "127.0.0.9"), q("telnetd", null, "127.0.0.1"));
        check("backslash not at end", "sshd: 127.0.0.1 \\ \nsshd: \\127.0.0.2\n", "ALL: ALL\n",
                q("sshd", null, "127.0.0.1"), q("sshd", null, "127.0.0.2"), q("sshd", "\\127.0.0.2", null));
    }

    @Test
    void daemonPatternCorpus_checkAgainstLibwrap_agrees() throws IOException {
        String allow = "SSHD: 127.0.0.1\nin.*: 127.0.0.2\n.d: 127.0.0.3\nin.: 127.0.0.4\nKNOWN: 127.0.0.5\n"
                + "UNKNOWN: 127.0.0.6\nLOCAL: 127.0.0.7\n21: 127.0.0.8\n[::1]: 127.0.0.9\n@ng: 127.0.0.10\n"
                + "/x: 127.0.0.11\nALL EXCEPT sshd: 127.0.0.12\n?ftpd: 127.0.0.13\n";
        List<Request> rs = new ArrayList<>();
        for (String d : List.of("sshd", "SshD", "in.ftpd", "IN.TELNETD", "a.d", ".d", "x", "", "unknown", "local",
                "21", "::1", "0::1", "@ng", "/x", "in.", "vsftpd", "::ffff:127.0.0.1")) {
            for (int i = 1; i <= 13; i++) {
                rs.add(q(d, null, "127.0.0." + i));
            }
        }
        check("daemons", allow, "ALL: ALL\n", rs.toArray(new Request[0]));
    }

    @Test
    void serverEndpointCorpus_checkAgainstLibwrap_agrees() throws IOException {
        String allow = "sshd@127.0.0.1: ALL\nftpd@srv.example.test: ALL\nftpd@.test: 127.0.0.5\ntftpd@127.0.0.0/8: ALL\n"
                + "x@KNOWN: ALL\ny@UNKNOWN: ALL\nz@LOCAL: ALL\nw@[::1]: ALL\nv@[::]/64: ALL\nALL@127.0.2.: ALL\n"
                + "u@: ALL\n21@127.0.0.1: ALL\nt@a@b: ALL\n";
        List<Request> rs = new ArrayList<>();
        for (String d : List.of("sshd", "ftpd", "tftpd", "x", "y", "z", "w", "v", "u", "t", "21", "other")) {
            rs.add(q(d, null, "127.0.0.5"));
            rs.add(q(d, null, "127.0.0.5").withServer("srv.example.test", "127.0.0.1"));
            rs.add(q(d, null, "127.0.0.5").withServer("srv", "127.0.2.1"));
            rs.add(q(d, null, "127.0.0.5").withServer(null, "::1"));
            rs.add(q(d, null, "127.0.0.5").withServer("a@b", null));
            rs.add(q(d, null, "127.0.0.5").withServer("srv.example.test", "127.0.0.1").withPorts(21, 4000));
            rs.add(q(d, null, "127.0.0.5").withServer(null, null).withPorts(22, -1));
        }
        check("servers", allow, "ALL: ALL\n", rs.toArray(new Request[0]));
        check("ports", "21: ALL\n+22: ALL\n0: ALL\n65536: ALL\n-1: ALL\n023: ALL\n", "ALL: ALL\n",
                q("21", null, "127.0.0.1").withPorts(21, -1), q("x", null, "127.0.0.1").withPorts(22, -1),
                q("x", null, "127.0.0.1").withPorts(0, -1), q("65536", null, "127.0.0.1").withPorts(0, -1),
                q("-1", null, "127.0.0.1").withPorts(65535, -1), q("x", null, "127.0.0.1").withPorts(23, -1),
                q("23", null, "127.0.0.1"));
    }

    @Test
    void hostPatternCorpus_checkAgainstLibwrap_agrees() throws IOException {
        List<String> patterns = List.of("ALL", "KNOWN", "UNKNOWN", "LOCAL", "PARANOID", "localhost", "LOCALHOST",
                ".example.test", ".TEST", "example.test", "127.", "127.0.0.", "127.0.1.", "127.0.0.1.", "a.",
                "127.0.0.1", "127.000.0.1", "127.0.0.0/255.0.0.0", "127.0.0.0/8", "127.0.0.1/32",
                "127.0.0.1/255.255.255.255", "127.0.0.0/0", "0.0.0.0/0", "127.0.0.5/24", "127.0.0.0/33",
                "127.0.0.0/-1", "127.0.0.0/255.0.255.0", "127.0.0.0/x", "127.0.0.0/8x", "127.0.0.0/08",
                "127.0.0/8", "127.0.0.0/255.0.0", "0177.0.0.0/8", "0x7f.0.0.0/8", "127.0.0.0/0xff.0.0.0",
                "127.0.0.1/", "/8", "x/8", "127.0.0.0/4294967304", "[::1]", "[::1]/128", "[::]/0", "[::1]/127",
                "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:127.0.0.0]/104", "[::1]/129", "[::1]/x",
                "[::1]/-1", "[::1]/", "[::1]/255.255.0.0", "[127.0.0.1]", "[::1", "::1]", "[x]", "[]", "[::1]x",
                "[::1]/128/5", "[::1%lo]", "[::1%1]", "[::1%nosuch]", "[::1/64]", "127.*", "*.example.test",
                "*.EXAMPLE.test", "a?example.test", "*", "?", "**", ".exa*.test", "127.0.0.?", "127.0.0.?/8",
                "1*.", "*ALL", "[::1]*", "[*]", "@netgroup", "@", "x@", "@x", "bob@ALL", "BOB@127.0.0.0/8",
                "KNOWN@ALL", "UNKNOWN@ALL", "b*@KNOWN", "alice@LOCAL", "a@b@c", "bob.@ALL", "[::1]@ALL",
                "unknown@unknown", "paranoid", "Unknown", "known", "local", "all");
        for (String p : patterns) {
            check("host pattern " + p, "sshd: " + p + "\n", "ALL: ALL\n", clients("sshd"));
        }
    }

    @Test
    void except_nestedAndTrailing_agree() throws IOException {
        List<String> lists = List.of("ALL EXCEPT 127.0.0.1", "ALL except 127.0.0.1", "EXCEPT", "ALL EXCEPT",
                "ALL EXCEPT 127.0.0. EXCEPT 127.0.0.1", "ALL EXCEPT ALL EXCEPT 127.0.0.2",
                "127.0.0.1 EXCEPT 127.0.0.2, 127.0.0.3", "127.0.0.2, 127.0.0.1 EXCEPT 127.0.0.1",
                "127.,,localhost", "ALL EXCEPT EXCEPT 127.0.0.1", ".test EXCEPT a.example.test EXCEPT KNOWN");
        for (String l : lists) {
            check("except " + l, "sshd: " + l + "\n", "ALL: ALL\n", clients("sshd"));
            check("daemon except " + l, l.replace("127.0.0.1", "sshd").replace("127.0.0.2", "ftpd") + ": ALL\n",
                    "ALL: ALL\n", q("sshd", null, "127.0.0.1"), q("ftpd", null, "127.0.0.1"),
                    q("x", null, "127.0.0.1"));
        }
        StringBuilder deep = new StringBuilder("sshd: ALL");
        for (int i = 0; i < 200; i++) {
            deep.append(" EXCEPT 127.0.0.").append(i % 3 + 1);
        }
        check("deep except", deep + "\n", "ALL: ALL\n", clients("sshd"));
    }

    @Test
    void listFileCorpus_checkAgainstLibwrap_agrees() throws IOException {
        Path empty = list("");
        Path inner = list("127.0.0.2 # comment\n.example.test\n");
        Path outer = list(inner + "\n127.0.1.\n\n  EXCEPT\t[::1]\n");
        Path missing = dir.resolve("no-such-list");
        Path notDir = Path.of(inner + "/x");
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        Path nul = list("127.0.0.5\0junk 127.0.0.6\n");
        String allow = "a: " + inner + "\nb: " + outer + "\nc: " + missing + "\nd: " + notDir + "\ne: " + directory
                + "\nf: ALL EXCEPT " + inner + "\ng: bob@" + inner + "\nh@" + inner + ": ALL\n" + inner + ": ALL\n"
                + "i: " + empty + "\nj: " + nul + "\n";
        List<Request> rs = new ArrayList<>();
        for (String d : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", inner.toString())) {
            rs.addAll(List.of(clients(d)));
            rs.add(q(d, "#", "127.0.3.1"));
            rs.add(q(d, "except", "127.0.3.1"));
            rs.add(q(d, null, "127.0.0.8").withServer(null, "127.0.0.2"));
        }
        check("lists", allow, "ALL: ALL\n", rs.toArray(new Request[0]));
    }

    @Test
    void optionCorpus_checkAgainstLibwrap_agrees() throws IOException {
        List<String> options = List.of("allow", "deny", "ALLOW", " allow ", "allow: deny", "deny: allow",
                "severity auth.info: allow", "severity warning", "severity = notice : deny", "severity=err=x",
                "severity bogus", "severity local0.bogus", "severity bogus.info", "keepalive: allow",
                "keepalive 1", "linger 5", "linger -1", "linger x", "rfc931", "rfc931 5", "rfc931 0", "rfc931 x",
                "bogus", "", " ", "allow=x", "allow:", "banners", "banners " + dir.resolve("no-banners"),
                "\\:allow", "allow\\:", "keepalive: linger 0: rfc931 10: severity mail.debug", "deny: ",
                "linger 99999999999", "rfc931 -5");
        for (String o : options) {
            check("option " + o, "sshd: 127.0.0.1: " + o + "\n", "sshd: 127.0.0.2 : " + o + "\nALL: ALL\n",
                    q("sshd", null, "127.0.0.1"), q("sshd", null, "127.0.0.2"), q("sshd", null, "127.0.0.3"));
        }
    }

    @Test
    void handledOptionsInADryRun_checkAgainstLibwrap_agree() throws IOException {
        List<String> options = List.of("spawn echo %a %A %c %d %h %H %n %N %r %R %s %u %% %x%", "spawn a\\:b: deny",
                "twist /bin/echo %h", "aclexec /bin/false", "aclexec x: deny", "setenv NAME a b %u", "nice", "nice 5",
                "nice x", "umask 022", "umask 999", "umask 0x1", "user nobody", "user nosuchuser", "user nobody.nogroup",
                "user nobody.nosuchgroup", "group nogroup", "group nosuchgroup", "spawn", "twist x: allow",
                "spawn " + "%a".repeat(2000), "spawn $(rm -rf /)`;|&<>\"' %u");
        for (String o : options) {
            compared += 3;
            diffs.addAll(differ.compare("dry option " + o, "sshd: 127.0.0.1: " + o + "\n",
                    "sshd: 127.0.0.2 : " + o + "\nALL: ALL\n", List.of(q("sshd", "h.test", "127.0.0.1", "b\u00e9b;"),
                            q("sshd", null, "127.0.0.2").withServer("s.test", "127.0.0.9").withPorts(79, -1),
                            q("sshd", null, "127.0.0.3")), true));
        }
    }

    @Test
    void malformedLines_checkAgainstLibwrap_agree() throws IOException {
        check("no separator", "sshd 127.0.0.1\nsshd: 127.0.0.1\n", "ALL: ALL\n", clients("sshd"));
        check("bracketed colon", "sshd: [::1]: allow\n[sshd:x]: ALL\n", "ALL: ALL\n", clients("sshd"));
        check("empty lists", ": ALL\nsshd:\nsshd: :allow\n", "ALL: ALL\n", clients("sshd"));
        check("allow without final newline", "sshd: 127.0.0.1\nftpd: ALL", "ALL: ALL\n", q("sshd", null, "127.0.0.1"),
                q("ftpd", null, "127.0.0.1"), q("x", null, "127.0.0.1"));
        check("deny without final newline", "sshd: 127.0.0.1\n", "ftpd: 127.0.0.2", q("sshd", null, "127.0.0.1"),
                q("ftpd", null, "127.0.0.2"), q("x", null, "127.0.0.3"));
        for (int n : new int[] {2044, 2045, 2046, 2047, 2048, 4096, 10000}) {
            String pad = " ".repeat(n - "sshd:ALL".length());
            check("line of " + n, "ftpd: 127.0.0.1\nsshd:" + pad + "ALL\nftpd: ALL\n",
                    "ALL: 127.0.0.2\n", q("sshd", null, "127.0.0.2"), q("ftpd", null, "127.0.0.2"),
                    q("ftpd", null, "127.0.0.1"));
        }
        String cont = "sshd: \\\n" + ("127.0.0.1 \\\n").repeat(170) + "127.0.0.2\nftpd: ALL\n";
        check("long continuation", cont, "ALL: ALL\n", q("sshd", null, "127.0.0.2"), q("ftpd", null, "127.0.0.2"));
        String cont2 = "sshd: \\\n" + ("127.0.0.1 \\\n").repeat(204) + "127.0.0.2\nftpd: ALL\n";
        check("too long continuation", cont2, "ALL: ALL\n", q("sshd", null, "127.0.0.2"), q("ftpd", null, "127.0.0.2"));
        check("nul bytes", "sshd: 127.0.0.1\0junk\nftpd: ALL\n\0tftpd: ALL\nx: ALL\0\n", "ALL: ALL\n",
                q("sshd", null, "127.0.0.1"), q("ftpd", null, "127.0.0.1"), q("tftpd", null, "127.0.0.1"),
                q("x", null, "127.0.0.1"), q("sshdftpd", null, "127.0.0.1"));
        check("only a backslash", "\\\n\\\nsshd: ALL\n", "ALL: ALL\n", q("sshd", null, "127.0.0.1"));
        check("high bytes", "d\u00e9mon: h\u00f4te \u00c9X.test\n", "ALL: ALL\n", q("d\u00e9mon", "h\u00f4te", "127.0.0.1"),
                q("D\u00c9MON", "\u00e9x.test", "127.0.0.1"));
    }
}
