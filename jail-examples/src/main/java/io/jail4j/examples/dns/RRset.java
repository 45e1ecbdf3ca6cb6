package io.jail4j.examples.dns;

import java.util.List;

import org.xbill.DNS.Name;

/**
 * The records of one owner and type, in zone file order, each with its own TTL (as NSD keeps
 * them), their data in uncompressed wire form with names in their original case. Identity
 * matters: an answer never holds the same RRset for the same owner twice.
 */
final class RRset {
    final Name owner;
    final int type;
    final long[] ttls;
    final byte[][] rdatas;

    RRset(Name owner, int type, List<Long> ttls, List<byte[]> rdatas) {
        this.owner = owner;
        this.type = type;
        this.ttls = new long[ttls.size()];
        for (int i = 0; i < this.ttls.length; i++) {
            this.ttls[i] = ttls.get(i);
        }
        this.rdatas = rdatas.toArray(new byte[0][]);
    }

    private RRset(Name owner, int type, long[] ttls, byte[][] rdatas) {
        this.owner = owner;
        this.type = type;
        this.ttls = ttls;
        this.rdatas = rdatas;
    }

    /** Returns a copy whose only record has the given TTL (the SOA of negative answers). */
    RRset withTtl(long ttl) {
        return new RRset(owner, type, new long[] {ttl}, new byte[][] {rdatas[0]});
    }

    int size() {
        return ttls.length;
    }
}
