package io.jail4j.examples.dns;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encoded answers by question (name in lower case, type; class IN), made on first use and then
 * copied for every query that asks the same: a response differs from its template only in the
 * id, RD, the case of the question name and the OPT record, because compression pointers into
 * the question do not depend on case. Bounded: when full it starts over, so a flood of random
 * names costs time, never memory.
 */
final class Templates {
    /** At most this many templates (about 100 bytes each for typical answers). */
    static final int MAX = 100_000;

    /** An encoded response for a question in lower case. */
    static final class Template {
        final byte[] bytes;
        /** Whether it holds optional-authority or additional RRsets, which UDP may drop. */
        final boolean optional;
        /** The extended DNS error for the OPT record, or -1. */
        final int ede;
        /** The answer it was encoded from, to encode again under a smaller limit. */
        final Answer answer;

        Template(byte[] bytes, boolean optional, int ede, Answer answer) {
            this.bytes = bytes;
            this.optional = optional;
            this.ede = ede;
            this.answer = answer;
        }
    }

    private final ConcurrentHashMap<Object, Template> map = new ConcurrentHashMap<>();

    Template get(Probe probe) {
        return map.get(probe);
    }

    void put(Probe probe, Template t) {
        if (map.size() >= MAX) {
            map.clear();
        }
        map.put(probe.key(), t);
    }

    /** The hash both keys and probes use: the type, then the name's bytes in lower case. */
    static int hash(byte[] b, int off, int len, int qtype) {
        int h = qtype;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + WireFormat.lower(b[i] & 0xFF);
        }
        return h;
    }

    /** A stored question: the name in lower case and the type. */
    static final class Key {
        final byte[] name;
        final int qtype;
        final int hash;

        Key(byte[] name, int qtype) {
            this.name = name;
            this.qtype = qtype;
            this.hash = hash(name, 0, name.length, qtype);
        }

        @Override
        public boolean equals(Object o) {
            if (o instanceof Key) {
                Key k = (Key) o;
                return k.qtype == qtype && Arrays.equals(k.name, name);
            }
            return o instanceof Probe && o.equals(this);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A question still in the packet, looked up without copying it. */
    static final class Probe {
        private byte[] buf;
        private int off;
        private int len;
        private int qtype;
        private int hash;

        void set(byte[] b, int offset, int length, int type) {
            buf = b;
            off = offset;
            len = length;
            qtype = type;
            hash = hash(b, offset, length, type);
        }

        /** Returns the name in lower case, a new array. */
        byte[] lowerName() {
            byte[] out = new byte[len];
            for (int i = 0; i < len; i++) {
                out[i] = (byte) WireFormat.lower(buf[off + i] & 0xFF);
            }
            return out;
        }

        Key key() {
            return new Key(lowerName(), qtype);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return o == this;
            }
            Key k = (Key) o;
            if (k.qtype != qtype || k.name.length != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if ((k.name[i] & 0xFF) != WireFormat.lower(buf[off + i] & 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
