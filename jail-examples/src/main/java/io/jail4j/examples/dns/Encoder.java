package io.jail4j.examples.dns;

import org.xbill.DNS.Type;

/**
 * Writes a response the way NSD's {@code encode_answer} does: sections in order, RRsets in the
 * order they were added, names compressed against everything written before (the question
 * included); an RRset that does not fit in the answer or authority section is dropped whole and
 * sets TC; over UDP an optional-authority or additional RRset that does not fit, or that would
 * take the message past the minimal response size (1232, 1220 over IPv6), is dropped and ends
 * the message, with TC for a referral left without any address. One encoder per thread.
 */
final class Encoder {
    /** Room for the largest message plus one record that will not fit. */
    static final int CAPACITY = 2 * 65536 + 1024;
    static final int QR = 0x8000;
    static final int AA = 0x0400;
    static final int TC = 0x0200;
    static final int RD = 0x0100;

    final byte[] buf = new byte[CAPACITY];
    private final Compression compression = new Compression();
    private int pos;

    /** Returns the length written so far. */
    int position() {
        return pos;
    }

    /**
     * Writes the header (id 0, flags QR, AA as answered, TC if truncated, the rcode; RD is the
     * caller's), the question and the answer; returns the length.
     *
     * @param qname    the question name, uncompressed, as it is to appear
     * @param limit    the most bytes the records may take the message to (NSD: maxlen minus the
     *                 space reserved for EDNS)
     * @param minimal  the minimal response size that optional RRsets may not pass, or 0 (TCP)
     */
    int encode(byte[] qname, int qnameOff, int qnameLen, int qtype, int qclass, Answer a, int limit, int minimal) {
        start(qname, qnameOff, qnameLen, qtype, qclass);
        int flags = QR | (a.aa ? AA : 0) | (a.rcode & 0xF);
        int[] counts = new int[Answer.SECTIONS];
        boolean tc = false;
        boolean done = false;
        for (int section = 0; section < Answer.SECTIONS && !tc; section++) {
            for (int i = 0; i < a.size() && !tc; i++) {
                if (a.sections.get(i) != section) {
                    continue;
                }
                int mark = pos;
                int added = 0;
                boolean all = true;
                RRset r = a.rrsets.get(i);
                byte[] owner = a.owners.get(i).toWire();
                for (int k = 0; k < r.size(); k++) {
                    if (record(owner, r.type, r.ttls[k], r.rdatas[k], limit)) {
                        added++;
                    } else {
                        all = false;
                        break;
                    }
                }
                boolean optional = section >= Answer.OPTIONAL_AUTHORITY;
                if (minimal > 0 && optional && (!all || pos > minimal)) {
                    undo(mark);
                    added = 0;
                    done = true;
                }
                if (!all && !optional) {
                    undo(mark);
                    added = 0;
                    tc = true;
                }
                counts[section] += added;
            }
            if (done) {
                if (section == Answer.ADDITIONAL_A && counts[Answer.ADDITIONAL_A] == 0 && a.delegation) {
                    tc = true;
                }
                break;
            }
        }
        WireFormat.u16(buf, 2, flags | (tc ? TC : 0));
        WireFormat.u16(buf, 6, counts[Answer.ANSWER]);
        WireFormat.u16(buf, 8, counts[Answer.AUTHORITY] + counts[Answer.OPTIONAL_AUTHORITY]);
        WireFormat.u16(buf, 10, counts[Answer.ADDITIONAL_A] + counts[Answer.ADDITIONAL_AAAA] + counts[Answer.ADDITIONAL_OTHER]);
        return pos;
    }

    /** Writes a header with id 0 and the given counts zero, and the question; registers its names. */
    void start(byte[] qname, int qnameOff, int qnameLen, int qtype, int qclass) {
        compression.clear();
        for (int i = 0; i < WireFormat.HEADER; i++) {
            buf[i] = 0;
        }
        pos = WireFormat.HEADER;
        if (qname == null) {
            return;
        }
        WireFormat.u16(buf, 4, 1);
        System.arraycopy(qname, qnameOff, buf, pos, qnameLen);
        for (int p = 0; (buf[pos + p] & 0xFF) != 0; p += (buf[pos + p] & 0xFF) + 1) {
            compression.add(buf, pos + p, pos + p);
        }
        pos += qnameLen;
        WireFormat.u16(buf, pos, qtype);
        WireFormat.u16(buf, pos + 2, qclass);
        pos += 4;
    }

    /** Starts a message without a question (later AXFR messages). */
    void startBare() {
        start(null, 0, 0, 0, 0);
    }

    /**
     * Writes one record unless it takes the message past {@code limit}; then it undoes it and
     * returns false.
     */
    boolean record(byte[] owner, int type, long ttl, byte[] rdata, int limit) {
        int mark = pos;
        name(owner, 0);
        WireFormat.u16(buf, pos, type);
        WireFormat.u16(buf, pos + 2, WireFormat.CLASS_IN);
        WireFormat.u16(buf, pos + 4, (int) (ttl >>> 16));
        WireFormat.u16(buf, pos + 6, (int) ttl);
        int lengthAt = pos + 8;
        pos += 10;
        rdata(type, rdata);
        WireFormat.u16(buf, lengthAt, pos - lengthAt - 2);
        if (pos > limit) {
            undo(mark);
            return false;
        }
        return true;
    }

    /** Writes record data, compressing the names NSD compresses (RFC 3597 section 4). */
    private void rdata(int type, byte[] rdata) {
        switch (type) {
            case Type.NS:
            case Type.CNAME:
            case Type.PTR:
            case Type.MB:
            case Type.MG:
            case Type.MR:
                name(rdata, 0);
                return;
            case Type.MX:
                copy(rdata, 0, 2);
                name(rdata, 2);
                return;
            case Type.SOA:
            case Type.MINFO:
                int second = WireFormat.nameEnd(rdata, 0, rdata.length);
                int rest = WireFormat.nameEnd(rdata, second, rdata.length);
                name(rdata, 0);
                name(rdata, second);
                copy(rdata, rest, rdata.length - rest);
                return;
            default:
                copy(rdata, 0, rdata.length);
        }
    }

    private void copy(byte[] src, int off, int len) {
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    /** Writes an uncompressed name, as a pointer from the first suffix already written. */
    private void name(byte[] wire, int off) {
        int p = off;
        while (true) {
            int len = wire[p] & 0xFF;
            if (len == 0) {
                buf[pos++] = 0;
                return;
            }
            int at = compression.find(wire, p);
            if (at >= 0) {
                WireFormat.u16(buf, pos, 0xC000 | at);
                pos += 2;
                return;
            }
            compression.add(wire, p, pos);
            System.arraycopy(wire, p, buf, pos, len + 1);
            pos += len + 1;
            p += len + 1;
        }
    }

    private void undo(int mark) {
        pos = mark;
        compression.rollback(mark);
    }
}
