package io.jail4j;

import java.util.Set;

/**
 * The calling process's user ids, group ids and supplementary groups, as the kernel reports them
 * ({@code getresuid}, {@code getresgid}, {@code getgroups}). Ids are unsigned 32-bit values held
 * in a {@code long}.
 *
 * @param ruid   real user id
 * @param euid   effective user id
 * @param suid   saved set-user-id
 * @param rgid   real group id
 * @param egid   effective group id
 * @param sgid   saved set-group-id
 * @param groups supplementary groups (iterates in ascending order)
 */
public record Credentials(long ruid, long euid, long suid, long rgid, long egid, long sgid,
                          Set<Long> groups) {

    /**
     * Creates credentials; {@code groups} is copied.
     *
     * @param ruid   real user id
     * @param euid   effective user id
     * @param suid   saved set-user-id
     * @param rgid   real group id
     * @param egid   effective group id
     * @param sgid   saved set-group-id
     * @param groups supplementary groups, in any order; kept as an unmodifiable sorted copy
     * @throws NullPointerException if {@code groups} is null or contains null
     */
    public Credentials {
        groups = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(groups));
    }

    /**
     * Reads the calling process's credentials from the kernel.
     *
     * <p>Works after {@link Jail#enter()} (the native binding is loaded before the chroot). Called
     * for the first time inside a chroot without jail4j having been loaded before, it fails
     * because the native binding needs the host's disk.
     *
     * @return the ids and groups of the calling process at the time of the call
     * @throws JailException if the native binding cannot be loaded or a call fails
     */
    public static Credentials current() throws JailException {
        return Native.get().credentials();
    }

    /**
     * Returns whether uid 0 or gid 0 appears in any slot or in the groups.
     *
     * @return true if any of the six ids or any supplementary group is 0
     */
    public boolean anyRoot() {
        return ruid == 0 || euid == 0 || suid == 0 || rgid == 0 || egid == 0 || sgid == 0
                || groups.contains(0L);
    }

    /** Returns {@code uid=r/e/s gid=r/e/s groups=[..]}. */
    @Override
    public String toString() {
        return "uid=" + ruid + "/" + euid + "/" + suid + " gid=" + rgid + "/" + egid + "/" + sgid
                + " groups=" + groups;
    }
}
