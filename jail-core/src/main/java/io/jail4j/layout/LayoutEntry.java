package io.jail4j.layout;

import io.jail4j.internal.LinuxAbi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/** One path of a {@link JailLayout}: what it is, who owns it, its mode, and why it is there. */
final class LayoutEntry {
    enum Kind {
        DIR("dir"), COPY("copy"), TEXT("text"), CHAR("char");

        final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }
    }

    final Kind kind;
    /** Relative to the jail, components joined by '/'; "" is the jail itself. */
    final String path;
    /** As declared: "user:group", each a name the layout knows, root, or a number. */
    final String owner;
    final int mode;
    /** For a directory: its contents belong to the daemon; apply() leaves them alone. */
    final boolean data;
    final Path source;
    private final byte[] content;
    final int major;
    final int minor;
    final String reason;

    private LayoutEntry(Kind kind, String path, String owner, int mode, boolean data, Path source, byte[] content,
                        int major, int minor, String reason) {
        this.kind = kind;
        this.path = path;
        this.owner = owner;
        this.mode = mode;
        this.data = data;
        this.source = source;
        this.content = content;
        this.major = major;
        this.minor = minor;
        this.reason = reason;
    }

    static LayoutEntry dir(String path, String owner, int mode, boolean data, String reason) {
        return new LayoutEntry(Kind.DIR, path, owner, mode, data, null, null, 0, 0, reason);
    }

    static LayoutEntry copy(String path, Path source, String owner, int mode, String reason) {
        return new LayoutEntry(Kind.COPY, path, owner, mode, false, source, null, 0, 0, reason);
    }

    static LayoutEntry text(String path, byte[] content, String owner, int mode, String reason) {
        return new LayoutEntry(Kind.TEXT, path, owner, mode, false, null, content.clone(), 0, 0, reason);
    }

    static LayoutEntry device(String path, int major, int minor, String owner, int mode, String reason) {
        return new LayoutEntry(Kind.CHAR, path, owner, mode, false, null, null, major, minor, reason);
    }

    byte[] content() {
        return content.clone();
    }

    String contentText() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** Returns the path as the jailed process sees it: "/" or "/etc/passwd". */
    String jailPath() {
        return "/" + path;
    }

    /** Returns the file type bits apply() creates for this entry. */
    int type() {
        switch (kind) {
            case DIR: return LinuxAbi.S_IFDIR;
            case CHAR: return LinuxAbi.S_IFCHR;
            default: return LinuxAbi.S_IFREG;
        }
    }

    /** Names what the entry is, for plans: "directory", "text file", "char device 1:3". */
    String what() {
        switch (kind) {
            case DIR: return data ? "data directory" : "directory";
            case COPY: return "copy of " + source;
            case TEXT: return "text file (" + content.length + " bytes)";
            default: return "char device " + major + ":" + minor;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LayoutEntry)) {
            return false;
        }
        LayoutEntry e = (LayoutEntry) o;
        return kind == e.kind && path.equals(e.path) && owner.equals(e.owner) && mode == e.mode && data == e.data
                && Objects.equals(source, e.source) && Arrays.equals(content, e.content) && major == e.major
                && minor == e.minor && reason.equals(e.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, path, owner, mode, data, source, Arrays.hashCode(content), major, minor, reason);
    }
}
