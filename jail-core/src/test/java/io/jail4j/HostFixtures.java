package io.jail4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Real jails, users and groups on the host for root tests. */
final class HostFixtures {
    static final String USER = "j4jtest";
    static final String[] GROUPS = {"j4jg1", "j4jg2", "j4jg3"};

    /** The test user: uid, primary gid and every group, as the host reports them. */
    record HostUser(String name, long uid, long gid, Set<Long> groups) { }

    private HostFixtures() {
    }

    /**
     * Returns the test user: a system user with a primary group and three supplementary groups,
     * created if the host lacks it. Idempotent, also against another test JVM creating it at the
     * same time (jail-core's and jail-testkit's root tests both need it).
     */
    static synchronized HostUser user() {
        if (!userExists()) {
            for (String g : GROUPS) {
                RootTests.run("groupadd", "--force", "--system", g); // --force: an existing group is success
            }
            try {
                RootTests.run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        "--user-group", "--groups", String.join(",", GROUPS), USER);
            } catch (AssertionError e) {
                if (!userExists()) { // not created meanwhile by another JVM: a real failure
                    throw e;
                }
            }
        }
        long uid = Long.parseLong(RootTests.run("id", "-u", USER).trim());
        long gid = Long.parseLong(RootTests.run("id", "-g", USER).trim());
        Set<Long> groups = new TreeSet<>();
        for (String g : RootTests.run("id", "-G", USER).trim().split("\\s+")) {
            groups.add(Long.parseLong(g));
        }
        return new HostUser(USER, uid, gid, groups);
    }

    private static boolean userExists() {
        return RootTests.run("getent", "passwd").lines().anyMatch(l -> l.startsWith(USER + ":"));
    }

    /** Creates a fresh root-owned 0755 jail directory under the temp dir. */
    static Path jail() {
        try {
            Path dir = Files.createTempDirectory("jail4j-test-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir.toRealPath();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A host file that must be unreadable from inside any jail. */
    static Path marker() {
        try {
            Path file = Files.createTempFile("jail4j-marker-", ".txt");
            Files.writeString(file, "host secret\n");
            return file.toRealPath();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void delete(Path path) {
        if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
