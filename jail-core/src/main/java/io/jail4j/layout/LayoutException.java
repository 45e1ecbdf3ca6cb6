package io.jail4j.layout;

/**
 * Reports that a layout could not be read, planned or applied. The message names the path (or
 * the spec line) and the problem; {@link #path()} returns the path.
 */
public final class LayoutException extends Exception {
    private static final long serialVersionUID = 1L;
    /** The path the problem is about, as {@link #path()} returns it. */
    private final String path;

    LayoutException(String path, String message) {
        super(message);
        this.path = path;
    }

    LayoutException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /**
     * Returns the path the problem is about, as the jailed process would see it, or the host path
     * of the jail or a host file.
     *
     * @return the path as the jailed process sees it, starting with {@code /}; the jail's absolute
     *     host path when the jail itself is the problem; or {@code line N} for a spec line that names
     *     no path
     */
    public String path() {
        return path;
    }
}
