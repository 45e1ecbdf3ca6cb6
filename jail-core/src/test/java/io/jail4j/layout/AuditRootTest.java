package io.jail4j.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Audits real trees with planted defects, made as root. */
class AuditRootTest {
    private static Path base;
    private static DefectTrees trees;

    @BeforeAll
    static void makeTrees() throws IOException {
        RootTrees.requireRoot();
        base = RootTrees.tempDir();
        try {
            trees = DefectTrees.make(base);
        } catch (IOException | RuntimeException | Error e) {
            RootTrees.cleanUp(base);
            throw e;
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        RootTrees.cleanUp(base);
    }

    private static AuditReport audit(Path jail) throws AuditException {
        return JailAudit.forUser("ftp", DefectTrees.UID, DefectTrees.GROUPS).audit(jail);
    }

    private static Path jailOf(DefectTrees.Defect d) {
        switch (d.tree) {
            case "defects": return trees.defects;
            case "link-jail": return trees.linkJail;
            default: return trees.ancestorJail;
        }
    }

    @Test
    void everyPlantedDefect_audit_findsItWithPathCheckAndSeverity() throws AuditException {
        StringBuilder missed = new StringBuilder();
        for (DefectTrees.Defect d : trees.planted) {
            AuditReport report = audit(jailOf(d));
            boolean found = report.findings().stream().anyMatch(f -> f.path().equals(d.path) && f.check() == d.check
                    && f.severity() == d.severity);
            if (!found) {
                missed.append("\n  ").append(d.description).append(": expected ").append(d.severity.id()).append(' ')
                        .append(d.check.id()).append(' ').append(d.path).append("; found for that path: ")
                        .append(report.findings().stream().filter(f -> f.path().equals(d.path)).map(Finding::toString)
                                .collect(Collectors.toList()));
            }
        }
        assertEquals("", missed.toString(), "planted defects the audit missed");
    }

    @Test
    void defectJail_audit_reportsNothingBeyondThePlantedDefects() throws AuditException {
        AuditReport report = audit(trees.defects);
        List<String> unexpected = report.findings().stream()
                .filter(f -> f.severity() != Severity.INFO)
                .filter(f -> trees.planted.stream().noneMatch(d -> d.path.equals(f.path()) && d.check == f.check()))
                .map(Finding::toString).collect(Collectors.toList());
        // Side effect of a planted defect: the user's own file is writable by it.
        unexpected.removeIf(s -> s.contains(" writable /pub/owned.txt:"));
        assertEquals(List.of(), unexpected, report.toString());
    }

    @Test
    void hardLinksBetweenJailFilesAndRelativeLinksInside_audit_reportNothing() throws AuditException {
        AuditReport report = audit(trees.defects);
        assertTrue(report.findings().stream().noneMatch(f -> f.path().startsWith("/lib/a.so") || f.path().startsWith("/lib/b.so")
                || f.path().equals("/lib64") || f.path().equals("/etc/ssl/certs/ca.pem")), report.toString());
    }

    @Test
    void cleanFtpJail_auditWithItsLayout_passesWithNoWarning() throws AuditException {
        AuditReport report = JailAudit.forUser("ftp", DefectTrees.UID, DefectTrees.GROUPS)
                .allowing(DefectTrees.ftpLayout(base)).audit(trees.ftp);

        assertTrue(report.passed(), report.toString());
        assertEquals(0, report.count(Severity.WARNING) + report.count(Severity.ERROR), report.toString());
        assertTrue(report.entries() >= 14, report.toString());
    }

    @Test
    void cleanFtpJail_auditWithoutLayout_flagsOnlyTheUploadDirectoryAndTheUpload() throws AuditException {
        AuditReport report = audit(trees.ftp);

        List<String> problems = report.findings().stream().filter(f -> f.severity() != Severity.INFO)
                .map(f -> f.severity().id() + " " + f.check().id() + " " + f.path()).sorted().collect(Collectors.toList());
        assertEquals(List.of("error owner /pub/incoming/upload.bin", "error writable /pub/incoming",
                "error writable /pub/incoming/upload.bin"), problems, report.toString());
    }

    /** The README's recommended jail (a {@code /tmp} of mode 1777) passes; a tmp that is not sticky or not root's does not. */
    @Test
    void recommendedJailWithStickyTmp_audit_passesUnlessTmpLosesTheStickyBitOrRootOwner() throws Exception {
        Path jail = Files.createDirectory(base.resolve("recommended"));
        Files.setAttribute(jail, "unix:mode", 0755);
        Path tmp = Files.createDirectory(jail.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);

        AuditReport sticky = audit(jail);
        assertTrue(sticky.passed(), sticky.toString());
        assertTrue(sticky.findings().stream().anyMatch(f -> f.path().equals("/tmp") && f.check() == Check.WRITABLE
                && f.severity() == Severity.INFO && f.message().contains("root-owned and sticky")), sticky.toString());

        Files.setAttribute(tmp, "unix:mode", 0777);
        AuditReport plain = audit(jail);
        assertTrue(plain.findings().stream().anyMatch(f -> f.path().equals("/tmp") && f.severity() == Severity.ERROR),
                plain.toString());

        Files.setAttribute(tmp, "unix:mode", 01777);
        Files.setAttribute(tmp, "unix:uid", (int) DefectTrees.UID);
        AuditReport owned = audit(jail);
        assertFalse(owned.passed(), owned.toString());
    }

    @Test
    void procMountedInside_audit_doesNotWalkIntoIt() throws AuditException {
        AuditReport report = audit(trees.defects);
        assertTrue(report.findings().stream().noneMatch(f -> f.path().startsWith("/proc/")), report.toString());
        assertTrue(report.entries() < 200, "entries " + report.entries());
    }

    @Test
    void bindMountInside_audit_walksIntoItAndChecksItsFiles() throws AuditException, IOException {
        Path note = base.resolve("outside/share/notes.txt");
        Files.setAttribute(note, "unix:mode", 0666);
        try {
            AuditReport report = audit(trees.defects);
            assertTrue(report.findings().stream().anyMatch(f -> f.path().equals("/mnt/host/notes.txt")
                    && f.check() == Check.WRITABLE && f.severity() == Severity.ERROR), report.toString());
        } finally {
            Files.setAttribute(note, "unix:mode", 0644);
        }
    }

    @Test
    void missingJail_audit_throwsNamingThePath() {
        Path missing = base.resolve("no-such-jail");
        AuditException e = assertThrows(AuditException.class, () -> audit(missing));
        assertEquals(missing, e.path());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void anyUser_audit_treatsOnlyOthersBitsAsTheUsers() throws AuditException {
        AuditReport report = JailAudit.forAnyUser().audit(trees.defects);
        assertTrue(report.findings().stream().anyMatch(f -> f.path().equals("/pub/owned.txt") && f.check() == Check.OWNER
                && f.severity() == Severity.WARNING), report.toString());
        assertFalse(report.passed());
    }
}
