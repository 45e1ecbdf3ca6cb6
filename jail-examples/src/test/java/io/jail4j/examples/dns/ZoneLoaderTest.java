package io.jail4j.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Reading and checking zone files: every error names the file and the line. */
class ZoneLoaderTest {
    private static final String HEAD = "$ORIGIN z.test.\n$TTL 600\n@ SOA ns h 1 2 3 4 50\n@ NS ns\nns A 127.0.0.1\n";

    @TempDir
    Path dir;

    private Zone load(String text) throws ZoneException, IOException {
        Files.writeString(dir.resolve("z.zone"), text, StandardCharsets.UTF_8);
        return ZoneLoader.load(new ZoneRoot(dir, true), "/z.zone");
    }

    private ZoneException fails(String text) {
        return assertThrows(ZoneException.class, () -> load(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "syntax error in an address| www A 300.1.2.3| 6",
        "unknown type| www FROB 1| 6",
        "second SOA| @ SOA ns h 2 2 3 4 5| 6",
        "CNAME and other data| www A 127.0.0.2\\nwww CNAME ns| 7",
        "other data after a CNAME| www CNAME ns\\nwww A 127.0.0.2| 7",
        "two CNAMEs| www CNAME ns\\nwww CNAME z.test.| 7",
        "outside the zone| www.other.test. A 127.0.0.2| 6",
        "class CH| www CH A 127.0.0.2| 6",
        "DNAME| www DNAME other.test.| 6",
        "$GENERATE| $GENERATE 1-3 h$ A 127.0.0.$| 6",
        "unknown directive| $FROB x| 6",
        "include above the root| $INCLUDE ../../etc/passwd| 6",
        "include of a missing file| $INCLUDE missing.inc| 6",
    })
    void badZone_load_namesFileAndLine(String what, String tail, int line) {
        ZoneException e = fails(HEAD + tail.replace("\\n", "\n") + "\n");
        assertEquals(dir.resolve("z.zone").toString(), e.file(), what + ": " + e.getMessage());
        assertEquals(line, e.line(), what + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("z.zone") + ":" + line + ": "), e.getMessage());
    }

    @Test
    void errorInAnIncludedFile_load_namesTheIncludedFileAndItsLine() throws IOException {
        Files.writeString(dir.resolve("bad.inc"), "; comment\n\nhost A 1.2.3\n", StandardCharsets.UTF_8);
        ZoneException e = fails(HEAD + "$INCLUDE bad.inc\n");
        assertEquals(dir.resolve("bad.inc").toString(), e.file(), e.getMessage());
        assertEquals(3, e.line(), e.getMessage());
    }

    @Test
    void noSoa_load_namesTheFile() {
        ZoneException e = fails("$ORIGIN z.test.\n$TTL 60\nwww A 127.0.0.1\n");
        assertEquals(0, e.line());
        assertTrue(e.getMessage().contains("no SOA record"), e.getMessage());
    }

    @Test
    void relativeNameBeforeAnyOrigin_load_saysSo() {
        ZoneException e = fails("$TTL 60\nwww A 127.0.0.1\n");
        assertEquals(2, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("no $ORIGIN"), e.getMessage());
    }

    @Test
    void missingTtlWithoutDefault_load_saysSo() {
        ZoneException e = fails("$ORIGIN z.test.\nwww A 127.0.0.1\n");
        assertEquals(2, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("no TTL"), e.getMessage());
    }

