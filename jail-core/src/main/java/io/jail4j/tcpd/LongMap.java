package io.jail4j.tcpd;

/** An open-addressing map from 32-bit values (held in longs) to rule id lists. */
final class LongMap {
    private final long[] keys;
    private final int[][] values;
    private final int mask;

    LongMap(int expected) {
        int size = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
        keys = new long[size];
        values = new int[size][];
        mask = size - 1;
    }

    void put(long key, int[] value) {
        int i = slot(key);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    int[] get(long key) {
        int i = slot(key);
        while (values[i] != null) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private int slot(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & mask;
    }
}
