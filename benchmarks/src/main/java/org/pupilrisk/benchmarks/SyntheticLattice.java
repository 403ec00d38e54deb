package org.pupilrisk.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pupilrisk.anonymity.ClassTable;
import org.pupilrisk.hierarchy.Hierarchy;

/**
 * A synthetic class-count table with six quasi-identifiers shaped like the NPD's (day of birth over five
 * years, sex, postcode sector, minor ethnicity, SEN need, school), for benchmarking the search without Spark.
 */
final class SyntheticLattice {

    final List<Hierarchy> hierarchies = new ArrayList<>();
    final ClassTable finest;

    SyntheticLattice(int records, long seed) {
        hierarchies.add(numeric("DateOfBirth", 1826, new int[] {30, 360, 720, 1826}));
        hierarchies.add(numeric("Sex", 2, new int[] {2}));
        hierarchies.add(numeric("PostcodeSector", 9000, new int[] {4, 40, 1000, 9000}));
        hierarchies.add(numeric("EthnicGroupMinor", 18, new int[] {3, 18}));
        hierarchies.add(numeric("PrimarySENtype", 14, new int[] {5, 14}));
        hierarchies.add(numeric("URN", 20000, new int[] {130, 2340, 20000}));
        SplittableRandom r = new SplittableRandom(seed);
        ClassTable.Builder b = ClassTable.finest(6, false, records);
        int[] codes = new int[6];
        for (int i = 0; i < records; i++) {
            codes[0] = r.nextInt(1826);
            codes[1] = r.nextInt(2);
            codes[2] = skewed(r, 9000);
            codes[3] = skewed(r, 18);
            codes[4] = skewed(r, 14);
            codes[5] = skewed(r, 20000);
            b.add(codes, -1, 1);
        }
        finest = b.build();
    }

    /** Few common values, a long tail of rare ones. */
    private static int skewed(SplittableRandom r, int n) {
        double u = r.nextDouble();
        return Math.min(n - 1, (int) (u * u * u * n));
    }

    /**
     * Values 0..n-1; level i groups values into blocks of {@code block[i]} consecutive values; the last
     * level (block >= n) is {@code *}.
     */
    static Hierarchy numeric(String column, int n, int[] block) {
        List<String[]> rows = new ArrayList<>(n);
        for (int v = 0; v < n; v++) {
            String[] row = new String[block.length + 1];
            row[0] = Integer.toString(v);
            for (int l = 0; l < block.length; l++) {
                row[l + 1] = block[l] >= n ? "*" : "g" + l + "_" + (v / block[l]);
            }
            rows.add(row);
        }
        return Hierarchy.of(column, "synthetic", rows, null);
    }
}