    @Test
    void symlinkLeavingTheRoot_load_isRefused() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "www A 127.0.0.9\n", StandardCharsets.UTF_8);
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("link.inc"), outside.resolve("secret"));
        Files.writeString(root.resolve("z.zone"), HEAD + "$INCLUDE link.inc\n", StandardCharsets.UTF_8);
        ZoneException e = assertThrows(ZoneException.class, () -> ZoneLoader.load(new ZoneRoot(root, true), "/z.zone"));
        assertEquals(6, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void includeNesting_load_stopsAtTenLevels() throws IOException {
        Files.writeString(dir.resolve("self.inc"), "$INCLUDE self.inc\n", StandardCharsets.UTF_8);
        ZoneException e = fails(HEAD + "$INCLUDE self.inc\n");
        assertTrue(e.getMessage().contains("nested $INCLUDE"), e.getMessage());
    }

    @Test
    void absoluteIncludeWhileCopying_read_isRefused() throws IOException {
        Files.writeString(dir.resolve("z.zone"), HEAD + "$INCLUDE /etc/hostname\n", StandardCharsets.UTF_8);
        ZoneException e = assertThrows(ZoneException.class, () -> MasterReader.read(new ZoneRoot(dir, false), "/z.zone"));
        assertEquals(6, e.line());
        assertTrue(e.getMessage().contains("give --jail"), e.getMessage());
    }

    @Test
    void absoluteIncludeInAJail_load_resolvesUnderTheJail() throws ZoneException, IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/more.inc"), "more A 127.0.0.8\n", StandardCharsets.UTF_8);
        Zone z = load(HEAD + "$INCLUDE /etc/more.inc\n");
        assertNotNull(z.node(Name.fromConstantString("more.z.test.")));
    }

    @Test
    void rfc1035Syntax_load_readsParenthesesEscapesTtlsAndIncludes() throws ZoneException, IOException {
        Files.writeString(dir.resolve("inc.inc"), "inc A 127.0.0.7\n$ORIGIN sub.z.test.\nx A 127.0.0.6\n",
                StandardCharsets.UTF_8);
        Zone z = load("$ORIGIN z.test.\n@ IN SOA ns h ( 1 ; serial\n 2 3 4\n 50 )\n"
                + "$TTL 600\nesc TXT \"a \\\"b\\\"\" \"\\065\"\nsp\\ ace A 127.0.0.2\nt1 300 IN A 127.0.0.3\nt2 IN 400 A 127.0.0.4\n"
                + "$INCLUDE inc.inc\nafter A 127.0.0.5\n");
        assertEquals(50, z.soa.ttls[0], "an SOA without TTL and no $TTL takes its MINIMUM (RFC 2308)");
        assertEquals(300, z.node(Name.fromConstantString("t1.z.test.")).find(Type.A).ttls[0]);
        assertEquals(400, z.node(Name.fromConstantString("t2.z.test.")).find(Type.A).ttls[0]);
        assertNotNull(z.node(Name.fromConstantString("sp\\ ace.z.test.")));
        assertNotNull(z.node(Name.fromConstantString("inc.z.test.")));
        assertNotNull(z.node(Name.fromConstantString("x.sub.z.test.")));
        assertNotNull(z.node(Name.fromConstantString("after.z.test.")), "the origin is restored after an $INCLUDE");
        assertNull(z.node(Name.fromConstantString("after.sub.z.test.")));
    }

    @Test
    void duplicateRecords_load_keepsOne() throws ZoneException, IOException {
        Zone z = load(HEAD + "www A 127.0.0.2\nWWW A 127.0.0.2\nwww A 127.0.0.3\n");
        assertEquals(2, z.node(Name.fromConstantString("www.z.test.")).find(Type.A).size());
    }

    @Test
    void soaTtlAboveMinimum_load_negativeAnswersUseTheMinimum() throws ZoneException, IOException {
        Zone z = load(HEAD);
        assertEquals(600, z.soa.ttls[0]);
        assertEquals(50, z.soaNegative.ttls[0]);
    }

    @Test
    void emptyNonTerminalsAndWildcards_load_areNodes() throws ZoneException, IOException {
        Zone z = load(HEAD + "a.b.c A 127.0.0.2\n*.w A 127.0.0.3\n");
        assertTrue(z.node(Name.fromConstantString("b.c.z.test.")).rrsets.isEmpty());
        assertTrue(z.node(Name.fromConstantString("c.z.test.")).rrsets.isEmpty());
        assertNotNull(z.node(Name.fromConstantString("w.z.test.")).wildcard);
    }

    @Test
    void sameOriginTwice_loadZones_isRefused() throws IOException {
        Files.writeString(dir.resolve("a.zone"), HEAD, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.zone"), HEAD, StandardCharsets.UTF_8);
        ZoneException e = assertThrows(ZoneException.class,
                () -> Zones.load(new ZoneRoot(dir, true), java.util.List.of("/a.zone", "/b.zone")));
        assertTrue(e.getMessage().contains("also loaded from"), e.getMessage());
    }

    @Test
    void theCorpus_load_loadsEveryZone() {
        Zones zones = Corpus.zones(Corpus.copyTo(dir));
        assertEquals(4, zones.all().size());
        assertEquals("kid.corpus.test.", zones.find(Name.fromConstantString("host.kid.corpus.test.")).apex.toString());
    }
}
