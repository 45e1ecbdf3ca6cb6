package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The descriptor, mapping, child-process, terminal and whereabouts rules of {@code enter()} on
 * the recording fake: every refusal leaves the model unchanged and names what to do; every
 * failure to classify refuses; every wrong place after the chroot halts.
 */
class HandlesTest {
    private static final Path SRV = Path.of("/srv/ftp");
    private static final Jail PLAN = Jail.at(SRV).dropTo("ftp");
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private final FakeOs os = new FakeOs();

    private EntryReport enter(Jail plan) throws JailException {
        return plan.enter(os);
    }

    private <T extends JailException> T refused(Class<T> type, Jail plan) {
        return os.refused(type, plan);
    }

    private int halted(Jail plan) {
        return os.halted(plan).status;
    }

    private static SystemCalls.Fd raw(int fd, String target, int mode, long rdev, int flags, SystemCalls.UnixSocket unix) {
        return new SystemCalls.Fd(fd, target, mode, rdev, FakeOs.identity(target + "#" + fd), flags, unix);
    }

    private static SystemCalls.UnixSocket peer(long pid, String peerName, boolean queued) {
        return new SystemCalls.UnixSocket(1, "", peerName, pid, pid == 0 ? -1 : 0, pid == 0 ? -1 : 0, queued, false);
    }

    private OpenDescriptor judged(EntryReport report, int fd) {
        return report.descriptors().stream().filter(d -> d.fd() == fd).findFirst().orElseThrow();
    }

    // ---- sockets taken from the service manager ------------------------------------------------------

    @Test
    void unixSocketConnectedToRootPeer_takenBySocketActivation_isKeptWithoutKeep() throws Exception {
        os.fds.add(raw(9, "socket:[77]", S_IFSOCK, 0, 2, peer(4242, "", false)));
        OpenDescriptorException e = refused(OpenDescriptorException.class, PLAN.closeFds());
        assertTrue(e.getMessage().contains("fd 9 -> socket:[77]") && e.getMessage().contains("keep(9, why)"),
                "not taken: refused as before: " + e.getMessage());
        InheritedSocket socket = new InheritedSocket(9, "ctl", java.net.StandardProtocolFamily.UNIX, "SOCK_STREAM",
                false, null, "/run/app.sock", true, 77);
        SocketActivation.record(9, socket);
        try {
            FakeOs taken = new FakeOs();
            taken.fds.add(raw(9, "socket:[77]", S_IFSOCK, 0, 2, peer(4242, "", false)));
            assertEquals("kept: handed over by the service manager: fd 9 \"ctl\" (AF_UNIX SOCK_STREAM, connected"
                    + " /run/app.sock)", judged(PLAN.closeFds().enter(taken), 9).reason());
        } finally {
            SocketActivation.forget(9);
        }
    }

    @Test
    void inetSocket_takenBySocketActivation_isKeptAndNamed() throws Exception {
        os.fds.add(raw(10, "socket:[78]", S_IFSOCK, 0, 2, null));
        assertEquals("", judged(enter(PLAN.closeFds()), 10).reason(), "an inet socket is kept anyway");
        InheritedSocket socket = new InheritedSocket(3, "web", java.net.StandardProtocolFamily.INET, "SOCK_STREAM",
                true, null, "127.0.0.1:80", false, 78);
        socket.movedTo(10);
        SocketActivation.record(10, socket);
        try {
            FakeOs taken = new FakeOs();
            taken.fds.add(raw(10, "socket:[78]", S_IFSOCK, 0, 2, null));
            assertEquals("kept: handed over by the service manager: fd 10 (inherited as fd 3) \"web\" (AF_INET"
                    + " SOCK_STREAM, listening 127.0.0.1:80)", judged(PLAN.closeFds().enter(taken), 10).reason());
            FakeOs reused = new FakeOs(); // the number closed and reused for another socket: not kept on its account
            reused.fds.add(raw(10, "socket:[79]", S_IFSOCK, 0, 2, peer(4242, "", false)));
            OpenDescriptorException e = reused.refused(OpenDescriptorException.class, PLAN.closeFds());
            assertTrue(e.getMessage().contains("fd 10 -> socket:[79]"), e.getMessage());
        } finally {
            SocketActivation.forget(10);
        }
    }

