package io.jail4j.examples.dns;

import java.net.InetAddress;

/**
 * Decides whether a client may transfer a zone (AXFR, or IXFR, which falls back to a full
 * transfer here). The daemon asks TCP wrappers rules under the daemon name
 * {@link #DAEMON}; without rules nobody may.
 */
@FunctionalInterface
interface AxfrAccess {
    /** The daemon name zone transfers are checked under in hosts.allow and hosts.deny. */
    String DAEMON = "dnsd-axfr";

    /** Returns whether {@code client} may transfer zones. */
    boolean allows(InetAddress client);

    /** Refuses everyone: the default without {@code --allow} and {@code --deny}. */
    static AxfrAccess nobody() {
        return client -> false;
    }
}
