package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What vsftpd does not have, checked against the RFCs themselves: RFC 3659 MLST/MLSD/SIZE/MDTM and
 * REST STREAM, RFC 2389 FEAT/OPTS, RFC 2428 EPSV ALL, RFC 959 ABOR during a transfer; and the log
 * lines per session and transfer.
 */
@Timeout(30)
class RfcTest {
    @TempDir
    Path tmp;
    private Path root;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        root = Trees.create(tmp.resolve("root"));
        server = TestServer.start(root);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void mlst_file_factsAsRfc3659() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals("250-Start of list for /pub/big.bin\n type=file;size=" + Trees.BIG
                    + ";modify=20200305100000;perm=r; /pub/big.bin\n250 End of list", c.command("MLST pub/big.bin"));
            assertEquals("200 MLST OPTS size;type;", c.command("OPTS MLST size;type;bogus;"));
            assertEquals("250-Start of list for /pub/big.bin\n type=file;size=" + Trees.BIG + "; /pub/big.bin\n250 End of list",
                    c.command("MLST /pub/big.bin"));
        }
    }

    @Test
    void mlsd_directory_onlyFactLinesNoHiddenLinksAsThemselves() throws IOException {
        try (LoopbackClient c = server.login()) {
            String listing = HostileClientTest.text(c.passive("MLSD"));
            List<String> names = new ArrayList<>();
            for (String line : listing.split("\r\n")) {
                assertTrue(line.matches("type=(file|dir);(size=\\d+;)?modify=\\d{14};perm=(r|el); .+")
                        || line.matches("type=OS\\.unix=symlink;size=\\d+;modify=\\d{14};perm=; .+\\.link"), line);
                names.add(line.substring(line.indexOf("; ") + 2));
            }
            assertEquals(List.of("dir é", "hello.txt", "passwd.link", "pub", "up.link"), names,
                    "links that lead outside the tree are listed, as vsftpd lists them, not followed");
            c.expect("EPSV", "229");
            assertEquals("501 Not a directory.", c.command("MLSD hello.txt"));
            assertEquals("550 No such directory.", c.command("MLSD nope"));
        }
    }

    @Test
    void sizeMdtmRest_file_rfc3659() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals("213 " + Trees.BIG, c.command("SIZE pub/big.bin"));
            assertEquals("213 20200305100000", c.command("MDTM pub/big.bin"));
            c.expect("TYPE I", "200");
            assertEquals("350 Restart position accepted (299990).", c.command("REST 299990"));
            byte[] tail = c.passive("RETR pub/big.bin");
            byte[] all = Files.readAllBytes(root.resolve("pub/big.bin"));
            assertEquals(10, tail.length);
            assertEquals(all[299_995], tail[5]);
            assertEquals("501 REST needs a number of bytes.", c.command("REST -1"));
            assertEquals("501 REST needs a number of bytes.", c.command("REST x"));
        }
    }

    @Test
    void featAndOpts_query_answeredAsRfc2389() throws IOException {
        try (LoopbackClient c = server.connect()) {
            String feat = c.command("FEAT");
            assertTrue(feat.startsWith("211-Features:\n") && feat.endsWith("\n211 End"), feat);
            for (String f : new String[] {" EPSV", " MLST type*;size*;modify*;perm*;", " REST STREAM", " UTF8", " SIZE", " MDTM"}) {
                assertTrue(feat.contains("\n" + f + "\n"), f + " in " + feat);
            }
            assertTrue(!feat.contains("AUTH TLS"), "no TLS configured");
            assertEquals("200 Always in UTF8 mode.", c.command("OPTS UTF8 ON"));
            assertEquals("501 Option not understood.", c.command("OPTS NOPE"));
        }
    }

    @Test
    void epsvAll_thenPasvOrPort_refused() throws IOException {
        try (LoopbackClient c = server.login()) {
            assertEquals("200 EPSV ALL ok.", c.command("EPSV ALL"));
            assertEquals("550 Permission denied.", c.command("PASV"));
            assertEquals("550 Permission denied.", c.command("PORT 127,0,0,1,200,1"));
            assertEquals("522 Bad network protocol, use (1,2).", c.command("EPSV 2"));
            assertEquals(Trees.HELLO, HostileClientTest.text(c.passive("RETR hello.txt")));
        }
    }

    @Test
    void abor_duringTransfer_426Then226AndSessionGoesOn() throws Exception {
        Files.write(root.resolve("huge.bin"), new byte[64 << 20]);
        try (LoopbackClient c = server.login()) {
            c.expect("TYPE I", "200");
            String r = c.expect("EPSV", "229");
            int port = Integer.parseInt(r.substring(r.indexOf("(|||") + 4, r.lastIndexOf('|')));
            try (Socket data = new Socket()) {
                data.setReceiveBufferSize(4096);
                data.connect(new InetSocketAddress(server.address.getAddress(), port), 5000);
                c.sendRaw("RETR huge.bin\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(c.reply().startsWith("150 "));
                InputStream in = data.getInputStream();
                in.readNBytes(1 << 20);
                c.sendRaw("ABOR\r\n".getBytes(StandardCharsets.US_ASCII));
                in.skip(Long.MAX_VALUE); // keep reading so that the server's next chunk sees the ABOR
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException closed) {
                // the server closed the data connection
            }
            assertEquals("426 Failure writing network stream.", c.reply());
            assertEquals("226 ABOR successful.", c.reply());
            assertEquals("200 NOOP ok.", c.command("NOOP"));
        }
    }

    @Test
    void sessionAndTransfer_serve_logged() throws Exception {
        List<String> lines = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (lines) {
                    lines.add(FtpLog.format(r));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(FtpLog.NAME);
        logger.addHandler(h);
        try {
            try (LoopbackClient c = server.login()) {
                c.passive("RETR hello.txt");
                c.expect("QUIT", "221");
            }
            for (int i = 0; i < 100 && !joined(lines).contains(" closed after "); i++) {
                Thread.sleep(20);
            }
        } finally {
            logger.removeHandler(h);
        }
        String log = joined(lines);
        assertTrue(log.matches("(?s).*ftpd INFO: session 127\\.0\\.0\\.1:\\d+ open\n.*"), log);
        assertTrue(log.matches("(?s).*ftpd INFO: transfer 127\\.0\\.0\\.1:\\d+ RETR /hello\\.txt 13 bytes in \\d+\\.\\d{3} s: ok\n.*"), log);
        assertTrue(log.matches("(?s).*session 127\\.0\\.0\\.1:\\d+ closed after \\d+\\.\\d{3} s \\(client quit\\): commands 5,"
                + " transfers 1, sent 13 bytes, received 0 bytes.*"), log);
    }

    private static String joined(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines) + "\n";
        }
    }
}
