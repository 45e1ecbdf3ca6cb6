package io.jail4j.examples.dns;

import java.util.List;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Decides what an authoritative answer holds, the way NSD 4 does ({@code answer_lookup_zone},
 * {@code answer_authoritative}, {@code answer_domain}, {@code add_rrset} in its query.c), without
 * DNSSEC: REFUSED outside the served zones, referrals with glue below a delegation (no AA), the
 * data or a CNAME chain followed through the served zones, wildcards (RFC 4592, empty
 * non-terminals included), NODATA and NXDOMAIN with the SOA (its negative TTL) in the authority
 * section, the zone's NS RRset in the authority section of positive answers and A/AAAA
 * additional data for NS, MX, SRV, KX, RT and MB targets inside the zone.
 */
final class Lookup {
    private static final int[][] DEFAULT_TYPES = {{Type.A, Answer.ADDITIONAL_A}, {Type.AAAA, Answer.ADDITIONAL_AAAA}};
    private static final int[][] SWAPPED_TYPES = {{Type.AAAA, Answer.ADDITIONAL_A}, {Type.A, Answer.ADDITIONAL_AAAA}};
    private static final int[][] RT_TYPES = {{Type.A, Answer.ADDITIONAL_A}, {Type.AAAA, Answer.ADDITIONAL_AAAA},
        {Type.X25, Answer.ADDITIONAL_OTHER}, {Type.ISDN, Answer.ADDITIONAL_OTHER}};

    private final Zones zones;
    private final boolean ipv6;

    /**
     * @param ipv6 whether clients come over IPv6: NSD then lists AAAA glue before A glue
     */
    Lookup(Zones zones, boolean ipv6) {
        this.zones = zones;
        this.ipv6 = ipv6;
    }

    /** Answers a query of class IN or ANY. */
    Answer answer(Name qname, int qtype, int qclass) {
        State s = new State(qtype, qclass);
        lookupZone(s, qname);
        return s.answer;
    }

    /** The state of one query: NSD keeps these in its query structure. */
    private static final class State {
        final Answer answer = new Answer();
        final int qtype;
        final int qclass;
        Zone zone;
        int cnames;

        State(int qtype, int qclass) {
            this.qtype = qtype;
            this.qclass = qclass;
        }
    }

    private void lookupZone(State s, Name name) {
        Zone zone = zones.find(name);
        if (zone == null) {
            if (s.cnames == 0) {
                s.answer.rcode = Answer.REFUSED;
                s.answer.ede = Answer.EDE_NOT_AUTHORITATIVE;
            }
            return;
        }
        Zone.Node ce = zone.closestEncloser(name);
        boolean exact = ce.name.equals(name);
        if (exact && s.qtype == Type.DS && ce.name.equals(zone.apex)) {
            Zone parent = zones.parentOf(zone);
            if (parent != null) {
                zone = parent;
                ce = zone.closestEncloser(name);
                exact = ce.name.equals(name);
            }
        }
        s.zone = zone;
        if (exact && s.qtype == Type.DS && ce.name.equals(zone.apex)) {
            s.answer.aa = s.qclass != WireFormat.CLASS_ANY;
            nodata(s);
            return;
        }
        Zone.Node delegation = null;
        for (Zone.Node n = ce; !n.name.equals(zone.apex); n = zone.node(new Name(n.name, 1))) {
            if (n.find(Type.NS) != null) {
                delegation = n;
            }
        }
        s.answer.delegation = delegation != null;
        if (delegation == null || (exact && s.qtype == Type.DS && ce == delegation)) {
            s.answer.aa = s.qclass != WireFormat.CLASS_ANY;
            authoritative(s, name, exact, ce);
        } else {
            s.answer.aa = s.cnames > 0;
            add(s, Answer.AUTHORITY, delegation.name, delegation.find(Type.NS));
        }
    }

    private void authoritative(State s, Name name, boolean exact, Zone.Node ce) {
        if (exact) {
            answerDomain(s, ce.rrsets, ce.name);
        } else if (ce.wildcard != null) {
            answerDomain(s, ce.wildcard.rrsets, name);
        } else {
            s.answer.rcode = Answer.NXDOMAIN;
            soa(s);
        }
    }

