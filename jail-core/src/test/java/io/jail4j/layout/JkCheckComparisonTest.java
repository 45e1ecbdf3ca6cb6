package io.jail4j.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs jailkit's jk_check and the audit on the same trees and prints which planted defects each
 * catches, as a Markdown table (the README's comparison). jk_check counts as catching a defect
 * when one of its lines matches the message it would give for it (see {@link DefectTrees}).
 */
class JkCheckComparisonTest {
    private static Path base;
    private static DefectTrees trees;
    private static final Map<String, List<String>> JK = new LinkedHashMap<>();

    @BeforeAll
    static void makeTrees() throws IOException {
        RootTrees.requireRoot();
        if (!JkCheck.installed()) {
            if (RootTrees.CI) {
                fail("jk_check is not installed and CI=true: install Debian's jailkit package (.ci/run does)");
            }
            Assumptions.abort("jk_check is not installed (apt-get install jailkit)");
        }
        base = RootTrees.tempDir();
        try {
            trees = DefectTrees.make(base);
            JK.put("defects", JkCheck.run(trees.defects, base, false));
            JK.put("anc/bad/own/jail", JkCheck.run(trees.ancestorJail, base, false));
            JK.put("link-jail", JkCheck.run(trees.linkJail, base, false));
            JK.put("ftp", JkCheck.run(trees.ftp, base, false));
        } catch (IOException | RuntimeException | Error e) {
            RootTrees.cleanUp(base);
            throw e;
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        RootTrees.cleanUp(base);
    }

    private static Path jail(String tree) {
        switch (tree) {
            case "defects": return trees.defects;
            case "link-jail": return trees.linkJail;
            case "ftp": return trees.ftp;
            default: return trees.ancestorJail;
        }
    }

    private static String jkLine(DefectTrees.Defect d) {
        if (d.jkCheck == null) {
            return null;
        }
        Pattern p = Pattern.compile(d.jkCheck);
        for (String line : JK.get(d.tree)) {
            if (p.matcher(line).find()) {
                return line.replace(base.toString(), "…");
            }
        }
        return null;
    }

    @Test
    void sameTrees_bothTools_tableOfWhatEachCatches() throws AuditException {
        List<String> rows = new ArrayList<>();
        rows.add("| planted defect | jail4j audit | jk_check |");
        rows.add("|---|---|---|");
        int jail4j = 0;
        int jk = 0;
        for (DefectTrees.Defect d : trees.planted) {
            AuditReport report = JailAudit.forUser("ftp", DefectTrees.UID, DefectTrees.GROUPS).audit(jail(d.tree));
            boolean ours = report.findings().stream().anyMatch(f -> f.path().equals(d.path) && f.check() == d.check
                    && f.severity() == d.severity);
            String theirs = jkLine(d);
            jail4j += ours ? 1 : 0;
            jk += theirs != null ? 1 : 0;
            rows.add("| " + d.description + " | " + (ours ? d.severity.id() + " `" + d.check.id() + "`" : "**missed**")
                    + " | " + (theirs == null ? "missed" : "caught: `" + theirs.strip() + "`") + " |");
        }
        AuditReport clean = JailAudit.forUser("ftp", DefectTrees.UID, DefectTrees.GROUPS)
                .allowing(DefectTrees.ftpLayout(base)).audit(trees.ftp);
        long cleanJk = JK.get("ftp").stream().filter(l -> l.contains("ERROR") || l.contains("WARNING")).count();
        rows.add("| *clean FTP jail (false alarms)* | " + (clean.count(Severity.WARNING) + clean.count(Severity.ERROR))
                + " | " + cleanJk + " |");
        rows.add("| **caught** | **" + jail4j + " of " + trees.planted.size() + "** | **" + jk + " of "
                + trees.planted.size() + "** |");
        System.out.println(String.join("\n", rows));
        System.out.println("jk_check said, on the clean FTP jail:");
        JK.get("ftp").forEach(l -> System.out.println("    " + l.replace(base.toString(), "…")));

        assertEquals(trees.planted.size(), jail4j, String.join("\n", rows));
        assertTrue(clean.passed(), clean.toString());
    }

    @Test
    void setuidFile_jkCheck_catchesIt() {
        DefectTrees.Defect suid = trees.planted.stream().filter(d -> d.path.equals("/usr/bin/suidprog")).findFirst().orElseThrow();
        assertTrue(jkLine(suid) != null, "jk_check output: " + JK.get("defects"));
    }
}
