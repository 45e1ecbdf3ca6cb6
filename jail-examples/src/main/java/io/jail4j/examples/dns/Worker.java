package io.jail4j.examples.dns;

import java.io.IOException;
import java.net.InetAddress;

import org.xbill.DNS.Name;

/**
 * Answers one message at a time for one serving thread, as NSD would: the response goes to
 * {@link #out}. The common case copies a template and patches it; everything else is encoded
 * from a fresh {@link Answer}.
 */
final class Worker {
    /** No response at all (NSD discards the packet; over TCP the connection is closed). */
    static final int DROP = -1;
    /** A zone transfer was admitted: call {@link #nextTransferMessage()} until it returns -1. */
    static final int TRANSFER = -2;

    static final int MINIMAL_IPV4 = 1232;
    static final int MINIMAL_IPV6 = 1220;
    private static final int OPT_SIZE = 11;

    final byte[] out = new byte[Encoder.CAPACITY];
    private final Responder responder;
    private final Query request = new Query();
    private final Encoder encoder = new Encoder();
    private final Templates.Probe probe = new Templates.Probe();
    private final ZoneTransfer transfer = new ZoneTransfer(encoder);

    Worker(Responder responder) {
        this.responder = responder;
    }

    /**
     * Answers the message in {@code in[0..len)} from {@code client}; returns the length of the
     * response in {@link #out}, {@link #DROP} or {@link #TRANSFER} (TCP, or an IXFR over UDP).
     */
    int respond(byte[] in, int len, boolean tcp, InetAddress client) {
        Query q = request;
        switch (q.parse(in, len)) {
            case Query.DROP:
                return DROP;
            case Query.NOTIMP:
                return responder.errorAllowed() ? bare(q.flags | 0x8000, Answer.NOTIMP, false) : DROP;
            case Query.FORMERR:
                return responder.errorAllowed() ? bare(0x8000 | (q.flags & 0x7900), Answer.FORMERR, false) : DROP;
            case Query.FORMERR_BARE:
                return responder.errorAllowed() ? bare(0x8000, Answer.FORMERR, false) : DROP;
            case Query.FORMERR_EDNS:
                // NSD sets FORMERR, then clears it with the other flags and adds its OPT record
                return withOpt(bare(0x8000 | (q.flags & 0x7900), Answer.NOERROR, false), -1);
            case Query.NOTIFY:
                boolean ours = responder.snapshot().zones.exact(name(in, q.qnameLen, false)) != null;
                return bare(q.flags | 0x8000, ours ? Answer.REFUSED : Answer.NXDOMAIN, false);
            case Query.TSIG:
                return bare(q.flags | 0x8000, Answer.NOTAUTH, true);
            case Query.BADVERS:
                return badVersion(in);
            default:
                return query(in, tcp, client);
        }
    }

