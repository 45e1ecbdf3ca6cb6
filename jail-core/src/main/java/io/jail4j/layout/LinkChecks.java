package io.jail4j.layout;

import io.jail4j.internal.LinuxAbi;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks that need the whole walk: hard links whose other names lie outside the jail, and
 * symbolic links resolved both as the jailed process sees them (the jail is "/", ".." stops
 * there) and as a process on the host sees them (absolute targets are host paths, ".." leaves
 * the jail). Both resolutions follow links through the entries the walk saw, without a stat.
 */
final class LinkChecks {
    private static final int MAX_LINKS = 40; // the kernel's limit

    /** Where a link leads: a path inside the jail, nothing, or a host path outside it. */
    static final class Resolution {
        final String inside;
        final String outside;

        private Resolution(String inside, String outside) {
            this.inside = inside;
            this.outside = outside;
        }

        static final Resolution DANGLING = new Resolution(null, null);

        boolean escapes() {
            return outside != null;
        }
    }

    private LinkChecks() {
    }

    static void check(AuditRun run) {
        for (Map.Entry<String, long[]> e : run.linked.entrySet()) {
            long links = e.getValue()[0];
            long seen = e.getValue()[1];
            if (seen < links) {
                String rel = run.firstLinkPath.get(e.getKey());
                run.add(rel, Check.HARDLINK, Severity.WARNING, "a hard link: " + links + " names share this file, "
                        + (links - seen) + " of them outside the jail; a change through any name (a chmod, a write on"
                        + " the host) changes the file in the jail, and host updates that replace the file leave the"
                        + " jail with the old copy", "replace it with a private copy: cp -p " + run.host(rel) + " " + run.host(rel)
                        + ".new && mv " + run.host(rel) + ".new " + run.host(rel));
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(run.links).entrySet()) {
            String rel = e.getKey();
            String target = e.getValue();
            Resolution outside = resolve(run, rel, true);
            Resolution inside = resolve(run, rel, false);
            String there = inside.inside == null ? "to nothing" : "to /" + inside.inside;
            if (outside.escapes()) {
                run.add(rel, Check.SYMLINK_ESCAPE, Severity.WARNING, "points to " + target + ", which on the host leads"
                        + " outside the jail to " + outside.outside + " (inside the jail it leads " + there + "); root"
                        + " tools on the host that follow links (backups, chown -R, scripts) act on the host file",
                        "make it relative and inside the jail, or replace it with a copy: ln -sfn RELATIVE-TARGET " + run.host(rel));
            } else if (inside.inside == null) {
                run.add(rel, Check.SYMLINK_DANGLING, Severity.INFO, "points to " + target + ", which leads to nothing"
                        + " inside the jail", "rm " + run.host(rel) + ", or add its target to the jail");
            }
        }
    }

    /**
     * Resolves the link at {@code rel}. Outside: an absolute target is a host path (back inside
     * only if it names the jail's own path) and ".." above the jail leaves it. Inside: the jail is
     * the root and ".." stops there.
     */
    static Resolution resolve(AuditRun run, String rel, boolean outside) {
        List<String> cur = new ArrayList<>(List.of(parent(rel).isEmpty() ? new String[0] : parent(rel).split("/")));
        Deque<String> todo = new ArrayDeque<>();
        int budget = MAX_LINKS;
        if (!push(run, todo, cur, run.links.get(rel), outside)) {
            return new Resolution(null, hostPath(run, cur, run.links.get(rel)));
        }
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (cur.isEmpty()) {
                    if (outside) {
                        return new Resolution(null, hostPath(run, cur, String.join("/", todo.isEmpty() ? List.of("..")
                                : prepend("..", todo))));
                    }
                } else {
                    cur.remove(cur.size() - 1);
                }
                continue;
            }
            cur.add(c);
            String path = String.join("/", cur);
            Integer type = run.types.get(path);
            if (type == null) {
                return Resolution.DANGLING;
            }
            if (type == LinuxAbi.S_IFLNK) {
                if (--budget < 0) {
                    return Resolution.DANGLING;
                }
                cur.remove(cur.size() - 1);
                String next = run.links.get(path);
                if (!push(run, todo, cur, next, outside)) {
                    return new Resolution(null, hostPath(run, cur, next));
                }
            } else if (type != LinuxAbi.S_IFDIR && !todo.isEmpty() && !onlyDots(todo)) {
                return Resolution.DANGLING;
            }
        }
        return new Resolution(String.join("/", cur), null);
    }

    /**
     * Queues the components of {@code target}; an absolute target restarts at the jail root.
     * Returns false if, seen from outside, the absolute target is a host path outside the jail.
     */
    private static boolean push(AuditRun run, Deque<String> todo, List<String> cur, String target, boolean outside) {
        String t = target;
        if (t.startsWith("/")) {
            if (outside) {
                Path host = Path.of(t).normalize();
                if (!host.startsWith(run.jail)) {
                    return false;
                }
                t = run.jail.relativize(host).toString();
            }
            cur.clear();
        }
        String[] parts = t.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
        return true;
    }

    private static String hostPath(AuditRun run, List<String> cur, String target) {
        Path base = run.jail;
        for (String c : cur) {
            base = base.resolve(c);
        }
        return base.resolve(target).normalize().toString();
    }

    private static List<String> prepend(String first, Deque<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static boolean onlyDots(Deque<String> todo) {
        for (String c : todo) {
            if (!c.isEmpty() && !c.equals(".")) {
                return false;
            }
        }
        return true;
    }

    private static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }
}
