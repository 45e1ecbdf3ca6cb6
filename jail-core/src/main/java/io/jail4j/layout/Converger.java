package io.jail4j.layout;

import io.jail4j.internal.Glibc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One plan or apply run: compares every declared path with the jail, parents first, then walks
 * the jail for what the layout does not declare. A dry run records the changes; a real run
 * records and makes each one before it moves on, so a child is only touched once its parent is
 * as declared (root-owned, not writable by others).
 */
final class Converger {
    /** Creates device nodes with {@code mknodat(2)} through jail4j's native binding (needs CAP_MKNOD). */
    static final NodeMaker MKNOD = (path, major, minor, permissions) ->
            Glibc.mknodCharDevice(path, permissions, major, minor);
    static final NodeMaker UNAVAILABLE = (path, major, minor, permissions) -> {
        throw new IOException("creating a device node needs mknod(2), which plain apply(Path) cannot call;"
                + " pass a NodeMaker to apply(Path, NodeMaker), or create it by hand: mknod -m "
                + Stat.octal(permissions) + " " + path + " c " + major + " " + minor);
    };
    private static final String TIGHT = "not in the layout: tight by default (owned by root:root,"
            + " no group/other write, no setuid/setgid)";

    private final ResolvedLayout layout;
    private final Path root;
    private final boolean dryRun;
    private final NodeMaker maker;
    private final List<LayoutChange> changes = new ArrayList<>();
    /** Declared directories that a dry run would create or replace: their contents do not exist yet. */
    private final Set<String> fresh = new HashSet<>();
    private final Map<String, Mounts.Mount> mounts = new HashMap<>();

    Converger(ResolvedLayout layout, Path jail, boolean dryRun, NodeMaker maker) {
        this.layout = layout;
        this.root = jail.toAbsolutePath().normalize();
        this.dryRun = dryRun;
        this.maker = maker;
    }

    LayoutPlan run() throws LayoutException {
        try {
            Stat st = Stat.of(root);
            if (st != null && st.isSymlink()) {
                throw new LayoutException(root.toString(), "the jail " + root + " is a symbolic link; a layout is"
                        + " applied to the real directory only (pass " + root.toRealPath() + ")");
            }
            if (st != null && !st.isDirectory()) {
                throw new LayoutException(root.toString(), "the jail " + root + " is a " + st.typeName() + ", not a directory");
            }
            if (st != null) {
                for (Mounts.Mount m : Mounts.read()) {
                    Path point = m.point;
                    if (point.startsWith(root) && !point.equals(root)) {
                        mounts.put(root.relativize(point).toString(), m);
                    }
                }
            }
            for (ResolvedLayout.Target t : layout.targets.values()) {
                declared(t);
            }
            if (Stat.of(root) != null) {
                Walker.walk(root, new Undeclared());
            }
        } catch (LayoutException e) {
            throw e;
        } catch (IOException e) {
            throw new LayoutException(root.toString(), (dryRun ? "plan " : "apply ") + root + ": " + e, e);
        }
        return new LayoutPlan(root, changes);
    }

    private void declared(ResolvedLayout.Target t) throws IOException, LayoutException {
        LayoutEntry e = t.entry;
        Path p = e.path.isEmpty() ? root : root.resolve(e.path);
        String parent = parentOf(e.path);
        String mounted = mountAtOrAbove(e.path);
        if (mounted != null) {
            note(e.jailPath(), "on mount /" + mounted, "declared, but on a mounted file system, which apply() does not change");
            return;
        }
        Stat st = parent != null && fresh.contains(parent) ? null : Stat.of(p);
        String want = e.what() + " " + layout.owner(t.uid, t.gid) + " " + Stat.octal(e.mode);
        if (st == null) {
            record(LayoutChange.Action.CREATE, e.jailPath(), "missing", want, e.reason);
            fresh.add(e.path);
            if (!dryRun) {
                create(t, p, false);
            }
            return;
        }
        boolean wrongType = st.type() != e.type()
                || (e.kind == LayoutEntry.Kind.CHAR && (st.major() != e.major || st.minor() != e.minor));
        boolean sharedInode = st.isRegular() && st.nlink > 1 && e.kind != LayoutEntry.Kind.DIR;
        if (wrongType || sharedInode) {
            if (st.isDirectory()) {
                throw new LayoutException(e.jailPath(), e.jailPath() + " in " + root + " is a directory, but the layout"
                        + " declares a " + e.what() + "; apply() never deletes a directory: move it away by hand");
            }
            String was = st.typeName() + (sharedInode && !wrongType ? " with " + st.nlink + " hard links" : "");
            record(LayoutChange.Action.REPLACE, e.jailPath(), was, want, e.reason);
            if (e.kind == LayoutEntry.Kind.DIR) {
                fresh.add(e.path);
            }
            if (!dryRun) {
                create(t, p, true);
            }
            return;
        }
        boolean rewritten = false;
        if (e.kind == LayoutEntry.Kind.TEXT || e.kind == LayoutEntry.Kind.COPY) {
            long size = e.kind == LayoutEntry.Kind.TEXT ? e.content().length : Files.size(e.source);
            if (!FileOps.sameContent(p, st, content(e), size)) {
                record(LayoutChange.Action.CONTENT, e.jailPath(), st.size + " bytes", size + " bytes"
                        + (e.kind == LayoutEntry.Kind.COPY ? " from " + e.source : ""), e.reason);
                rewritten = true;
            }
        }
        boolean owner = st.uid != t.uid || st.gid != t.gid;
        if (owner) {
            record(LayoutChange.Action.OWNER, e.jailPath(), layout.owner(st.uid, st.gid), layout.owner(t.uid, t.gid), e.reason);
        }
        boolean mode = st.permissions() != e.mode;
        if (mode) {
            record(LayoutChange.Action.MODE, e.jailPath(), Stat.octal(st.permissions()), Stat.octal(e.mode), e.reason);
        }
        if (dryRun) {
            return;
        }
        if (rewritten) {
            FileOps.writeAtomically(p, content(e), t.uid, t.gid, e.mode);
            return;
        }
        if (owner) {
            FileOps.chown(p, t.uid, t.gid);
        }
        if (owner || mode) {
            FileOps.chmod(p, st, e.mode); // chown may clear setgid on a directory: set the mode again
        }
    }

