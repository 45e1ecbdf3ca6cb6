package io.jail4j;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The identity a jailed process drops to, as resolved on the host before the chroot: user name
 * (absent for a numeric {@link Jail#dropTo(long, long)}), uid, primary gid and every group the
 * process will hold afterwards (the primary gid included). Ids are unsigned 32-bit values held in
 * a {@code long}.
 */
public final class TargetUser {
    private final String name;
    private final long uid;
    private final long gid;
    private final SortedSet<Long> groups;

    TargetUser(String name, long uid, long gid, Iterable<Long> groups) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        TreeSet<Long> set = new TreeSet<>();
        groups.forEach(set::add);
        set.add(gid);
        this.groups = Collections.unmodifiableSortedSet(set);
    }

    /**
     * Returns the user name, or empty for a numeric target.
     *
     * @return the name given to {@link Jail#dropTo(String)}, or empty after
     *         {@link Jail#dropTo(long, long)}
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Returns the user id the process drops to.
     *
     * @return the uid, an unsigned 32-bit value, never 0
     */
    public long uid() {
        return uid;
    }

    /**
     * Returns the primary group id the process drops to.
     *
     * @return the gid, an unsigned 32-bit value, never 0; also one of {@link #groups()}
     */
    public long gid() {
        return gid;
    }

    /**
     * Returns every group id the process holds after the drop, sorted, primary gid included.
     *
     * @return an unmodifiable set in ascending order, never empty, none of them 0
     */
    public SortedSet<Long> groups() {
        return groups;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetUser
                && Objects.equals(name, ((TargetUser) o).name)
                && uid == ((TargetUser) o).uid
                && gid == ((TargetUser) o).gid
                && groups.equals(((TargetUser) o).groups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, uid, gid, groups);
    }

    /** Returns {@code name(uid=N gid=N groups=[..])}. */
    @Override
    public String toString() {
        return (name == null ? "#" + uid : name) + "(uid=" + uid + " gid=" + gid + " groups=" + groups + ")";
    }
}
