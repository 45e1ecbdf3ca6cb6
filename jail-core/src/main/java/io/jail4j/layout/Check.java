package io.jail4j.layout;

/** The checks {@link JailAudit} runs; {@link #id()} is the stable name used in reports and JSON. */
public enum Check {
    /** The jail or an ancestor is not a directory, not owned by root, or writable by group or others. */
    JAIL_PATH("jail-path"),
    /** The jail path, or a component of it, is a symbolic link. */
    JAIL_SYMLINK("jail-symlink"),
    /** An entry is writable by the runtime user, or by a group or others, and the layout does not allow it. */
    WRITABLE("writable"),
    /** An entry is owned by a user other than root. */
    OWNER("owner"),
    /** A file has the setuid or setgid bit. */
    SETID("setid"),
    /** An executable file with file capabilities ({@code security.capability}, {@code setcap}): a setuid bit by another name. */
    FILE_CAPS("file-caps"),
    /** A device node outside the allowed set, or an allowed name with the wrong major/minor numbers. */
    DEVICE("device"),
    /** A regular file with more links than the jail holds: it shares its inode with a file elsewhere. */
    HARDLINK("hardlink"),
    /** A symbolic link that leads outside the jail when followed on the host. */
    SYMLINK_ESCAPE("symlink-escape"),
    /** A symbolic link that leads nowhere when followed inside the jail. */
    SYMLINK_DANGLING("symlink-dangling"),
    /** A Unix domain socket: a channel to whatever listens on it, possibly outside the jail. */
    SOCKET("socket"),
    /** A named pipe: a channel to whoever opens it, possibly outside the jail. */
    FIFO("fifo"),
    /** A file system mounted inside the jail, such as {@code /proc} or a bind mount of a host directory. */
    MOUNT("mount"),
    /** A shell, {@code su}, {@code sudo}, an interpreter or another program that helps an attacker. */
    ESCAPE_TOOL("escape-tool"),
    /** An {@code etc/passwd} entry the jail does not need. */
    PASSWD_EXTRA("passwd-extra"),
    /** An {@code etc/passwd} entry other than root with uid 0. */
    PASSWD_UID0("passwd-uid0"),
    /** The runtime user's {@code etc/passwd} entry in the jail disagrees with the runtime user. */
    PASSWD_MISMATCH("passwd-mismatch"),
    /** An {@code etc/group} entry the jail does not need. */
    GROUP_EXTRA("group-extra"),
    /** Group 0 (root) lists members in {@code etc/group}. */
    GROUP_ROOT_MEMBER("group-root-member"),
    /** A secret ({@code etc/shadow}, a private key, a password hash) readable by more than root. */
    SECRET("secret"),
    /** The {@code dev} directory is listable or writable: the advice is mode {@code d--x--x--x}. */
    DEV_MODE("dev-mode"),
    /** A copy that must be identical to a host file (a class-path jar mirrored into the jail) is missing or differs. */
    MIRROR("mirror"),
    /** An entry could not be read, so it was not checked. */
    UNREADABLE("unreadable");

    private final String id;

    Check(String id) {
        this.id = id;
    }

    /**
     * Returns the stable id, such as {@code symlink-escape}.
     *
     * @return the lower-case, hyphenated id; it does not change between releases
     */
    public String id() {
        return id;
    }
}
