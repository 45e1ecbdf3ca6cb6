package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jail4j.layout.JailLayout;
import io.jail4j.testkit.JailLayoutProvider;
import io.jail4j.testkit.Jailed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enters real jails through the testkit, on the running JDK and on JDK 25, and tries every escape
 * probe from inside as the test user {@code j4jtest}, whose supplementary groups must come through
 * the drop; a numeric target holds only its one group. The testkit checks each child from outside
 * before and after the test: root and working directory in the jail, the ids, groups and
 * capabilities of every thread, no_new_privs, no directory and no writable host file open.
 *
 * <p>Threads started before {@code enter()}, the child's whole stderr and the control run in
 * which the probes get out need a plain forked JVM: jail-core's {@code EnterRootTest}.
 */
class EnterJailedTest {
    private static final Set<String> PROBES = Set.of("absolute-read", "relative-read", "proc-visible", "setuid-0",
            "seteuid-0", "setgid-0", "setgroups-0", "nested-chroot", "fd-escape");
    /** Where the jail holds the test user's ids as the host reports them. */
    private static final String HOST_IDS = "/etc/host-ids";

    /**
     * An empty jail with a {@code /tmp} and, in {@link #HOST_IDS}, the test user's
     * {@code uid gid group,group,...} as the host's {@code id} reports them.
     */
    static final class TestUserJail implements JailLayoutProvider {
        @Override
        public JailLayout layout() {
            HostFixtures.HostUser user = HostFixtures.user();
            String groups = user.groups().stream().map(String::valueOf).collect(Collectors.joining(","));
            return JailLayoutProvider.minimal()
                    .dir("/etc", "root:root", 0755, "holds the expected ids")
                    .text(HOST_IDS, user.uid() + " " + user.gid() + " " + groups + "\n", "root:root", 0444,
                            "the test user's ids as the host reports them, to compare with what enter() did");
        }
    }

    /**
     * Creates the test user on the host if it lacks it. {@code @Jailed} sits on the methods, so
     * this runs in each jailed child too, where there is no host to change: it acts only where
     * {@code /proc} is mounted.
     */
    @BeforeAll
    static void testUser() {
        if (Files.exists(Path.of("/proc/self/status"))) {
            RootTests.requireRoot();
            HostFixtures.user();
        }
    }

    @Test
    @Jailed(user = HostFixtures.USER, layout = TestUserJail.class)
    void userWithGroups_enter_keepsItsGroupsAndCannotEscape(EntryReport report) throws Exception {
        keepsGroupsAndCannotEscape(report);
    }

    @Test
    @Jailed(user = HostFixtures.USER, layout = TestUserJail.class, jdk = "25")
    void userWithGroupsOnJdk25_enter_keepsItsGroupsAndCannotEscape(EntryReport report) throws Exception {
        keepsGroupsAndCannotEscape(report);
    }

    @Test
    @Jailed(user = "4242:4243")
    void numericTarget_enter_holdsOnlyThatGroup(EntryReport report) throws Exception {
        holds(4242, 4243, Set.of(4243L), report);
    }

    @Test
    @Jailed(user = "4242:4243", jdk = "25")
    void numericTargetOnJdk25_enter_holdsOnlyThatGroup(EntryReport report) throws Exception {
        holds(4242, 4243, Set.of(4243L), report);
    }

    /**
     * Runs every probe, then compares the ids with the host's. The marker is this JDK's
     * {@code release} file: a host file any user can read, so that a probe that got out would
     * read it.
     */
    private static void keepsGroupsAndCannotEscape(EntryReport report) throws Exception {
        List<Escapes.Probe> probes = Escapes.tryAll(Path.of(System.getProperty("java.home"), "release").toString());
        String[] host = Files.readString(Path.of(HOST_IDS)).strip().split(" ");
        Set<Long> groups = Stream.of(host[2].split(",")).map(Long::valueOf).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(groups.size() >= 4, "the test user needs a primary and three supplementary groups: " + groups);
        holds(Long.parseLong(host[0]), Long.parseLong(host[1]), groups, report);
        assertEquals(PROBES, probes.stream().map(Escapes.Probe::name).collect(Collectors.toSet()),
                "every escape probe must have run: " + probes);
        assertAll(probes.stream().map(p -> () -> assertFalse(p.escaped(), "escaped: " + p)));
    }

    /**
     * Checks the identity in the report and what the kernel reports now: {@code uid} and
     * {@code gid} in every slot and exactly {@code groups}.
     */
    private static void holds(long uid, long gid, Set<Long> groups, EntryReport report) throws JailException {
        assertEquals(groups, report.target().groups(), "the groups enter() looked up");
        for (Credentials c : List.of(report.after(), Credentials.current())) {
            assertAll(c.toString(),
                    () -> assertEquals(List.of(uid, uid, uid), List.of(c.ruid(), c.euid(), c.suid()), "uids"),
                    () -> assertEquals(List.of(gid, gid, gid), List.of(c.rgid(), c.egid(), c.sgid()), "gids"),
                    () -> assertEquals(groups, c.groups(), "groups"));
        }
    }
}
