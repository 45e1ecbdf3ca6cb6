package io.jail4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's options as picocli reads them: defaults, values, and the usage error of each bad value. */
class DemoOptionsTest {

    @Test
    void noArguments_parse_givesTheDocumentedDefaults() {
        DemoOptions o = parse(List.of());

        assertEquals("127.0.0.1:79", o.listen().toString());
        assertEquals("nobody", o.user());
        assertEquals(Optional.empty(), o.jail());
        assertEquals(0, o.connections());
        assertFalse(o.json());
        assertEquals(Optional.empty(), o.learn(), "learn mode only with --learn");
    }

    @Test
    void learnOption_parse_givesTheAbsolutePlanFileAndRefusesADirectoryOrNoValue() {
        assertEquals(Optional.of(Path.of("/tmp/plan.txt")), parse(List.of("--learn", "/tmp/x/../plan.txt"))
                .learn());
        ParameterException dir = assertThrows(ParameterException.class, () -> parse(List.of("--learn", "/tmp/")));
        assertTrue(dir.getMessage().contains("name a plan file"), dir.getMessage());
        ParameterException none = assertThrows(ParameterException.class, () -> parse(List.of("--learn")));
        assertTrue(none.getMessage().startsWith("Missing required parameter for option '--learn'"), none.getMessage());
    }

    @Test
    void listenSystemd_parse_takesTheSocketFromTheServiceManager() {
        DemoOptions o = parse(List.of("--listen", "systemd"));
        assertTrue(o.systemd());
        assertEquals(null, o.listen());
        assertTrue(!parse(List.of("--listen", "127.0.0.1:79")).systemd());
    }

    @Test
    void everyOption_parse_keepsEachValue() {
        DemoOptions o = parse(List.of("--listen", "127.1.2.3:8079", "--user", "daemon",
                "--jail", "/srv/jail/", "--connections", "3", "--json"));

        assertEquals("127.1.2.3:8079", o.listen().toString());
        assertEquals(8079, o.listen().port());
        assertEquals("daemon", o.user());
        assertEquals(Optional.of(Path.of("/srv/jail")), o.jail());
        assertEquals(3, o.connections());
        assertTrue(o.json());
    }

    @Test
    void ipv6Loopback_parse_acceptsAndFormatsWithBrackets() {
        ListenAddress a = ListenAddress.parse("[::1]:7079", "the demo");

        assertTrue(a.address() instanceof Inet6Address, a.address().toString());
        assertEquals("[::1]:7079", a.toString());
        assertTrue(a.ipv6());
    }

    @Test
    void anyAddress_parseWithoutLoopbackRule_isAcceptedForFtpd() {
        ListenAddress a = ListenAddress.parse("0.0.0.0:2121", null);

        assertEquals("0.0.0.0:2121", a.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListenAddress.parse("0.0.0.0:2121", "dnsd"));
        assertTrue(e.getMessage().endsWith("dnsd only listens on 127.0.0.0/8 or ::1"), e.getMessage());
    }

    @Test
    void relativeJail_parse_makesItAbsoluteAndNormal() {
        DemoOptions o = parse(List.of("--jail", "some/./jail/../cell"));

        assertEquals(Optional.of(Path.of("").toAbsolutePath().resolve("some/cell")), o.jail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:79", "10.0.0.1:79", "192.168.1.10:79", "128.0.0.1:79", "[::]:79", "[2001:db8::1]:79"})
    void nonLoopbackAddress_parse_refusesNamingTheAddress(String listen) {
        ParameterException e = assertThrows(ParameterException.class, () -> parse(List.of("--listen", listen)));

        assertTrue(e.getMessage().startsWith("--listen \"" + listen + "\": "), e.getMessage());
        assertTrue(e.getMessage().contains("is not a loopback address; the demo only listens on 127.0.0.0/8 or ::1"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:79", "example.invalid:79", "127.1:79", "999.0.0.1:79", "127.0.0.1.5:79", "::1:79"})
    void nameOrMalformedAddress_parse_refusesWithoutALookup(String listen) {
        ParameterException e = assertThrows(ParameterException.class, () -> parse(List.of("--listen", listen)));

        assertTrue(e.getMessage().contains("is not an IP address literal") || e.getMessage().contains("not a valid IP"),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:65536, port \"65536\"", "127.0.0.1:-1, port \"-1\"", "127.0.0.1:x, port \"x\"",
            "127.0.0.1, expected ADDR:PORT", "127.0.0.1:, expected ADDR:PORT", ":79, expected ADDR:PORT"})
    void badPortOrShape_parse_refusesNamingIt(String listen, String named) {
        ParameterException e = assertThrows(ParameterException.class, () -> parse(List.of("--listen", listen)));

        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "many", "99999999999"})
    void nonPositiveConnections_parse_refuses(String n) {
        ParameterException e = assertThrows(ParameterException.class, () -> parse(List.of("--connections", n)));

        assertEquals("--connections \"" + n + "\": expected a whole number from 1 to 2147483647", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--listen", "--user", "--jail", "--connections"})
    void optionWithoutValue_parse_saysTheValueIsMissing(String option) {
        ParameterException e = assertThrows(ParameterException.class, () -> parse(List.of("--json", option)));

        assertTrue(e.getMessage().startsWith("Missing required parameter for option '" + option + "'"), e.getMessage());
    }

    @Test
    void emptyUser_parse_refuses() {
        ParameterException e = assertThrows(ParameterException.class, () -> parse(List.of("--user", "")));

        assertEquals("--user: the user name is empty", e.getMessage());
    }

    private static DemoOptions parse(List<String> args) {
        return OptionsProbe.parse(new DemoOptions(), args);
    }
}