    private int query(byte[] in, boolean tcp, InetAddress client) {
        Query q = request;
        int flags = 0x8000 | (q.flags & Encoder.RD);
        if (q.qclass != WireFormat.CLASS_IN && q.qclass != WireFormat.CLASS_ANY) {
            if (q.qclass != WireFormat.CLASS_CH) {
                return withOpt(bare(flags, Answer.REFUSED, false), Answer.EDE_NOT_SUPPORTED);
            }
            return withOpt(question(in, flags | Answer.REFUSED), chaosCode(in));
        }
        if (q.qtype == WireFormat.TYPE_AXFR || q.qtype == WireFormat.TYPE_IXFR) {
            return transfer(in, tcp, client, flags);
        }
        Responder.Snapshot snap = responder.snapshot();
        int maxlen = tcp ? 65535 : q.edns == Query.EDNS_OK && q.ednsSize > 512 ? Math.min(q.ednsSize, Responder.EDNS_SIZE) : 512;
        int limit = maxlen - (q.edns == Query.EDNS_OK ? OPT_SIZE : 0);
        int minimal = tcp ? 0 : responder.ipv6 ? MINIMAL_IPV6 : MINIMAL_IPV4;
        int n;
        int ede;
        if (q.qclass == WireFormat.CLASS_IN) {
            probe.set(in, WireFormat.HEADER, q.qnameLen, q.qtype);
            Templates.Template t = snap.templates.get(probe);
            if (t == null) {
                Answer a = snap.lookup.answer(name(in, q.qnameLen, true), q.qtype, WireFormat.CLASS_IN);
                byte[] lower = probe.lowerName();
                int full = encoder.encode(lower, 0, lower.length, q.qtype, WireFormat.CLASS_IN, a, 65535, 0);
                byte[] bytes = new byte[full];
                System.arraycopy(encoder.buf, 0, bytes, 0, full);
                t = new Templates.Template(bytes, hasOptional(a), a.ede, a);
                snap.templates.put(probe, t);
            }
            ede = t.ede;
            if (t.bytes.length <= limit && (minimal == 0 || !t.optional || t.bytes.length <= minimal)) {
                n = t.bytes.length;
                System.arraycopy(t.bytes, 0, out, 0, n);
                System.arraycopy(in, WireFormat.HEADER, out, WireFormat.HEADER, q.qnameLen);
            } else {
                n = encoder.encode(in, WireFormat.HEADER, q.qnameLen, q.qtype, q.qclass, t.answer, limit, minimal);
                System.arraycopy(encoder.buf, 0, out, 0, n);
            }
        } else {
            Answer a = snap.lookup.answer(name(in, q.qnameLen, true), q.qtype, q.qclass);
            n = encoder.encode(in, WireFormat.HEADER, q.qnameLen, q.qtype, q.qclass, a, limit, minimal);
            System.arraycopy(encoder.buf, 0, out, 0, n);
            ede = a.ede;
        }
        WireFormat.u16(out, 0, q.id);
        out[2] |= (byte) (q.flags >>> 8 & 0x01);
        return withOpt(n, ede);
    }

    private int transfer(byte[] in, boolean tcp, InetAddress client, int flags) {
        Query q = request;
        if (q.qtype == WireFormat.TYPE_AXFR && !tcp) {
            return withOpt(question(in, flags | Answer.NOTIMP), -1);
        }
        Zone zone = responder.snapshot().zones.exact(name(in, q.qnameLen, false));
        if (zone == null) {
            return withOpt(question(in, flags | Answer.NOTAUTH), -1);
        }
        if (!responder.access.allows(client)) {
            return withOpt(question(in, flags | Answer.REFUSED), Answer.EDE_PROHIBITED);
        }
        int maxlen = Math.min(ZoneTransfer.MAX_MESSAGE, tcp ? 65535
                : q.edns == Query.EDNS_OK && q.ednsSize > 512 ? Math.min(q.ednsSize, Responder.EDNS_SIZE) : 512);
        if (q.qtype == WireFormat.TYPE_IXFR) {
            long serial = ZoneTransfer.clientSerial(in, q.authorityStart, q.nscount, q.length);
            if (serial < 0) {
                return question(in, flags | Answer.FORMERR);
            }
            if (ZoneTransfer.compareSerial(serial, zone.serial()) >= 0) {
                return withOpt(transfer.soaOnly(in, q, zone, flags, out), -1);
            }
        }
        transfer.start(in, q, zone, flags, maxlen, q.edns == Query.EDNS_OK ? OPT_SIZE : 0, tcp);
        return TRANSFER;
    }

    /**
     * Returns the length of the next message of an admitted transfer in {@link #out}, or -1 when
     * the transfer is complete.
     */
    int nextTransferMessage() {
        int n = transfer.next(out);
        if (n > 0 && transfer.first()) {
            n = withOpt(n, -1);
        }
        return n;
    }

