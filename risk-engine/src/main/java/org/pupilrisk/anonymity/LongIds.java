package org.pupilrisk.anonymity;

import java.util.Arrays;

/** Dense ids for long keys, by open addressing on primitive arrays. */
final class LongIds {

    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] ids;
    private int mask;
    private int size;

    LongIds(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        ids = new int[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    /** The id of {@code key}, or {@code next} after recording it when the key is new. */
    int idOf(long key, int next) {
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ids[slot] = next;
        if (++size * 2 > keys.length) {
            grow();
        }
        return next;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        int cap = oldKeys.length * 2;
        keys = new long[cap];
        ids = new int[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                ids[slot] = oldIds[i];
            }
        }
    }
}
