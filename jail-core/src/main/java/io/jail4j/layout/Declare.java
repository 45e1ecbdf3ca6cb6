package io.jail4j.layout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Checks the arguments of one {@link JailLayout} declaration (with {@link LayoutPaths}, whose
 * messages name the method, the value and what is allowed) and builds the entry or account it
 * declares.
 */
final class Declare {
    private Declare() {
    }

    /** A directory, or with {@code data} a data directory (which cannot be the jail itself). */
    static LayoutEntry dir(String path, String owner, int mode, String reason, boolean data) {
        String method = data ? "dataDir" : "dir";
        String p = LayoutPaths.check(method, path);
        if (data && p.isEmpty()) {
            throw new IllegalArgumentException("dataDir: \"/\" cannot be a data directory; name one below it");
        }
        return LayoutEntry.dir(p, LayoutPaths.owner(method, owner), LayoutPaths.mode(method, path, mode, true), data,
                LayoutPaths.reason(method, path, reason));
    }

    /** A copy of the absolute host file {@code from}. */
    static LayoutEntry copy(String path, Path from, String owner, int mode, String reason) {
        String p = LayoutPaths.nonRoot("copy", path);
        Objects.requireNonNull(from, "copy: from");
        if (!from.isAbsolute()) {
            throw new IllegalArgumentException("copy " + path + ": the host file \"" + from + "\" must be an absolute path");
        }
        return LayoutEntry.copy(p, from, LayoutPaths.owner("copy", owner), LayoutPaths.mode("copy", path, mode, false),
                LayoutPaths.reason("copy", path, reason));
    }

    /** A file with {@code content}, written as UTF-8. */
    static LayoutEntry text(String path, String content, String owner, int mode, String reason) {
        String p = LayoutPaths.nonRoot("text", path);
        Objects.requireNonNull(content, "text: content");
        return LayoutEntry.text(p, content.getBytes(StandardCharsets.UTF_8), LayoutPaths.owner("text", owner),
                LayoutPaths.mode("text", path, mode, false), LayoutPaths.reason("text", path, reason));
    }

    /** A character device node {@code major:minor} (0-4095:0-1048575). */
    static LayoutEntry device(String path, int major, int minor, String owner, int mode, String reason) {
        String p = LayoutPaths.nonRoot("device", path);
        if (major < 0 || major > 4095 || minor < 0 || minor > 1048575) {
            throw new IllegalArgumentException("device " + path + ": " + major + ":" + minor
                    + " is outside 0..4095:0..1048575");
        }
        return LayoutEntry.device(p, major, minor, LayoutPaths.owner("device", owner),
                LayoutPaths.mode("device", path, mode, false), LayoutPaths.reason("device", path, reason));
    }

    /** An {@code etc/passwd} user; uid 0 only for {@code root}. */
    static Accounts.User user(String name, long uid, long gid, String home, String shell, String reason) {
        LayoutPaths.accountName("user", name);
        LayoutPaths.id("user " + name + ": uid", uid);
        LayoutPaths.id("user " + name + ": gid", gid);
        if (uid == 0 && !name.equals("root")) {
            throw new IllegalArgumentException("user " + name + ": uid 0 belongs to root alone;"
                    + " a second uid 0 entry is a hidden root account");
        }
        LayoutPaths.field("user " + name + ": home", home);
        LayoutPaths.field("user " + name + ": shell", shell);
        return new Accounts.User(0, name, "x", uid, gid, home, shell, LayoutPaths.reason("user", name, reason));
    }

    /** An {@code etc/group} group with its members. */
    static Accounts.Group group(String name, long gid, List<String> members, String reason) {
        LayoutPaths.accountName("group", name);
        LayoutPaths.id("group " + name + ": gid", gid);
        for (String m : Objects.requireNonNull(members, "group: members")) {
            LayoutPaths.accountName("group " + name + ": member", m);
        }
        return new Accounts.Group(0, name, gid, members, LayoutPaths.reason("group", name, reason));
    }
}
