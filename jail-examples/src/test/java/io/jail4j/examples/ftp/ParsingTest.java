package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

/** Command lines, virtual paths and PORT/EPRT arguments, hostile ones included. */
class ParsingTest {
    private static final InetAddress CLIENT = address("127.0.0.1");

    @Test
    void commandLine_parse_upperCasesVerbAndKeepsArgumentSpaces() {
        Command c = Command.parse("retr  two  spaces ");
        assertEquals("RETR", c.verb());
        assertEquals(" two  spaces ", c.arg());
        assertNull(c.error());
        assertEquals("NOOP", Command.parse("noop").verb());
    }

    @Test
    void nulOrCarriageReturnInArgument_parse_refusedWith501() {
        assertEquals("501 Bad character in argument.", Command.parse("RETR a\0b").error());
        assertEquals("501 Bad character in argument.", Command.parse("RETR a\rDELE b").error());
    }

    @Test
    void oddVerbs_parse_unknownCommand() {
        assertEquals("500 Unknown command.", Command.parse("").error());
        assertEquals("500 Unknown command.", Command.parse("R3TR x").error());
        assertEquals("500 Unknown command.", Command.parse("VERYLONGVERB x").error());
        assertEquals("500 Unknown command.", Command.parse("\u00c9TAT").error());
    }

    @Test
    void password_logText_hidden() {
        assertEquals("PASS <hidden>", Command.parse("PASS secret").logText());
        assertEquals("RETR a?b", Command.parse("RETR a\tb").logText());
    }

    @Test
    void dotDot_resolve_neverAboveRoot() {
        assertEquals("/", VirtualPath.resolve("/", "../../.."));
        assertEquals("/etc/passwd", VirtualPath.resolve("/pub", "../../../etc/passwd"));
        assertEquals("/pub/x", VirtualPath.resolve("/pub", "./x/."));
        assertEquals("/a", VirtualPath.resolve("/pub/deep", "/a/b/.."));
        assertEquals("/pub", VirtualPath.resolve("/pub", ""));
        assertEquals("/x", VirtualPath.resolve("/pub", "//x//"));
    }

    @Test
    void controlCharacterInPath_resolve_throws() {
        assertThrows(IllegalArgumentException.class, () -> VirtualPath.resolve("/", "a\u0001b"));
        assertThrows(IllegalArgumentException.class, () -> VirtualPath.resolve("/", "a\0"));
    }

    @Test
    void pathAndPrefix_within_matchesDirectoryAndBelowOnly() {
        assertTrue(VirtualPath.within("/incoming", "/incoming"));
        assertTrue(VirtualPath.within("/incoming/x", "/incoming"));
        assertTrue(!VirtualPath.within("/incomingx", "/incoming"));
    }

    @Test
    void portToClient_parse_accepted() throws Exception {
        assertEquals(new InetSocketAddress(CLIENT, 51201), HostPort.port("127,0,0,1,200,1", CLIENT));
        assertEquals(new InetSocketAddress(CLIENT, 51000), HostPort.eprt("|1|127.0.0.1|51000|", CLIENT));
        assertEquals(new InetSocketAddress(CLIENT, 51000), HostPort.eprt("!1!127.0.0.1!51000!", CLIENT));
    }

    @Test
    void portToAnotherAddress_parse_bounceRefused() {
        assertRefused(HostPort.ILLEGAL_PORT, () -> HostPort.port("10,0,0,1,200,1", CLIENT));
        assertRefused(HostPort.ILLEGAL_PORT, () -> HostPort.port("127,0,0,2,200,1", CLIENT));
        assertRefused(HostPort.ILLEGAL_EPRT, () -> HostPort.eprt("|1|192.168.1.1|51000|", CLIENT));
    }

    @Test
    void privilegedOrBadPort_parse_refused() {
        assertRefused(HostPort.ILLEGAL_PORT, () -> HostPort.port("127,0,0,1,0,21", CLIENT));
        assertRefused(HostPort.ILLEGAL_PORT, () -> HostPort.port("127,0,0,1,3,255", CLIENT));
        assertRefused(HostPort.ILLEGAL_EPRT, () -> HostPort.eprt("|1|127.0.0.1|21|", CLIENT));
        assertRefused(HostPort.ILLEGAL_EPRT, () -> HostPort.eprt("|1|127.0.0.1|70000|", CLIENT));
    }

    @Test
    void malformedPort_parse_refused() {
        for (String arg : new String[] {"", "1,2,3", "127,0,0,1,200", "127,0,0,1,200,1,1", "300,0,0,1,1,1",
                "127,0,0,1,-1,1", "127, 0,0,1,200,1", "0x7f,0,0,1,200,1", "127,0,0,1,200,256"}) {
            assertRefused(HostPort.ILLEGAL_PORT, () -> HostPort.port(arg, CLIENT));
        }
    }

    @Test
    void malformedEprt_parse_refusedWithoutLookup() {
        for (String arg : new String[] {"garbage", "|1|127.0.0.1|51000", "|1|localhost|51000|", "|1|127.0.0.1||",
                "|1|127.0.0.1|5x|", "|1|127.1|51000|", " 1 127.0.0.1 51000 ", "|2|example.org|51000|"}) {
            assertRefused(HostPort.BAD_EPRT, () -> HostPort.eprt(arg, CLIENT));
        }
        assertRefused(HostPort.BAD_PROTOCOL, () -> HostPort.eprt("|3|127.0.0.1|51000|", CLIENT));
        assertRefused(HostPort.BAD_PROTOCOL, () -> HostPort.eprt("|2|::1|51000|", CLIENT));
    }

    @Test
    void passiveReplies_format_asRfc959AndRfc2428() {
        assertEquals("227 Entering Passive Mode (127,0,0,1,156,64).", HostPort.pasvReply(CLIENT, 40000));
        assertEquals("229 Entering Extended Passive Mode (|||40000|)", HostPort.epsvReply(40000));
    }

    @Test
    void portRange_parse_checksBounds() {
        assertEquals(new PortRange(40000, 40100), PortRange.parse("40000-40100"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("100-200"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("5000-4000"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("5000"));
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("5000-70000"));
    }

    @Test
    void replyText_printable_neverCarriesControlCharacters() {
        assertEquals("a??b?", Replies.printable("a\r\nb\u007f"));
        assertEquals("\"/a \"\"q\"\"\"", Replies.quoted("/a \"q\""));
    }

    private interface Parse {
        Object run() throws HostPort.Refused;
    }

    private static void assertRefused(String reply, Parse parse) {
        HostPort.Refused e = assertThrows(HostPort.Refused.class, parse::run);
        assertEquals(reply, e.getMessage());
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByAddress(HostPort.dottedQuad(text));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