    // ---- kernel objects ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"anon_inode:[fanotify]", "anon_inode:[io_uring]", "anon_inode:bpf-map", "anon_inode:[perf_event]",
        "anon_inode:[userfaultfd]", "anon_inode:[pidfd]", "net:[4026531840]", "anon_inode:[something-new]"})
    void kernelObjectNotOnTheAllowList_enter_refusesNamingKeep(String target) {
        os.fds.add(raw(9, target, 0600, 0, 2, null));
        OpenDescriptorException e = refused(OpenDescriptorException.class, PLAN.closeFds());
        assertTrue(e.getMessage().contains("fd 9 -> " + target) && e.getMessage().contains("keep(9, why)"), e.getMessage());
        assertEquals(OpenDescriptor.Kind.ANON_INODE, e.descriptors().get(0).kind());
    }

    @Test
    void fanotifyKeptByNumber_enter_keepsIt() throws Exception {
        os.fds.add(raw(9, "anon_inode:[fanotify]", 0600, 0, 0, null));
        assertEquals("kept: learn mode", judged(enter(PLAN.keep(9, "learn mode")), 9).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"anon_inode:[eventpoll]", "anon_inode:[eventfd]", "anon_inode:[timerfd]", "anon_inode:[signalfd]",
        "anon_inode:inotify", "/memfd:java_heap (deleted)"})
    void eventPlumbingAndMemfds_closeFds_areKeptUntouched(String target) throws Exception {
        os.fds.add(raw(9, target, target.startsWith("/") ? 0100600 : 0600, 0, 2, null));
        EntryReport report = enter(PLAN.closeFds());
        assertEquals(OpenDescriptor.Action.KEPT, judged(report, 9).action());
        assertFalse(os.calls.stream().anyMatch(c -> c.startsWith("dup2")), os.calls.toString());
    }

    // ---- unix sockets ------------------------------------------------------------------------------

    @Test
    void unixSocketWithSomethingQueued_enter_refusesEvenWhenItsPeerIsThisJvm() {
        long self = ProcessHandle.current().pid();
        os.fds.add(raw(11, "socket:[5]", S_IFSOCK, 0, 2, peer(self, "", true)));
        OpenDescriptorException e = refused(OpenDescriptorException.class, PLAN);
        assertTrue(e.getMessage().contains("data or descriptors wait in it") && e.getMessage().contains("keep(11, why)"),
                e.getMessage());
    }

    @Test
    void unixSocketConnectedToAnotherProcessAsRoot_enter_refusesNamingThePeer() {
        os.fds.add(raw(11, "socket:[5]", S_IFSOCK, 0, 2, peer(4242, "/run/dbus/system_bus_socket", false)));
        OpenDescriptorException e = refused(OpenDescriptorException.class, PLAN);
        assertTrue(e.getMessage().contains("connected to process 4242 while root")
                && e.getMessage().contains("peer /run/dbus/system_bus_socket"), e.getMessage());
    }

    @Test
    void unixSocketToAnotherProcessKept_enter_keepsAndReportsThePeer() throws Exception {
        os.fds.add(raw(11, "socket:[5]", S_IFSOCK, 0, 2, peer(4242, "@agent", false)));
        OpenDescriptor d = judged(enter(PLAN.keep(11, "agent")), 11);
        assertEquals("kept: agent", d.reason());
        assertTrue(d.detail().contains("peer @agent") && d.detail().contains("peer pid 4242 uid 0"), d.detail());
    }

    @Test
    void unixSocketPairInsideThisJvm_enter_isKept() throws Exception {
        long self = ProcessHandle.current().pid();
        os.fds.add(raw(11, "socket:[5]", S_IFSOCK, 0, 2, peer(self, "", false)));
        assertEquals(OpenDescriptor.Action.KEPT, judged(enter(PLAN), 11).action());
    }

    @Test
    void standardStreamsToJournald_enter_areKeptAndReported() throws Exception {
        os.fds.add(raw(1, "socket:[7]", S_IFSOCK, 0, 1, peer(1, FdPolicy.JOURNALD_STREAM, false)));
        os.fds.add(raw(2, "socket:[8]", S_IFSOCK, 0, 1, peer(1, FdPolicy.JOURNALD_STREAM, false)));
        EntryReport report = enter(PLAN);
        assertEquals("journald stream", judged(report, 1).reason());
        assertEquals(OpenDescriptor.Kind.STANDARD, judged(report, 2).kind());
    }

    @Test
    void standardStreamToAnotherRootProcess_enter_refuses() {
        os.fds.add(raw(1, "socket:[7]", S_IFSOCK, 0, 1, peer(77, "/run/other/stdout", false)));
        assertTrue(refused(OpenDescriptorException.class, PLAN).getMessage().contains("fd 1 -> socket:[7]"));
    }

    @Test
    void capabilityOnlyCallerConnectedToAnotherProcess_enter_keepsIt() throws Exception {
        os.ruid = 999;
        os.euid = 999;
        os.suid = 999;
        os.fds.add(raw(11, "socket:[5]", S_IFSOCK, 0, 2, peer(4242, "/run/x", false)));
        assertEquals(OpenDescriptor.Action.KEPT, judged(enter(PLAN), 11).action(), "the peer saw uid 999, not root");
    }

    // ---- files ---------------------------------------------------------------------------------------

    @Test
    void writableFileUnderJavaHome_enter_isRefusedWithoutCloseFdsAndNeutralisedWithIt() throws Exception {
        String jimage = System.getProperty("java.home") + "/lib/modules";
        os.fds.add(raw(12, jimage, 0100644, 0, 2, null));
        assertTrue(refused(OpenDescriptorException.class, PLAN).getMessage().contains("fd 12 -> " + jimage));
        EntryReport report = enter(PLAN.closeFds());
        assertEquals(OpenDescriptor.Action.NEUTRALISED, judged(report, 12).action());
    }

    @Test
    void writableDevNullByDeviceNumber_enter_isKept() throws Exception {
        os.fds.add(raw(12, "/dev/null", S_IFCHR | 0666, 259, 2, null));
        assertEquals("harmless device", judged(enter(PLAN), 12).reason());
    }

    @Test
    void standardStreamOnATerminalWithAppend_enter_isReported() throws Exception {
        os.fds.add(raw(1, "/dev/pts/3", S_IFCHR | 0620, (136 << 8) | 3, 02001, null));
        assertEquals("terminal, writable, O_APPEND", judged(enter(PLAN), 1).detail());
    }

    @Test
    void listingFails_enter_refusesUnchanged() {
        os.fail("listFds", Errnos.EIO);
        SystemCallException e = refused(SystemCallException.class, PLAN);
        assertEquals(Errnos.EIO, e.errno());
    }

    @Test
    void numberReusedAfterTheListing_enter_refusesNamingIt() {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, false));
        os.reused.add(8);
        OpenDescriptorException e = refused(OpenDescriptorException.class, PLAN.closeFds());
        assertTrue(e.getMessage().contains("fd 8 now names"), e.getMessage());
    }

    @Test
    void descriptorOpenedOnceAfterTheListing_enter_judgesAgainAndNeutralisesIt() throws Exception {
        os.openedAfterListing.add(FakeOs.fd(17, "/etc/app.conf", OpenDescriptor.Kind.FILE, false));
        os.children.add(new SystemCalls.Child(556, "helper", 1001, 1001));
        EntryReport report = enter(PLAN.closeFds());
        assertEquals(OpenDescriptor.Action.NEUTRALISED, judged(report, 17).action());
        assertEquals(2, os.calls.stream().filter("listFds()"::equals).count(), os.calls.toString());
        assertEquals(1, report.notes().stream().filter(n -> n.startsWith("child process 556")).count(),
                "notes of the first judgement are not repeated: " + report.notes());
    }

    @Test
    void descriptorsThatKeepChanging_enter_refusesNamingThem() {
        os.reused.add(3); // the runtime image's number names another file at every check
        OpenDescriptorException e = refused(OpenDescriptorException.class, PLAN.closeFds());
        assertTrue(e.getMessage().contains("fd 3 now names"), e.getMessage());
        assertEquals(3, os.calls.stream().filter("listFds()"::equals).count(), os.calls.toString());
    }

    /** A logging thread that closes a rolled-over file during enter(): nothing is left to neutralise. */
    @Test
    void judgedFileClosedPastThePointOfNoReturn_enter_skipsItAndEnters() throws Exception {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, true));
        os.fds.add(FakeOs.fd(9, "/var/log/app.1.log", OpenDescriptor.Kind.FILE, true));
        os.closedAfterEntry.add(8);
        enter(PLAN.closeFds());
        assertTrue(os.calls.stream().anyMatch(c -> c.matches("dup2\\(\\d+, 9\\)")), os.calls.toString());
        assertFalse(os.calls.stream().anyMatch(c -> c.matches("dup2\\(\\d+, 8\\)")), os.calls.toString());
    }

    /** The closed number taken by enter()'s own /dev/null: that is not a stranger's file. */
    @Test
    void judgedFileClosedAndItsNumberTakenByOurDevNull_enter_entersWithoutHalting() throws Exception {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, true));
        os.devNullNumber = 8;
        os.reusedAfterEntry.add(8);
        enter(PLAN.closeFds());
        assertFalse(os.calls.stream().anyMatch(c -> c.matches("dup2\\(\\d+, 8\\)")), os.calls.toString());
    }

    @Test
    void numberReusedPastThePointOfNoReturn_enter_haltsInCloseFds() {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, false));
        os.reusedAfterEntry.add(8);
        assertEquals(90, halted(PLAN.closeFds()));
        assertFalse(os.calls.stream().anyMatch(c -> c.startsWith("dup2")), os.calls.toString());
        assertTrue(os.stderr.toString().contains("descriptor 8 now names"), os.stderr.toString());
    }

    // ---- mappings and children ---------------------------------------------------------------------

    @Test
    void sharedWritableMappingOfAHostFile_enter_refusesNamingTheOption() {
        os.mappings.add(new SystemCalls.Mapping("7f00-7f10", "/var/lib/app/state.db"));
        SharedMappingException e = refused(SharedMappingException.class, PLAN.closeFds());
        assertEquals(List.of("/var/lib/app/state.db at 7f00-7f10"), e.mappings());
        assertTrue(e.getMessage().contains("insecureKeepWritable(path, why)"), e.getMessage());
    }

    @Test
    void sharedWritableMappingKeptInsecurely_enter_warns() throws Exception {
        os.mappings.add(new SystemCalls.Mapping("7f00-7f10", "/var/lib/app/state.db"));
        EntryReport report = enter(PLAN.insecureKeepWritable(Path.of("/var/lib/app/state.db"), "shared state"));
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("INSECURE: /var/lib/app/state.db stays mapped")),
                report.warnings().toString());
    }

    @Test
    void perfDataJailAndAnonymousMappings_enter_areReportedNotRefused() throws Exception {
        os.mappings.add(new SystemCalls.Mapping("1-2", "/tmp/hsperfdata_root/4242"));
        os.mappings.add(new SystemCalls.Mapping("3-4", "/srv/ftp/var/cache.bin"));
        os.mappings.add(new SystemCalls.Mapping("5-6", "/memfd:java_heap (deleted)"));
        os.mappings.add(new SystemCalls.Mapping("7-8", "/dev/zero (deleted)"));
        EntryReport report = enter(PLAN);
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("-XX:+PerfDisableSharedMem")), report.notes().toString());
    }

    @Test
    void childRunningAsRoot_enter_refusesNamingPidAndOption() {
        os.children.add(new SystemCalls.Child(555, "sh", 0, 0));
        ChildProcessException e = refused(ChildProcessException.class, PLAN);
        assertEquals(List.of(555L), e.pids());
        assertTrue(e.getMessage().contains("pid 555 (sh, uid 0, euid 0)")
                && e.getMessage().contains("insecureAllowChildProcesses(why)"), e.getMessage());
    }

    @Test
    void childRunningAsRootAllowed_enter_warnsAndChildAsTargetIsNoted() throws Exception {
        os.children.add(new SystemCalls.Child(555, "sh", 0, 0));
        os.children.add(new SystemCalls.Child(556, "helper", 1001, 1001));
        EntryReport report = enter(PLAN.insecureAllowChildProcesses("log shipper"));
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("INSECURE: child process 555")), report.warnings().toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("child process 556")), report.notes().toString());
    }

    @Test
    void threadWithItsOwnRoot_enter_refusesNamingIt() {
        os.privateContexts.put(101L, "its own root and working directory (unshare(CLONE_FS))");
        JailStateException e = refused(JailStateException.class, PLAN);
        assertTrue(e.getMessage().contains("thread 101 has its own root"), e.getMessage());
    }

    @Test
    void kernelWithoutKcmp_enter_refusesUnchanged() {
        os.fail("kcmp", 38);
        assertEquals(38, refused(SystemCallException.class, PLAN).errno());
    }

    // ---- terminal and signals -----------------------------------------------------------------------

    @Test
    void controllingTerminal_enter_detachesItAfterThePointOfNoReturnBeforeTheChroot() throws Exception {
        os.terminal = new SystemCalls.Terminal(34819, false);
        enter(PLAN);
        int detach = os.calls.indexOf("ioctl(TIOCNOTTY)");
        assertTrue(detach > os.calls.indexOf("holdSignals()") && detach < os.calls.indexOf("chroot(fd 42)"),
                os.calls.toString());
        assertEquals(0, os.terminal.ttyNr());
    }

    @Test
    void sessionLeaderWhoseHangupWouldEndIt_enter_refuses() {
        os.terminal = new SystemCalls.Terminal(34819, true);
        os.hangupSafe = false;
        assertTrue(refused(JailStateException.class, PLAN).getMessage().contains("leads its session"));
    }

    @Test
    void signalsHeld_enter_coversTheWholeIrreversibleWindow() throws Exception {
        enter(PLAN);
        int hold = os.calls.indexOf("holdSignals()");
        int release = os.calls.indexOf("releaseSignals([])");
        assertTrue(hold > os.calls.indexOf("terminal()") && hold < os.calls.indexOf("fchdir(42)")
                && release > os.calls.lastIndexOf("directoryDescriptors(64)"),
                os.calls.toString());
    }

    // ---- whereabouts ----------------------------------------------------------------------------------

    @Test
    void chrootThatDidNotTakeEffect_enter_haltsInChroot() {
        os.ignore("chroot");
        assertEquals(91, halted(PLAN));
        assertTrue(os.stderr.toString().contains("the process root is"), os.stderr.toString());
    }

    @Test
    void workingDirectoryMovedByAnotherThreadAfterTheDrop_enter_haltsInVerify() {
        os.cwdAfterDrop = "/etc";
        assertEquals(97, halted(PLAN));
        assertTrue(os.stderr.toString().contains("the working directory is"), os.stderr.toString());
    }

    @Test
    void descriptorUnreadableInTheSweep_enter_haltsInVerify() {
        os.fail("directoryDescriptors", Errnos.EIO);
        assertEquals(97, halted(PLAN));
        assertTrue(os.stderr.toString().contains("EIO"), os.stderr.toString());
    }

    @Test
    void directoryOpenedInsideTheJailByAnotherThread_enter_isNoEscape() throws Exception {
        os.lateInsideDirectories.add(13);
        enter(PLAN);
        assertTrue(os.calls.contains("underRoot(13)"), os.calls.toString());
    }

    @Test
    void threadExitingDuringTheWindow_enter_isCountedAsExited() throws Exception {
        os.exitingTasks.add(102L);
        EntryReport report = enter(PLAN);
        assertEquals(1, report.threadsExited());
        assertEquals(2, report.threadsVerified());
    }

    // ---- the syscall policy -------------------------------------------------------------------------

    @Test
    void defaultPlan_enter_installsTheFullPolicyAndReportsIt() throws Exception {
        EntryReport report = enter(PLAN);
        assertArrayEquals(SyscallPolicy.of(SyscallPolicy.current(), Set.of()).program(), os.installedProgram);
        assertEquals(SyscallPolicy.of(SyscallPolicy.current(), Set.of()).describe(), report.policy());
        assertTrue(report.toJson().contains("\"policy\":[\"") && report.toString().contains("syscall policy"));
    }

    @Test
    void liftedRule_enter_installsThePolicyWithoutItAndWarnsLoudly() throws Exception {
        EntryReport report = enter(PLAN.insecureAllow(SyscallRule.UNIX_SOCKETS, "syslog on /dev/log"));
        assertArrayEquals(SyscallPolicy.of(SyscallPolicy.current(), Set.of(SyscallRule.UNIX_SOCKETS)).program(),
                os.installedProgram);
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("INSECURE: syscall rule UNIX_SOCKETS lifted")
                && w.contains("syslog on /dev/log")), report.warnings().toString());
        assertTrue(PLAN.insecureAllow(SyscallRule.UNIX_SOCKETS, "x").toString().contains("INSECURE allow UNIX_SOCKETS"));
    }

    @Test
    void liftingWithoutAReason_insecureAllow_throws() {
        assertThrows(IllegalArgumentException.class, () -> PLAN.insecureAllow(SyscallRule.BPF, " "));
        assertThrows(IllegalArgumentException.class, () -> PLAN.insecureAllowChildProcesses(""));
    }
}
