package io.jail4j.examples.dns;

/**
 * A query read from the wire with NSD's checks, in NSD's order ({@code query_process} in its
 * query.c): what to do with it ({@link #verdict}) and the fields a response needs. One instance
 * per thread, refilled for each packet; nothing here allocates.
 */
final class Query {
    /** Too short or a response: no answer at all. */
    static final int DROP = 0;
    /** An opcode other than QUERY and NOTIFY: NOTIMP, header only, the query's flags kept. */
    static final int NOTIMP = 1;
    /** Malformed: FORMERR, header only, RD and the opcode kept. */
    static final int FORMERR = 2;
    /** QDCOUNT other than 1: FORMERR, header only, every flag cleared. */
    static final int FORMERR_BARE = 3;
    /**
     * QDCOUNT 0 with only an OPT record: as NSD answers it, a header with RD and the opcode kept,
     * rcode NOERROR (NSD sets FORMERR, then clears it with the flags) and an OPT record; never rate
     * limited.
     */
    static final int FORMERR_EDNS = 4;
    /** A NOTIFY with a well-formed question. */
    static final int NOTIFY = 5;
    /** A TSIG record: this daemon has no keys, so NOTAUTH. */
    static final int TSIG = 6;
    /** An EDNS version other than 0: BADVERS. */
    static final int BADVERS = 7;
    /** A query to answer. */
    static final int QUERY = 8;

    static final int EDNS_NONE = 0;
    static final int EDNS_OK = 1;
    static final int EDNS_ERROR = 2;

    int verdict;
    /** The length of the message read. */
    int length;
    int id;
    int flags;
    int qnameLen;
    int qtype;
    int qclass;
    /** Where the question ends (the records after it are not echoed). */
    int questionEnd;
    int edns;
    int ednsSize;
    boolean dnssecOk;
    /** The authority records of an IXFR query: offset and count, for the client's serial. */
    int authorityStart;
    int nscount;

    /** Reads {@code len} bytes of {@code p}; sets {@link #verdict} and returns it. */
    int parse(byte[] p, int len) {
        length = len;
        edns = EDNS_NONE;
        dnssecOk = false;
        nscount = 0;
        if (len < WireFormat.HEADER) {
            return verdict = DROP;
        }
        id = WireFormat.u16(p, 0);
        flags = WireFormat.u16(p, 2);
        if ((flags & 0x8000) != 0) {
            return verdict = DROP;
        }
        int opcode = (flags >>> 11) & 0xF;
        if (opcode != 0 && opcode != 4) {
            return verdict = NOTIMP;
        }
        if ((flags & 0xF) != 0 || !question(p, len)) {
            return verdict = FORMERR;
        }
        if (opcode == 4) {
            return verdict = NOTIFY;
        }
        int qd = WireFormat.u16(p, 4);
        int an = WireFormat.u16(p, 6);
        int ns = WireFormat.u16(p, 8);
        int ar = WireFormat.u16(p, 10);
        if (qd != 1) {
            if (qd == 0 && an == 0 && ns == 0 && ar == 1 && len >= WireFormat.HEADER + 11
                    && opt(p, WireFormat.HEADER, len) > 0 && edns == EDNS_OK) {
                return verdict = FORMERR_EDNS;
            }
            return verdict = FORMERR_BARE;
        }
        if (an != 0 || (qtype != WireFormat.TYPE_IXFR && ns != 0)) {
            return verdict = FORMERR;
        }
        int at = questionEnd;
        authorityStart = at;
        nscount = ns;
        if (ns > 0) {
            if (ns > 64) {
                return verdict = FORMERR;
            }
            for (int i = 0; i < ns; i++) {
                at = skipRecord(p, at, len);
                if (at < 0) {
                    return verdict = FORMERR;
                }
            }
        }
        boolean tsig = false;
        if (ar > 0) {
            int next = opt(p, at, len);
            if (next < 0) {
                return verdict = FORMERR;
            }
            if (next > 0) {
                ar--;
                at = next;
            }
        }
        if (ar > 0) {
            int kind = tsigAt(p, at, len);
            if (kind <= 0) {
                return verdict = FORMERR;
            }
            tsig = true;
            ar--;
        }
        if (ar > 0) {
            return verdict = FORMERR;
        }
        if (tsig) {
            return verdict = TSIG;
        }
        return verdict = edns == EDNS_ERROR ? BADVERS : QUERY;
    }

