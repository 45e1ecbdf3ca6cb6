package io.jail4j;

import java.util.List;

/**
 * Reports that the calling process lacks a capability {@code enter()} needs in its effective
 * set: {@code CAP_SYS_CHROOT}, {@code CAP_SETUID} or {@code CAP_SETGID}. The check reads the
 * capabilities, not the uid: a uid-0 process started with a reduced capability set fails it too.
 */
public final class MissingCapabilityException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The names of the missing capabilities, such as {@code CAP_SYS_CHROOT}; an unmodifiable list. */
    private final List<String> missing;

    MissingCapabilityException(List<String> missing, String message) {
        super(message);
        this.missing = List.copyOf(missing);
    }

    /**
     * Returns the names of the missing capabilities, such as {@code CAP_SYS_CHROOT}.
     *
     * @return an unmodifiable list of capability names, in their {@code CAP_*} spelling
     */
    public List<String> missing() {
        return missing;
    }
}
