package io.jail4j.tcpd;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A client's (or server's) host name found as libwrap's {@code sock_hostname} finds it (Debian):
 * the reverse lookup gives a name, cut to its first 127 bytes; a numeric name is
 * {@code paranoid}; the forward lookup of the cut name must give the same canonical name (unless
 * it is {@code localhost}) and include the address, else the name is {@code paranoid}; a reverse
 * lookup that fails leaves it {@code unknown}. Used by {@link HostResolver}, which caches it.
 */
final class VerifiedName {
    /** How long a failed lookup is cached. */
    static final long NEGATIVE_NANOS = Duration.ofMinutes(1).toNanos();

    private VerifiedName() {
    }

    /**
     * Returns the verified name of {@code address}, {@link Endpoint#PARANOID} or
     * {@link Endpoint#UNKNOWN}, looking in {@code hosts} first and then asking {@code dns} (if
     * not null); lowers {@code ttl[0]} to how long the answer may be cached, in nanoseconds.
     */
    static String lookUp(EtcHosts hosts, Dns dns, InetAddress address, long[] ttl) {
        String name = hosts.reverse(address);
        if (name == null && dns != null) {
            Dns.Answer a = dns.query(Dns.reverseName(address), Dns.PTR);
            if (a == null || !a.found()) {
                ttl[0] = NEGATIVE_NANOS;
                return Endpoint.UNKNOWN;
            }
            ttl[0] = Math.min(ttl[0], Duration.ofSeconds(a.ttlSeconds()).toNanos());
            name = (String) a.records().get(0);
        }
        if (name == null) {
            ttl[0] = NEGATIVE_NANOS;
            return Endpoint.UNKNOWN;
        }
        // sock_hostname: getnameinfo writes the name into a buffer of NI_MAXHOST (1025) bytes, then
        // STRN_CPY(host->name, hname, sizeof(host->name)) keeps its first 127 bytes; everything after
        // (the numeric test, the forward lookup, the name and address comparisons) and the matching
        // see only that cut name. A long PTR name is never verified in full and then matched cut:
        // the cut name itself must map back to the address.
        name = CText.cString(name);
        if (name.length() > RequestFields.MAX_FIELD) {
            name = name.substring(0, RequestFields.MAX_FIELD);
        }
        boolean numeric = address instanceof Inet4Address ? CNumbers.inetAddr(name) != CNumbers.NONE
                || name.equals("255.255.255.255") : Inet6.parse(name, Set.of()) != null;
        if (numeric) {
            return Endpoint.PARANOID; // "reverse lookup results in non-FQDN"
        }
        String canonical;
        List<InetAddress> addresses = new ArrayList<>();
        EtcHosts.Forward f = hosts.forward(name, address);
        if (f != null) {
            canonical = f.canonical();
            addresses.addAll(f.addresses());
        } else if (dns != null) {
            Dns.Answer a = Dns.askable(name) ? dns.query(name, address instanceof Inet4Address ? Dns.A : Dns.AAAA)
                    : null; // empty or over-long labels: no name server is asked, getaddrinfo fails
            if (a == null || !a.found()) {
                ttl[0] = NEGATIVE_NANOS;
                return Endpoint.PARANOID; // "can't verify hostname"
            }
            ttl[0] = Math.min(ttl[0], Duration.ofSeconds(a.ttlSeconds()).toNanos());
            canonical = a.canonical();
            for (Object o : a.records()) {
                try {
                    addresses.add(InetAddress.getByAddress((byte[]) o));
                } catch (UnknownHostException e) {
                    // a record of the wrong length: skip it
                }
            }
        } else {
            return Endpoint.PARANOID;
        }
        if (!CText.eqIgnoreCase(canonical, name) && !CText.eqIgnoreCase(name, "localhost")) {
            return Endpoint.PARANOID; // "host name/name mismatch"
        }
        for (InetAddress a : addresses) {
            if (Arrays.equals(a.getAddress(), address.getAddress())) {
                return CText.text(name);
            }
        }
        return Endpoint.PARANOID; // "host name/address mismatch"
    }
}
