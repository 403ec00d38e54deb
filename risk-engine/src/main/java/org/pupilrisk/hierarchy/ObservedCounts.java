package org.pupilrisk.hierarchy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.pupilrisk.hierarchy.BuiltInHierarchies.Observed;

/**
 * The counting behind {@link BuiltInHierarchies#observe}: one pass over each partition of the data's text columns
 * counts, for each observed column, every distinct combination of its value and its helper columns' values, reading
 * each record's text where Spark holds it (copied only for a combination seen first); the partitions' few thousand
 * combinations are summed on the driver. Why not Spark's operators: one row per record and observed column (an explode)
 * grouped by a struct of texts hashed every record's text into one large aggregation (nationally 9.1 million records x
 * 8 columns, 8.5 s; benchmarks/RESULTS.md, "the population's values counted in place"); the tests hold this pass to a
 * group-by of each column's text.
 */
final class ObservedCounts implements FlatMapFunction<Iterator<InternalRow>, ObservedCounts.Partition> {

    /** Per observed column, the positions in the read row of its value and then its helpers' values. */
    private final int[][] fields;

    /** @param fields per observed column, the read row's positions of its value and its helpers' values */
    ObservedCounts(int[][] fields) {
        this.fields = fields;
    }

    /** One partition's counts: per observed column, each combination's texts (null: missing) and records. */
    record Partition(List<List<String[]>> texts, List<long[]> counts) implements Serializable {
    }

    @Override
    public Iterator<Partition> call(Iterator<InternalRow> rows) {
        int n = fields.length;
        // a column without helpers is counted by its value alone, the rest by a combination
        List<Map<Object, long[]>> counts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            counts.add(new HashMap<>());
        }
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            for (int i = 0; i < n; i++) {
                int[] f = fields[i];
                Map<Object, long[]> m = counts.get(i);
                if (f.length == 1) {
                    UTF8String v = r.isNullAt(f[0]) ? null : r.getUTF8String(f[0]);
                    long[] c = m.get(v); // a missing value is the map's null key
                    if (c == null) {
                        m.put(v == null ? null : v.copy(), c = new long[1]);
                    }
                    c[0]++;
                } else {
                    UTF8String[] parts = new UTF8String[f.length];
                    for (int x = 0; x < f.length; x++) {
                        parts[x] = r.isNullAt(f[x]) ? null : r.getUTF8String(f[x]);
                    }
                    Combination key = new Combination(parts);
                    long[] c = m.get(key);
                    if (c == null) {
                        m.put(key.copy(), c = new long[1]);
                    }
                    c[0]++;
                }
            }
        }
        List<List<String[]>> texts = new ArrayList<>();
        List<long[]> totals = new ArrayList<>();
        for (Map<Object, long[]> m : counts) {
            List<String[]> t = new ArrayList<>();
            long[] c = new long[m.size()];
            int j = 0;
            for (Map.Entry<Object, long[]> e : m.entrySet()) {
                t.add(textOf(e.getKey()));
                c[j++] = e.getValue()[0];
            }
            texts.add(t);
            totals.add(c);
        }
        return List.of(new Partition(texts, totals)).iterator();
    }

    /**
     * The partitions' counts summed: per observed column, each combination once with its records, in a fixed order
     * (sorted by its texts, a missing one first), whatever the partitions.
     */
    static List<List<Observed>> summed(List<Partition> partitions, int columns) {
        List<List<Observed>> out = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            Map<List<String>, Long> total = new LinkedHashMap<>();
            for (Partition p : partitions) {
                List<String[]> t = p.texts().get(i);
                long[] c = p.counts().get(i);
                for (int j = 0; j < c.length; j++) {
                    total.merge(Arrays.asList(t.get(j)), c[j], Long::sum);
                }
            }
            List<Observed> observed = new ArrayList<>();
            total.forEach((text, records) -> observed.add(new Observed(text.toArray(new String[0]), records)));
            observed.sort((a, b) -> Arrays.compare(a.values(), b.values(),
                    java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder())));
            out.add(observed);
        }
        return out;
    }

    private static String[] textOf(Object key) {
        if (key instanceof Combination c) {
            String[] text = new String[c.parts.length];
            for (int x = 0; x < text.length; x++) {
                text[x] = c.parts[x] == null ? null : c.parts[x].toString();
            }
            return text;
        }
        return new String[] {key == null ? null : key.toString()};
    }

    /** A value and its helpers' values, each null when missing; equal when every text is. */
    private static final class Combination {
        private final UTF8String[] parts;
        private final int hash;

        Combination(UTF8String[] parts) {
            this.parts = parts;
            this.hash = Arrays.hashCode(parts);
        }

        /** This combination with its texts copied out of the row they were read from (rows are reused). */
        Combination copy() {
            UTF8String[] copied = new UTF8String[parts.length];
            for (int x = 0; x < parts.length; x++) {
                copied[x] = parts[x] == null ? null : parts[x].copy();
            }
            return new Combination(copied);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Combination c && Arrays.equals(parts, c.parts);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
