package io.jail4j.examples.dns;

import java.io.IOException;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Small helpers for DNS wire format: record data, uncompressed names, header fields. */
final class WireFormat {
    static final int HEADER = 12;
    static final int CLASS_IN = 1;
    static final int CLASS_CH = 3;
    static final int CLASS_ANY = 255;
    static final int TYPE_OPT = 41;
    static final int TYPE_TSIG = 250;
    static final int TYPE_IXFR = 251;
    static final int TYPE_AXFR = 252;
    static final int TYPE_ANY = 255;

    private WireFormat() {
    }

    /** Returns the record data in uncompressed wire form, names in their original case. */
    static byte[] rdata(Record r) {
        byte[] all = r.toWire(Section.ANSWER);
        int start = r.getName().length() + 10;
        byte[] out = new byte[all.length - start];
        System.arraycopy(all, start, out, 0, out.length);
        return out;
    }

    /** Returns the offset just past the uncompressed name that starts at {@code off}, or -1. */
    static int nameEnd(byte[] b, int off, int limit) {
        int p = off;
        while (p < limit) {
            int len = b[p] & 0xFF;
            if (len == 0) {
                return p + 1;
            }
            if (len > 63) {
                return -1;
            }
            p += len + 1;
        }
        return -1;
    }

    /** Returns the name at {@code off} of record data (uncompressed), or null if malformed. */
    static Name name(byte[] rdata, int off) {
        int end = nameEnd(rdata, off, rdata.length);
        if (end < 0) {
            return null;
        }
        byte[] wire = new byte[end - off];
        System.arraycopy(rdata, off, wire, 0, wire.length);
        try {
            return new Name(wire);
        } catch (IOException e) {
            return null;
        }
    }

    /** Returns the offset in the record data of the name NSD uses for additional data, or -1. */
    static int additionalNameOffset(int type) {
        switch (type) {
            case Type.NS:
            case Type.MB:
                return 0;
            case Type.MX:
            case Type.KX:
            case Type.RT:
                return 2;
            case Type.SRV:
                return 6;
            default:
                return -1;
        }
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static void u16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
