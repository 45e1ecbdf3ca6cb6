package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links in listings, against the real vsftpd serving the same tree in the same run: links
 * inside the tree (to a file, to a directory), links pointing outside (relative and absolute) and
 * dangling links are listed, not followed, as {@code name -> target} with the link's own text.
 * {@code LIST}, {@code NLST}, {@code STAT} and lftp's {@code find} must give the same output as
 * vsftpd; {@code MLSD}, which vsftpd lacks, must name the same entries and type every link
 * {@code OS.unix=symlink}. No output names the tree's location on the host. Needs root, vsftpd
 * and lftp; skipped without them, failed with CI=true.
 */
@Timeout(60)
class SymlinkDifferentialTest {
    static final List<String> LINKS = List.of("abs-out.link", "dangling.link", "file.link", "sub.link", "up.link");

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
        root = tree(tmp.resolve("root"));
        vsftpd = Vsftpd.start(binary, root, Files.createDirectory(tmp.resolve("vsftpd")));
        ours = TestServer.start(root);
    }

    /** A tree with every kind of link, all made with relative or foreign targets. */
    static Path tree(Path root) throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("file.txt"), "file\n");
        Path sub = Files.createDirectory(root.resolve("sub"));
        Files.writeString(sub.resolve("inner.txt"), "inner\n");
        Files.createSymbolicLink(sub.resolve("back.link"), Path.of("../file.txt"));
        Files.createSymbolicLink(root.resolve("file.link"), Path.of("file.txt"));
        Files.createSymbolicLink(root.resolve("sub.link"), Path.of("sub"));
        Files.createSymbolicLink(root.resolve("up.link"), Path.of("../.."));
        Files.createSymbolicLink(root.resolve("abs-out.link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("dangling.link"), Path.of("nothing here"));
        return root.toRealPath();
    }

    @AfterAll
    static void stop() {
        if (ours != null) {
            ours.close();
        }
        if (vsftpd != null) {
            vsftpd.close();
        }
    }

    @Test
    void listings_linksListedNotFollowed_sameBytesAsVsftpd() throws IOException {
        for (String cmd : List.of("LIST", "LIST -a", "LIST -la /sub", "LIST sub", "NLST", "NLST sub", "LIST sub.link",
                "LIST dangling.link", "LIST abs-out.link", "NLST dangling.link", "LIST sub/back.link", "NLST sub/back.link",
                "LIST sub/inner.txt", "NLST sub/inner.txt")) {
            String theirs = text(data(vsftpd.address, cmd));
            String mine = text(data(ours.address, cmd));
            assertEquals(theirs, mine, cmd);
            assertFalse(mine.contains(root.toString()), cmd + " names the tree's host location: " + mine);
        }
        String list = text(data(ours.address, "LIST"));
        for (String link : List.of("abs-out.link -> /etc/passwd", "dangling.link -> nothing here", "file.link -> file.txt",
                "sub.link -> sub", "up.link -> ../..")) {
            assertTrue(list.contains(" " + link + "\r\n"), link + " in\n" + list);
        }
        for (String path : List.of("/", "sub", "sub.link", "dangling.link", "abs-out.link")) {
            try (LoopbackClient a = login(vsftpd.address); LoopbackClient b = login(ours.address)) {
                assertEquals(a.command("STAT " + path), b.command("STAT " + path), "STAT " + path);
            }
        }
    }

    /**
     * Deliberate differences. vsftpd matches the argument of {@code LIST} against a link's whole
     * {@code name -> target} text when the name has no directory part: {@code LIST file.link}
     * (and {@code NLST}) gives nothing, and {@code LIST file.txt} also lists {@code file.link ->
     * file.txt}; this server lists exactly the entry named, as {@code ls -l} does. And a link out
     * of the tree ({@code up.link} to {@code ../..}) lists the root under vsftpd's chroot; this
     * unjailed test server lists the link itself (jailed, the kernel resolves it to the root, as
     * for vsftpd).
     */
    @Test
    void listings_deliberateDifferences_asDocumented() throws IOException {
        assertEquals("", text(data(vsftpd.address, "LIST file.link")));
        assertTrue(text(data(ours.address, "LIST file.link")).matches("lrwxrwxrwx .* file\\.link -> file\\.txt\r\n"));
        assertEquals("", text(data(vsftpd.address, "NLST file.link")));
        assertEquals("file.link\r\n", text(data(ours.address, "NLST file.link")));
        assertTrue(text(data(vsftpd.address, "LIST file.txt")).contains(" file.link -> file.txt\r\n"));
        assertTrue(text(data(ours.address, "LIST file.txt")).matches("-rw-r--r-- .* file\\.txt\r\n"));
        assertTrue(text(data(vsftpd.address, "LIST up.link")).contains(" file.txt\r\n"));
        assertTrue(text(data(ours.address, "LIST up.link")).matches("lrwxrwxrwx .* up\\.link -> \\.\\./\\.\\.\r\n"));
    }

    @Test
    void mlsd_everyLinkListedAsSymlink_sameNamesAsVsftpdNlst() throws IOException {
        String mlsd = text(data(ours.address, "MLSD"));
        TreeSet<String> names = new TreeSet<>();
        for (String line : mlsd.split("\r\n")) {
            String name = line.substring(line.indexOf(' ') + 1);
            names.add(name);
            assertEquals(LINKS.contains(name), line.startsWith("type=OS.unix=symlink;"), line);
        }
        assertEquals(new TreeSet<>(List.of(text(data(vsftpd.address, "NLST")).split("\r\n"))), names);
        assertTrue(text(data(ours.address, "MLSD sub")).contains("type=OS.unix=symlink;"));
        assertFalse(mlsd.contains(root.toString()));
    }

    @Test
    void lftpFind_bothServers_sameOutputAsVsftpd() throws Exception {
        String lftp = Tools.require("lftp", "lftp");
        String theirs = find(lftp, vsftpd.address);
        String mine = find(lftp, ours.address);
        assertEquals(theirs, mine);
        for (String link : LINKS) {
            assertTrue(mine.contains("/" + link + "\n"), link + " in\n" + mine);
        }
        assertTrue(mine.contains("/sub/back.link\n"), mine);
    }

    @Test
    void retrieval_throughLinksInside_onlyInsideTheTree() throws IOException {
        try (LoopbackClient c = login(ours.address)) {
            assertEquals("file\n", text(c.passive("RETR file.link")));
            assertEquals("file\n", text(c.passive("RETR sub.link/back.link")));
            c.expect("EPSV", "229");
            assertEquals("550 Failed to open file.", c.command("RETR abs-out.link"));
            assertEquals("550 Failed to open file.", c.command("RETR dangling.link"));
        }
    }

    private static String find(String lftp, InetSocketAddress server) throws Exception {
        Tools.Result r = Tools.run(40, lftp, "-p", Integer.toString(server.getPort()), "-u", "anonymous,test@",
                "-e", "set ftp:ssl-allow no; set net:max-retries 1; find /; quit", "127.0.0.1");
        assertEquals(0, r.status(), r.stderr());
        List<String> lines = new ArrayList<>(List.of(r.out().split("\n")));
        lines.sort(null);
        return String.join("\n", lines) + "\n";
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

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
