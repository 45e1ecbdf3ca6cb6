package io.jail4j.examples.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One loaded zone: every name that exists in it (names with data and their ancestors up to the
 * apex, the empty non-terminals of RFC 4592), each with its RRsets in zone file order.
 */
final class Zone {
    /** A name of the zone; {@code rrsets} is empty for an empty non-terminal. */
    static final class Node {
        final Name name;
        final List<RRset> rrsets = new ArrayList<>(2);
        /** The child {@code *} of this name, if it exists. */
        Node wildcard;

        Node(Name name) {
            this.name = name;
        }

        RRset find(int type) {
            for (RRset s : rrsets) {
                if (s.type == type) {
                    return s;
                }
            }
            return null;
        }
    }

    final Name apex;
    final String file;
    final RRset soa;
    /** The SOA with the TTL of negative answers: the lower of its TTL and its MINIMUM (RFC 2308). */
    final RRset soaNegative;
    final RRset ns;
    private final Map<Name, Node> nodes;
    private final List<Node> canonical;

    Zone(Name apex, String file, Map<Name, Node> nodes) {
        this.apex = apex;
        this.file = file;
        this.nodes = nodes;
        Node top = nodes.get(apex);
        this.soa = top.find(Type.SOA);
        this.ns = top.find(Type.NS);
        long minimum = WireFormat.u16(soa.rdatas[0], soa.rdatas[0].length - 4) * 65536L
                + WireFormat.u16(soa.rdatas[0], soa.rdatas[0].length - 2);
        this.soaNegative = soa.withTtl(Math.min(soa.ttls[0], minimum));
        List<Node> sorted = new ArrayList<>(nodes.values());
        sorted.sort((a, b) -> a.name.compareTo(b.name));
        this.canonical = Collections.unmodifiableList(sorted);
    }

    /** Returns the node of exactly this name (any case), or null. */
    Node node(Name name) {
        return nodes.get(name);
    }

    /** Returns the deepest existing node at or above {@code name}, which must be in the zone. */
    Node closestEncloser(Name name) {
        Name n = name;
        while (true) {
            Node node = nodes.get(n);
            if (node != null) {
                return node;
            }
            n = new Name(n, 1);
        }
    }

    /** Returns the nodes in canonical order (RFC 4034), the apex first, for zone transfers. */
    List<Node> canonicalOrder() {
        return canonical;
    }

    /** Returns the serial of the SOA. */
    long serial() {
        byte[] r = soa.rdatas[0];
        return WireFormat.u16(r, r.length - 20) * 65536L + WireFormat.u16(r, r.length - 18);
    }
}
