package io.jail4j.layout;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
    private final LayoutDeclarations declared;

    private JailLayout(LayoutDeclarations declared) {
        this.declared = declared;
    }

    /**
     * Returns a layout with only the jail directory itself, root:root 0755.
     *
     * @return a new layout that declares only the jail directory, root:root 0755, with no users,
     *     groups or other paths
     */
    public static JailLayout empty() {
        return new JailLayout(LayoutDeclarations.NONE.with(LayoutEntry.dir("", "root:root", 0755, false,
                "the jail root: searchable by the daemon, writable by root alone")));
    }

    /**
     * Returns {@link #empty()} plus {@code /dev} (root:root 0111: searchable, not listable) and the
     * device nodes most programs need: {@code null} and {@code zero} (0666), {@code random} and
     * {@code urandom} (0444).
     *
     * @return a new layout with the jail directory, {@code /dev} and those four device nodes, and no
     *     users or groups
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
     * @param spec the spec text, one declaration a line, in the format {@link #toString()} writes
     * @return {@link #standard()} with the spec's declarations and omissions applied in order
     * @throws LayoutException naming the line and the problem
     */
    public static JailLayout parse(String spec) throws LayoutException {
        return LayoutSpec.parse(spec, standard());
    }

    /**
     * Adds a directory.
     *
     * @param path the path as the jailed process sees it, such as {@code /pub}; the leading {@code /} is
     *     optional; {@code /} redeclares the jail directory itself
     * @param owner {@code user:group}: {@code root}, a number, or a user or group this layout declares
     *     (names are resolved by {@link #plan} and {@link #apply}, which refuse unknown ones)
     * @param mode the permission bits, such as {@code 0755}; setgid and sticky are allowed, setuid
     *     is refused
     * @param reason why the entry is in the jail: one line, not null or blank; shown in plans and in the spec
     * @return a new layout with the directory declared, replacing any earlier declaration or
     *     omission of the same path
     * @throws IllegalArgumentException if the path has an empty, {@code .} or {@code ..} component, a
     *     NUL or a newline, the owner is not {@code user:group}, the mode is outside
     *     {@code 0..07777} or sets setuid, or the reason is null, blank or longer than one line
     * @throws NullPointerException if {@code path} or {@code owner} is null
     */
    public JailLayout dir(String path, String owner, int mode, String reason) {
        return with(Declare.dir(path, owner, mode, reason, false));
    }

    /**
     * Adds a data directory: the daemon's own files live below it, so {@link #apply} manages the
     * directory itself but leaves its contents alone, and {@link JailAudit} lets the runtime user
     * own and write them (setuid files, devices, sockets, fifos and links below it still count).
     *
     * @param path the path as the jailed process sees it, such as {@code /pub}; the leading {@code /} is
     *     optional; must be below the jail, not {@code /}
     * @param owner {@code user:group}: {@code root}, a number, or a user or group this layout declares
     *     (names are resolved by {@link #plan} and {@link #apply}, which refuse unknown ones)
     * @param mode the permission bits of the directory itself, such as {@code 01730}; setgid and
     *     sticky are allowed, setuid is refused
     * @param reason why the entry is in the jail: one line, not null or blank; shown in plans and in the spec
     * @return a new layout with the data directory declared, replacing any earlier declaration or
     *     omission of the same path
     * @throws IllegalArgumentException if the path is {@code /} or has an empty, {@code .} or
     *     {@code ..} component, a NUL or a newline, the owner is not {@code user:group}, the mode is
     *     outside {@code 0..07777} or sets setuid, or the reason is null, blank or longer than one line
     * @throws NullPointerException if {@code path} or {@code owner} is null
     */
    public JailLayout dataDir(String path, String owner, int mode, String reason) {
        return with(Declare.dir(path, owner, mode, reason, true));
    }

    /**
     * Adds a copy of a host file; {@code from} must be absolute and is read (following links) when planning.
     *
     * @param path where the copy goes, as the jailed process sees it, such as {@code /etc/localtime};
     *     not {@code /}
     * @param from the host file to copy, an absolute path; it is not read until {@link #plan} or
     *     {@link #apply}
     * @param owner {@code user:group}: {@code root}, a number, or a user or group this layout declares
     *     (names are resolved by {@link #plan} and {@link #apply}, which refuse unknown ones)
     * @param mode the permission bits of the copy, such as {@code 0444}; setuid and setgid are
     *     refused
     * @param reason why the entry is in the jail: one line, not null or blank; shown in plans and in the spec
     * @return a new layout with the copy declared, replacing any earlier declaration or omission of
     *     the same path
     * @throws IllegalArgumentException if the path is {@code /} or malformed, {@code from} is relative,
     *     the owner is not {@code user:group}, the mode is outside {@code 0..07777} or sets setuid or
     *     setgid, or the reason is null, blank or longer than one line
     * @throws NullPointerException if {@code path}, {@code from} or {@code owner} is null
     */
    public JailLayout copy(String path, Path from, String owner, int mode, String reason) {
        return with(Declare.copy(path, from, owner, mode, reason));
    }

    /**
     * Adds a file with the given content, written as UTF-8.
     *
     * @param path the file as the jailed process sees it, such as {@code /etc/motd}; not {@code /}
     * @param content the whole content of the file; may be empty
     * @param owner {@code user:group}: {@code root}, a number, or a user or group this layout declares
     *     (names are resolved by {@link #plan} and {@link #apply}, which refuse unknown ones)
     * @param mode the permission bits of the file, such as {@code 0444}; setuid and setgid are
     *     refused
     * @param reason why the entry is in the jail: one line, not null or blank; shown in plans and in the spec
     * @return a new layout with the file declared, replacing any earlier declaration or omission of
     *     the same path
     * @throws IllegalArgumentException if the path is {@code /} or malformed, the owner is not
     *     {@code user:group}, the mode is outside {@code 0..07777} or sets setuid or setgid, or the
     *     reason is null, blank or longer than one line
     * @throws NullPointerException if {@code path}, {@code content} or {@code owner} is null
     */
    public JailLayout text(String path, String content, String owner, int mode, String reason) {
        return with(Declare.text(path, content, owner, mode, reason));
    }

    /**
     * Adds a character device node; {@link JailAudit} then allows it too.
     *
     * @param path the node as the jailed process sees it, such as {@code /dev/null}; not {@code /}
     * @param major the major device number, 0 to 4095
     * @param minor the minor device number, 0 to 1048575
     * @param owner {@code user:group}: {@code root}, a number, or a user or group this layout declares
     *     (names are resolved by {@link #plan} and {@link #apply}, which refuse unknown ones)
     * @param mode the permission bits of the node, such as {@code 0666}; setuid and setgid are
     *     refused
     * @param reason why the entry is in the jail: one line, not null or blank; shown in plans and in the spec
     * @return a new layout with the device declared, replacing any earlier declaration or omission
     *     of the same path
     * @throws IllegalArgumentException if the path is {@code /} or malformed, a device number is out
     *     of range, the owner is not {@code user:group}, the mode is outside {@code 0..07777} or sets
     *     setuid or setgid, or the reason is null, blank or longer than one line
     * @throws NullPointerException if {@code path} or {@code owner} is null
     */
    public JailLayout device(String path, int major, int minor, String owner, int mode, String reason) {
        return with(Declare.device(path, major, minor, owner, mode, reason));
    }

    /**
     * Adds a user to the jail's {@code etc/passwd}, which then holds the declared users only.
     *
     * @param name the user name: not empty, without {@code :}, {@code ,}, whitespace or NUL
     * @param uid the user id, 0 to 4294967294; 0 only for {@code root}
     * @param gid the primary group id, 0 to 4294967294
     * @param home the home directory field, such as {@code /}: not empty, without {@code :} or
     *     newline
     * @param shell the shell field, such as {@code /usr/sbin/nologin}: not empty, without {@code :}
     *     or newline
     * @param reason why the user is in the jail: one line, not blank
     * @return a new layout with the user declared, replacing an earlier user of the same name
     * @throws IllegalArgumentException if a field is empty or has a forbidden character, an id is out
     *     of range, a user other than {@code root} has uid 0, or the reason is null, blank or longer than
     *     one line
     * @throws NullPointerException if {@code name}, {@code home} or {@code shell} is null
     */
    public JailLayout user(String name, long uid, long gid, String home, String shell, String reason) {
        return new JailLayout(declared.with(Declare.user(name, uid, gid, home, shell, reason)));
    }

    /**
     * Adds a group to the jail's {@code etc/group}, which then holds the declared groups only.
     *
     * @param name the group name: not empty, without {@code :}, {@code ,}, whitespace or NUL
     * @param gid the group id, 0 to 4294967294
     * @param members the user names listed as members; may be empty, each a valid name
     * @param reason why the group is in the jail: one line, not blank
     * @return a new layout with the group declared, replacing an earlier group of the same name
     * @throws IllegalArgumentException if the name or a member is empty or has a forbidden character,
     *     the gid is out of range, or the reason is null, blank or longer than one line
     * @throws NullPointerException if {@code name}, {@code members} or a member is null
     */
    public JailLayout group(String name, long gid, List<String> members, String reason) {
        return new JailLayout(declared.with(Declare.group(name, gid, members, reason)));
    }

    /**
     * Removes a declared path (such as a default device) from the layout, recording why.
     *
     * @param path the path as the jailed process sees it, such as {@code /dev/random}; not {@code /};
     *     need not be declared
     * @param reason why the path is left out: one line, not blank; kept in the spec
     * @return a new layout without the path; {@link #apply} then treats whatever is found there as
     *     undeclared
     * @throws IllegalArgumentException if the path is {@code /} or malformed, or the reason is null, blank or
     *     longer than one line
     * @throws NullPointerException if {@code path} is null
     */
    public JailLayout omit(String path, String reason) {
        String p = LayoutPaths.nonRoot("omit", path);
        return new JailLayout(declared.without(p, LayoutPaths.reason("omit", path, reason)));
    }

    /**
     * Compares the jail with the layout and returns what {@link #apply} would change, with reasons.
     * Reads only.
     *
     * @param jail the jail directory on the host
     * @return the changes {@link #apply} would make and the paths it would leave alone but note;
     *     its {@link LayoutPlan#isEmpty()} is true if the jail already matches
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
     * @param jail the jail directory on the host
     * @return the changes made and the paths left alone but noted; empty if the jail already
     *     matched
     * @throws LayoutException naming the path and the problem; changes made before stay made
     */
    public LayoutPlan apply(Path jail) throws LayoutException {
        return apply(jail, Converger.MKNOD);
    }

    /**
     * Like {@link #apply(Path)}, creating device nodes with {@code devices}.
     *
     * @param jail the jail directory on the host
     * @param devices what creates the declared device nodes that are missing or wrong
     * @return the changes made and the paths left alone but noted; empty if the jail already
     *     matched
     * @throws LayoutException naming the path and the problem; changes made before stay made
     * @throws NullPointerException if {@code devices} is null
     */
    public LayoutPlan apply(Path jail, NodeMaker devices) throws LayoutException {
        Objects.requireNonNull(devices, "apply: devices");
        return new Converger(ResolvedLayout.of(this), jail, false, devices).run();
    }

    private JailLayout with(LayoutEntry entry) {
        return new JailLayout(declared.with(entry));
    }

    /** Returns what this layout declares. */
    LayoutDeclarations declared() {
        return declared;
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
