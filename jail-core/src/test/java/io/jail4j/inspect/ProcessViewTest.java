package io.jail4j.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessViewTest {
    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    @Test
    void ownProcess_of_mainTaskUidAndGidMatchProcSelfStatus() throws IOException {
        StatusFields self = new StatusFields(Files.readString(Path.of("/proc/self/status")));

        ProcessView view = ProcessView.of(SELF);

        TaskView main = view.tasks().stream().filter(t -> t.tid() == SELF).findFirst()
                .orElseThrow(() -> new AssertionError("no task with the pid's id in " + view));
        assertEquals(self.ids("Uid"), main.uids());
        assertEquals(self.ids("Gid"), main.gids());
        assertEquals(Set.copyOf(self.numbers("Groups")), main.groups());
        assertEquals(self.hex("CapEff"), main.capEff());
        assertEquals(SELF, view.pid());
    }

    @Test
    void liveJavaThreads_of_oneTaskEachAtLeastAndTheirNames() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        List<Thread> probes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "pv-probe-" + i);
            t.start();
            probes.add(t);
        }
        try {
            started.await();
            int javaThreads = Thread.getAllStackTraces().size();

            ProcessView view = ProcessView.of(SELF);

            assertTrue(view.tasks().size() >= javaThreads,
                    view.tasks().size() + " tasks read, but " + javaThreads + " Java threads are alive");
            Set<String> names = view.tasks().stream().map(TaskView::name).collect(Collectors.toSet());
            assertTrue(names.containsAll(Set.of("pv-probe-0", "pv-probe-1", "pv-probe-2")), "task names " + names);
        } finally {
            release.countDown();
            for (Thread t : probes) {
                t.join();
            }
        }
    }

    @Test
    @SuppressWarnings("try")
    void openDirectoryStream_of_listsItAsDirectoryFd() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("held-open")).toRealPath();
        ProcessView view;
        try (DirectoryStream<Path> held = Files.newDirectoryStream(dir)) {
            view = ProcessView.of(SELF);
        }

        // a secure directory stream holds two descriptors: its own and the one inside its DIR*
        List<FdView> matching = view.fds().stream().filter(f -> f.target().equals(dir.toString()))
                .collect(Collectors.toList());
        assertFalse(matching.isEmpty(), "no fd on " + dir + " in " + view);
        for (FdView f : matching) {
            assertTrue(f.directory(), f.toString());
            assertFalse(f.regularFile(), f.toString());
            assertFalse(f.writable(), f.toString());
        }
        assertTrue(ProcessView.of(SELF).fds().stream().noneMatch(f -> f.target().equals(dir.toString())),
                "the directory fd is still listed after it was closed");
    }

    @Test
    @SuppressWarnings("try")
    void filesOpenForWritingAndReading_of_flagsOnlyTheWriterWritable() throws IOException {
        Path written = tmp.resolve("written.log").toAbsolutePath();
        Path read = Files.writeString(tmp.resolve("read.txt"), "x").toAbsolutePath();
        ProcessView view;
        try (FileOutputStream out = new FileOutputStream(written.toFile(), true);
             FileInputStream in = new FileInputStream(read.toFile())) {
            view = ProcessView.of(SELF);
        }

        FdView writer = only(view, written.toRealPath().toString());
        FdView reader = only(view, read.toRealPath().toString());
        assertTrue(writer.writable(), writer.toString());
        assertEquals("w", writer.access());
        assertTrue(writer.regularFile(), writer.toString());
        assertFalse(reader.writable(), reader.toString());
        assertEquals("r", reader.access());
        assertTrue(reader.regularFile(), reader.toString());
    }

    @Test
    void ownProcess_of_rootIsSlashAndCwdIsTheWorkingDirectory() throws IOException {
        ProcessView view = ProcessView.of(SELF);

        assertEquals(Path.of("/"), view.root());
        assertEquals(Path.of("").toAbsolutePath().toRealPath(), view.cwd());
        assertTrue(view.toString().startsWith("process " + SELF + ": root /"), view.toString());
    }

    @Test
    void pidAbovePidMax_of_throwsNoSuchFileNamingThePid() throws IOException {
        // sysctl files answer only the first read(2): read them line-wise, not with Files.readString
        long pidMax = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim());
        long missing = pidMax + 1;

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ProcessView.of(missing));

        assertTrue(e.getMessage().contains("no process with pid " + missing), e.getMessage());
    }

    @Test
    void zeroPid_of_throwsIllegalArgumentNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessView.of(0));

        assertTrue(e.getMessage().contains("pid 0"), e.getMessage());
    }

    @Test
    void statusText_parse_readsEveryField() {
        String status = "Name:\tC2 CompilerThre\nUmask:\t0022\nUid:\t65534\t65534\t65534\t65534\n"
                + "Gid:\t65534\t65534\t65534\t65533\nGroups:\t65534 100 \nCapInh:\t0000000000000400\n"
                + "CapPrm:\t0000000000000001\nCapEff:\t0000000000000002\nCapBnd:\t000001ffffffffff\n"
                + "CapAmb:\t0000000000000004\nNoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n";

        TaskView t = TaskView.parse(7, status);

        assertEquals(7, t.tid());
        assertEquals("C2 CompilerThre", t.name());
        assertEquals(List.of(65534L, 65534L, 65534L, 65534L), t.uids());
        assertEquals(List.of(65534L, 65534L, 65534L, 65533L), t.gids());
        assertEquals(Set.of(100L, 65534L), t.groups());
        assertEquals(0x400L, t.capInh());
        assertEquals(1L, t.capPrm());
        assertEquals(2L, t.capEff());
        assertEquals(0x1ffffffffffL, t.capBnd());
        assertEquals(4L, t.capAmb());
        assertTrue(t.noNewPrivs());
        assertEquals(2, t.seccomp());
    }

    @Test
    void emptyGroupsLine_parse_givesNoGroups() {
        String status = "Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t \nCapInh:\t0\nCapPrm:\t0\n"
                + "CapEff:\t0\nCapBnd:\t0\nCapAmb:\t0\nNoNewPrivs:\t0\nSeccomp:\t0\n";

        TaskView t = TaskView.parse(1, status);

        assertTrue(t.groups().isEmpty(), t.groups().toString());
        assertFalse(t.noNewPrivs());
    }

    @Test
    void threeUidSlots_parse_throwsNamingTheField() {
        String status = "Name:\tjava\nUid:\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\n";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskView.parse(1, status));

        assertTrue(e.getMessage().contains("\"Uid:\" has 3 values"), e.getMessage());
    }

    private static FdView only(ProcessView view, String target) {
        List<FdView> matching = view.fds().stream().filter(f -> f.target().equals(target)).collect(Collectors.toList());
        assertEquals(1, matching.size(), "fds on " + target + " in " + view);
        return matching.get(0);
    }
}