    /** NSD's answer_chaos with hide-identity and hide-version: REFUSED, with why. */
    private int chaosCode(byte[] in) {
        Query q = request;
        if (q.qtype != WireFormat.TYPE_ANY && q.qtype != 16) {
            return Answer.EDE_NOT_SUPPORTED;
        }
        String name = name(in, q.qnameLen, true).toString();
        boolean known = name.equals("id.server.") || name.equals("hostname.bind.") || name.equals("version.server.")
                || name.equals("version.bind.");
        return known ? Answer.EDE_PROHIBITED : Answer.EDE_NOT_SUPPORTED;
    }

    /** A header alone, counts 0; with an OPT if the query had a valid one and {@code opt}. */
    private int bare(int flags, int rcode, boolean opt) {
        WireFormat.u16(out, 0, request.id);
        WireFormat.u16(out, 2, (flags & ~0x0020 & ~0xF) | rcode);
        for (int i = 4; i < WireFormat.HEADER; i++) {
            out[i] = 0;
        }
        return opt ? withOpt(WireFormat.HEADER, -1) : WireFormat.HEADER;
    }

    /** The header and the question as asked, other counts 0. */
    private int question(byte[] in, int flagsAndRcode) {
        Query q = request;
        WireFormat.u16(out, 0, q.id);
        WireFormat.u16(out, 2, flagsAndRcode);
        WireFormat.u16(out, 4, 1);
        WireFormat.u16(out, 6, 0);
        WireFormat.u16(out, 8, 0);
        WireFormat.u16(out, 10, 0);
        System.arraycopy(in, WireFormat.HEADER, out, WireFormat.HEADER, q.questionEnd - WireFormat.HEADER);
        return q.questionEnd;
    }

    private int badVersion(byte[] in) {
        int n = question(in, ((request.flags | 0x8000) & ~0x0020) & ~0xF);
        byte[] o = out;
        o[n] = 0;
        WireFormat.u16(o, n + 1, WireFormat.TYPE_OPT);
        WireFormat.u16(o, n + 3, Responder.EDNS_SIZE);
        o[n + 5] = 1;
        o[n + 6] = 0;
        WireFormat.u16(o, n + 7, 0);
        WireFormat.u16(o, n + 9, 0);
        WireFormat.u16(o, 10, 1);
        return n + OPT_SIZE;
    }

    /** Appends NSD's OPT record (size 1232, DO echoed, an EDE option) if the query had EDNS. */
    private int withOpt(int n, int ede) {
        Query q = request;
        if (q.edns != Query.EDNS_OK || (out[3] & 0xF) == Answer.FORMERR) {
            return n;
        }
        byte[] o = out;
        o[n] = 0;
        WireFormat.u16(o, n + 1, WireFormat.TYPE_OPT);
        WireFormat.u16(o, n + 3, Responder.EDNS_SIZE);
        o[n + 5] = 0;
        o[n + 6] = 0;
        WireFormat.u16(o, n + 7, q.dnssecOk ? 0x8000 : 0);
        int end = n + OPT_SIZE;
        if (ede >= 0) {
            WireFormat.u16(o, n + 9, 6);
            WireFormat.u16(o, end, 15);
            WireFormat.u16(o, end + 2, 2);
            WireFormat.u16(o, end + 4, ede);
            end += 6;
        } else {
            WireFormat.u16(o, n + 9, 0);
        }
        WireFormat.u16(o, 10, WireFormat.u16(o, 10) + 1);
        return end;
    }

    private static boolean hasOptional(Answer a) {
        for (int s : a.sections) {
            if (s >= Answer.OPTIONAL_AUTHORITY) {
                return true;
            }
        }
        return false;
    }

    /** Returns the question name as a {@link Name}, in lower case if asked. */
    private static Name name(byte[] in, int len, boolean lower) {
        byte[] wire = new byte[len];
        for (int i = 0; i < len; i++) {
            wire[i] = lower ? (byte) WireFormat.lower(in[WireFormat.HEADER + i] & 0xFF) : in[WireFormat.HEADER + i];
        }
        try {
            return new Name(wire);
        } catch (IOException e) {
            throw new IllegalStateException("a checked question name did not parse", e);
        }
    }
}
