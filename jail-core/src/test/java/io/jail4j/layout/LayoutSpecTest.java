package io.jail4j.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class LayoutSpecTest {
    private static final JailLayout FTP = DefectTrees.ftpLayout(Path.of("/unused"))
            .text("/etc/motd", "two words\n\"quoted\" \\ tab\t-- not a reason\n", "root:ftp", 0440, "banner");

    @Test
    void anyLayout_toStringThenParse_givesAnEqualLayout() throws LayoutException {
        assertEquals(FTP, JailLayout.parse(FTP.toString()));
        assertEquals(FTP.toString(), JailLayout.parse(FTP.toString()).toString());
    }

    @Test
    void spec_toString_isOneLinePerDeclarationWithTheReason() {
        String spec = FTP.toString();
        assertTrue(spec.contains("\nchar  /dev/null          root:root 0666 1:3"), spec);
        assertTrue(spec.lines().anyMatch(l -> l.startsWith("data  /pub/incoming ") && l.contains("root:ftp 1730")
                && l.endsWith(" -- uploads: ftp may add files, nobody may list them")), spec);
        assertTrue(spec.startsWith("user  root 0 0 / /usr/sbin/nologin"), spec);
    }

    @Test
    void emptySpec_parse_isTheStandardLayout() throws LayoutException {
        assertEquals(JailLayout.standard(), JailLayout.parse("# nothing but a comment\n\n"));
    }

    @Test
    void omitLine_parse_dropsTheDefaultAndKeepsTheReason() throws LayoutException {
        JailLayout l = JailLayout.parse("omit /dev/random -- nothing reads it\n");
        assertFalse(l.declared().entries.containsKey("dev/random"));
        assertTrue(l.toString().contains("omit  /dev/random"), l.toString());
        assertEquals(l, JailLayout.parse(l.toString()));
    }

    @Test
    void lineWithoutReason_parse_throwsNamingTheLine() {
        LayoutException e = assertThrows(LayoutException.class, () -> JailLayout.parse("\ndir /pub root:root 0755\n"));
        assertEquals("line 2: the reason is missing: end the line with -- and why the entry is there", e.getMessage());
        assertEquals("/pub", e.path());
    }

    @Test
    void samePathTwice_parse_throwsNamingBothLines() {
        LayoutException e = assertThrows(LayoutException.class,
                () -> JailLayout.parse("dir /pub root:root 0755 -- a\ndir pub/ root:root 0700 -- b\n"));
        assertEquals("line 2: /pub is already declared on line 1", e.getMessage());
    }

    @Test
    void badFields_parse_throwWithWhatIsExpected() {
        assertMessage("dir /pub root:root 755x -- r", "line 1: mode \"755x\" is not 3 or 4 octal digits, such as 0755");
        assertMessage("dir /pub root 0755 -- r", "line 1: dir: owner \"root\" is not user:group (names the layout declares, root, or numbers)");
        assertMessage("text /x root:root 0444 -- r", "line 1: expected: text PATH OWNER MODE \"CONTENT\" -- REASON");
        assertMessage("link /x /y -- r", "line 1: unknown declaration \"link\" (expected dir, data, copy, text, char, user, group or omit)");
        assertMessage("text /x root:root 0444 \"open -- r", "line 1: unterminated quoted field");
        assertMessage("dir /a/../b root:root 0755 -- r", "line 1: dir: \"/a/../b\" has an empty, \".\" or \"..\" component;"
                + " write the path as the jailed process sees it, such as /etc/passwd");
        assertMessage("copy /bin/x root:root 4755 /bin/x -- r", "line 1: copy /bin/x: mode 4755 sets setuid or setgid;"
                + " a jail layout never grants them (setgid only on directories)");
        assertMessage("user toor 0 0 / /bin/sh -- r", "line 1: user toor: uid 0 belongs to root alone;"
                + " a second uid 0 entry is a hidden root account");
    }

    private static void assertMessage(String spec, String message) {
        LayoutException e = assertThrows(LayoutException.class, () -> JailLayout.parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void ownerNamingAnUndeclaredGroup_plan_throwsNamingTheEntry() {
        JailLayout l = JailLayout.standard().dir("/pub", "root:ftp", 0755, "downloads");
        LayoutException e = assertThrows(LayoutException.class, () -> l.plan(Path.of("/nonexistent-jail")));
        assertEquals("/pub", e.path());
        assertTrue(e.getMessage().contains("names group \"ftp\", which the layout does not declare"), e.getMessage());
    }

    @Test
    void fileBelowAFile_plan_throws() {
        JailLayout l = JailLayout.standard().text("/etc", "x", "root:root", 0444, "r").text("/etc/passwd", "y", "root:root", 0444, "r");
        LayoutException e = assertThrows(LayoutException.class, () -> l.plan(Path.of("/nonexistent-jail")));
        assertEquals("text /etc/passwd: its parent /etc is declared as a text, not a directory", e.getMessage());
    }

    @Test
    void missingJail_plan_createsEverythingWithReasons() throws LayoutException {
        LayoutPlan plan = JailLayout.standard().plan(Path.of("/nonexistent-jail"));
        assertEquals(List.of("/", "/dev", "/dev/null", "/dev/random", "/dev/urandom", "/dev/zero"),
                plan.changes().stream().map(LayoutChange::path).collect(java.util.stream.Collectors.toList()));
        assertTrue(plan.toString().startsWith("jail /nonexistent-jail: 6 changes\n+ create  /             missing -> directory root:root 0755"),
                plan.toString());
    }

    @Test
    void mountinfo_parse_decodesEscapesAndFindsTypeAndRoot() {
        List<Mounts.Mount> m = Mounts.parse("36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 - ext3 /dev/root rw\n"
                + "37 36 0:5 / /srv/jail/proc rw,nosuid,nodev shared:2 - proc proc rw\nbroken line\n");
        assertEquals(2, m.size());
        assertEquals(Path.of("/mnt/with space"), m.get(0).point);
        assertTrue(m.get(0).bind());
        assertFalse(m.get(0).kernel());
        assertTrue(m.get(1).kernel());
        assertTrue(m.get(1).hasOption("nosuid"));
    }
}
