package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against the in-process server on loopback: curl (list, download in EPSV, PASV and
 * active mode, resume, UTF-8 names, drop box, FTPS), lftp (mirror, FTPS listing) and Python's
 * ftplib (MLSD, SIZE, MDTM, REST). A missing client skips its test, or fails it with CI=true.
 */
@Timeout(60)
class RealClientTest {
    @TempDir
    Path tmp;
    private Path root;
    private TestServer server;
    private String url;

    @BeforeEach
    void start() throws IOException {
        root = Trees.create(tmp.resolve("root"));
        Files.createDirectory(root.resolve("incoming"));
        server = TestServer.start(root, "/incoming", c -> c.withTls(HostileClientTest.tlsContext()));
        url = server.url();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void curl_listAndDownloadInEveryMode_sameBytes() throws Exception {
        String curl = Tools.require("curl", "curl");
        String listing = curl(curl, url).out().replace("\r\n", "\n");
        assertTrue(listing.contains(" hello.txt\n") && listing.contains(" dir é\n") && !listing.contains(".hidden"), listing);
        byte[] big = Files.readAllBytes(root.resolve("pub/big.bin"));
        assertArrayEquals(big, curl(curl, url + "pub/big.bin").stdout(), "EPSV");
        assertArrayEquals(big, curl(curl, "--disable-epsv", url + "pub/big.bin").stdout(), "PASV");
        assertArrayEquals(big, curl(curl, "-P", "127.0.0.1", url + "pub/big.bin").stdout(), "EPRT/PORT");
        assertArrayEquals(big, curl(curl, "-P", "127.0.0.1", "--disable-eprt", url + "pub/big.bin").stdout(), "PORT");
        assertEquals("dir é\nhello.txt\nincoming\npasswd.link\npub\nup.link\n",
                curl(curl, "--list-only", url).out().replace("\r\n", "\n"));
    }

    @Test
    void curl_resumeAndUtf8Name_rightBytes() throws Exception {
        String curl = Tools.require("curl", "curl");
        byte[] big = Files.readAllBytes(root.resolve("pub/big.bin"));
        byte[] tail = curl(curl, "-C", "123456", url + "pub/big.bin").stdout();
        assertArrayEquals(Arrays.copyOfRange(big, 123456, big.length), tail);
        assertEquals("grüße\n", curl(curl, url + "pub/%C3%A9t%C3%A9%20%C3%BC.txt").out());
        assertEquals("ü\n", curl(curl, url + "dir%20%C3%A9/%C3%BC.txt").out());
    }

    @Test
    void curl_dropBox_writeOnlyNoOverwriteNoListingNoDownload() throws Exception {
        String curl = Tools.require("curl", "curl");
        Path file = Files.writeString(tmp.resolve("up.txt"), "uploaded\n");
        assertEquals(0, Tools.run(30, curl, "-sS", "-T", file.toString(), url + "incoming/").status());
        assertEquals("uploaded\n", Files.readString(root.resolve("incoming/up.txt")));
        assertEquals(25, Tools.run(30, curl, "-sS", "-T", file.toString(), url + "incoming/").status(), "no overwrite");
        Tools.Result get = Tools.run(30, curl, "-sS", url + "incoming/up.txt");
        assertNotEquals(0, get.status(), "no download of uploads");
        assertEquals(0, get.stdout().length);
        Tools.Result list = Tools.run(30, curl, "-sS", url + "incoming/");
        assertNotEquals(0, list.status(), "no listing of the box");
        assertEquals(0, list.stdout().length);
        assertNotEquals(0, Tools.run(30, curl, "-sS", "-T", file.toString(), url + "pub/").status(), "only the box takes uploads");
    }

    @Test
    void curl_ftps_listAndDownloadOverTls() throws Exception {
        String curl = Tools.require("curl", "curl");
        byte[] big = Files.readAllBytes(root.resolve("pub/big.bin"));
        assertArrayEquals(big, curl(curl, "--ssl-reqd", "-k", url + "pub/big.bin").stdout());
        String listing = curl(curl, "--ssl-reqd", "-k", url).out();
        assertTrue(listing.replace("\r\n", "\n").contains(" hello.txt\n"), listing);
        Path file = Files.writeString(tmp.resolve("tls.txt"), "over tls\n");
        assertEquals(0, Tools.run(30, curl, "-sS", "--ssl-reqd", "-k", "-T", file.toString(), url + "incoming/").status());
        assertEquals("over tls\n", Files.readString(root.resolve("incoming/tls.txt")));
    }

    @Test
    void lftp_mirror_wholeTreeSameChecksums() throws Exception {
        String lftp = Tools.require("lftp", "lftp");
        Path copy = tmp.resolve("mirror");
        Tools.Result r = Tools.run(40, lftp, "-p", Integer.toString(server.address.getPort()), "-u", "anonymous,test@",
                "-e", "set ftp:ssl-allow no; set net:max-retries 1; mirror -x ^incoming/ / " + copy + "; quit", "127.0.0.1");
        assertEquals(0, r.status(), r.stderr());
        for (String f : List.of("hello.txt", "pub/big.bin", "pub/été ü.txt", "dir é/ü.txt")) {
            assertArrayEquals(Files.readAllBytes(root.resolve(f)), Files.readAllBytes(copy.resolve(f)), f);
        }
        Tools.Result tls = Tools.run(40, lftp, "-p", Integer.toString(server.address.getPort()), "-u", "anonymous,test@",
                "-e", "set ssl:verify-certificate no; set ftp:ssl-force yes; set ftp:ssl-protect-data yes; cat /hello.txt; quit",
                "127.0.0.1");
        assertEquals(Trees.HELLO, tls.out(), tls.stderr());
    }

    @Test
    void pythonFtplib_mlsdSizeMdtmRest_asRfc3659() throws Exception {
        String python = Tools.require("python3", "python3");
        String script = String.join("\n",
                "import ftplib, sys",
                "f = ftplib.FTP(); f.encoding = 'utf-8'",
                "f.connect('127.0.0.1', int(sys.argv[1]), timeout=20); f.login()",
                "print(sorted(n for n, facts in f.mlsd('pub')))",
                "print([facts['type'] for n, facts in f.mlsd('pub', ['type'])])",
                "print(f.size('pub/big.bin'))",
                "print(f.sendcmd('MDTM pub/big.bin'))",
                "f.voidcmd('TYPE I'); chunks = []",
                "f.retrbinary('RETR pub/big.bin', chunks.append, rest=299000)",
                "print(len(b''.join(chunks)))",
                "f.quit()");
        Tools.Result r = Tools.run(30, python, "-c", script, Integer.toString(server.address.getPort()));
        assertEquals(0, r.status(), r.stderr());
        assertEquals("['big.bin', 'été ü.txt']\n['file', 'file']\n300000\n213 20200305100000\n1000\n",
                new String(r.stdout(), StandardCharsets.UTF_8));
    }

    private static Tools.Result curl(String curl, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(curl, "-sS", "--max-time", "20"));
        cmd.addAll(List.of(args));
        Tools.Result r = Tools.run(30, cmd);
        assertEquals(0, r.status(), cmd + ": " + r.stderr());
        return r;
    }
}
