package io.jail4j.examples.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Reads and checks one zone file: its origin is the owner of its SOA record; every record must
 * be class IN and inside the zone; a name with a CNAME has no other data and only one CNAME;
 * DNAME is refused (not served by this demo). Identical records are kept once, as NSD does.
 * Errors name the file and line.
 */
final class ZoneLoader {
    private ZoneLoader() {
    }

    /** Reads the zone file at {@code path} under {@code root}. */
    static Zone load(ZoneRoot root, String path) throws ZoneException {
        return build(root.display(path), MasterReader.read(root, path).entries());
    }

    /** Checks the records read from {@code path} (as named in messages) and builds the zone. */
    static Zone build(String path, List<MasterReader.Entry> entries) throws ZoneException {
        MasterReader.Entry soa = null;
        for (MasterReader.Entry e : entries) {
            Record r = e.record();
            if (r.getDClass() != DClass.IN) {
                throw new ZoneException(e.file(), e.line(), "class " + DClass.string(r.getDClass()) + ": only IN is served");
            }
            if (r.getType() == Type.SOA) {
                if (soa != null) {
                    throw new ZoneException(e.file(), e.line(), "a second SOA record (the first is at line " + soa.line()
                            + " of " + soa.file() + ")");
                }
                soa = e;
            }
        }
        if (soa == null) {
            throw new ZoneException(path, 0, "no SOA record: the zone's origin is the owner of its SOA");
        }
        Name apex = soa.record().getName();
        Map<Name, Zone.Node> nodes = new LinkedHashMap<>();
        Map<Name, Map<Integer, Pending>> data = new HashMap<>();
        for (MasterReader.Entry e : entries) {
            Record r = e.record();
            Name owner = r.getName();
            if (!owner.subdomain(apex)) {
                throw new ZoneException(e.file(), e.line(), owner + " is outside the zone " + apex);
            }
            if (r.getType() == Type.DNAME) {
                throw new ZoneException(e.file(), e.line(), "DNAME is not served by this daemon");
            }
            Map<Integer, Pending> types = data.computeIfAbsent(owner, k -> new LinkedHashMap<>());
            if (!nodes.containsKey(owner)) {
                nodes.put(owner, new Zone.Node(owner));
            }
            checkCname(e, types);
            Pending p = types.get(r.getType());
            if (p == null) {
                p = new Pending(nodes.get(owner).name, r.getType());
                types.put(r.getType(), p);
            }
            p.add(r);
        }
        for (Map.Entry<Name, Map<Integer, Pending>> e : data.entrySet()) {
            Zone.Node node = nodes.get(e.getKey());
            for (Pending p : e.getValue().values()) {
                node.rrsets.add(p.toRRset());
            }
        }
        for (Name owner : new ArrayList<>(nodes.keySet())) {
            for (Name n = owner; n.labels() > apex.labels(); ) {
                n = new Name(n, 1);
                nodes.computeIfAbsent(n, Zone.Node::new);
            }
        }
        for (Zone.Node node : nodes.values()) {
            if (node.name.isWild() && !node.name.equals(apex)) {
                nodes.get(new Name(node.name, 1)).wildcard = node;
            }
        }
        return new Zone(apex, path, nodes);
    }

    private static void checkCname(MasterReader.Entry e, Map<Integer, Pending> types) throws ZoneException {
        int type = e.record().getType();
        if (type == Type.RRSIG || type == Type.NSEC) {
            return;
        }
        Pending cname = types.get(Type.CNAME);
        if (type == Type.CNAME) {
            if (cname != null && !cname.has(e.record())) {
                throw new ZoneException(e.file(), e.line(), "a second CNAME for " + e.record().getName());
            }
            for (int other : types.keySet()) {
                if (other != Type.CNAME && other != Type.RRSIG && other != Type.NSEC) {
                    throw new ZoneException(e.file(), e.line(), "CNAME and other data at " + e.record().getName()
                            + " (it already has " + Type.string(other) + ")");
                }
            }
        } else if (cname != null) {
            throw new ZoneException(e.file(), e.line(), "CNAME and other data at " + e.record().getName()
                    + " (" + Type.string(type) + " after its CNAME)");
        }
    }

    /** An RRset being collected. */
    private static final class Pending {
        private final Name owner;
        private final int type;
        private final List<Long> ttls = new ArrayList<>();
        private final List<byte[]> rdatas = new ArrayList<>();
        private final List<byte[]> canonical = new ArrayList<>();

        Pending(Name owner, int type) {
            this.owner = owner;
            this.type = type;
        }

        boolean has(Record r) {
            byte[] c = r.rdataToWireCanonical();
            for (byte[] seen : canonical) {
                if (Arrays.equals(seen, c)) {
                    return true;
                }
            }
            return false;
        }

        void add(Record r) {
            if (has(r)) {
                return;
            }
            ttls.add(r.getTTL());
            rdatas.add(WireFormat.rdata(r));
            canonical.add(r.rdataToWireCanonical());
        }

        RRset toRRset() {
            return new RRset(owner, type, ttls, rdatas);
        }
    }
}
