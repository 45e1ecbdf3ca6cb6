package io.jail4j;

import io.jail4j.internal.LinuxAbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryTest {
    private static final Path SRV = Path.of("/srv/ftp");
    private static final String SECCOMP = "Seccomp:\t0\nSeccomp_filters:\t0\n";
    private final FakeOs os = new FakeOs();

    private EntryReport enter(Jail plan) throws JailException {
        return plan.enter(os);
    }

    private <T extends JailException> T refused(Class<T> type, Jail plan) {
        return os.refused(type, plan);
    }

    private FakeOs.Halted halted(Jail plan) {
        return os.halted(plan);
    }

    @Test
    void rootCaller_enter_makesTheCallsInTheOneOrder() throws Exception {
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        List<String> expected = List.of(
                "getpwnam_r(\"ftp\")", "getgrouplist(\"ftp\", 1001)",
                "open(\"/\")", "fstat(40)", "openat(40, \"srv\")", "close(40)", "fstat(41)",
                "openat(41, \"ftp\")", "close(41)", "fstat(42)", "watchTasks()", "kcmp(100)", "kcmp(101)", "kcmp(102)", "identify(42)", "prepareChroot(42)", "listFds()",
                "sharedWritableMappings()", "children()", "terminal()", "holdSignals()",
                "rehearse()", "warmRounds()", "openDescriptors(64)", "identify(0)", "identify(3)",
                "markEntered()", "fchdir(42)", "chroot(fd 42)", "chdir(\"/\")", "close(42)", "identify(\"/\")", "identify(\".\")",
                "setenv(\"PWD\", \"/\")", "setenv(\"HOME\", \"/home/ftp\")", "setenv(\"USER\", \"ftp\")",
                "setenv(\"LOGNAME\", \"ftp\")", "setenv(\"SHELL\", \"/usr/sbin/nologin\")",
                "setgroups([1001, 2001, 2002])", "setresgid(1001, 1001, 1001)", "setresuid(1001, 1001, 1001)",
                "noNewPrivsOnEveryThread()", "setuid(0)", "setgid(0)", "seteuid(0)", "setgroups([0])",
                "directoryDescriptors(64)", "identify(\"/\")", "identify(\".\")", "releaseSignals([])",
                "closeTask(100)", "closeTask(101)", "closeTask(102)");
        assertEquals(expected, os.calls);
        assertEquals("/srv/ftp", os.root);
        assertEquals("/srv/ftp", os.cwd);
        assertEquals(new Credentials(1001, 1001, 1001, 1001, 1001, 1001, Set.of(1001L, 2001L, 2002L)), os.creds());
        assertEquals(0, os.caps);
        assertEquals(3, report.threadsVerified());
        assertEquals(Set.of(1001L, 2001L, 2002L), report.target().groups());
        assertEquals(report.after(), os.creds());
    }

    @Test
    void anyBuilderOrder_enter_makesTheSameCalls() throws Exception {
        Runnable noop = () -> { };
        FakeOs other = new FakeOs();
        Jail.at(SRV).preload(noop).closeFds().dropTo("ftp").enter(os);
        Jail.at(SRV).dropTo("ftp").closeFds().preload(noop).enter(other);
        assertEquals(os.calls, other.calls);
    }

    @Test
    void capabilityOnlyCaller_enter_passesThroughUidZeroSoCapsAreCleared() throws Exception {
        os.ruid = os.euid = os.suid = 999;
        os.caps = (1L << 6) | (1L << 7) | (1L << 18);
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        int zero = os.calls.indexOf("setresuid(0, 0, 0)");
        int target = os.calls.indexOf("setresuid(1001, 1001, 1001)");
        assertTrue(zero >= 0 && zero < target, os.calls.toString());
        assertEquals(0, os.caps);
        assertTrue(os.calls.contains("setuid(999)"), "the old uid must be tried too: " + os.calls);
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("capability-only")), report.notes().toString());
    }

    @Test
    void unknownUser_enter_throwsNamingTheUser() {
        UnknownUserException e = refused(UnknownUserException.class, Jail.at(SRV).dropTo("ghost"));
        assertEquals("ghost", e.user());
        assertTrue(e.getMessage().contains("\"ghost\""), e.getMessage());
    }

    @Test
    void userWithUidZero_enter_throwsInvalidTarget() {
        os.users.put("toor", new SystemCalls.Passwd("toor", 0, 100, "/", "/bin/sh"));
        InvalidTargetException e = refused(InvalidTargetException.class, Jail.at(SRV).dropTo("toor"));
        assertTrue(e.getMessage().contains("toor") && e.getMessage().contains("uid 0"), e.getMessage());
    }

    @Test
    void userWithGidZeroOrInGroupZero_enter_throwsInvalidTarget() {
        os.users.put("op", new SystemCalls.Passwd("op", 500, 0, "/", "/bin/sh"));
        assertTrue(refused(InvalidTargetException.class, Jail.at(SRV).dropTo("op")).getMessage().contains("gid 0"));
        os.users.put("wheelie", new SystemCalls.Passwd("wheelie", 501, 501, "/", "/bin/sh"));
        os.groupLists.put("wheelie", new long[] {501, 0});
        assertTrue(refused(InvalidTargetException.class, Jail.at(SRV).dropTo("wheelie")).getMessage().contains("group 0"));
    }

    @ParameterizedTest
    @CsvSource({"18, CAP_SYS_CHROOT", "7, CAP_SETUID", "6, CAP_SETGID"})
    void rootWithoutOneCapability_enter_throwsNamingIt(int cap, String name) {
        os.caps = FakeOs.ALL_CAPS & ~(1L << cap);
        MissingCapabilityException e = refused(MissingCapabilityException.class, Jail.at(SRV).dropTo("ftp"));
        assertEquals(List.of(name), e.missing());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void unprivilegedProcess_enter_throwsAlreadyUnprivileged() {
        os.ruid = os.euid = os.suid = 1000;
        os.rgid = os.egid = os.sgid = 1000;
        os.caps = 0;
        JailStateException e = refused(JailStateException.class, Jail.at(SRV).dropTo("ftp"));
        assertTrue(e.getMessage().contains("already unprivileged"), e.getMessage());
    }

    @Test
    void secondEnter_enter_throwsJailState() throws Exception {
        enter(Jail.at(SRV).dropTo("ftp"));
        os.caps = FakeOs.ALL_CAPS;
        JailStateException e = assertThrows(JailStateException.class, () -> enter(Jail.at(SRV).dropTo("ftp")));
        assertTrue(e.getMessage().contains("already entered"), e.getMessage());
    }

    @Test
    void missingJail_enter_throwsNamingIt() {
        JailPathException e = refused(JailPathException.class, Jail.at(Path.of("/srv/none")).dropTo("ftp"));
        assertEquals(Path.of("/srv/none"), e.path());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void jailIsAFile_enter_throwsNotADirectory() {
        os.file("/srv/file");
        JailPathException e = refused(JailPathException.class, Jail.at(Path.of("/srv/file")).dropTo("ftp"));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void symlinkedJailOrAncestor_enter_throwsNamingTheLink() {
        os.symlink("/srv/link");
        JailPathException e = refused(JailPathException.class, Jail.at(Path.of("/srv/link")).dropTo("ftp"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        os.symlink("/data");
        e = refused(JailPathException.class, Jail.at(Path.of("/data/ftp")).dropTo("ftp"));
        assertEquals(Path.of("/data"), e.path());
        assertTrue(e.getMessage().contains("ancestor /data") && e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void jailNotOwnedByRoot_enter_throwsNamingOwner() {
        os.dir("/srv/ftp", 1001, 0, 0755);
        JailPathException e = refused(JailPathException.class, Jail.at(SRV).dropTo("ftp"));
        assertTrue(e.getMessage().contains("owned by uid 1001"), e.getMessage());
    }

    @Test
    void ancestorNotOwnedByRoot_enter_throwsNamingAncestor() {
        os.dir("/srv", 1001, 0, 0755);
        JailPathException e = refused(JailPathException.class, Jail.at(SRV).dropTo("ftp"));
        assertEquals(Path.of("/srv"), e.path());
        assertTrue(e.getMessage().contains("ancestor /srv"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"/srv/ftp, 0775, group", "/srv/ftp, 0757, others", "/srv, 0777, group and others", "/srv/ftp, 1777, group and others"})
    void writableJailOrAncestor_enter_throwsNamingModeAndWho(String path, String mode, String who) {
        os.dir(path, 0, 0, Integer.parseInt(mode, 8));
        JailPathException e = refused(JailPathException.class, Jail.at(SRV).dropTo("ftp"));
        assertEquals(Path.of(path), e.path());
        assertTrue(e.getMessage().contains("writable by " + who) && e.getMessage().contains("mode " + mode), e.getMessage());
    }

    @Test
    void stickyRootOwnedAncestor_enter_isAcceptedAndNoted() throws Exception {
        os.dir("/tmp/jail", 0, 0, 0755);
        EntryReport report = enter(Jail.at(Path.of("/tmp/jail")).dropTo("ftp"));
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("sticky ancestor /tmp")), report.notes().toString());
    }

    @Test
    void stickyAncestorNotOwnedByRoot_enter_throws() {
        os.dir("/tmp", 1000, 0, 01777);
        os.dir("/tmp/jail", 0, 0, 0755);
        refused(JailPathException.class, Jail.at(Path.of("/tmp/jail")).dropTo("ftp"));
    }

    @Test
    void jailNotSearchableByTarget_enter_warns() throws Exception {
        os.dir("/srv/ftp", 0, 0, 0700);
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("not searchable")), report.warnings().toString());
    }

    @Test
    void openDirectoryFd_enter_refusesWithOrWithoutCloseFds() {
        os.fds.add(FakeOs.fd(7, "/etc", OpenDescriptor.Kind.DIRECTORY, false));
        for (Jail plan : List.of(Jail.at(SRV).dropTo("ftp"), Jail.at(SRV).dropTo("ftp").closeFds())) {
            OpenDescriptorException e = refused(OpenDescriptorException.class, plan);
            assertEquals(7, e.descriptors().get(0).fd());
            assertTrue(e.getMessage().contains("fd 7 -> /etc (an open directory is a way out"), e.getMessage());
        }
    }

    @Test
    void strayFileFd_closeFds_pointsItAtDevNullAndKeepsTheRest() throws Exception {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, false));
        os.fds.add(FakeOs.fd(9, "/srv/ftp/pub/x", OpenDescriptor.Kind.FILE, true));
        os.fds.add(FakeOs.fd(10, "socket:[77]", OpenDescriptor.Kind.SOCKET, true));
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp").closeFds());
        assertTrue(os.calls.contains("dup2(43, 8)"), os.calls.toString());
        assertFalse(os.calls.stream().anyMatch(c -> c.matches("dup2\\(\\d+, (9|10|0|3)\\)")), os.calls.toString());
        assertTrue(os.calls.indexOf("dup2(43, 8)") < os.calls.indexOf("chroot(fd 42)"));
        assertEquals(OpenDescriptor.Action.NEUTRALISED, report.descriptors().stream().filter(d -> d.fd() == 8).findFirst().get().action());
    }

    @Test
    void strayFileFdWithoutCloseFds_enter_keepsItAndWarns() throws Exception {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, false));
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        assertFalse(os.calls.stream().anyMatch(c -> c.startsWith("dup2")));
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("fd 8") && w.contains("closeFds()")), report.warnings().toString());
        assertEquals("read-only host file", report.descriptors().stream().filter(d -> d.fd() == 8).findFirst().get().reason());
    }

    @Test
    void writableHostFileWithoutCloseFds_enter_refusesNamingIt() {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, true));
        OpenDescriptorException e = refused(OpenDescriptorException.class, Jail.at(SRV).dropTo("ftp"));
        assertTrue(e.getMessage().contains("fd 8 -> /var/log/app.log (writable host file outside the jail"), e.getMessage());
    }

    @Test
    void writableHostFileKeptWithPlainKeep_enter_refusesPointingToTheInsecureOption() {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, true));
        OpenDescriptorException e = refused(OpenDescriptorException.class,
                Jail.at(SRV).dropTo("ftp").closeFds().keep(Path.of("/var/log/app.log"), "log"));
        assertTrue(e.getMessage().contains("insecureKeepWritable(/var/log/app.log, why)"), e.getMessage());
    }

    @Test
    void writableHostFileKeptInsecurely_enter_keepsItAndWarnsLoudly() throws Exception {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, true));
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp").closeFds()
                .insecureKeepWritable(Path.of("/var/log/app.log"), "application log"));
        assertFalse(os.calls.stream().anyMatch(c -> c.startsWith("dup2")), os.calls.toString());
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("INSECURE: fd 8") && w.contains("application log")),
                report.warnings().toString());
    }

    @Test
    void readOnlyHostFileKeptByNumber_closeFds_keepsItWithTheReason() throws Exception {
        os.fds.add(FakeOs.fd(8, "/etc/app.conf", OpenDescriptor.Kind.FILE, false));
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp").closeFds().keep(8, "config reloads"));
        assertFalse(os.calls.stream().anyMatch(c -> c.startsWith("dup2")), os.calls.toString());
        assertEquals("kept: config reloads", report.descriptors().stream().filter(d -> d.fd() == 8).findFirst().get().reason());
    }

    @Test
    void directoryOpenedByAnotherThreadDuringEntry_enter_halts() {
        os.lateDirectories.add(12);
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("descriptor 12 is a directory outside the jail after the drop"),
                os.stderr.toString());
    }

    @Test
    void clearEnvironmentExcept_enter_clearsThenRestoresKeptAndSetsTheTargets() throws Exception {
        os.env.put("TZ", "UTC");
        os.env.put("SECRET", "x");
        enter(Jail.at(SRV).dropTo("ftp").clearEnvironmentExcept("TZ", "LANG"));
        assertEquals("{TZ=UTC, PWD=/, HOME=/home/ftp, USER=ftp, LOGNAME=ftp, SHELL=/usr/sbin/nologin}", os.env.toString());
        assertTrue(os.calls.indexOf("clearenv()") < os.calls.indexOf("setenv(\"TZ\", \"UTC\")"), os.calls.toString());
    }

    @Test
    void homeOutsideTheJail_enter_setsHomeToRoot() throws Exception {
        enter(Jail.at(SRV).dropTo("nobody"));
        assertEquals("/", os.env.get("HOME"));
    }

    @Test
    void preloads_enter_runInOrderBeforeTheFdListing() throws Exception {
        List<String> ran = new ArrayList<>();
        Runnable first = () -> ran.add("first:" + os.calls.size());
        Runnable second = () -> ran.add("second");
        enter(Jail.at(SRV).preload(first, second).dropTo("ftp"));
        assertEquals(List.of("first:2", "second"), ran);
    }

    @Test
    void failingPreload_enter_throwsNamingTheAction() {
        Runnable ok = () -> { };
        Runnable bad = new Runnable() {
            @Override
            public void run() {
                throw new IllegalStateException("no config");
            }

            @Override
            public String toString() {
                return "read /etc/app.conf";
            }
        };
        PreloadException e = refused(PreloadException.class, Jail.at(SRV).preload(ok, bad).dropTo("ftp"));
        assertEquals(1, e.index());
        assertEquals("read /etc/app.conf", e.action());
        assertTrue(e.getMessage().contains("preload #2 (read /etc/app.conf)") && e.getMessage().contains("no config"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    @ParameterizedTest
    @CsvSource({
        "fchdir, 1, 91, CHROOT", "chroot, 1, 91, CHROOT", "chdir, 2, 91, CHROOT",
        "setenv, 12, 92, ENVIRONMENT", "setgroups(, 1, 93, SETGROUPS", "setresgid, 11, 94, SETRESGID",
        "setresuid, 11, 95, SETRESUID", "noNewPrivsOnEveryThread, 22, 96, NO_NEW_PRIVS"})
    void failureAfterPointOfNoReturn_enter_haltsWithTheStepsCode(String call, int errno, int code, String step) {
        os.fail(call, errno);
        FakeOs.Halted h = halted(Jail.at(SRV).dropTo("ftp"));
        assertEquals(code, h.status);
        String failing = os.calls.stream().filter(c -> c.startsWith(call)).findFirst().orElseThrow();
        assertEquals(List.of(failing, "write(2)", "_exit(" + code + ")"), os.calls.subList(os.calls.size() - 3, os.calls.size()),
                "nothing may run between the failing call and the exit");
        assertTrue(os.stderr.toString().startsWith("jail4j: halted at step " + step), os.stderr.toString());
        assertTrue(os.stderr.toString().contains(failing) && os.stderr.toString().contains(Native.errnoText(errno)), os.stderr.toString());
        assertTrue(os.stderr.toString().endsWith("\n") && os.stderr.toString().indexOf('\n') == os.stderr.length() - 1, "one line");
    }

    @Test
    void devNullUnavailable_closeFds_haltsWithCloseFdsCode() {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, false));
        os.fail("open(\"/dev/null\")", 24);
        assertEquals(90, halted(Jail.at(SRV).dropTo("ftp").closeFds()).status);
        assertFalse(os.calls.stream().anyMatch(c -> c.startsWith("chroot")));
    }

    @Test
    void silentlyIgnoredSetresuid_enter_isCaughtByTheProof() {
        os.ignore("setresuid");
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("getresuid() = 0/0/0, expected 1001"), os.stderr.toString());
    }

    @Test
    void silentlyIgnoredSetgroups_enter_isCaughtByTheProof() {
        os.ignore("setgroups([1001");
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("getgroups()"), os.stderr.toString());
    }

    @Test
    void regainThatSucceeds_enter_halts() {
        os.ignore("setuid(0)");
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("setuid(0) succeeded after the drop"), os.stderr.toString());
    }

    @Test
    void threadStillRoot_enter_haltsNamingTheThread() {
        os.taskAfterEntry.put(101L, "Uid:\t0\t0\t0\t0\nGid:\t1001\t1001\t1001\t1001\nGroups:\t1001 2001 2002\n"
                + "CapPrm:\t0\nCapEff:\t0\nCapAmb:\t0\nNoNewPrivs:\t1\n" + SECCOMP);
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("thread 101: Uid 0 0 0 0, expected 1001 in all four slots"), os.stderr.toString());
    }

    @Test
    void threadKeepingCapabilities_enter_halts() {
        os.taskAfterEntry.put(102L, "Uid:\t1001\t1001\t1001\t1001\nGid:\t1001\t1001\t1001\t1001\nGroups:\t1001 2001 2002\n"
                + "CapPrm:\t0\nCapEff:\t00000000000000c0\nCapAmb:\t0\nNoNewPrivs:\t1\n" + SECCOMP);
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("thread 102: CapEff c0, expected 0"), os.stderr.toString());
    }

    @Test
    void threadWithoutNoNewPrivs_enter_halts() {
        os.taskAfterEntry.put(100L, "Uid:\t1001\t1001\t1001\t1001\nGid:\t1001\t1001\t1001\t1001\nGroups:\t1001 2001 2002\n"
                + "CapPrm:\t0\nCapEff:\t0\nCapAmb:\t0\nNoNewPrivs:\t0\n" + SECCOMP);
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("thread 100: NoNewPrivs 0, expected 1"), os.stderr.toString());
    }

    @Test
    void keepCapsSecurebit_enter_refusesNamingIt() {
        os.securebits = LinuxAbi.SECBIT_KEEP_CAPS;
        JailStateException e = refused(JailStateException.class, Jail.at(SRV).dropTo("ftp"));
        assertTrue(e.getMessage().contains("SECBIT_KEEP_CAPS"), e.getMessage());
    }

    @Test
    void kernelWithoutSeccomp_enter_refuses() {
        os.seccompSupported = false;
        JailStateException e = refused(JailStateException.class, Jail.at(SRV).dropTo("ftp"));
        assertTrue(e.getMessage().contains("no seccomp support"), e.getMessage());
    }

    @Test
    void threadsWithDifferentSeccompFilters_enter_refusesBeforeThePointOfNoReturn() {
        os.taskBeforeEntry.put(102L, os.statusText().replace("Seccomp:\t0\nSeccomp_filters:\t0", "Seccomp:\t2\nSeccomp_filters:\t1"));
        JailStateException e = refused(JailStateException.class, Jail.at(SRV).dropTo("ftp"));
        assertTrue(e.getMessage().contains("thread 102: 2/1"), e.getMessage());
        assertTrue(os.calls.contains("closeTask(100)"), "status files are closed on refusal: " + os.calls);
    }

    @Test
    void threadWithoutCapSetuid_enter_refusesNamingIt() {
        os.taskBeforeEntry.put(101L, os.statusText().replace("CapEff:\t" + String.format("%016x", FakeOs.ALL_CAPS),
                "CapEff:\t" + String.format("%016x", FakeOs.ALL_CAPS & ~(1L << 7))));
        MissingCapabilityException e = refused(MissingCapabilityException.class, Jail.at(SRV).dropTo("ftp"));
        assertEquals(List.of("CAP_SETUID"), e.missing());
        assertTrue(e.getMessage().contains("thread 101 (java) lacks CAP_SETUID"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"setgid(0), setgid(0) succeeded", "seteuid(0), seteuid(0) succeeded",
        "setgroups([0]), setgroups(1, [0]) succeeded"})
    void anyRegainProbeThatSucceeds_enter_halts(String probe, String message) {
        os.ignore(probe);
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains(message), os.stderr.toString());
    }

    @Test
    void capabilityOnlyCallerWhoCanReturnToItsOldUid_enter_halts() {
        os.ruid = os.euid = os.suid = 999;
        os.caps = (1L << 6) | (1L << 7) | (1L << 18);
        os.ignore("setuid(999)");
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("setuid(999) succeeded"), os.stderr.toString());
    }

    @Test
    void threadWithOnlyCapEffLeftInTheRealFormat_enter_halts() {
        os.taskAfterEntry.put(101L, dropped().replace("CapEff:\t0000000000000000", "CapEff:\t00000000000000c0"));
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("thread 101: CapEff c0, expected 0"), os.stderr.toString());
    }

    @Test
    void threadWithOnlyCapPrmLeftInTheRealFormat_enter_halts() {
        os.taskAfterEntry.put(102L, dropped().replace("CapPrm:\t0000000000000000", "CapPrm:\t0000000000000040"));
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("thread 102: CapPrm 40, expected 0"), os.stderr.toString());
    }

    @Test
    void threadWithAnInheritableSet_enter_entersAndReportsIt() throws Exception {
        os.taskAfterEntry.put(101L, dropped().replace("CapInh:\t0000000000000000", "CapInh:\t00000000000400c0"));
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("CapInh 400c0 remains on 1 thread(s)")),
                report.notes().toString());
    }

    /** A dropped thread's status in the kernel's format, as the fake renders it. */
    private static String dropped() {
        FakeOs after = new FakeOs();
        after.ruid = after.euid = after.suid = 1001;
        after.rgid = after.egid = after.sgid = 1001;
        after.groups = new java.util.TreeSet<>(List.of(1001L, 2001L, 2002L));
        after.caps = 0;
        after.noNewPrivs = true;
        return after.statusText();
    }

    @Test
    void unexpectedExceptionPastThePointOfNoReturn_enter_haltsNamingIt() {
        os.explodeOn = "setenv(\"HOME\"";
        assertEquals(92, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("exit 92: java.lang.IllegalStateException: boom in setenv(\"HOME\""),
                os.stderr.toString());
    }

    @Test
    void everyThreadGone_enter_sweepsAGenerousDescriptorRange() throws Exception {
        os.exitedTasks.addAll(os.tids);
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        assertEquals(0, report.threadsVerified());
        assertTrue(os.calls.contains("directoryDescriptors(4096)"), os.calls.toString());
    }

    @Test
    void keepByNumber_closeFds_keepsOnlyThatDescriptor() throws Exception {
        os.fds.add(FakeOs.fd(8, "/etc/a.conf", OpenDescriptor.Kind.FILE, false));
        os.fds.add(FakeOs.fd(9, "/etc/b.conf", OpenDescriptor.Kind.FILE, false));
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp").closeFds().keep(8, "reload"));
        assertEquals(List.of("dup2(43, 9)"), os.calls.stream().filter(c -> c.startsWith("dup2")).toList());
        assertTrue(report.toString().contains("kept"), report.toString());
    }

    @Test
    void defaultPreloadSkippedOrInline_enter_saysSoInTheReport() throws Exception {
        EntryReport skipped = enter(Jail.at(SRV).dropTo("ftp").withoutDefaultPreload());
        assertTrue(skipped.warnings().stream().anyMatch(w -> w.startsWith("default preload skipped")), skipped.warnings().toString());
        EntryReport inline = Jail.at(SRV).dropTo("ftp").enter(new FakeOs());
        assertTrue(inline.notes().stream().anyMatch(n -> n.startsWith("default preload ran inline")), inline.notes().toString());
    }

    @Test
    void rootCaller_enter_reportsEnvironmentBoundingSetAndConsistentTimes() throws Exception {
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        assertTrue(report.notes().contains("environment: PWD=/, HOME=/home/ftp, USER=ftp, LOGNAME=ftp,"
                + " SHELL=/usr/sbin/nologin"), report.notes().toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("CapBnd 1ffffffffff on thread 100")), report.notes().toString());
        List<String> others = report.warnings().stream().filter(w -> !w.startsWith("class path: "))
                .collect(java.util.stream.Collectors.toList());
        assertEquals(1, others.size(), "only the user.dir warning besides the class path's: " + report.warnings());
        assertTrue(others.get(0).startsWith("user.dir is "), "tests run outside /");
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("class path: ") && w.contains(" jar(s) not at their"
                + " host path inside the jail")), "the fake jail holds no class path: " + report.warnings());
        long total = report.totalTime().toNanos();
        long sum = 0;
        for (Step step : Step.values()) {
            long t = report.time(step).toNanos();
            assertTrue(t >= 0 && t <= total, step + " took " + t + " of " + total);
            sum += t;
        }
        assertTrue(sum <= total && report.irreversibleTime().toNanos() <= sum, sum + " vs " + total);
        assertEquals("the JVM's own, read-only", report.descriptors().stream().filter(d -> d.fd() == 3).findFirst().get().reason());
    }

    @Test
    void clearedEnvironment_enter_isNotedWithoutTheKeptValues() throws Exception {
        os.env.put("TZ", "secret-ish");
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp").clearEnvironmentExcept("TZ"));
        assertTrue(report.notes().contains("environment: TZ kept, PWD=/, HOME=/home/ftp, USER=ftp, LOGNAME=ftp,"
                + " SHELL=/usr/sbin/nologin; everything else cleared"), report.notes().toString());
    }

    @Test
    void oneOtherProcessWithTheUid_enter_warns() throws Exception {
        os.processesByUid.put(1001L, 1);
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("1 other process(es) run as uid 1001")),
                report.warnings().toString());
    }

    @Test
    void threadWithNoCapabilityAtAll_enter_refusesNamingAllThree() {
        os.taskBeforeEntry.put(101L, os.statusText().replace("CapEff:\t" + String.format("%016x", FakeOs.ALL_CAPS),
                "CapEff:\t0000000000000000"));
        MissingCapabilityException e = refused(MissingCapabilityException.class, Jail.at(SRV).dropTo("ftp"));
        assertEquals(List.of("CAP_SYS_CHROOT", "CAP_SETUID", "CAP_SETGID"), e.missing());
    }

    @Test
    void threadWithTheWrongGidOnly_enter_halts() {
        os.taskAfterEntry.put(101L, dropped().replace("Gid:\t1001\t1001\t1001\t1001", "Gid:\t1001\t1001\t0\t1001"));
        assertEquals(97, halted(Jail.at(SRV).dropTo("ftp")).status);
        assertTrue(os.stderr.toString().contains("thread 101: Gid 1001 1001 0 1001, expected 1001"), os.stderr.toString());
    }

    @Test
    void writableRootDirectory_enter_refusesNamingSlash() {
        os.dir("/", 0, 0, 0775);
        JailPathException e = refused(JailPathException.class, Jail.at(SRV).dropTo("ftp"));
        assertEquals(Path.of("/"), e.path());
    }

    @Test
    void devNullUsedForNeutralising_enter_isClosedAgain() throws Exception {
        os.fds.add(FakeOs.fd(8, "/var/log/app.log", OpenDescriptor.Kind.FILE, true));
        enter(Jail.at(SRV).dropTo("ftp").closeFds());
        int dup = os.calls.indexOf("dup2(43, 8)");
        assertTrue(dup > 0 && os.calls.get(dup + 1).equals("close(43)"), os.calls.toString());
    }

    @Test
    void threadThatExited_enter_isCountedNotFailed() throws Exception {
        os.exitedTasks.add(101L);
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        assertEquals(2, report.threadsVerified());
        assertEquals(1, report.threadsExited());
    }

    @Test
    void nobodyOrSharedUid_enter_warnsToUseADedicatedUser() throws Exception {
        EntryReport report = enter(Jail.at(SRV).dropTo("nobody"));
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("nobody")), report.warnings().toString());
        FakeOs shared = new FakeOs();
        shared.processesByUid.put(1001L, 2);
        report = Jail.at(SRV).dropTo("ftp").enter(shared);
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("2 other process(es) run as uid 1001")), report.warnings().toString());
    }

    @Test
    void numericTarget_enter_usesOnlyThatGroupAndNoNameLookup() throws Exception {
        EntryReport report = enter(Jail.at(SRV).dropTo(4000, 4001));
        assertFalse(os.calls.stream().anyMatch(c -> c.startsWith("getpwnam")));
        assertTrue(os.calls.contains("setgroups([4001])"));
        assertEquals(Set.of(4001L), report.target().groups());
        assertFalse(os.calls.stream().anyMatch(c -> c.startsWith("setenv(\"USER\"")));
        assertTrue(os.calls.containsAll(List.of("unsetenv(\"USER\")", "unsetenv(\"LOGNAME\")", "unsetenv(\"SHELL\")")), os.calls.toString());
    }

    @Test
    void report_toStringAndJson_nameEveryStep() throws Exception {
        EntryReport report = enter(Jail.at(SRV).dropTo("ftp"));
        for (Step s : Step.values()) {
            assertTrue(report.toString().contains(s.name().toLowerCase(java.util.Locale.ROOT)), s.name());
            assertTrue(report.toJson().contains("\"" + s.name() + "\":"), s.name());
        }
        assertTrue(report.toJson().startsWith("{\"jail\":\"/srv/ftp\",\"target\":{\"name\":\"ftp\",\"uid\":1001"), report.toJson());
        assertTrue(report.toString().contains("no (91)") && report.toString().contains("no (97)"), report.toString());
    }
}
