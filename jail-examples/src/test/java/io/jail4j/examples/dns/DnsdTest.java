package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.examples.ListenAddress;
import io.jail4j.examples.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code dnsd} command line, run in-process on paths that end before the point of no return
 * (as root or not): usage errors, unusable zone and rule files, a port in use, refusals.
 */
class DnsdTest {
    /** Longer than any name useradd accepts (32): it cannot exist. */
    private static final String NO_SUCH_USER = "jail4j-no-such-user-" + "x".repeat(40);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("dnsd"));
        all.addAll(List.of(args));
        return Cli.run(all, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path zone() {
        return Corpus.copyTo(tmp.resolve("zones")).resolve("second.test.zone");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--listen 127.0.0.1:0| no --zone given",
        "--zone z --listen 0.0.0.0:53| 0.0.0.0 is not a loopback address",
        "--zone z --listen 10.0.0.1:53| 10.0.0.1 is not a loopback address",
        "--zone z --listen [::2]:53| is not a loopback address",
        "--zone z --listen localhost:53| is not an IP address literal",
        "--zone z --listen 127.0.0.1:65536| is not a number in 0..65535",
        "--zone z --allow a| --allow and --deny go together",
        "--zone z --user| Missing required parameter for option '--user' (NAME)",
        "--zone z --port 53| Unknown options: '--port', '53'",
    })
    void badCommandLine_run_namesTheProblemAndExitsTwo(String args, String message) {
        int status = run(args.split(" "));
        assertEquals(2, status, err());
        assertTrue(err().startsWith("jail4j dnsd: "), err());
        assertTrue(err().contains(message), err());
        assertTrue(err().contains("\nusage: jail4j dnsd "), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ipv6Loopback_parse_isAccepted() {
        assertTrue(ListenAddress.parse("[::1]:53", "dnsd").ipv6());
        assertEquals("127.1.2.3:0", ListenAddress.parse("127.1.2.3:0", "dnsd").toString());
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("[::ffff:10.0.0.1]:53", "dnsd"));
    }

    @Test
    void zoneGivenThreeTimes_parse_keepsAllThreeInOrder() {
        DnsdOptions o = io.jail4j.examples.OptionsProbe.parse(new DnsdOptions(),
                List.of("--zone", "a.zone", "--listen", "127.0.0.1:0", "--zone", "/z/b.zone", "--zone=c.zone"));
        assertEquals(List.of(Path.of("a.zone").toAbsolutePath().normalize(), Path.of("/z/b.zone"),
                Path.of("c.zone").toAbsolutePath().normalize()), o.zones());
    }

    @Test
    void userGivenTwice_run_isAUsageErrorNamingTheOption() {
        assertEquals(2, run("--zone", "z", "--user", "a", "--user", "b"));
        assertTrue(err().contains("--user"), err());
    }

    @Test
    void portInUse_run_namesTheAddressAndExitsThree() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            int status = run("--listen", listen, "--zone", zone().toString(), "--user", NO_SUCH_USER);
            assertEquals(3, status, err());
            assertTrue(err().startsWith("jail4j dnsd: cannot listen on " + listen + ": "), err());
        }
    }

    @Test
    void brokenZone_run_namesFileAndLineAndExitsTwo() throws IOException {
        Path z = zone();
        Files.writeString(z, Files.readString(z) + "bad A 1.2.3\n");
        int status = run("--listen", "127.0.0.1:0", "--zone", z.toString());
        assertEquals(2, status, err());
        assertEquals("jail4j dnsd: " + z + ":7: ", err().substring(0, ("jail4j dnsd: " + z + ":7: ").length()), err());
    }

    @Test
    void zoneOutsideTheJail_run_isRefusedWithWhy() throws IOException {
        Path jail = Files.createDirectory(tmp.resolve("jail"));
        int status = run("--listen", "127.0.0.1:0", "--zone", zone().toString(), "--jail", jail.toString());
        assertEquals(2, status, err());
        assertTrue(err().contains("is not inside the jail"), err());
    }

    @Test
    void rulesFileIsADirectory_run_isRefusedNamingIt() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("rules"));
        int status = run("--listen", "127.0.0.1:0", "--zone", zone().toString(), "--allow", dir.toString(), "--deny",
                tmp.resolve("none").toString());
        assertEquals(2, status, err());
        assertTrue(err().startsWith("jail4j dnsd: " + dir), err());
    }

    @Test
    void userThatCannotExist_run_isRefusedByJail4jAndExitsOne() {
        int status = run("--listen", "127.0.0.1:0", "--zone", zone().toString(), "--user", NO_SUCH_USER);
        assertEquals(1, status, err());
        assertTrue(err().contains("dropTo(\"" + NO_SUCH_USER + "\"): no such user") || err().contains("enter(): the process"),
                err());
    }

    @Test
    void rootAsTarget_run_isAUsageErrorAndExitsTwo() {
        int status = run("--listen", "127.0.0.1:0", "--zone", zone().toString(), "--user", "root");
        assertEquals(2, status, err());
        assertTrue(err().endsWith("jail4j dnsd: dropTo: \"root\" is not a drop target\n"), err());
    }
}
