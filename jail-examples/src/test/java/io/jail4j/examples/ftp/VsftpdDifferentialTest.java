package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same tree served by vsftpd and by this server in one run: replies to the commands both have
 * must be the same line, listings ({@code LIST}, {@code LIST -a}, {@code NLST}, {@code STAT path})
 * the same bytes, downloads the same bytes. Deliberate differences are listed in
 * {@link #DIFFERENCES} with both answers, and checked as such. Needs root (vsftpd chroots) and
 * vsftpd; skipped without them, failed with CI=true.
 */
@Timeout(60)
class VsftpdDifferentialTest {
    /** Commands after login whose replies must match vsftpd's exactly. */
    static final List<String> SAME = List.of("SYST", "PWD", "TYPE I", "TYPE A", "TYPE E", "TYPE L 8", "MODE S", "MODE B",
            "STRU F", "STRU R", "CWD pub", "PWD", "CDUP", "CWD ../../..", "PWD", "CWD /nonexist", "CWD hello.txt",
            "SIZE hello.txt", "SIZE pub", "SIZE nope", "SIZE pub/big.bin", "MDTM hello.txt",
            "MDTM nope", "MDTM pub/big.bin", "REST 5", "ABOR", "RETR hello.txt", "LIST", "NLST", "STOR x", "DELE hello.txt",
            "MKD d", "RMD pub", "RNFR hello.txt", "APPE x", "STOU", "SITE CHMOD 777 x", "ACCT x", "ALLO 5", "SMNT x",
            "REIN", "NOOP", "FOOBAR", "PORT 10,0,0,1,200,1", "PORT 127,0,0,1,0,21", "PORT 1,2,3", "PORT 300,0,0,1,1,1",
            "PORT 127,0,0,1,200,1", "EPRT |1|10.0.0.1|51000|", "EPRT |1|127.0.0.1|21|", "EPRT garbage",
            "EPRT |1|127.0.0.1|51000|", "OPTS UTF8 ON", "OPTS FOO", "CWD dir é", "PWD", "CWD /", "USER x", "PASS y",
            "EPSV ALL", "PASV", "QUIT");
    /** Commands before login whose replies must match. */
    static final List<String> SAME_BEFORE_LOGIN = List.of("SYST", "LIST", "CWD pub", "RETR hello.txt", "USER bob",
            "PASS x", "USER anonymous", "PASS x");

    /**
     * Deliberate differences: command, then vsftpd's reply, then ours. Each is stricter or follows
     * the RFC where vsftpd does not.
     */
    static final Map<String, String[]> DIFFERENCES = new LinkedHashMap<>();

    static {
        // RFC 3659 REST takes a decimal byte count; vsftpd silently restarts at 0 on garbage
        DIFFERENCES.put("REST x", new String[] {"350 Restart position accepted (0).", "501 REST needs a number of bytes."});
        DIFFERENCES.put("REST -1", new String[] {"350 Restart position accepted (0).", "501 REST needs a number of bytes."});
        // RFC 2428: an unsupported network protocol is answered with 522 and the supported list
        DIFFERENCES.put("EPRT |2|::1|51000|", new String[] {"500 Bad EPRT protocol.", "522 Bad network protocol, use (1,2)."});
        DIFFERENCES.put("EPSV 2", new String[] {"522 Bad network protocol.", "522 Bad network protocol, use (1,2)."});
        // RFC 3659 facts listings, which vsftpd does not implement
        DIFFERENCES.put("MLST hello.txt", new String[] {"500 Unknown command.", "250-Start of list for /hello.txt"});
        // NUL inside a command: vsftpd cuts the name there; this server refuses the line
        DIFFERENCES.put("SIZE hello.txt\0junk", new String[] {"550 Could not get file size.", "501 Bad character in argument."});
        // a link to ../.. : vsftpd is chrooted, so the kernel stops it at /; this unjailed test
        // server treats a path whose real location is outside the tree as missing (jailed, it
        // answers 250 like vsftpd, see FtpdRootTest)
        DIFFERENCES.put("CWD up.link", new String[] {"250 Directory successfully changed.", "550 Failed to change directory."});
    }

    @TempDir
    static Path tmp;
    private static Vsftpd vsftpd;
    private static TestServer ours;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        Tools.requireRoot();
        String binary = Tools.require("vsftpd", "vsftpd");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Trees.create(tmp.resolve("root"));
        vsftpd = Vsftpd.start(binary, root, Files.createDirectory(tmp.resolve("vsftpd")));
        ours = TestServer.start(root);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (vsftpd != null) {
            vsftpd.close();
        }
    }

    @Test
    void replies_commandsBothHave_sameLines() throws IOException {
        assertEquals(script(vsftpd.address, SAME_BEFORE_LOGIN, false), script(ours.address, SAME_BEFORE_LOGIN, false));
        List<String> theirs = script(vsftpd.address, SAME, true);
        List<String> mine = script(ours.address, SAME, true);
        for (int i = 0; i < SAME.size(); i++) {
            assertEquals(theirs.get(i), mine.get(i), "reply to \"" + SAME.get(i) + "\"");
        }
    }

    @Test
    void replies_deliberateDifferences_asDocumented() throws IOException {
        List<String> commands = new ArrayList<>(DIFFERENCES.keySet());
        List<String> theirs = script(vsftpd.address, commands, true);
        List<String> mine = script(ours.address, commands, true);
        for (int i = 0; i < commands.size(); i++) {
            String[] expected = DIFFERENCES.get(commands.get(i));
            assertTrue(theirs.get(i).startsWith(expected[0]), "vsftpd to \"" + commands.get(i) + "\": " + theirs.get(i));
            assertTrue(mine.get(i).startsWith(expected[1]), "ours to \"" + commands.get(i) + "\": " + mine.get(i));
        }
    }

    @Test
    void listings_bothServers_sameBytes() throws IOException {
        for (String cmd : List.of("LIST", "LIST -a", "LIST pub", "LIST hello.txt", "LIST nope", "NLST", "NLST pub",
                "NLST hello.txt", "LIST dir é", "LIST -la /pub")) {
            assertEquals(HostileClientTest.text(data(vsftpd.address, cmd)), HostileClientTest.text(data(ours.address, cmd)), cmd);
        }
        for (String path : List.of("hello.txt", "pub", "/", "nope")) {
            try (LoopbackClient a = login(vsftpd.address); LoopbackClient b = login(ours.address)) {
                assertEquals(a.command("STAT " + path), b.command("STAT " + path), "STAT " + path);
            }
        }
    }

    @Test
    void downloads_bothServers_sameBytesIncludingRestart() throws IOException {
        for (String cmd : List.of("RETR pub/big.bin", "RETR hello.txt", "RETR dir é/ü.txt")) {
            assertArrayEquals(data(vsftpd.address, cmd), data(ours.address, cmd), cmd);
        }
        byte[] theirs;
        byte[] mine;
        try (LoopbackClient a = login(vsftpd.address); LoopbackClient b = login(ours.address)) {
            for (LoopbackClient c : List.of(a, b)) {
                c.expect("TYPE I", "200");
                c.expect("REST 1000", "350");
            }
            theirs = a.passive("RETR pub/big.bin");
            mine = b.passive("RETR pub/big.bin");
        }
        assertArrayEquals(theirs, mine);
        assertEquals(Trees.BIG - 1000, mine.length);
    }

    private static byte[] data(InetSocketAddress server, String cmd) throws IOException {
        try (LoopbackClient c = login(server)) {
            return c.passive(cmd);
        }
    }

    private static LoopbackClient login(InetSocketAddress server) throws IOException {
        LoopbackClient c = new LoopbackClient(server, 10_000);
        c.reply();
        c.expect("USER anonymous", "331");
        c.expect("PASS test@", "230");
        return c;
    }

    private static List<String> script(InetSocketAddress server, List<String> commands, boolean login) throws IOException {
        List<String> replies = new ArrayList<>();
        try (LoopbackClient c = login ? login(server) : new LoopbackClient(server, 10_000)) {
            if (!login) {
                c.reply();
            }
            for (String cmd : commands) {
                String r = c.command(cmd);
                replies.add(r == null ? "<closed>" : r.replaceAll("\\(\\|\\|\\|\\d+\\|\\)|\\(127,0,0,1,\\d+,\\d+\\)", "(port)"));
            }
        }
        return replies;
    }
}
