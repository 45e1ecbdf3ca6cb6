package io.jail4j.inspect;

import java.util.Objects;

/**
 * One open file descriptor of a process as seen from outside: the number, the
 * {@code /proc/PID/fd/N} link target, what the descriptor points to (stat follows the magic link)
 * and its open flags from {@code /proc/PID/fdinfo/N}.
 */
public final class FdView {
    private static final int O_ACCMODE = jnr.constants.platform.OpenFlags.O_ACCMODE.intValue();
    private static final int O_WRONLY = jnr.constants.platform.OpenFlags.O_WRONLY.intValue();
    private static final int O_RDWR = jnr.constants.platform.OpenFlags.O_RDWR.intValue();

    private final int fd;
    private final String target;
    private final boolean directory;
    private final boolean regularFile;
    private final int flags;

    FdView(int fd, String target, boolean directory, boolean regularFile, int flags) {
        if (directory && regularFile) {
            throw new IllegalArgumentException("fd " + fd + " cannot be both a directory and a regular file");
        }
        this.fd = fd;
        this.target = Objects.requireNonNull(target, "target");
        this.directory = directory;
        this.regularFile = regularFile;
        this.flags = flags;
    }

    /**
     * Returns the descriptor number.
     *
     * @return the descriptor number, zero or more
     */
    public int fd() {
        return fd;
    }

    /**
     * Returns the link target as the kernel prints it, such as {@code /etc/hosts},
     * {@code socket:[1234]}, {@code anon_inode:[eventpoll]} or {@code /tmp/x (deleted)}. Paths are
     * as seen from the reader's root, so the host path of a file inside a jail.
     *
     * @return the target of {@code /proc/PID/fd/N}, never null
     */
    public String target() {
        return target;
    }

    /**
     * Returns whether the descriptor points to a directory: a way out of any jail.
     *
     * @return true if the descriptor refers to a directory
     */
    public boolean directory() {
        return directory;
    }

    /**
     * Returns whether the descriptor points to a regular file.
     *
     * @return true if the descriptor refers to a regular file (false for a directory, socket,
     *     pipe, device or anonymous inode)
     */
    public boolean regularFile() {
        return regularFile;
    }

    /**
     * Returns the open flags ({@code flags:} of fdinfo, such as {@code O_RDWR|O_CLOEXEC}).
     *
     * @return the flag bits as the kernel reports them (octal in fdinfo), such as
     *     {@code 02100002} for {@code O_RDWR|O_CLOEXEC|O_LARGEFILE}
     */
    public int flags() {
        return flags;
    }

    /**
     * Returns whether the descriptor was opened with {@code O_WRONLY} or {@code O_RDWR}.
     *
     * @return true if the access mode allows writing; false for read-only
     */
    public boolean writable() {
        int mode = flags & O_ACCMODE;
        return mode == O_WRONLY || mode == O_RDWR;
    }

    /**
     * Returns {@code r}, {@code w} or {@code rw} from the access mode.
     *
     * @return {@code r} for read-only, {@code w} for write-only, {@code rw} for read-write
     */
    public String access() {
        int mode = flags & O_ACCMODE;
        return mode == O_RDWR ? "rw" : mode == O_WRONLY ? "w" : "r";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FdView)) {
            return false;
        }
        FdView f = (FdView) o;
        return fd == f.fd && target.equals(f.target) && directory == f.directory
                && regularFile == f.regularFile && flags == f.flags;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fd, target, directory, regularFile, flags);
    }

    /** Returns one line such as {@code fd 3 rw file /var/log/app.log (flags 0102002)}. */
    @Override
    public String toString() {
        return "fd " + fd + " " + access() + " " + (directory ? "directory" : regularFile ? "file" : "other")
                + " " + target + " (flags 0" + Integer.toOctalString(flags) + ")";
    }
}
