package io.jail4j.layout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link JailLayout} made concrete for plan, apply and audit: owners as numbers, every missing
 * parent directory added, {@code etc/passwd} and {@code etc/group} generated from the declared
 * accounts, and the whole checked for consistency.
 */
final class ResolvedLayout {

    /** A path with numeric owner and group. */
    static final class Target {
        final LayoutEntry entry;
        final long uid;
        final long gid;

        Target(LayoutEntry entry, long uid, long gid) {
            this.entry = entry;
            this.uid = uid;
            this.gid = gid;
        }
    }

    final JailLayout layout;
    /** Every path, sorted so that a parent comes before its children. */
    final Map<String, Target> targets;
    final Map<Long, String> userNames;
    final Map<Long, String> groupNames;

    private ResolvedLayout(JailLayout layout, Map<String, Target> targets, Map<Long, String> userNames,
                           Map<Long, String> groupNames) {
        this.layout = layout;
        this.targets = Collections.unmodifiableMap(targets);
        this.userNames = userNames;
        this.groupNames = groupNames;
    }

    static ResolvedLayout of(JailLayout layout) throws LayoutException {
        Map<String, Long> uids = new HashMap<>();
        Map<String, Long> gids = new HashMap<>();
        Map<Long, String> userNames = new HashMap<>();
        Map<Long, String> groupNames = new HashMap<>();
        uids.put("root", 0L);
        gids.put("root", 0L);
        userNames.put(0L, "root");
        groupNames.put(0L, "root");
        for (Accounts.User u : layout.declared().users) {
            uids.put(u.name, u.uid);
            userNames.putIfAbsent(u.uid, u.name);
        }
        for (Accounts.Group g : layout.declared().groups) {
            gids.put(g.name, g.gid);
            groupNames.putIfAbsent(g.gid, g.name);
        }
        Map<String, LayoutEntry> entries = new TreeMap<>(layout.declared().entries);
        generate(layout, entries);
        for (LayoutEntry e : new ArrayList<>(entries.values())) {
            addParents(e, entries);
        }
        Map<String, Target> targets = new TreeMap<>();
        for (LayoutEntry e : entries.values()) {
            int slash = e.path.lastIndexOf('/');
            String parent = e.path.isEmpty() ? null : slash < 0 ? "" : e.path.substring(0, slash);
            if (parent != null && entries.get(parent).kind != LayoutEntry.Kind.DIR) {
                throw new LayoutException(e.jailPath(), e.kind.keyword + " " + e.jailPath() + ": its parent /" + parent
                        + " is declared as a " + entries.get(parent).kind.keyword + ", not a directory");
            }
            String[] og = e.owner.split(":");
            targets.put(e.path, new Target(e, id(e, og[0], uids, "user"), id(e, og[1], gids, "group")));
        }
        return new ResolvedLayout(layout, targets, userNames, groupNames);
    }

    private static void generate(JailLayout layout, Map<String, LayoutEntry> entries) throws LayoutException {
        if (!layout.declared().users.isEmpty()) {
            StringBuilder text = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (Accounts.User u : layout.declared().users) {
                text.append(u.format()).append('\n');
                names.add(u.name);
            }
            put(entries, "etc/passwd", text.toString(), "users", names);
        }
        if (!layout.declared().groups.isEmpty()) {
            StringBuilder text = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (Accounts.Group g : layout.declared().groups) {
                text.append(g.format()).append('\n');
                names.add(g.name);
            }
            put(entries, "etc/group", text.toString(), "groups", names);
        }
    }

    private static void put(Map<String, LayoutEntry> entries, String path, String text, String what, List<String> names)
            throws LayoutException {
        if (entries.containsKey(path)) {
            throw new LayoutException("/" + path, "/" + path + " is declared and generated from the declared " + what
                    + "; declare the " + what + " or the file, not both");
        }
        entries.put(path, LayoutEntry.text(path, text.getBytes(StandardCharsets.UTF_8), "root:root", 0444,
                "the declared " + what + " only (" + String.join(", ", names) + "); nothing the daemon does not need"));
    }

    private static void addParents(LayoutEntry e, Map<String, LayoutEntry> entries) {
        String p = e.path;
        while (!p.isEmpty()) {
            int slash = p.lastIndexOf('/');
            p = slash < 0 ? "" : p.substring(0, slash);
            if (!entries.containsKey(p)) {
                entries.put(p, LayoutEntry.dir(p, "root:root", 0755, false, "holds " + e.jailPath()));
            }
        }
    }

    private static long id(LayoutEntry e, String name, Map<String, Long> known, String what) throws LayoutException {
        Long id = known.get(name);
        if (id != null) {
            return id;
        }
        try {
            long v = Long.parseLong(name);
            if (v >= 0 && v <= 0xFFFF_FFFEL) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new LayoutException(e.jailPath(), e.kind.keyword + " " + e.jailPath() + ": owner " + e.owner + " names "
                + what + " \"" + name + "\", which the layout does not declare (declare it, or use root or a number)");
    }

    /** Returns the target at {@code rel}, or null if the layout does not declare it. */
    Target at(String rel) {
        return targets.get(rel);
    }

    /** Returns the data directory {@code rel} lies in (not counting itself), or null. */
    String dataDirAbove(String rel) {
        int slash = rel.lastIndexOf('/');
        while (slash > 0) {
            rel = rel.substring(0, slash);
            Target t = targets.get(rel);
            if (t != null && t.entry.data) {
                return rel;
            }
            slash = rel.lastIndexOf('/');
        }
        return null;
    }

    String owner(long uid, long gid) {
        return userNames.getOrDefault(uid, Long.toString(uid)) + ":" + groupNames.getOrDefault(gid, Long.toString(gid));
    }
}
