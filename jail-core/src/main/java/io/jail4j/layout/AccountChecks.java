package io.jail4j.layout;

import io.jail4j.internal.LinuxAbi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks the jail's {@code etc/passwd} and {@code etc/group}: only the entries the jail needs
 * (root, the runtime user and its groups, and what the layout declares), no second uid 0, no
 * members in group 0, no password hashes, and the runtime user's entry matching the runtime user.
 */
final class AccountChecks {
    private static final Set<String> NO_PASSWORD = Set.of("x", "*", "!", "!!", "!*");

    private AccountChecks() {
    }

    static void check(AuditRun run) throws IOException {
        String passwd = read(run, "etc/passwd");
        if (passwd != null) {
            users(run, passwd);
        }
        String group = read(run, "etc/group");
        if (group != null) {
            groups(run, group);
        }
    }

    /** Reads a regular file the walk saw (never through a link); null if it is not one. */
    private static String read(AuditRun run, String rel) throws IOException {
        Integer type = run.types.get(rel);
        if (type == null || type != LinuxAbi.S_IFREG) {
            return null;
        }
        try (InputStream in = Files.newInputStream(run.jail.resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
    }

    static void users(AuditRun run, String text) {
        Set<String> needed = new HashSet<>(Set.of("root"));
        boolean know = run.user.known() || run.layout != null;
        if (run.user.name != null) {
            needed.add(run.user.name);
        }
        if (run.layout != null) {
            run.layout.layout.declared().users.forEach(u -> needed.add(u.name));
        }
        for (Accounts.User u : Accounts.users(text)) {
            String where = "etc/passwd";
            String line = "line " + u.line + " (" + u.name + ", uid " + u.uid + ")";
            if (u.uid == 0 && !u.name.equals("root")) {
                run.add(where, Check.PASSWD_UID0, Severity.ERROR, line + " is a second uid 0 account: root under another"
                        + " name, easy to miss", "remove line " + u.line + " from etc/passwd");
            } else if (run.user.known() && (u.name.equals(run.user.name) || (run.user.name == null && u.uid == run.user.uid))
                    && u.uid != run.user.uid) {
                run.add(where, Check.PASSWD_MISMATCH, Severity.WARNING, line + " names the runtime user with a different uid"
                        + " than " + run.user + ": inside the jail names resolve to the wrong ids",
                        "set its uid to " + run.user.uid + " (and never map names to ids inside the jail)");
            } else if (know && !needed.contains(u.name) && u.uid != run.user.uid) {
                run.add(where, Check.PASSWD_EXTRA, Severity.WARNING, line + " is not needed in the jail: it tells an"
                        + " attacker about the host's accounts; list only root and the runtime user",
                        "remove line " + u.line + " from etc/passwd");
            }
            if (!NO_PASSWORD.contains(u.password)) {
                run.add(where, Check.SECRET, Severity.WARNING, line + (u.password.isEmpty() ? " has an empty password field"
                        : " holds a password hash, and etc/passwd is readable by everyone"), "set the password field of line "
                        + u.line + " to x");
            }
        }
    }

    static void groups(AuditRun run, String text) {
        Set<Long> needed = new HashSet<>(run.user.groups);
        needed.add(0L);
        Set<String> names = new HashSet<>();
        boolean know = run.user.known() || run.layout != null;
        if (run.layout != null) {
            run.layout.layout.declared().groups.forEach(g -> names.add(g.name));
        }
        for (Accounts.Group g : Accounts.groups(text)) {
            String line = "line " + g.line + " (" + g.name + ", gid " + g.gid + ")";
            if (g.gid == 0 && !g.members.isEmpty()) {
                run.add("etc/group", Check.GROUP_ROOT_MEMBER, Severity.ERROR, line + " lists members " + g.members
                        + ": group 0 grants root's group permissions to them", "empty the member list of line " + g.line);
            } else if (know && !needed.contains(g.gid) && !names.contains(g.name)) {
                run.add("etc/group", Check.GROUP_EXTRA, Severity.WARNING, line + " is not needed in the jail: list only"
                        + " root and the runtime user's groups", "remove line " + g.line + " from etc/group");
            }
        }
    }
}
