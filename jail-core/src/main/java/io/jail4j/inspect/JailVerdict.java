package io.jail4j.inspect;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a process, seen from outside through a {@link ProcessView}, looks like a jailed and
 * dropped process must: every check runs, and the verdict names every violation found, not just the
 * first.
 *
 * <pre>{@code
 * ProcessView view = ProcessView.of(daemon.pid());
 * JailVerdict verdict = JailVerdict.of(view, Path.of("/srv/jail"), 65534, 65534, Set.of(65534L));
 * if (!verdict.jailed()) {
 *     throw new IllegalStateException(verdict.toString());
 * }
 * }</pre>
 */
public final class JailVerdict {
    private final long pid;
    private final Path jail;
    private final long uid;
    private final long gid;
    private final Set<Long> groups;
    private final List<String> violations;

    private JailVerdict(long pid, Path jail, long uid, long gid, Set<Long> groups, List<String> violations) {
        this.pid = pid;
        this.jail = jail;
        this.uid = uid;
        this.gid = gid;
        this.groups = Collections.unmodifiableSet(new TreeSet<>(groups));
        this.violations = List.copyOf(violations);
    }

    /**
     * Judges whether the process is locked into {@code jail} and dropped to the given ids:
     * <ul>
     *   <li>its root is the jail (real paths compared) and its working directory is inside it;</li>
     *   <li>every thread shows {@code uid} and {@code gid} in all four slots (real, effective,
     *       saved, filesystem), exactly {@code groups} as supplementary groups, and empty
     *       permitted, effective and ambient capability sets, and no_new_privs set;</li>
     *   <li>no descriptor points to a directory (an open directory is a way out of any jail, even
     *       for an unprivileged user);</li>
     *   <li>no descriptor open for writing points to a regular file outside the jail.</li>
     * </ul>
     *
     * @param view   the process as read from outside
     * @param jail   the jail directory on the host
     * @param uid    the user id every thread must hold in all four slots
     * @param gid    the group id every thread must hold in all four slots
     * @param groups exactly the supplementary groups every thread must hold
     * @return the verdict, naming every violation found
     * @throws NullPointerException if {@code view}, {@code jail} or {@code groups} is null
     */
    public static JailVerdict of(ProcessView view, Path jail, long uid, long gid, Set<Long> groups) {
        List<String> found = violations(view, jail, uid, gid, groups);
        return new JailVerdict(view.pid(), jail, uid, gid, groups, found);
    }

    /**
     * Returns whether no violation was found: the process is jailed and dropped as expected.
     *
     * @return true if {@link #violations()} is empty
     */
    public boolean jailed() {
        return violations.isEmpty();
    }

    /**
     * Returns every violation found, one sentence each, in the order checked; empty if jailed.
     *
     * @return an unmodifiable list of the violations; empty if the process is jailed
     */
    public List<String> violations() {
        return violations;
    }

    /**
     * Returns {@code process N is jailed in J as uid U gid G groups [..]}, or, when not jailed, that
     * line with {@code is not jailed}, the number of violations and one {@code - } line per violation.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("process ").append(pid).append(violations.isEmpty() ? " is" : " is not")
                .append(" jailed in ").append(jail).append(" as uid ").append(uid).append(" gid ").append(gid)
                .append(" groups ").append(groups);
        if (!violations.isEmpty()) {
            s.append(": ").append(violations.size()).append(violations.size() == 1 ? " violation" : " violations");
            for (String v : violations) {
                s.append("\n  - ").append(v);
            }
        }
        return s.toString();
    }

    /**
     * Returns every violation of the rules of {@link #of(ProcessView, Path, long, long, Set)}, one
     * sentence each, or an empty list if the process is jailed as expected.
     *
     * @param view the process as read from outside
     * @param jail the jail directory on the host
     * @param uid the user id every thread must hold in all four slots
     * @param gid the group id every thread must hold in all four slots
     * @param groups exactly the supplementary groups every thread must hold
     * @return the violations in the order checked; empty if the process is jailed as expected
     * @throws NullPointerException if {@code view}, {@code jail} or {@code groups} is null
     */
    public static List<String> violations(ProcessView view, Path jail, long uid, long gid, Set<Long> groups) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(jail, "jail");
        Set<Long> expectedGroups = new TreeSet<>(Objects.requireNonNull(groups, "groups"));
        List<String> found = new ArrayList<>();
        Path jailPath = real(jail, "the jail", found);
        Path root = real(view.root(), "the root", found);
        Path cwd = real(view.cwd(), "the working directory", found);
        if (jailPath != null && root != null && !root.equals(jailPath)) {
            found.add("root is " + view.root() + ", expected the jail " + jailPath);
        }
        if (jailPath != null && cwd != null && !cwd.startsWith(jailPath)) {
            found.add("cwd " + view.cwd() + " is outside the jail " + jailPath);
        }
        if (view.tasks().isEmpty()) {
            found.add("no task was read: nothing shows the ids of any thread");
        }
        for (TaskView t : view.tasks()) {
            String task = "task " + t.tid() + " (" + t.name() + "): ";
            checkSlots(found, task, "Uid", t.uids(), uid);
            checkSlots(found, task, "Gid", t.gids(), gid);
            if (!t.groups().equals(expectedGroups)) {
                found.add(task + "Groups " + t.groups() + ", expected " + expectedGroups);
            }
            checkCaps(found, task, "CapPrm", t.capPrm());
            checkCaps(found, task, "CapEff", t.capEff());
            checkCaps(found, task, "CapAmb", t.capAmb());
            if (!t.noNewPrivs()) {
                found.add(task + "NoNewPrivs 0, expected 1 (execve could still gain privileges)");
            }
        }
        for (FdView f : view.fds()) {
            if (f.directory()) {
                found.add("fd " + f.fd() + " is a directory (" + f.target() + "): an open directory is a way"
                        + " out of the jail, even for an unprivileged user");
            } else if (f.writable() && f.regularFile() && !inside(f.target(), jailPath != null ? jailPath : jail.toAbsolutePath().normalize())) {
                found.add("fd " + f.fd() + " is open for writing (" + f.access() + ") on the regular file "
                        + f.target() + " outside the jail");
            }
        }
        return found;
    }

    private static void checkSlots(List<String> found, String task, String field, List<Long> ids, long expected) {
        for (long id : ids) {
            if (id != expected) {
                found.add(task + field + " " + TaskView.slots(ids) + " (real/effective/saved/filesystem),"
                        + " expected " + expected + " in all four slots");
                return;
            }
        }
    }

    private static void checkCaps(List<String> found, String task, String field, long caps) {
        if (caps != 0) {
            found.add(task + field + " " + TaskView.hex(caps) + ", expected 0");
        }
    }

    private static boolean inside(String target, Path jail) {
        try {
            Path path = Path.of(target);
            return path.isAbsolute() && path.normalize().startsWith(jail);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Returns the real path if it can be resolved from here, else the absolute normalized path. */
    /**
     * Returns the real path of {@code path}, or null after recording a violation when it cannot be
     * resolved (a deleted jail, a root or working directory the kernel shows as unreachable): a
     * path that cannot be checked never counts as inside the jail.
     */
    private static Path real(Path path, String what, List<String> found) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            found.add("cannot resolve " + what + " " + path + ": " + e);
            return null;
        }
    }
}
