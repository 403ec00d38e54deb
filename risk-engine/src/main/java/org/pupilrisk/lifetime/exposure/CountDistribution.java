package org.pupilrisk.lifetime.exposure;

import java.util.Arrays;

/**
 * A distribution of whole-number counts over children, kept as a histogram so that the median,
 * 90th percentile and maximum are exact at any scale. Percentiles are nearest-rank: the p-th
 * percentile is the smallest count c with at least a share p of children at or below c.
 */
public final class CountDistribution {

    private long[] histogram = new long[64];
    private long n;
    private double sum;
    private int max = -1;

    public void add(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        if (count >= histogram.length) {
            histogram = Arrays.copyOf(histogram, Math.max(count + 1, histogram.length * 2));
        }
        histogram[count]++;
        n++;
        sum += count;
        max = Math.max(max, count);
    }

    /** Children with exactly {@code k}. */
    public long count(int k) {
        return k >= 0 && k < histogram.length ? histogram[k] : 0;
    }

    public long n() {
        return n;
    }

    public double mean() {
        return n == 0 ? Double.NaN : sum / n;
    }

    public int max() {
        return max;
    }

    /** Share of children with a count of at least {@code k}. */
    public double shareAtLeast(int k) {
        if (n == 0) {
            return Double.NaN;
        }
        long c = 0;
        for (int i = Math.max(0, k); i < histogram.length; i++) {
            c += histogram[i];
        }
        return (double) c / n;
    }

    /** Nearest-rank percentile, p in (0, 1]. */
    public int percentile(double p) {
        if (n == 0) {
            throw new IllegalStateException("empty distribution");
        }
        long rank = (long) Math.ceil(p * n);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= Math.max(1, rank)) {
                return i;
            }
        }
        return max;
    }
}