    /** NSD's packet_read_query_section: no pointers, labels inside the packet, 255 bytes at most. */
    private boolean question(byte[] p, int len) {
        int s = WireFormat.HEADER;
        while (true) {
            if (s >= len) {
                return false;
            }
            int l = p[s] & 0xFF;
            if (l == 0) {
                break;
            }
            if ((l & 0xC0) != 0 || s + l + 2 > len || s + l + 2 > WireFormat.HEADER + 255) {
                return false;
            }
            s += l + 1;
        }
        s++;
        qnameLen = s - WireFormat.HEADER;
        if (qnameLen > 255 || s + 4 > len) {
            return false;
        }
        qtype = WireFormat.u16(p, s);
        qclass = WireFormat.u16(p, s + 2);
        questionEnd = s + 4;
        return true;
    }

    /**
     * Reads an OPT record at {@code at}: returns the offset after it, 0 if the record there is
     * not an OPT, -1 if it is a malformed one.
     */
    private int opt(byte[] p, int at, int len) {
        if (at + 11 > len || p[at] != 0 || WireFormat.u16(p, at + 1) != WireFormat.TYPE_OPT) {
            return 0;
        }
        int size = WireFormat.u16(p, at + 3);
        int version = p[at + 6] & 0xFF;
        int optFlags = WireFormat.u16(p, at + 7);
        int rdlen = WireFormat.u16(p, at + 9);
        if (version != 0) {
            edns = EDNS_ERROR;
            return at + 11;
        }
        int s = at + 11;
        if (rdlen > 0) {
            if (s + rdlen > len || rdlen > 65530) {
                return -1;
            }
            int rest = rdlen;
            while (rest >= 4) {
                int optLen = WireFormat.u16(p, s + 2);
                rest -= 4;
                if (rest < optLen) {
                    return -1;
                }
                rest -= optLen;
                s += 4 + optLen;
            }
            if (rest != 0) {
                return -1;
            }
        }
        edns = EDNS_OK;
        ednsSize = size;
        dnssecOk = (optFlags & 0x8000) != 0;
        return s;
    }

    /** Returns 1 if a TSIG record is at {@code at}, 0 if another record, -1 if malformed. */
    private static int tsigAt(byte[] p, int at, int len) {
        int s = skipName(p, at, len);
        if (s < 0 || s + 10 > len) {
            return -1;
        }
        if (WireFormat.u16(p, s) != WireFormat.TYPE_TSIG || WireFormat.u16(p, s + 2) != WireFormat.CLASS_ANY) {
            return 0;
        }
        return s + 10 + WireFormat.u16(p, s + 8) <= len && WireFormat.u16(p, s + 4) == 0 && WireFormat.u16(p, s + 6) == 0 ? 1 : -1;
    }

    /** Skips a record (name, type, class, TTL, data); returns the offset after it or -1. */
    static int skipRecord(byte[] p, int at, int len) {
        int s = skipName(p, at, len);
        if (s < 0 || s + 10 > len) {
            return -1;
        }
        int end = s + 10 + WireFormat.u16(p, s + 8);
        return end <= len ? end : -1;
    }

    /** Skips a name that may end in a compression pointer; returns the offset after it or -1. */
    static int skipName(byte[] p, int at, int len) {
        int s = at;
        while (s < len) {
            int l = p[s] & 0xFF;
            if (l == 0) {
                return s + 1;
            }
            if ((l & 0xC0) == 0xC0) {
                return s + 2 <= len ? s + 2 : -1;
            }
            if ((l & 0xC0) != 0) {
                return -1;
            }
            s += l + 1;
        }
        return -1;
    }
}
