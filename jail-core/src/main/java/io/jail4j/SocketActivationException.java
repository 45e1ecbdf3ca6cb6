package io.jail4j;

/**
 * Reports that the sockets handed over by systemd ({@code LISTEN_FDS}) or inetd (standard input)
 * cannot be taken or turned into Java channels: malformed variables, a descriptor that is not
 * open or not a socket, a socket kind Java has no channel for, or a JDK that refuses access to
 * its channel internals. The message says what to fix: the unit file, the variables, or the JVM
 * option to add.
 */
public final class SocketActivationException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The JVM option that would let the call succeed, or null when none would. */
    private final String jvmOption;

    SocketActivationException(String message) {
        this(message, null, null);
    }

    SocketActivationException(String message, String jvmOption, Throwable cause) {
        super(message, cause);
        this.jvmOption = jvmOption;
    }

    /**
     * Returns the JVM option that would let the call succeed, such as
     * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}, or null when the cause is not a
     * missing option.
     *
     * @return the option as one would add it to the {@code java} command line, or null
     */
    public String jvmOption() {
        return jvmOption;
    }
}
