package io.jail4j.tcpd;

import java.nio.file.Path;

/**
 * Reports a rule file that jail4j refuses to load, naming the file and, where there is one, the
 * line: a file that exists but cannot be read, a file over the size limit, an option that would
 * run a shell or change the whole process (such as {@code spawn} or {@code user}) without a
 * registered {@link OptionHandler}, a list file loop, or a list-file pattern longer than libwrap's
 * buffer.
 *
 * <p>Lines that libwrap merely skips or that make it deny access at check time (a missing
 * {@code :}, a bad option value) are not errors here: {@link HostsAccess} decides them as libwrap
 * does and lists them in {@link HostsAccess#warnings()}.
 */
public final class HostsFileException extends Exception {
    private static final long serialVersionUID = 1L;
    /** The path as its text (a {@link Path} is not serializable), or null. */
    private final String file;
    /** The line, or 0. */
    private final int line;

    HostsFileException(Path file, int line, String message) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + message);
        this.file = file == null ? null : file.toString();
        this.line = line;
    }

    HostsFileException(Path file, int line, String message, Throwable cause) {
        this(file, line, message);
        initCause(cause);
    }

    /**
     * Returns the file that was refused.
     *
     * @return the rule file, list file, banner directory or banner file concerned, as its path
     *     was given or written in the rules; for a loop or too deep a nesting of list files, the
     *     rule file whose rule led to it. The same path after the exception is serialized and
     *     deserialized.
     */
    public Path file() {
        return file == null ? null : Path.of(file);
    }

    /**
     * Returns the line (counted as libwrap counts, from 1), or 0 when the whole file is meant.
     *
     * @return the line of {@link #file()}: of the rule for an option without a handler or for
     *     list files that loop or nest too deep (its last physical line, if continued), of the
     *     list file for an over-long pattern; 0 for a file that cannot be read, is a directory
     *     or is too large, and for banner errors
     */
    public int line() {
        return line;
    }
}
