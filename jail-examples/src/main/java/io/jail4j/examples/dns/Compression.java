package io.jail4j.examples.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names already written to a message and where, compared without case, so that later names
 * can point to them (RFC 1035 4.1.4). Entries can be taken back to a mark when the records
 * written after it are dropped again, as NSD does on truncation.
 */
final class Compression {
    /** Pointers have 14 bits. */
    static final int MAX_OFFSET = 0x3FFF;

    private final Map<Key, Integer> offsets = new HashMap<>();
    private final List<Key> order = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();

    /** Forgets everything. */
    void clear() {
        offsets.clear();
        order.clear();
        positions.clear();
    }

    /** Returns where the name starting at {@code off} of {@code wire} was written, or -1. */
    int find(byte[] wire, int off) {
        Integer at = offsets.get(new Key(wire, off));
        return at == null ? -1 : at;
    }

    /** Records that the name starting at {@code off} of {@code wire} is written at {@code pos}. */
    void add(byte[] wire, int off, int pos) {
        if (pos > MAX_OFFSET) {
            return;
        }
        Key key = new Key(wire, off);
        if (offsets.putIfAbsent(key, pos) == null) {
            order.add(key);
            positions.add(pos);
        }
    }

    /** Forgets every name written at or after {@code mark}. */
    void rollback(int mark) {
        for (int i = order.size() - 1; i >= 0 && positions.get(i) >= mark; i--) {
            offsets.remove(order.remove(i));
            positions.remove(i);
        }
    }

    /** A name in lower case, from a label position to its end. */
    private static final class Key {
        private final byte[] lower;
        private final int hash;

        Key(byte[] wire, int off) {
            int end = WireFormat.nameEnd(wire, off, wire.length);
            lower = new byte[end - off];
            for (int i = 0; i < lower.length; i++) {
                lower[i] = (byte) WireFormat.lower(wire[off + i] & 0xFF);
            }
            hash = Arrays.hashCode(lower);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(lower, ((Key) o).lower);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
