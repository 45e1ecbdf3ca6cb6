package io.jail4j;

/**
 * Reports that the user named in {@link Jail#dropTo(String)} does not exist on the host, or that
 * the host's user database gave no stable answer for it (its group list kept changing).
 */
public final class UnknownUserException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The user name that could not be resolved. */
    private final String user;

    UnknownUserException(String user) {
        super("dropTo(\"" + user + "\"): no such user in the host's user database"
                + " (getpwnam_r found no entry; check the name, or NSS/LDAP/sssd)");
        this.user = user;
    }

    UnknownUserException(String user, String message) {
        super("dropTo(\"" + user + "\"): " + message);
        this.user = user;
    }

    /**
     * Returns the user name that could not be resolved.
     *
     * @return the name as given to {@link Jail#dropTo(String)}
     */
    public String user() {
        return user;
    }
}
