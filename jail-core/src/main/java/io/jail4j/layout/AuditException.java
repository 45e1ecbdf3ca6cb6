package io.jail4j.layout;

import java.nio.file.Path;

/**
 * Reports that a directory could not be audited at all: it or an ancestor is missing or not a
 * directory, the mount table cannot be read, or the layout given to {@link JailAudit#allowing}
 * is inconsistent. Problems with entries inside the jail are findings, not exceptions.
 */
public final class AuditException extends Exception {
    private static final long serialVersionUID = 1L;
    /** The path as its text (a {@link Path} is not serializable), or null. */
    private final String path;

    AuditException(Path path, String message) {
        super(message);
        this.path = path == null ? null : path.toString();
    }

    AuditException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path == null ? null : path.toString();
    }

    /**
     * Returns the host path the problem is about.
     *
     * @return the host path the problem is about, such as the jail or the ancestor that is missing
     */
    public Path path() {
        return path == null ? null : Path.of(path);
    }
}
