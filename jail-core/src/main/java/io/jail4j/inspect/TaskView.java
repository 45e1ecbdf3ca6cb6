package io.jail4j.inspect;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One thread of a process as its {@code /proc/PID/task/TID/status} showed it: ids, groups,
 * capability sets and the no_new_privs and seccomp state. Ids are unsigned 32-bit values held in
 * a {@code long}; capability sets are 64-bit masks.
 */
public final class TaskView {
    private final long tid;
    private final String name;
    private final List<Long> uids;
    private final List<Long> gids;
    private final SortedSet<Long> groups;
    private final long capPrm;
    private final long capEff;
    private final long capAmb;
    private final long capInh;
    private final long capBnd;
    private final boolean noNewPrivs;
    private final int seccomp;

    TaskView(long tid, String name, List<Long> uids, List<Long> gids, Iterable<Long> groups, long capPrm,
             long capEff, long capAmb, long capInh, long capBnd, boolean noNewPrivs, int seccomp) {
        if (uids.size() != 4 || gids.size() != 4) {
            throw new IllegalArgumentException("task " + tid + ": Uid and Gid need 4 slots"
                    + " (real, effective, saved, filesystem), got " + uids + " and " + gids);
        }
        this.tid = tid;
        this.name = Objects.requireNonNull(name, "name");
        this.uids = List.copyOf(uids);
        this.gids = List.copyOf(gids);
        TreeSet<Long> set = new TreeSet<>();
        groups.forEach(set::add);
        this.groups = Collections.unmodifiableSortedSet(set);
        this.capPrm = capPrm;
        this.capEff = capEff;
        this.capAmb = capAmb;
        this.capInh = capInh;
        this.capBnd = capBnd;
        this.noNewPrivs = noNewPrivs;
        this.seccomp = seccomp;
    }

    /**
     * Parses the text of a {@code status} file.
     *
     * @throws IllegalArgumentException naming the field if a needed field is missing or malformed
     */
    static TaskView parse(long tid, String status) {
        StatusFields f = new StatusFields(status);
        return new TaskView(tid, f.text("Name"), f.ids("Uid"), f.ids("Gid"), f.numbers("Groups"),
                f.hex("CapPrm"), f.hex("CapEff"), f.hex("CapAmb"), f.hex("CapInh"), f.hex("CapBnd"),
                f.integer("NoNewPrivs") != 0, f.integer("Seccomp"));
    }

    /**
     * Returns the thread id.
     *
     * @return the thread id; equal to the process id for the main thread
     */
    public long tid() {
        return tid;
    }

    /**
     * Returns the thread name ({@code Name:}, at most 15 characters, set by the JVM for Java threads).
     *
     * @return the thread name, never null; may be empty
     */
    public String name() {
        return name;
    }

    /**
     * Returns the four user ids: real, effective, saved set-user-id, filesystem.
     *
     * @return an unmodifiable list of exactly four user ids, in that order
     */
    public List<Long> uids() {
        return uids;
    }

    /**
     * Returns the four group ids: real, effective, saved set-group-id, filesystem.
     *
     * @return an unmodifiable list of exactly four group ids, in that order
     */
    public List<Long> gids() {
        return gids;
    }

    /**
     * Returns the supplementary groups, sorted.
     *
     * @return an unmodifiable sorted set of the group ids; empty if the thread has none
     */
    public SortedSet<Long> groups() {
        return groups;
    }

    /**
     * Returns the permitted capability set.
     *
     * @return the {@code CapPrm} mask: bit {@code n} set means capability {@code n} is held
     */
    public long capPrm() {
        return capPrm;
    }

    /**
     * Returns the effective capability set.
     *
     * @return the {@code CapEff} mask: bit {@code n} set means capability {@code n} is in effect
     */
    public long capEff() {
        return capEff;
    }

    /**
     * Returns the ambient capability set.
     *
     * @return the {@code CapAmb} mask: capabilities kept across {@code execve(2)}
     */
    public long capAmb() {
        return capAmb;
    }

    /**
     * Returns the inheritable capability set.
     *
     * @return the {@code CapInh} mask: capabilities that may be inherited across
     *     {@code execve(2)}
     */
    public long capInh() {
        return capInh;
    }

    /**
     * Returns the capability bounding set.
     *
     * @return the {@code CapBnd} mask: the limit on capabilities the thread can ever gain
     */
    public long capBnd() {
        return capBnd;
    }

    /**
     * Returns whether the thread has {@code no_new_privs} set.
     *
     * @return true if {@code NoNewPrivs} is 1: {@code execve(2)} can grant no privileges
     */
    public boolean noNewPrivs() {
        return noNewPrivs;
    }

    /**
     * Returns the seccomp mode: 0 none, 1 strict, 2 filter.
     *
     * @return the {@code Seccomp} value: 0, 1 or 2
     */
    public int seccomp() {
        return seccomp;
    }

    /** Formats a capability set as {@code /proc} does: 16 lower-case hex digits. */
    static String hex(long caps) {
        return String.format(Locale.ROOT, "%016x", caps);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TaskView)) {
            return false;
        }
        TaskView t = (TaskView) o;
        return tid == t.tid && name.equals(t.name) && uids.equals(t.uids) && gids.equals(t.gids)
                && groups.equals(t.groups) && capPrm == t.capPrm && capEff == t.capEff && capAmb == t.capAmb
                && capInh == t.capInh && capBnd == t.capBnd && noNewPrivs == t.noNewPrivs && seccomp == t.seccomp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tid, name, uids, gids, groups, capPrm, capEff, capAmb, capInh, capBnd, noNewPrivs, seccomp);
    }

    /** Returns one line such as {@code task 42 (java) uid 0/0/0/0 gid 0/0/0/0 groups [] CapEff ...}. */
    @Override
    public String toString() {
        return "task " + tid + " (" + name + ") uid " + slots(uids) + " gid " + slots(gids) + " groups " + groups
                + " CapPrm " + hex(capPrm) + " CapEff " + hex(capEff) + " CapAmb " + hex(capAmb)
                + " CapInh " + hex(capInh) + " CapBnd " + hex(capBnd)
                + " NoNewPrivs " + (noNewPrivs ? 1 : 0) + " Seccomp " + seccomp;
    }

    /** Joins id slots with {@code /}, such as {@code 0/0/0/0}. */
    static String slots(List<Long> ids) {
        StringBuilder s = new StringBuilder();
        for (long id : ids) {
            s.append(s.length() == 0 ? "" : "/").append(id);
        }
        return s.toString();
    }
}
