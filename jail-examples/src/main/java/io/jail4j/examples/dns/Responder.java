package io.jail4j.examples.dns;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers DNS messages from the zones it holds, for any number of threads: each serving thread
 * takes its own {@link Worker}. A reload replaces the zones and the templates at once; a query
 * sees either the old set or the new one, never a mix.
 */
final class Responder {
    /** NSD's ERROR_RATELIMIT: FORMERR and NOTIMP answers per second; more are dropped. */
    static final int ERRORS_PER_SECOND = 100;
    /** NSD's default ipv4-edns-size and ipv6-edns-size: the cap on the client's UDP buffer. */
    static final int EDNS_SIZE = 1232;

    /** The zones and everything derived from them. */
    static final class Snapshot {
        final Zones zones;
        final Lookup lookup;
        final Templates templates = new Templates();

        Snapshot(Zones zones, boolean ipv6) {
            this.zones = zones;
            this.lookup = new Lookup(zones, ipv6);
        }
    }

    final boolean ipv6;
    final AxfrAccess access;
    private volatile Snapshot snapshot;
    private final AtomicLong errorWindow = new AtomicLong();

    /**
     * @param ipv6   whether clients come over IPv6 (it changes glue order and the minimal
     *               response size, as in NSD)
     * @param access who may transfer zones
     */
    Responder(Zones zones, boolean ipv6, AxfrAccess access) {
        this.ipv6 = ipv6;
        this.access = access;
        this.snapshot = new Snapshot(zones, ipv6);
    }

    /** Serves {@code zones} from now on. */
    void replace(Zones zones) {
        snapshot = new Snapshot(zones, ipv6);
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** Returns state for one serving thread. */
    Worker worker() {
        return new Worker(this);
    }

    /**
     * Counts an error answer; returns false once more than {@link #ERRORS_PER_SECOND} were
     * counted in this second (NSD lets the 101st through and drops from the 102nd).
     */
    boolean errorAllowed() {
        long second = System.currentTimeMillis() / 1000;
        while (true) {
            long window = errorWindow.get();
            long count = window & 0xFFFFFF;
            long next = (window >>> 24) == second ? window + 1 : (second << 24) | 1;
            if ((window >>> 24) == second && count > ERRORS_PER_SECOND) {
                return false;
            }
            if (errorWindow.compareAndSet(window, next)) {
                return true;
            }
        }
    }
}
