package io.jail4j.layout;

import io.jail4j.internal.LinuxAbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applies layouts to real directories as root. */
class LayoutRootTest {
    private Path base;
    private Path jail;
    private JailLayout layout;

    @BeforeEach
    void setUp() throws IOException {
        RootTrees.requireRoot();
        base = RootTrees.tempDir();
        jail = base.resolve("ftp");
        layout = DefectTrees.ftpLayout(base);
    }

    @AfterEach
    void tearDown() throws IOException {
        RootTrees.cleanUp(base);
    }

    private static List<String> lines(LayoutPlan plan) {
        return plan.changes().stream().map(c -> c.action().id() + " " + c.path() + " " + c.before() + " -> " + c.after())
                .collect(Collectors.toList());
    }

    @Test
    void emptyDirectory_applyTwice_secondChangesNothing() throws Exception {
        LayoutPlan first = layout.apply(jail, RootTrees.mknod());
        LayoutPlan second = layout.apply(jail, RootTrees.mknod());

        assertEquals(14, first.changes().size(), first.toString());
        assertTrue(second.isEmpty(), second.toString());
        assertTrue(layout.plan(jail).isEmpty());
        Stat dev = Stat.of(jail.resolve("dev"));
        assertEquals(0111, dev.permissions());
        Stat nul = Stat.of(jail.resolve("dev/null"));
        assertEquals(LinuxAbi.S_IFCHR, nul.type());
        assertEquals(3, nul.minor());
        assertEquals("root:x:0:0::/:/usr/sbin/nologin\nftp:x:4242:4242::/pub:/usr/sbin/nologin\n",
                Files.readString(jail.resolve("etc/passwd")));
        Stat incoming = Stat.of(jail.resolve("pub/incoming"));
        assertEquals(01730, incoming.permissions());
        assertEquals(4242, incoming.gid);
    }

