package io.jail4j.tcpd;

import java.util.Map;

/**
 * An open-addressing map from strings to rule id lists that is looked up with a slice of another
 * string and that slice's {@link String#hashCode()}, so that prefix and suffix lookups need no
 * substring. It knows which key lengths it holds, so most slices are refused without a probe.
 */
final class SliceMap {
    private final String[] keys;
    private final int[] hashes;
    private final int[][] values;
    private final int mask;
    private final long[] lengths = new long[2];

    SliceMap(Map<String, int[]> entries) {
        int size = Integer.highestOneBit(Math.max(8, entries.size() * 4)) << 1;
        keys = new String[size];
        hashes = new int[size];
        values = new int[size][];
        mask = size - 1;
        entries.forEach((k, v) -> {
            if (k.length() > RequestFields.MAX_FIELD) {
                return; // no request field is that long: the key can never be found
            }
            lengths[k.length() >> 6] |= 1L << (k.length() & 63);
            int i = spread(k.hashCode()) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            hashes[i] = k.hashCode();
            values[i] = v;
        });
    }

    /** Returns whether some key is {@code length} long. */
    boolean holdsLength(int length) {
        return length <= RequestFields.MAX_FIELD && (lengths[length >> 6] & 1L << (length & 63)) != 0;
    }

    /** Returns the list for {@code s[from, to)}, whose string hash is {@code hash}, or {@code null}. */
    int[] get(String s, int from, int to, int hash) {
        int len = to - from;
        if (!holdsLength(len)) {
            return null;
        }
        for (int i = spread(hash) & mask; values[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash) {
                String k = keys[i];
                if (k.length() == len && s.regionMatches(from, k, 0, len)) {
                    return values[i];
                }
            }
        }
        return null;
    }

    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85EB_CA6B;
        h ^= h >>> 13;
        h *= 0xC2B2_AE35;
        return h ^ (h >>> 16);
    }
}
