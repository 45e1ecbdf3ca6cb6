package io.jail4j.layout;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user a jail is audited for: name, uid and groups, or "any user" (uid unknown, no groups),
 * for which only the bits for others count. Decides access the way the kernel does for an
 * unprivileged process: the owner bits if it owns the entry, else the group bits if it holds the
 * group, else the bits for others.
 */
final class AuditUser {
    static final AuditUser ANY = new AuditUser(null, -1, Set.of());

    final String name;
    final long uid;
    final Set<Long> groups;

    AuditUser(String name, long uid, Set<Long> groups) {
        this.name = name;
        this.uid = uid;
        this.groups = Collections.unmodifiableSet(new TreeSet<>(groups));
    }

    boolean known() {
        return uid >= 0;
    }

    boolean owns(Stat st) {
        return uid >= 0 && st.uid == uid;
    }

    boolean canWrite(Stat st) {
        return may(st, 0200, 0020, 0002);
    }

    boolean canRead(Stat st) {
        return may(st, 0400, 0040, 0004);
    }

    private boolean may(Stat st, int owner, int group, int other) {
        int p = st.permissions();
        if (owns(st)) {
            return (p & owner) != 0;
        }
        if (groups.contains(st.gid)) {
            return (p & group) != 0;
        }
        return (p & other) != 0;
    }

    @Override
    public String toString() {
        if (!known()) {
            return "any unprivileged user";
        }
        return (name == null ? "#" + uid : name) + " (uid " + uid + ", groups " + groups + ")";
    }
}
