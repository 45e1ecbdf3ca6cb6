package io.jail4j.examples.dns;

import java.util.List;

import org.xbill.DNS.Type;

/**
 * A zone transfer as NSD sends it ({@code query_axfr} in its axfr.c): the SOA, every other
 * record of the zone in canonical name order, the SOA again, in messages of at most 16383 bytes
 * (so every name can be a compression target), AA set; only the first message repeats the
 * question and carries the OPT record. One per worker, reused.
 */
final class ZoneTransfer {
    /** NSD's AXFR_MAX_MESSAGE_LEN. */
    static final int MAX_MESSAGE = 16383;

    private final Encoder encoder;
    private byte[] question;
    private int qnameLen;
    private int qtype;
    private int id;
    private int flags;
    private Zone zone;
    private int maxlen;
    private int reserved;
    private boolean tcp;
    private int messages;
    private int node;
    private int rrset;
    private int rr;
    private boolean opened;
    private boolean done;

    ZoneTransfer(Encoder encoder) {
        this.encoder = encoder;
    }

    /** Prepares a transfer of {@code zone} for the query in {@code in}. */
    void start(byte[] in, Query q, Zone z, int responseFlags, int maxLength, int reservedSpace, boolean overTcp) {
        question = new byte[q.qnameLen];
        System.arraycopy(in, WireFormat.HEADER, question, 0, q.qnameLen);
        qnameLen = q.qnameLen;
        qtype = q.qtype;
        id = q.id;
        flags = responseFlags;
        zone = z;
        maxlen = maxLength;
        reserved = reservedSpace;
        tcp = overTcp;
        messages = 0;
        node = 0;
        rrset = 0;
        rr = 0;
        opened = false;
        done = false;
    }

    /** Whether the message last returned by {@link #next} was the first. */
    boolean first() {
        return messages == 1;
    }

    /** Writes the next message to {@code out}; returns its length, or -1 when all were sent. */
    int next(byte[] out) {
        if (done || (!tcp && messages > 0)) {
            return -1;
        }
        boolean firstMessage = messages == 0;
        if (firstMessage) {
            encoder.start(question, 0, qnameLen, qtype, WireFormat.CLASS_IN);
        } else {
            encoder.startBare();
        }
        int limit = maxlen - (firstMessage ? reserved : 0);
        int count = 0;
        byte[] apex = zone.apex.toWire();
        if (!opened) {
            encoder.record(apex, Type.SOA, zone.soa.ttls[0], zone.soa.rdatas[0], 65535);
            opened = true;
            count++;
        }
        List<Zone.Node> nodes = zone.canonicalOrder();
        fill:
        for (; node < nodes.size(); node++, rrset = 0, rr = 0) {
            Zone.Node n = nodes.get(node);
            byte[] owner = n.name.toWire();
            for (; rrset < n.rrsets.size(); rrset++, rr = 0) {
                RRset set = n.rrsets.get(rrset);
                if (set == zone.soa) {
                    continue;
                }
                for (; rr < set.size(); rr++) {
                    if (!encoder.record(owner, set.type, set.ttls[rr], set.rdatas[rr], count == 0 ? 65535 : limit)) {
                        break fill;
                    }
                    count++;
                }
            }
        }
        if (node >= nodes.size() && encoder.record(apex, Type.SOA, zone.soa.ttls[0], zone.soa.rdatas[0], limit)) {
            count++;
            done = true;
        }
        int n = encoder.position();
        System.arraycopy(encoder.buf, 0, out, 0, n);
        WireFormat.u16(out, 0, id);
        WireFormat.u16(out, 2, flags | Encoder.AA);
        WireFormat.u16(out, 4, firstMessage ? 1 : 0);
        WireFormat.u16(out, 6, count);
        messages++;
        return n;
    }

    /** Writes the answer to an IXFR for a serial at or past ours: our SOA alone (RFC 1995). */
    int soaOnly(byte[] in, Query q, Zone z, int responseFlags, byte[] out) {
        encoder.start(in, WireFormat.HEADER, q.qnameLen, q.qtype, q.qclass);
        encoder.record(z.apex.toWire(), Type.SOA, z.soa.ttls[0], z.soa.rdatas[0], 65535);
        int n = encoder.position();
        System.arraycopy(encoder.buf, 0, out, 0, n);
        WireFormat.u16(out, 0, q.id);
        WireFormat.u16(out, 2, responseFlags | Encoder.AA);
        WireFormat.u16(out, 6, 1);
        return n;
    }

    /** Reads the serial of the SOA in an IXFR query's authority section; -1 if there is none. */
    static long clientSerial(byte[] p, int at, int count, int len) {
        int s = at;
        for (int i = 0; i < count; i++) {
            int afterName = Query.skipName(p, s, len);
            if (afterName < 0 || afterName + 10 > len) {
                return -1;
            }
            int rdlen = WireFormat.u16(p, afterName + 8);
            int data = afterName + 10;
            if (data + rdlen > len) {
                return -1;
            }
            if (WireFormat.u16(p, afterName) == Type.SOA) {
                int r = Query.skipName(p, data, len);
                r = r < 0 ? -1 : Query.skipName(p, r, len);
                if (r < 0 || r + 4 > len) {
                    return -1;
                }
                return WireFormat.u16(p, r) * 65536L + WireFormat.u16(p, r + 2);
            }
            s = data + rdlen;
        }
        return -1;
    }

    /** RFC 1982 serial comparison: negative, zero or positive. */
    static int compareSerial(long a, long b) {
        if (a == b) {
            return 0;
        }
        long cutoff = 1L << 31;
        return (a < b && b - a < cutoff) || (a > b && a - b > cutoff) ? -1 : 1;
    }
}
