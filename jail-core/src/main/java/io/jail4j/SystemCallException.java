package io.jail4j;

/**
 * Reports that a system call made during the reversible part of {@code enter()} failed. The
 * message names the call, its arguments and the errno, such as
 * {@code openat(3, "srv", O_DIRECTORY|O_NOFOLLOW): EACCES (Permission denied)}.
 */
public final class SystemCallException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The call with its arguments, as written in the message. */
    private final String call;
    /** The errno value the call failed with (positive). */
    private final int errno;

    SystemCallException(String call, int errno, String errnoText) {
        super(call + ": " + errnoText);
        this.call = call;
        this.errno = errno;
    }

    /**
     * Returns the call with its arguments, as written in the message.
     *
     * @return the call as text, such as {@code openat(3, "srv", O_DIRECTORY|O_NOFOLLOW)}
     */
    public String call() {
        return call;
    }

    /**
     * Returns the errno the call failed with.
     *
     * @return the C {@code errno} value, such as 13 for {@code EACCES}
     */
    public int errno() {
        return errno;
    }
}
