package org.pupilrisk.anonymity;

import java.util.Arrays;

/**
 * Dense ids for fixed-width int tuples (the codes of one equivalence class), by open addressing on
 * primitive arrays: equivalence classes are counted on compact integer keys, never on boxed objects.
 */
final class TupleIndex {

    private final int width;
    private int[] keys;      // keys[id * width + j]
    private int[] slots;     // slot -> id + 1 (0 = empty)
    private int mask;
    private int size;

    TupleIndex(int width, int expected) {
        this.width = width;
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        this.slots = new int[cap];
        this.mask = cap - 1;
        this.keys = new int[Math.max(16, expected) * Math.max(1, width)];
    }

    int size() {
        return size;
    }

    /** The id of the tuple held in {@code tuple}, assigning the next id if new. */
    int idOf(int[] tuple) {
        int h = hash(tuple);
        int slot = h & mask;
        while (true) {
            int s = slots[slot];
            if (s == 0) {
                break;
            }
            int id = s - 1;
            if (equalsAt(id, tuple)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        int id = size++;
        if ((long) (id + 1) * width > keys.length) {
            keys = Arrays.copyOf(keys, Math.max(keys.length * 2, (id + 1) * width));
        }
        System.arraycopy(tuple, 0, keys, id * width, width);
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    /** Code {@code j} of tuple {@code id}. */
    int code(int id, int j) {
        return keys[id * width + j];
    }

    private boolean equalsAt(int id, int[] tuple) {
        int base = id * width;
        for (int j = 0; j < width; j++) {
            if (keys[base + j] != tuple[j]) {
                return false;
            }
        }
        return true;
    }

    private int hash(int[] tuple) {
        int h = 0x9E3779B9;
        for (int j = 0; j < width; j++) {
            h = (h ^ tuple[j]) * 0x01000193;
            h ^= h >>> 15;
        }
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    private void rehash() {
        int[] tuple = new int[width];
        int cap = slots.length * 2;
        slots = new int[cap];
        mask = cap - 1;
        for (int id = 0; id < size; id++) {
            System.arraycopy(keys, id * width, tuple, 0, width);
            int slot = hash(tuple) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }
}