    @Test
    void emptyDirectory_plan_listsEveryCreationWithItsReasonAndChangesNothing() throws Exception {
        Files.createDirectory(jail);
        LayoutPlan plan = layout.plan(jail);

        assertEquals(13, plan.changes().size(), plan.toString());
        assertTrue(plan.toString().contains("+ create  /dev/null "), plan.toString());
        assertTrue(plan.toString().contains("# uploads: ftp may add files, nobody may list them\n"), plan.toString());
        try (var list = Files.list(jail)) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void driftedTree_plan_showsExactlyTheDrift() throws Exception {
        layout.apply(jail, RootTrees.mknod());
        DefectTrees.mode(jail.resolve("etc/passwd"), 0666);
        DefectTrees.chown(jail.resolve("pub"), 4242, 4242);
        Files.writeString(jail.resolve("pub/README"), "defaced\n");
        Files.delete(jail.resolve("dev/zero"));
        DefectTrees.file(jail.resolve("pub/extra.sh"), "#!/bin/sh\n", 4242, 0, 04777);
        RootTrees.run("mknod", jail.resolve("dev/sda").toString(), "b", "8", "0");
        RootTrees.run("mkfifo", jail.resolve("pub/pipe").toString());

        LayoutPlan plan = layout.plan(jail);

        assertEquals(List.of(
                "create /dev/zero missing -> char device 1:5 root:root 0666",
                "mode /etc/passwd 0666 -> 0444",
                "owner /pub ftp:ftp -> root:root",
                "content /pub/README 8 bytes -> 43 bytes",
                "remove /dev/sda block device 8:0 -> removed",
                "owner /pub/extra.sh ftp:root -> root:root",
                "mode /pub/extra.sh 4777 -> 0755"), lines(plan), plan.toString());
        assertEquals(List.of("/pub/pipe"), plan.notes().stream().map(LayoutChange::path).collect(Collectors.toList()));
        assertEquals(lines(plan), lines(layout.apply(jail, RootTrees.mknod())));
        assertTrue(layout.plan(jail).isEmpty(), layout.plan(jail).toString());
        assertEquals(0755, Stat.of(jail.resolve("pub/extra.sh")).permissions());
    }

    @Test
    void symlinksWhereFilesAndDirectoriesBelong_apply_replacesThemWithoutTouchingTheirTargets() throws Exception {
        Path outside = Files.createDirectory(base.resolve("outside"));
        Path secret = DefectTrees.file(outside.resolve("secret"), "host data\n", 0, 0, 0600);
        layout.apply(jail, RootTrees.mknod());
        Files.delete(jail.resolve("pub/README"));
        Files.createSymbolicLink(jail.resolve("pub/README"), secret);
        RootTrees.cleanUp(jail.resolve("pub/incoming"));
        Files.createSymbolicLink(jail.resolve("pub/incoming"), outside);

        LayoutPlan plan = layout.apply(jail, RootTrees.mknod());

        assertEquals(List.of("replace /pub/README symbolic link -> text file (43 bytes) root:root 0444",
                "replace /pub/incoming symbolic link -> data directory root:ftp 1730"), lines(plan), plan.toString());
        assertEquals("host data\n", Files.readString(secret));
        assertEquals(0600, Stat.of(secret).permissions());
        assertEquals(0, Stat.of(secret).uid);
        assertEquals(0755, Stat.of(outside).permissions());
        assertFalse(Files.isSymbolicLink(jail.resolve("pub/incoming")));
        assertTrue(layout.plan(jail).isEmpty());
    }

    @Test
    void hardLinkToHostFile_apply_breaksDeclaredLinksAndLeavesUndeclaredOnes() throws Exception {
        Path host = DefectTrees.file(base.resolve("host.txt"), "host\n", 0, 0, 0666);
        layout.apply(jail, RootTrees.mknod());
        Files.delete(jail.resolve("pub/README"));
        Files.createLink(jail.resolve("pub/README"), host);
        Files.createLink(jail.resolve("pub/undeclared"), host);

        LayoutPlan plan = layout.apply(jail, RootTrees.mknod());

        assertEquals(List.of("replace /pub/README regular file with 3 hard links -> text file (43 bytes) root:root 0444"),
                lines(plan), plan.toString());
        assertEquals(List.of("/pub/undeclared"), plan.notes().stream().map(LayoutChange::path).collect(Collectors.toList()));
        assertEquals(0666, Stat.of(host).permissions());
        assertEquals("host\n", Files.readString(host));
    }

    @Test
    void directoryWhereAFileBelongs_apply_refusesNamingThePath() throws Exception {
        Files.createDirectories(jail.resolve("pub/README"));
        LayoutException e = assertThrows(LayoutException.class, () -> layout.apply(jail, RootTrees.mknod()));
        assertEquals("/pub/README", e.path());
        assertTrue(e.getMessage().contains("never deletes a directory"), e.getMessage());
        assertTrue(Files.isDirectory(jail.resolve("pub/README"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void jailIsASymlink_apply_refuses() throws Exception {
        Path real = Files.createDirectory(base.resolve("real"));
        Files.createSymbolicLink(jail, real);
        LayoutException e = assertThrows(LayoutException.class, () -> layout.apply(jail, RootTrees.mknod()));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        try (var list = Files.list(real)) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void standardLayout_applyWithoutNodeMaker_createsTheDeviceNodesNatively() throws Exception {
        layout.apply(jail);
        assertEquals("1:3 crw-rw-rw-", RootTrees.run("stat", "-c", "%Hr:%Lr %A", jail.resolve("dev/null").toString()).trim());
        assertEquals("1:9 cr--r--r--", RootTrees.run("stat", "-c", "%Hr:%Lr %A", jail.resolve("dev/urandom").toString()).trim());
        assertEquals(List.of(), lines(layout.plan(jail)), "nothing left to change");
    }

    @Test
    void mountInsideTheJail_apply_doesNotWalkIntoIt() throws Exception {
        layout.apply(jail, RootTrees.mknod());
        Path mnt = Files.createDirectory(jail.resolve("mnt"));
        RootTrees.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString());
        DefectTrees.file(mnt.resolve("x"), "x\n", 4242, 4242, 0666);

        LayoutPlan plan = layout.plan(jail);

        assertEquals(List.of(), lines(plan).stream().filter(l -> l.contains("/mnt/")).collect(Collectors.toList()));
        assertTrue(plan.notes().stream().anyMatch(n -> n.path().equals("/mnt/") || n.path().equals("/mnt")), plan.toString());
    }
}