    private void create(ResolvedLayout.Target t, Path p, boolean replace) throws IOException, LayoutException {
        LayoutEntry e = t.entry;
        switch (e.kind) {
            case DIR:
                if (replace) {
                    Files.delete(p); // a link or file where a directory belongs: unlinking it loses nothing declared
                }
                FileOps.mkdir(p, t.uid, t.gid, e.mode);
                break;
            case CHAR:
                try {
                    FileOps.makeDevice(p, maker, e, t.uid, t.gid, replace);
                } catch (IOException x) {
                    throw new LayoutException(e.jailPath(), "apply " + root + ": " + e.jailPath() + ": " + x.getMessage(), x);
                }
                break;
            default:
                FileOps.writeAtomically(p, content(e), t.uid, t.gid, e.mode);
        }
    }

    private static FileOps.Content content(LayoutEntry e) {
        if (e.kind == LayoutEntry.Kind.COPY) {
            return () -> Files.newInputStream(e.source);
        }
        return () -> new ByteArrayInputStream(e.content());
    }

    /** Tightens, removes or reports what the layout does not declare. */
    private final class Undeclared implements Walker.Visitor {
        @Override
        public boolean visit(String rel, Path path, Stat st) throws IOException {
            ResolvedLayout.Target t = layout.at(rel);
            Mounts.Mount m = mounts.get(rel);
            if (t != null) {
                return !t.entry.data && m == null;
            }
            String jailPath = "/" + rel;
            if (m != null) {
                note(jailPath, "mount of " + m.type, "not in the layout; apply() does not walk into mounted file systems");
                return false;
            }
            if (st.isRegular() && st.nlink > 1) {
                note(jailPath, "file with " + st.nlink + " hard links", "not in the layout; left as is, since changing"
                        + " it would change its other links, which may be host files (declare it as a copy, or remove it)");
                return false;
            }
            if (st.isDirectory() || st.isRegular()) {
                int tight = st.permissions() & ~06022;
                boolean owner = st.uid != 0 || st.gid != 0;
                if (owner) {
                    record(LayoutChange.Action.OWNER, jailPath, layout.owner(st.uid, st.gid), "root:root", TIGHT);
                }
                if (tight != st.permissions()) {
                    record(LayoutChange.Action.MODE, jailPath, Stat.octal(st.permissions()), Stat.octal(tight), TIGHT);
                }
                if (!dryRun && owner) {
                    FileOps.chown(path, 0, 0);
                }
                if (!dryRun && (owner || tight != st.permissions())) {
                    FileOps.chmod(path, st, tight);
                }
                return st.isDirectory();
            }
            if (st.isDevice()) {
                record(LayoutChange.Action.REMOVE, jailPath, st.typeName(), "removed",
                        "not in the layout: an undeclared device node is a way to hardware or kernel memory");
                if (!dryRun) {
                    Files.delete(path);
                }
            } else if (!st.isSymlink()) {
                note(jailPath, st.typeName(), "not in the layout; left in place, since a running program may use it:"
                        + " remove it if nothing does");
            }
            return false;
        }

        @Override
        public void failed(String rel, Path path, IOException e) throws IOException {
            throw new IOException("cannot read /" + rel + ": " + e, e);
        }
    }

    private void record(LayoutChange.Action action, String path, String before, String after, String reason) {
        changes.add(new LayoutChange(action, path, before, after, reason));
    }

    private void note(String path, String what, String reason) {
        changes.add(new LayoutChange(LayoutChange.Action.NOTE, path, what, "left in place", reason));
    }

    private String mountAtOrAbove(String rel) {
        for (String p = rel; p != null && !p.isEmpty(); p = parentOf(p)) {
            if (mounts.containsKey(p)) {
                return p;
            }
        }
        return null;
    }

    private static String parentOf(String rel) {
        if (rel.isEmpty()) {
            return null;
        }
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }
}
