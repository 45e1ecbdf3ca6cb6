package io.jail4j;

import java.nio.file.Path;

/**
 * Reports that a file under {@code /proc} that {@code enter()} reads for its checks (the
 * process's status, descriptors, threads, mappings, children) could not be read or did not have
 * the form the kernel documents in proc(5). The message names the file and what went wrong; the
 * cause, if any, is the {@link java.io.IOException} of the read or the parse error. Like every
 * {@link JailException}, it is thrown before anything was changed.
 */
public final class ProcFileException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The file or directory that could not be read, as text (a Path is not serializable). */
    private final String path;

    ProcFileException(Path path, String problem, Throwable cause) {
        super("cannot read " + path + ": " + problem + " (is /proc mounted and readable by this process?)", cause);
        this.path = path.toString();
    }

    /**
     * Returns the file or directory under {@code /proc} that could not be read.
     *
     * @return such as {@code /proc/self/fdinfo/7}
     */
    public Path path() {
        return Path.of(path);
    }
}