    private void answerDomain(State s, List<RRset> rrsets, Name owner) {
        if (s.qtype == WireFormat.TYPE_ANY) {
            RRset chosen = any(rrsets);
            if (chosen == null) {
                nodata(s);
                return;
            }
            add(s, Answer.ANSWER, owner, chosen);
        } else {
            RRset match = find(rrsets, s.qtype);
            if (match != null) {
                add(s, Answer.ANSWER, owner, match);
            } else {
                RRset cname = find(rrsets, Type.CNAME);
                if (cname == null) {
                    nodata(s);
                    return;
                }
                if (add(s, Answer.ANSWER, owner, cname)) {
                    Name target = WireFormat.name(cname.rdatas[0], 0);
                    Zone origin = s.zone;
                    s.cnames++;
                    if (target != null) {
                        lookupZone(s, target);
                    }
                    s.zone = origin;
                }
                return;
            }
        }
        if (s.qclass != WireFormat.CLASS_ANY && s.zone.ns != null && s.qtype != Type.DNSKEY && s.qtype != Type.DS
                && s.qtype != WireFormat.TYPE_ANY) {
            add(s, Answer.OPTIONAL_AUTHORITY, s.zone.apex, s.zone.ns);
        }
    }

    /** RFC 8482 minimal ANY, NSD's choice: the first A/AAAA/SOA/MX/PTR, else the last other set. */
    private static RRset any(List<RRset> rrsets) {
        RRset normal = null;
        RRset nonPreferred = null;
        for (RRset r : rrsets) {
            switch (r.type) {
                case Type.A:
                case Type.AAAA:
                case Type.SOA:
                case Type.MX:
                case Type.PTR:
                    return r;
                case Type.DNSKEY:
                case Type.RRSIG:
                case Type.NSEC:
                    nonPreferred = r;
                    break;
                case Type.NSEC3:
                    break;
                default:
                    normal = r;
            }
        }
        return normal != null ? normal : nonPreferred;
    }

    private static void nodata(State s) {
        soa(s);
    }

    private static void soa(State s) {
        if (s.qclass != WireFormat.CLASS_ANY) {
            s.answer.add(Answer.AUTHORITY, s.zone.apex, s.zone.soaNegative);
        }
    }

    private boolean add(State s, int section, Name owner, RRset rrset) {
        boolean added = s.answer.add(section, owner, rrset);
        int offset = WireFormat.additionalNameOffset(rrset.type);
        if (offset >= 0) {
            boolean ns = rrset.type == Type.NS;
            int[][] types = rrset.type == Type.RT ? RT_TYPES : ns && ipv6 ? SWAPPED_TYPES : DEFAULT_TYPES;
            additional(s, rrset, offset, ns, types);
        }
        return added;
    }

    private static void additional(State s, RRset rrset, int offset, boolean allowGlue, int[][] types) {
        Zone zone = s.zone;
        for (byte[] rdata : rrset.rdatas) {
            Name target = rdata.length > offset ? WireFormat.name(rdata, offset) : null;
            if (target == null || !target.subdomain(zone.apex)) {
                continue;
            }
            if (!allowGlue && isGlue(zone, target)) {
                continue;
            }
            Zone.Node node = zone.node(target);
            List<RRset> sets;
            Name owner;
            if (node != null) {
                sets = node.rrsets;
                owner = node.name;
            } else {
                Zone.Node ce = zone.closestEncloser(target);
                if (ce.wildcard == null) {
                    continue;
                }
                sets = ce.wildcard.rrsets;
                owner = target;
            }
            for (int[] t : types) {
                RRset found = find(sets, t[0]);
                if (found != null) {
                    s.answer.add(t[1], owner, found);
                }
            }
        }
    }

    /** Whether a name is at or below a delegation of the zone (NSD's domain_is_glue). */
    private static boolean isGlue(Zone zone, Name name) {
        for (Name n = name; n.labels() > zone.apex.labels(); n = new Name(n, 1)) {
            Zone.Node node = zone.node(n);
            if (node != null && node.find(Type.NS) != null) {
                return true;
            }
        }
        return false;
    }

    private static RRset find(List<RRset> rrsets, int type) {
        for (RRset r : rrsets) {
            if (r.type == type) {
                return r;
            }
        }
        return null;
    }
}
