package org.pupilrisk.metric;

import java.util.Map;
import java.util.TreeMap;

/**
 * Equivalence classes of a sample by size: {@code classes(k)} = number of classes holding exactly
 * {@code k} records (the "frequency of frequencies" the uniqueness estimators start from).
 */
public record SizeHistogram(TreeMap<Long, Long> classesBySize) {

    public SizeHistogram {
        classesBySize = new TreeMap<>(classesBySize);
        classesBySize.forEach((k, v) -> {
            if (k < 1 || v < 0) {
                throw new IllegalArgumentException("class size " + k + " with " + v + " classes");
            }
        });
        classesBySize.values().removeIf(v -> v == 0);
    }

    /** Builds a histogram from the sizes of individual classes (convenient in tests). */
    public static SizeHistogram ofClassSizes(long... sizes) {
        TreeMap<Long, Long> m = new TreeMap<>();
        for (long s : sizes) {
            m.merge(s, 1L, Long::sum);
        }
        return new SizeHistogram(m);
    }

    public static SizeHistogram of(Map<Long, Long> classesBySize) {
        return new SizeHistogram(new TreeMap<>(classesBySize));
    }

    /** Number of classes of exactly {@code size} records. */
    public long classes(long size) {
        return classesBySize.getOrDefault(size, 0L);
    }

    /** Number of non-empty classes. */
    public long classes() {
        return classesBySize.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Number of records, n = sum over k of k * classes(k). */
    public long records() {
        return classesBySize.entrySet().stream().mapToLong(e -> e.getKey() * e.getValue()).sum();
    }
}
