package org.pupilrisk.anonymity;

import java.util.Arrays;

/**
 * A primitive open-addressing map from long keys to long values (keys are never -1): the count of each
 * (class, sensitive value) pair, and the dense id of each generalised tuple in a roll-up.
 *
 * <p>Hand-written rather than taken from a primitive-collections library: fastutil (about 20 MB) would
 * dominate the tool's jar, and HPPC starts each map's iteration at a random slot, while
 * {@link ClassTable} relies on {@link #forEach} visiting the same inserts in the same order on every run.
 */
final class LongMap {

    private static final long EMPTY = -1L;
    private long[] keys;
    private long[] values;
    private int mask;
    private int size;

    LongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    /** Adds {@code count} to the value of {@code key} (a new key starts at zero). */
    void add(long key, long count) {
        int slot = find(key);
        if (keys[slot] == EMPTY) {
            insert(slot, key, count);
        } else {
            values[slot] += count;
        }
    }

    /** The value of {@code key}, or {@code value} after recording it when the key is new. */
    long putIfAbsent(long key, long value) {
        int slot = find(key);
        if (keys[slot] != EMPTY) {
            return values[slot];
        }
        insert(slot, key, value);
        return value;
    }

    int size() {
        return size;
    }

    /** Calls {@code visitor} for every entry (in table order, which is deterministic for the same inserts). */
    void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.visit(keys[i], values[i]);
            }
        }
    }

    interface Visitor {
        void visit(long key, long value);
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int find(long key) {
        int slot = slot(key);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void insert(int slot, long key, long value) {
        keys[slot] = key;
        values[slot] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        int cap = oldKeys.length * 2;
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
