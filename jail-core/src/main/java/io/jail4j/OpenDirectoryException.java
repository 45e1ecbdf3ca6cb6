package io.jail4j;

import java.util.List;

/**
 * Reports that the process holds an open directory descriptor outside the jail. Such a
 * descriptor is a complete escape after the drop, even for an unprivileged user
 * ({@code openat(fd, "../../etc/shadow")} or {@code fchdir(fd)}), so {@code enter()} refuses,
 * with or without {@link Jail#closeFds()}. Close the named descriptors (for example an unclosed
 * {@link java.nio.file.DirectoryStream}) before entering.
 */
public final class OpenDirectoryException extends JailException {
    private static final long serialVersionUID = 1L;
    private final List<OpenDescriptor> descriptors;

    OpenDirectoryException(List<OpenDescriptor> descriptors, String message) {
        super(message);
        this.descriptors = List.copyOf(descriptors);
    }

    /** Returns the directory descriptors that were found open. */
    public List<OpenDescriptor> descriptors() {
        return descriptors;
    }
}
