package io.jail4j;

import java.nio.file.Path;

/**
 * Reports that the jail directory, or one of its ancestors, is unsafe or unusable as a chroot
 * jail: missing, not a directory, a symbolic link, not owned by root, or writable by group or
 * others.
 */
public final class JailPathException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The path as its text (a {@link Path} is not serializable), or null. */
    private final String path;

    JailPathException(Path path, String message) {
        super(message);
        this.path = path == null ? null : path.toString();
    }

    JailPathException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path == null ? null : path.toString();
    }

    /**
     * Returns the path (the jail or one of its ancestors) that failed the check.
     *
     * @return the absolute path of the jail or of the ancestor that failed the check
     */
    public Path path() {
        return path == null ? null : Path.of(path);
    }
}
