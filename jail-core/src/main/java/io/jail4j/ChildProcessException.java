package io.jail4j;

import java.util.List;

/**
 * Reports that a child process of this one runs as another user than the drop target, such as a
 * shell started as root before {@code enter()}. The child is not in the jail and keeps its
 * privileges, and the jailed process could drive it through the pipes it holds. End the child
 * before {@code enter()}, or allow it on purpose with
 * {@link Jail#insecureAllowChildProcesses(String)}.
 */
public final class ChildProcessException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The pids of the children found, in a serializable list. */
    private final List<Long> pids;

    ChildProcessException(List<Long> pids, String message) {
        super(message);
        this.pids = List.copyOf(pids);
    }

    /**
     * Returns the pids of the refused children.
     *
     * @return an unmodifiable list of the process ids, one a refused child, never empty when thrown
     *         by {@code enter()}
     */
    public List<Long> pids() {
        return pids;
    }
}
