package io.jail4j;

import java.util.List;

/**
 * Reports that the process holds a descriptor that would leave a way out of the jail: a
 * directory (a complete escape even for an unprivileged user: {@code openat(fd, "../../etc")} or
 * {@code fchdir(fd)}), refused with or without {@link Jail#closeFds()}; a descriptor writable to
 * a host file outside the jail that {@link Jail#closeFds()} does not neutralise and
 * {@link Jail#insecureKeepWritable(java.nio.file.Path, String)} does not keep; a kernel object
 * that is not on the allow-list (fanotify, io_uring, bpf, perf_event, userfaultfd, pidfd, a
 * namespace); a unix socket with data or descriptors waiting in it, or connected to another
 * process while the caller was root. Close the named descriptors (for example an unclosed
 * {@link java.nio.file.DirectoryStream}) before entering, or keep one with
 * {@link Jail#keep(int, String)} where the message says so.
 */
public final class OpenDescriptorException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The descriptors judged, in a serializable list. */
    private final List<OpenDescriptor> descriptors;

    OpenDescriptorException(List<OpenDescriptor> descriptors, String message) {
        super(message);
        this.descriptors = List.copyOf(descriptors);
    }

    /**
     * Returns the refused descriptors, each with the reason in {@link OpenDescriptor#reason()}.
     *
     * @return an unmodifiable list, one element a refused descriptor
     */
    public List<OpenDescriptor> descriptors() {
        return descriptors;
    }
}
