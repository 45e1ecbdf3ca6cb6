package io.jail4j.examples.ftp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Counts sessions in total and per client address, and keeps room for new clients: when a limit
 * is reached, the oldest session that has not logged in yet (from the same address for the
 * per-address limit, from anywhere for the total) gives way to the newcomer. Only logged-in
 * sessions hold their place, so connections that connect and say nothing cannot lock anyone out
 * before the login timeout closes them; a newcomer is refused (vsftpd's 421 replies) only when
 * every session in the way has logged in.
 */
final class Admission {
    /** One admitted session: waiting for its login, logged in, or pushed out by a newcomer. */
    static final class Slot {
        private final Admission owner;
        private final InetAddress address;
        private final Runnable evict;
        private boolean evicted;
        private boolean released;
        private String reason;

        private Slot(Admission owner, InetAddress address, Runnable evict) {
            this.owner = owner;
            this.address = address;
            this.evict = evict;
        }

        /** Marks the login; returns false if the slot was given to a newcomer meanwhile. */
        boolean login() {
            return owner == null || owner.login(this);
        }

        /** Returns the 421 reply for a slot given to a newcomer, or null. */
        String evictedBecause() {
            if (owner == null) {
                return null;
            }
            synchronized (owner) {
                return evicted ? reason : null;
            }
        }

        /** Gives the place back (once; a slot given away was given back then). */
        void release() {
            if (owner != null) {
                owner.release(this);
            }
        }
    }

    /** A slot outside the limits (the warm-up session before the jail). */
    static final Slot UNCOUNTED = new Slot(null, null, () -> { });

    private final int maxClients;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final LinkedHashSet<Slot> waiting = new LinkedHashSet<>();
    private int total;

    Admission(int maxClients, int maxPerAddress) {
        this.maxClients = maxClients;
        this.maxPerAddress = maxPerAddress;
    }

    /** The outcome of {@link #admit}: a slot, or the 421 reply that refuses the client. */
    record Decision(Slot slot, String refusal) {
    }

    /**
     * Admits a client from {@code address}, pushing out the oldest sessions not logged in yet if
     * a limit is reached; {@code evict} is what pushing this client's session out later does
     * (wake its read so that it replies 421 and closes).
     */
    Decision admit(InetAddress address, Runnable evict) {
        List<Slot> pushed = new ArrayList<>(2);
        Decision d;
        synchronized (this) {
            d = place(address, evict, pushed);
        }
        for (Slot s : pushed) {
            try {
                s.evict.run();
            } catch (RuntimeException ignored) {
                // the session ends on its own at the latest at its login timeout
            }
        }
        return d;
    }

    private Decision place(InetAddress address, Runnable evict, List<Slot> pushed) {
        if (perAddress.getOrDefault(address, 0) >= maxPerAddress) {
            Slot victim = oldestWaiting(address);
            if (victim == null) {
                return new Decision(null, FtpServer.TOO_MANY_FROM_ADDRESS);
            }
            give(victim, FtpServer.TOO_MANY_FROM_ADDRESS, pushed);
        }
        if (total >= maxClients) {
            Slot victim = oldestWaiting(null);
            if (victim == null) {
                return new Decision(null, FtpServer.TOO_MANY);
            }
            give(victim, FtpServer.TOO_MANY, pushed);
        }
        Slot s = new Slot(this, address, evict);
        total++;
        perAddress.merge(address, 1, Integer::sum);
        waiting.add(s);
        return new Decision(s, null);
    }

    private Slot oldestWaiting(InetAddress address) {
        for (Iterator<Slot> it = waiting.iterator(); it.hasNext(); ) {
            Slot s = it.next();
            if (address == null || s.address.equals(address)) {
                return s;
            }
        }
        return null;
    }

    private void give(Slot victim, String reason, List<Slot> pushed) {
        victim.evicted = true;
        victim.reason = reason;
        free(victim);
        pushed.add(victim);
    }

    private synchronized boolean login(Slot s) {
        if (s.evicted) {
            return false;
        }
        waiting.remove(s);
        return true;
    }

    private synchronized void release(Slot s) {
        free(s);
    }

    private void free(Slot s) {
        if (s.released) {
            return;
        }
        s.released = true;
        waiting.remove(s);
        total--;
        perAddress.computeIfPresent(s.address, (a, n) -> n == 1 ? null : n - 1);
    }

    /** Returns the number of sessions holding a place now. */
    synchronized int count() {
        return total;
    }

    /** Returns the number of sessions that have not logged in yet. */
    synchronized int waiting() {
        return waiting.size();
    }
}
