package io.jail4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JailVerdictTest {
    private static final long NOBODY = 65534;
    private static final Set<Long> GROUPS = Set.of(NOBODY);
    private static final long ALL_CAPS = 0x1ffffffffffL;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 01;
    private static final int O_RDWR = 02;

    @TempDir
    Path tmp;
    private Path jail;

    @BeforeEach
    void makeJail() throws IOException {
        jail = Files.createDirectory(tmp.resolve("jail")).toRealPath();
    }

    @Test
    void cleanView_judged_passes() {
        ProcessView view = view(jail, jail, tasks(), fds());

        assertJailed(view, jail, NOBODY, NOBODY, GROUPS);
        assertEquals(List.of(), JailVerdict.violations(view, jail, NOBODY, NOBODY, GROUPS));
    }

    @Test
    void rootGivenThroughSymlink_judged_comparesRealPathsAndPasses() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), jail);

        assertJailed(view(link, jail, tasks(), fds()), jail, NOBODY, NOBODY, GROUPS);
        assertJailed(view(jail, jail, tasks(), fds()), link, NOBODY, NOBODY, GROUPS);
    }

    @Test
    void hostRoot_judged_namesTheRoot() {
        Verdict e = fails(view(Path.of("/"), jail, tasks(), fds()));

        assertTrue(e.getMessage().contains("root is /, expected the jail " + jail), e.getMessage());
        assertTrue(e.getMessage().contains("1 violation\n"), e.getMessage());
    }

    @Test
    void cwdOutsideJail_judged_namesTheCwd() throws IOException {
        Path sibling = Files.createDirectory(Path.of(jail + "-sibling"));

        Verdict e = fails(view(jail, sibling, tasks(), fds()));

        assertTrue(e.getMessage().contains("cwd " + sibling + " is outside the jail"), e.getMessage());
    }

    @Test
    void rootThatCannotBeResolved_judged_countsAsAViolation() {
        Path gone = jail.resolve("deleted-in-the-meantime");

        Verdict e = fails(view(gone, jail, tasks(), fds()));

        assertTrue(e.getMessage().contains("cannot resolve the root " + gone), e.getMessage());
    }

    @Test
    void cwdBelowJail_judged_passes() throws IOException {
        assertJailed(view(jail, Files.createDirectory(jail.resolve("srv")), tasks(), fds()),
                jail, NOBODY, NOBODY, GROUPS);
    }

    @Test
    void taskWithoutNoNewPrivs_judged_namesIt() {
        List<TaskView> tasks = tasks();
        tasks.add(new TaskView(13, "late", ids(NOBODY), ids(NOBODY), GROUPS, 0, 0, 0, 0, ALL_CAPS, false, 0));

        Verdict e = fails(view(jail, jail, tasks, fds()));

        assertTrue(e.getMessage().contains("task 13 (late): NoNewPrivs 0, expected 1"), e.getMessage());
    }

    @Test
    void taskKeepingSavedUidZero_judged_namesTaskAndSlots() {
        List<TaskView> tasks = tasks();
        tasks.add(task(12, List.of(NOBODY, NOBODY, 0L, NOBODY), ids(NOBODY), GROUPS, 0, 0, 0));

        Verdict e = fails(view(jail, jail, tasks, fds()));

        assertTrue(e.getMessage().contains("task 12 (worker): Uid 65534/65534/0/65534 (real/effective/saved/filesystem),"
                + " expected 65534 in all four slots"), e.getMessage());
    }

    @Test
    void taskWithFilesystemGidZero_judged_namesTheGid() {
        List<TaskView> tasks = tasks();
        tasks.add(task(13, ids(NOBODY), List.of(NOBODY, NOBODY, NOBODY, 0L), GROUPS, 0, 0, 0));

        Verdict e = fails(view(jail, jail, tasks, fds()));

        assertTrue(e.getMessage().contains("task 13 (worker): Gid 65534/65534/65534/0"), e.getMessage());
    }

    @Test
    void taskKeepingRootGroup_judged_namesTheGroups() {
        List<TaskView> tasks = tasks();
        tasks.add(task(14, ids(NOBODY), ids(NOBODY), Set.of(0L, NOBODY), 0, 0, 0));

        Verdict e = fails(view(jail, jail, tasks, fds()));

        assertTrue(e.getMessage().contains("task 14 (worker): Groups [0, 65534], expected [65534]"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CapPrm", "CapEff", "CapAmb"})
    void taskWithCapabilities_judged_namesTheSet(String set) {
        List<TaskView> tasks = tasks();
        tasks.add(task(15, ids(NOBODY), ids(NOBODY), GROUPS, set.equals("CapPrm") ? ALL_CAPS : 0,
                set.equals("CapEff") ? ALL_CAPS : 0, set.equals("CapAmb") ? ALL_CAPS : 0));

        Verdict e = fails(view(jail, jail, tasks, fds()));

        assertTrue(e.getMessage().contains("task 15 (worker): " + set + " 000001ffffffffff, expected 0"), e.getMessage());
        assertTrue(e.getMessage().contains("1 violation\n"), e.getMessage());
    }

    @Test
    void directoryFdInsideJail_judged_namesTheFd() {
        List<FdView> fds = fds();
        fds.add(new FdView(9, jail.toString(), true, false, O_RDONLY));

        Verdict e = fails(view(jail, jail, tasks(), fds));

        assertTrue(e.getMessage().contains("fd 9 is a directory (" + jail + ")"), e.getMessage());
    }

    @Test
    void writableRegularFileOutsideJail_judged_namesTheFile() {
        List<FdView> fds = fds();
        fds.add(new FdView(10, "/var/log/host.log", false, true, O_WRONLY));
        fds.add(new FdView(11, "/etc/hosts", false, true, O_RDONLY));

        Verdict e = fails(view(jail, jail, tasks(), fds));

        assertTrue(e.getMessage().contains("fd 10 is open for writing (w) on the regular file /var/log/host.log"
                + " outside the jail"), e.getMessage());
        assertTrue(!e.getMessage().contains("fd 11"), e.getMessage());
    }

    @Test
    void writableFileWithJailAsNamePrefix_judged_countsItOutside() {
        List<FdView> fds = fds();
        fds.add(new FdView(12, jail + "-other/data", false, true, O_RDWR));

        Verdict e = fails(view(jail, jail, tasks(), fds));

        assertTrue(e.getMessage().contains("fd 12 is open for writing (rw)"), e.getMessage());
    }

    @Test
    void noTasks_violations_saysNothingShowsTheIds() {
        List<String> found = JailVerdict.violations(view(jail, jail, new ArrayList<>(), fds()), jail, NOBODY, NOBODY, GROUPS);

        assertEquals(List.of("no task was read: nothing shows the ids of any thread"), found);
    }

    @Test
    void everythingWrong_judged_namesEveryViolation() {
        List<TaskView> tasks = List.of(task(1, ids(0), ids(0), Set.of(0L), ALL_CAPS, ALL_CAPS, 0));
        List<FdView> fds = List.of(new FdView(3, "/", true, false, O_RDONLY),
                new FdView(4, "/var/log/x", false, true, O_WRONLY));

        Verdict e = fails(view(Path.of("/"), Path.of("/root"), tasks, fds));

        String m = e.getMessage();
        assertTrue(m.startsWith("process 4242 is not jailed in " + jail + " as uid 65534 gid 65534 groups [65534]:"
                + " 9 violations"), m);
        for (String part : List.of("root is /", "cwd /root", "task 1 (worker): Uid", "task 1 (worker): Gid",
                "task 1 (worker): Groups [0]", "task 1 (worker): CapPrm", "task 1 (worker): CapEff",
                "fd 3 is a directory (/)", "fd 4 is open for writing")) {
            assertTrue(m.contains(part), "missing \"" + part + "\" in " + m);
        }
        assertEquals(9, m.split("\n  - ").length - 1, m);
    }

    private Verdict fails(ProcessView view) {
        JailVerdict verdict = JailVerdict.of(view, jail, NOBODY, NOBODY, GROUPS);
        assertFalse(verdict.jailed(), verdict.toString());
        assertEquals(verdict.violations(), JailVerdict.violations(view, jail, NOBODY, NOBODY, GROUPS));
        return new Verdict(verdict.toString());
    }

    /** The verdict's text, read as a failure message. */
    private record Verdict(String getMessage) { }

    private static void assertJailed(ProcessView view, Path jail, long uid, long gid, Set<Long> groups) {
        JailVerdict verdict = JailVerdict.of(view, jail, uid, gid, groups);
        assertTrue(verdict.jailed(), verdict.toString());
        assertEquals(List.of(), verdict.violations());
        assertEquals("process 4242 is jailed in " + jail + " as uid " + uid + " gid " + gid + " groups " + groups,
                verdict.toString());
    }

    private static ProcessView view(Path root, Path cwd, List<TaskView> tasks, List<FdView> fds) {
        return new ProcessView(4242, tasks, root, cwd, fds);
    }

    private static List<TaskView> tasks() {
        List<TaskView> tasks = new ArrayList<>();
        tasks.add(task(4242, ids(NOBODY), ids(NOBODY), GROUPS, 0, 0, 0));
        tasks.add(task(4243, ids(NOBODY), ids(NOBODY), GROUPS, 0, 0, 0));
        return tasks;
    }

    private List<FdView> fds() {
        List<FdView> fds = new ArrayList<>();
        fds.add(new FdView(0, "/dev/null", false, false, O_RDWR));
        fds.add(new FdView(1, "pipe:[1001]", false, false, O_WRONLY));
        fds.add(new FdView(3, "/usr/lib/jvm/java-17/lib/modules", false, true, O_RDONLY));
        fds.add(new FdView(5, "socket:[2002]", false, false, O_RDWR));
        fds.add(new FdView(6, jail.resolve("data.log").toString(), false, true, O_WRONLY));
        return fds;
    }

    private static TaskView task(long tid, List<Long> uids, List<Long> gids, Set<Long> groups,
                                 long capPrm, long capEff, long capAmb) {
        return new TaskView(tid, "worker", uids, gids, groups, capPrm, capEff, capAmb, 0, ALL_CAPS, true, 2);
    }

    private static List<Long> ids(long id) {
        return List.of(id, id, id, id);
    }
}
