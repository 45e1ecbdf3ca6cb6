package io.jail4j.layout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A jail's contents and permissions as code: the "permissions script" kept in source, tight by
 * default, with the reason for every path. Immutable: every method returns a new layout;
 * declaring a path again replaces the earlier declaration.
 *
 * <pre>{@code
 * JailLayout ftp = JailLayout.standard()                 // /, /dev (0111), null, zero, random, urandom
 *         .user("ftp", 4242, 4242, "/", "/usr/sbin/nologin", "the daemon's runtime user")
 *         .group("ftp", 4242, List.of(), "the daemon's group")
 *         .dir("/pub", "root:root", 0755, "files offered for download")
 *         .dataDir("/pub/incoming", "root:ftp", 01730, "uploads: ftp may add files, not list them")
 *         .copy("/etc/localtime", Path.of("/usr/share/zoneinfo/UTC"), "root:root", 0444, "log time stamps");
 * System.out.print(ftp.plan(Path.of("/srv/ftp")));      // what apply() would change, with reasons
 * ftp.apply(Path.of("/srv/ftp"));
 * }</pre>
 *
 * <p><b>What apply() does.</b> It creates, rewrites or re-owns every declared path (parents
 * before children; missing parents become root-owned 0755 directories), writes
 * {@code etc/passwd} and {@code etc/group} with the declared users and groups only, and
 * tightens everything it finds that the layout does not declare: owner root:root, no write for
 * group or others, no setuid or setgid bit. It removes undeclared device nodes, leaves fifos,
 * sockets, symbolic links and hard-linked files as they are (changing a hard-linked file would
 * change its other links too) and reports them, and never walks into a data directory or a
 * mount point. It never deletes a directory and never follows a symbolic link: a link where a
 * file or directory is declared is replaced, files are written under a temporary name and
 * renamed into place. Running it twice changes nothing the second time.
 *
 * <p><b>Owners</b> are written {@code "user:group"}: {@code root}, a number, or a user or group the
 * layout declares. Modes are octal permission bits; setuid and setgid are refused (setgid is
 * allowed on directories), the sticky bit is allowed.
 *
 * <p>{@link #toString()} returns the layout in the spec format that {@link #parse(String)} reads.
 */
public final class JailLayout {
    private final Map<String, LayoutEntry> entries;
    private final List<Accounts.User> users;
    private final List<Accounts.Group> groups;
    private final Map<String, String> omitted;

    private JailLayout(Map<String, LayoutEntry> entries, List<Accounts.User> users, List<Accounts.Group> groups,
                       Map<String, String> omitted) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        this.users = List.copyOf(users);
        this.groups = List.copyOf(groups);
        this.omitted = Collections.unmodifiableMap(new TreeMap<>(omitted));
    }

    /** Returns a layout with only the jail directory itself, root:root 0755. */
    public static JailLayout empty() {
        Map<String, LayoutEntry> e = new TreeMap<>();
        e.put("", LayoutEntry.dir("", "root:root", 0755, false,
                "the jail root: searchable by the daemon, writable by root alone"));
        return new JailLayout(e, List.of(), List.of(), Map.of());
    }

    /**
     * Returns {@link #empty()} plus {@code /dev} (root:root 0111: searchable, not listable) and the
     * device nodes most programs need: {@code null} and {@code zero} (0666), {@code random} and
     * {@code urandom} (0444).
     */
    public static JailLayout standard() {
        return empty()
                .dir("/dev", "root:root", 0111, "device nodes only: searchable, not listable (d--x--x--x)")
                .device("/dev/null", 1, 3, "root:root", 0666, "discarded output; many libraries open it")
                .device("/dev/zero", 1, 5, "root:root", 0666, "zero-filled memory maps")
                .device("/dev/random", 1, 8, "root:root", 0444, "randomness for key generation")
                .device("/dev/urandom", 1, 9, "root:root", 0444, "randomness for TLS and hash seeds");
    }

    /**
     * Parses a layout spec (see {@link #toString()} for the format); it starts from
     * {@link #standard()}, which its lines extend, override or {@code omit}.
     *
     * @throws LayoutException naming the line and the problem
     */
    public static JailLayout parse(String spec) throws LayoutException {
        return LayoutSpec.parse(spec, standard());
    }

    /** Adds a directory. */
    public JailLayout dir(String path, String owner, int mode, String reason) {
        String p = LayoutPaths.check("dir", path);
        return with(LayoutEntry.dir(p, LayoutPaths.owner("dir", owner), LayoutPaths.mode("dir", path, mode, true), false,
                LayoutPaths.reason("dir", path, reason)));
    }

    /**
     * Adds a data directory: the daemon's own files live below it, so {@link #apply} manages the
     * directory itself but leaves its contents alone, and {@link JailAudit} lets the runtime user
     * own and write them (setuid files, devices, sockets, fifos and links below it still count).
     */
    public JailLayout dataDir(String path, String owner, int mode, String reason) {
        String p = LayoutPaths.check("dataDir", path);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("dataDir: \"/\" cannot be a data directory; name one below it");
        }
        return with(LayoutEntry.dir(p, LayoutPaths.owner("dataDir", owner), LayoutPaths.mode("dataDir", path, mode, true),
                true, LayoutPaths.reason("dataDir", path, reason)));
    }

    /** Adds a copy of a host file; {@code from} must be absolute and is read (following links) when planning. */
    public JailLayout copy(String path, Path from, String owner, int mode, String reason) {
        String p = LayoutPaths.nonRoot("copy", path);
        Objects.requireNonNull(from, "copy: from");
        if (!from.isAbsolute()) {
            throw new IllegalArgumentException("copy " + path + ": the host file \"" + from + "\" must be an absolute path");
        }
        return with(LayoutEntry.copy(p, from, LayoutPaths.owner("copy", owner), LayoutPaths.mode("copy", path, mode, false),
                LayoutPaths.reason("copy", path, reason)));
    }

    /** Adds a file with the given content, written as UTF-8. */
    public JailLayout text(String path, String content, String owner, int mode, String reason) {
        String p = LayoutPaths.nonRoot("text", path);
        Objects.requireNonNull(content, "text: content");
        return with(LayoutEntry.text(p, content.getBytes(StandardCharsets.UTF_8), LayoutPaths.owner("text", owner),
                LayoutPaths.mode("text", path, mode, false), LayoutPaths.reason("text", path, reason)));
    }

    /** Adds a character device node; {@link JailAudit} then allows it too. */
    public JailLayout device(String path, int major, int minor, String owner, int mode, String reason) {
        String p = LayoutPaths.nonRoot("device", path);
        if (major < 0 || major > 4095 || minor < 0 || minor > 1048575) {
            throw new IllegalArgumentException("device " + path + ": " + major + ":" + minor
                    + " is outside 0..4095:0..1048575");
        }
        return with(LayoutEntry.device(p, major, minor, LayoutPaths.owner("device", owner),
                LayoutPaths.mode("device", path, mode, false), LayoutPaths.reason("device", path, reason)));
    }

    /** Adds a user to the jail's {@code etc/passwd}, which then holds the declared users only. */
    public JailLayout user(String name, long uid, long gid, String home, String shell, String reason) {
        LayoutPaths.accountName("user", name);
        LayoutPaths.id("user " + name + ": uid", uid);
        LayoutPaths.id("user " + name + ": gid", gid);
        if (uid == 0 && !name.equals("root")) {
            throw new IllegalArgumentException("user " + name + ": uid 0 belongs to root alone;"
                    + " a second uid 0 entry is a hidden root account");
        }
        LayoutPaths.field("user " + name + ": home", home);
        LayoutPaths.field("user " + name + ": shell", shell);
        List<Accounts.User> u = new ArrayList<>(users);
        u.removeIf(x -> x.name.equals(name));
        u.add(new Accounts.User(0, name, "x", uid, gid, home, shell, LayoutPaths.reason("user", name, reason)));
        return new JailLayout(entries, u, groups, omitted);
    }

    /** Adds a group to the jail's {@code etc/group}, which then holds the declared groups only. */
    public JailLayout group(String name, long gid, List<String> members, String reason) {
        LayoutPaths.accountName("group", name);
        LayoutPaths.id("group " + name + ": gid", gid);
        for (String m : Objects.requireNonNull(members, "group: members")) {
            LayoutPaths.accountName("group " + name + ": member", m);
        }
        List<Accounts.Group> g = new ArrayList<>(groups);
        g.removeIf(x -> x.name.equals(name));
        g.add(new Accounts.Group(0, name, gid, members, LayoutPaths.reason("group", name, reason)));
        return new JailLayout(entries, users, g, omitted);
    }

    /** Removes a declared path (such as a default device) from the layout, recording why. */
    public JailLayout omit(String path, String reason) {
        String p = LayoutPaths.nonRoot("omit", path);
        Map<String, LayoutEntry> e = new TreeMap<>(entries);
        e.remove(p);
        Map<String, String> o = new TreeMap<>(omitted);
        o.put(p, LayoutPaths.reason("omit", path, reason));
        return new JailLayout(e, users, groups, o);
    }

    /**
     * Compares the jail with the layout and returns what {@link #apply} would change, with reasons.
     * Reads only.
     *
     * @throws LayoutException if the layout is inconsistent, the jail is not a directory, or a path
     *                         cannot be read
     */
    public LayoutPlan plan(Path jail) throws LayoutException {
        return new Converger(ResolvedLayout.of(this), jail, true, Converger.UNAVAILABLE).run();
    }

    /**
     * Makes the jail match the layout and returns what it changed. Device nodes are created with
     * {@code mknodat(2)} through jail4j's native binding, which needs
     * root; {@link #apply(Path, NodeMaker)} takes another way to create them.
     *
     * @throws LayoutException naming the path and the problem; changes made before stay made
     */
    public LayoutPlan apply(Path jail) throws LayoutException {
        return apply(jail, Converger.MKNOD);
    }

    /** Like {@link #apply(Path)}, creating device nodes with {@code devices}. */
    public LayoutPlan apply(Path jail, NodeMaker devices) throws LayoutException {
        Objects.requireNonNull(devices, "apply: devices");
        return new Converger(ResolvedLayout.of(this), jail, false, devices).run();
    }

    private JailLayout with(LayoutEntry entry) {
        Map<String, LayoutEntry> e = new TreeMap<>(entries);
        e.put(entry.path, entry);
        Map<String, String> o = new TreeMap<>(omitted);
        o.remove(entry.path);
        return new JailLayout(e, users, groups, o);
    }

    Map<String, LayoutEntry> entries() {
        return entries;
    }

    List<Accounts.User> users() {
        return users;
    }

    List<Accounts.Group> groups() {
        return groups;
    }

    Map<String, String> omitted() {
        return omitted;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JailLayout)) {
            return false;
        }
        return toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * Returns the layout as a spec, one declaration a line, the reason after {@code --}:
     * <pre>
     * user  ftp 4242 4242 / /usr/sbin/nologin             -- the daemon's runtime user
     * group ftp 4242                                      -- the daemon's group
     * dir   /                root:root 0755               -- the jail root
     * char  /dev/null        root:root 0666 1:3           -- discarded output
     * copy  /etc/localtime   root:root 0444 /usr/share/zoneinfo/UTC -- log time stamps
     * text  /etc/motd        root:root 0444 "welcome\n"   -- greeting
     * data  /pub/incoming    root:ftp  1730               -- uploads
     * omit  /dev/random                                   -- nothing reads it
     * </pre>
     */
    @Override
    public String toString() {
        return LayoutSpec.format(this);
    }
}
