package io.jail4j;

/**
 * Reports that the resolved drop target is not an unprivileged identity: uid 0, gid 0, or a
 * supplementary group 0 (root's group grants root-owned group permissions).
 */
public final class InvalidTargetException extends JailException {
    private static final long serialVersionUID = 1L;

    InvalidTargetException(String message) {
        super(message);
    }
}
