package org.pupilrisk.metric;

/**
 * Sorts records held as parallel arrays of longs by their key: a least-significant-digit radix sort in 16-bit digits
 * (at most four passes, a pass skipped where every key has the same digit). It groups equal keys together, which is
 * all {@link ClassScan} needs; the order is that of the keys as unsigned numbers.
 */
final class RadixSort {

    private static final int BITS = 16;
    private static final int DIGITS = 1 << BITS;

    private RadixSort() {
    }

    /** Sorts {@code keys} and moves {@code values} (and {@code more}, when not null) with them; stable. */
    static void byKey(long[] keys, long[] values, long[] more) {
        int n = keys.length;
        long[] k = keys;
        long[] v = values;
        long[] w = more;
        long[] k2 = new long[n];
        long[] v2 = new long[n];
        long[] w2 = more == null ? null : new long[n];
        int[] count = new int[DIGITS];
        for (int shift = 0; shift < Long.SIZE; shift += BITS) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) (k[i] >>> shift) & (DIGITS - 1)]++;
            }
            if (n == 0 || count[(int) (k[0] >>> shift) & (DIGITS - 1)] == n) {
                continue; // every key has this digit: the pass would leave the order as it is
            }
            int start = 0;
            for (int d = 0; d < DIGITS; d++) {
                int c = count[d];
                count[d] = start;
                start += c;
            }
            for (int i = 0; i < n; i++) {
                int at = count[(int) (k[i] >>> shift) & (DIGITS - 1)]++;
                k2[at] = k[i];
                v2[at] = v[i];
                if (w != null) {
                    w2[at] = w[i];
                }
            }
            long[] t = k;
            k = k2;
            k2 = t;
            t = v;
            v = v2;
            v2 = t;
            t = w;
            w = w2;
            w2 = t;
        }
        if (k != keys) {
            System.arraycopy(k, 0, keys, 0, n);
            System.arraycopy(v, 0, values, 0, n);
            if (more != null) {
                System.arraycopy(w, 0, more, 0, n);
            }
        }
    }
}
