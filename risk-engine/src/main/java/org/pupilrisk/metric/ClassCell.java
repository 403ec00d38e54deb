package org.pupilrisk.metric;

import java.util.Arrays;

/**
 * Released records that share a sample class size, a population class size and a subgroup mask:
 * one row of the small aggregate every class-size figure is computed from.
 *
 * @param mask      bit i set = the records belong to subgroup i of the scenario
 * @param f         size of their equivalence class in the release (sample)
 * @param bigF      size of their equivalence class in the population; 0 when the population is unknown
 * @param records   number of released records
 * @param labelled  per sensitive attribute, records with a (non-null) label; one more element at the end:
 *                  records with any label
 * @param disclosed per sensitive attribute, labelled records whose class is homogeneous in that attribute;
 *                  at the end: records with at least one label disclosed
 */
public record ClassCell(int mask, long f, long bigF, long records, long[] labelled, long[] disclosed) {

    public ClassCell {
        labelled = labelled.clone();
        disclosed = disclosed.clone();
        if (f < 1 || records < 0 || labelled.length != disclosed.length) {
            throw new IllegalArgumentException("bad class cell f=" + f + " records=" + records);
        }
    }

    /** A cell without sensitive attributes (tests, user data without --sensitive). */
    public static ClassCell of(long f, long bigF, long records) {
        return new ClassCell(1, f, bigF, records, new long[1], new long[1]);
    }

    public boolean inSubgroup(int bit) {
        return (mask & (1 << bit)) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassCell c && c.mask == mask && c.f == f && c.bigF == bigF && c.records == records
                && Arrays.equals(c.labelled, labelled) && Arrays.equals(c.disclosed, disclosed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {mask, f, bigF, records}) * 31 + Arrays.hashCode(labelled);
    }
}
