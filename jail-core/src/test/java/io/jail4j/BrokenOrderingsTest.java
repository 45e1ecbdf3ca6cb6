package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shows that the rules of {@link JailInvariants} bite: each test drives the kernel model through
 * a sequence that a real daemon has shipped (test code only, never the library's), and the rules
 * must report it. The correct sequence, driven the same way, must pass.
 */
class BrokenOrderingsTest {
    private static final Scenario FTP = new Scenario("ftp", false, false, List.of(), 3, false);

    /** The irreversible part, written out by hand, with switches for the classic mistakes. */
    private static FakeOs drive(boolean chdirFirst, boolean chdirAfter, boolean groups, boolean gidBeforeUid,
                                boolean ignoreSetresuid, boolean verify) {
        FakeOs os = FTP.model();
        if (ignoreSetresuid) {
            os.ignore("setresuid");
        }
        try {
            os.getpwnam("ftp");
            os.listFds();
            int root = os.openRoot();
            int srv = os.openDirectoryAt(root, "srv");
            int jail = os.openDirectoryAt(srv, "ftp");
            List<SystemCalls.TaskStatus> tasks = os.watchTasks();
            if (chdirFirst) {
                os.fchdir(jail);
                os.chroot(".");
            } else {
                os.chroot("/srv/ftp");
            }
            if (chdirAfter) {
                os.chdir("/");
            }
            if (groups) {
                os.setgroups(new long[] {1001, 2001, 2002});
            }
            if (gidBeforeUid) {
                os.setresgid(1001, 1001, 1001);
                os.setresuid(1001, 1001, 1001);
            } else {
                os.setresuid(1001, 1001, 1001);
                os.setresgid(1001, 1001, 1001);
            }
            os.noNewPrivsOnEveryThread(new byte[8]);
            if (verify) {
                Proof.verify(os, new TargetUser("ftp", 1001, 1001, List.of(1001L, 2001L, 2002L)),
                        os.creds(), tasks, new Proof.Expected(new TargetUser("ftp", 1001, 1001,
                                List.of(1001L, 2001L, 2002L)), os, FakeOs.identity("/srv/ftp")));
            }
        } catch (SystemCallException | Proof.Failure e) {
            os.calls.add("failed: " + e.getMessage());
        }
        return os;
    }

    private static List<String> violations(FakeOs os) {
        List<String> all = new java.util.ArrayList<>(JailInvariants.jailed(os, FTP));
        all.addAll(JailInvariants.order(os.calls, true));
        return all;
    }

    @Test
    void correctSequence_drivenByHand_passes() {
        FakeOs os = drive(true, true, true, true, false, true);
        assertTrue(violations(os).isEmpty(), violations(os) + " " + os.calls);
    }

    @Test
    void chrootWithoutChdir_checkInvariants_reportsCwdAndOrder() {
        List<String> v = violations(drive(false, false, true, true, false, true));
        assertTrue(v.stream().anyMatch(s -> s.startsWith("cwd ")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("fchdir into the jail before chroot")), v.toString());
    }

    @Test
    void setresuidBeforeSetresgid_checkInvariants_reportsTheOrder() {
        List<String> v = violations(drive(true, true, true, false, false, true));
        assertTrue(v.stream().anyMatch(s -> s.startsWith("gids ")), "the gid drop fails once uid 0 is gone: " + v);
        assertTrue(v.stream().anyMatch(s -> s.startsWith("not setgroups < setresgid < setresuid")), v.toString());
    }

    @Test
    void groupsNotSet_checkInvariants_reportsTheGroups() {
        List<String> v = violations(drive(true, true, false, true, false, true));
        assertTrue(v.stream().anyMatch(s -> s.startsWith("groups ")), v.toString());
    }

    @Test
    void verificationSkipped_silentSetresuid_isCaught() {
        FakeOs unverified = drive(true, true, true, true, true, false);
        List<String> v = violations(unverified);
        assertTrue(v.stream().anyMatch(s -> s.startsWith("uids 0/0/0")), v.toString());
        FakeOs verified = drive(true, true, true, true, true, true);
        assertFalse(verified.calls.stream().noneMatch(c -> c.startsWith("failed: getresuid()")),
                "with verification the silent drop is found: " + verified.calls);
    }
}
