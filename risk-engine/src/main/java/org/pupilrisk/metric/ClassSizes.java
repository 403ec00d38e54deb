package org.pupilrisk.metric;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Equivalence-class sizes of one release on one QI set, in sample and population, aggregated by
 * Spark into a table small enough to collect.
 *
 * <p>One aggregation on compact keys: released records grouped by (QI values, subgroup bitmask,
 * which labels they carry) give class sizes f and label homogeneity; the population grouped by
 * (QI values, bitmask) gives F. Joining them and grouping by (bitmask, f, F) leaves a few thousand
 * rows at most, from which every class-size figure of every subgroup follows
 * ({@link #forSubgroup}). Nothing record-level reaches the driver.
 *
 * <p>Input columns: {@code released} has {@link #MASK}, the QI columns as strings (nulls replaced by a
 * marker, so that equi-joins match them) and the sensitive attributes as strings; {@code population}
 * has {@link #MASK} and the QI columns in the same representation as the release.
 */
public final class ClassSizes {

    /** Subgroup bitmask column: bit i set = the pupil belongs to subgroup i. */
    public static final String MASK = "_mask";

    private final List<ClassCell> cells;
    private final Map<Integer, long[]> populationByMask; // mask -> {records, uniques}
    private final Map<Integer, SizeHistogram> within;     // subgroup -> histogram of within-subgroup class sizes
    private final boolean populationKnown;
    private final int attributes;

    ClassSizes(List<ClassCell> cells, Map<Integer, long[]> populationByMask, Map<Integer, SizeHistogram> within,
               boolean populationKnown, int attributes) {
        List<ClassCell> sorted = new ArrayList<>(cells);
        // a fixed order makes floating-point sums identical from run to run
        sorted.sort(Comparator.comparingInt(ClassCell::mask).thenComparingLong(ClassCell::f).thenComparingLong(ClassCell::bigF));
        this.cells = List.copyOf(sorted);
        this.populationByMask = Map.copyOf(populationByMask);
        this.within = Map.copyOf(within);
        this.populationKnown = populationKnown;
        this.attributes = attributes;
    }

    /** Computes class sizes with one Spark aggregation per side; see the class comment for the inputs. */
    public static ClassSizes compute(Dataset<Row> released, Optional<Dataset<Row>> population, List<String> qi,
                                     List<String> sensitive, int subgroups) {
        return compute(released, population, qi, sensitive, subgroups, true);
    }

    /**
     * As {@link #compute(Dataset, Optional, List, List, int)}; {@code withinSubgroups = false} skips the
     * within-subgroup histograms (only the uniqueness estimators need them).
     */
    public static ClassSizes compute(Dataset<Row> released, Optional<Dataset<Row>> population, List<String> qi,
                                     List<String> sensitive, int subgroups, boolean withinSubgroups) {
        Column[] q = qi.stream().map(c -> col(c)).toArray(Column[]::new);
        int m = sensitive.size();
        // which labels a record carries, as a bitmask: lets "at least one label disclosed" be counted exactly
        Column labelBits = lit(0);
        for (int i = 0; i < m; i++) {
            labelBits = labelBits.plus(when(col(sensitive.get(i)).isNotNull(), lit(1 << i)).otherwise(lit(0)));
        }
        List<Column> groupS = new ArrayList<>(List.of(q));
        groupS.add(col(MASK));
        groupS.add(col("_lbits"));
        List<Column> aggS = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            String a = sensitive.get(i);
            aggS.add(min(col(a)).as("_mn" + i));
            aggS.add(max(col(a)).as("_mx" + i));
        }
        Dataset<Row> s = released.withColumn("_lbits", labelBits)
                .groupBy(groupS.toArray(Column[]::new))
                .agg(count(lit(1)).as("_n"), aggS.toArray(Column[]::new))
                .persist();
        try {
            // class level: size f and, per attribute, whether every member has the same non-null label
            List<Column> aggC = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                aggC.add(sum(when(col("_lbits").bitwiseAND(lit(1 << i)).notEqual(0), col("_n")).otherwise(0)).as("_cnn" + i));
                aggC.add(min(col("_mn" + i)).as("_cmn" + i));
                aggC.add(max(col("_mx" + i)).as("_cmx" + i));
            }
            Dataset<Row> c = s.groupBy(q).agg(sum(col("_n")).as("_f"), aggC.toArray(Column[]::new));
            List<Column> cSel = new ArrayList<>(List.of(q));
            cSel.add(col("_f"));
            for (int i = 0; i < m; i++) {
                cSel.add(when(col("_cmn" + i).equalTo(col("_cmx" + i)).and(col("_cnn" + i).equalTo(col("_f"))), lit(true))
                        .otherwise(lit(false)).as("_hom" + i));
            }
            c = c.select(cSel.toArray(Column[]::new));

            Map<Integer, long[]> popByMask = new HashMap<>();
            if (population.isPresent()) {
                List<Column> groupP = new ArrayList<>(List.of(q));
                groupP.add(col(MASK));
                Dataset<Row> pq = population.get().groupBy(groupP.toArray(Column[]::new)).agg(count(lit(1)).as("_pn")).persist();
                try {
                    Dataset<Row> pf = pq.groupBy(q).agg(sum(col("_pn")).as("_pop"));
                    for (Row r : pq.join(pf, qi.toArray(String[]::new)).groupBy(col(MASK))
                            .agg(sum(col("_pn")).as("_r"), sum(when(col("_pop").equalTo(1), col("_pn")).otherwise(0)).as("_u"))
                            .collectAsList()) {
                        popByMask.put(r.getInt(0), new long[] {r.getLong(1), r.getLong(2)});
                    }
                    // a released class absent from the population (suppressed values, '*') could be anyone: F = N
                    long bigN = popByMask.values().stream().mapToLong(v -> v[0]).sum();
                    c = c.join(pf, qi.toArray(String[]::new), "left")
                            .withColumn("_pop", org.apache.spark.sql.functions.coalesce(col("_pop"), lit(bigN)));
                    return finish(s, c, qi, m, subgroups, popByMask, true, withinSubgroups);
                } finally {
                    pq.unpersist();
                }
            }
            c = c.withColumn("_pop", lit(0L));
            return finish(s, c, qi, m, subgroups, popByMask, false, withinSubgroups);
        } finally {
            s.unpersist();
        }
    }

    private static ClassSizes finish(Dataset<Row> s, Dataset<Row> c, List<String> qi, int m, int subgroups,
                                     Map<Integer, long[]> popByMask, boolean populationKnown, boolean withinSubgroups) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(col("_n")).as("_r"));
        Column anyDisclosed = lit(false);
        for (int i = 0; i < m; i++) {
            Column has = col("_lbits").bitwiseAND(lit(1 << i)).notEqual(0);
            aggs.add(sum(when(has, col("_n")).otherwise(0)).as("_l" + i));
            aggs.add(sum(when(has.and(col("_hom" + i)), col("_n")).otherwise(0)).as("_d" + i));
            anyDisclosed = anyDisclosed.or(has.and(col("_hom" + i)));
        }
        aggs.add(sum(when(col("_lbits").notEqual(0), col("_n")).otherwise(0)).as("_la"));
        aggs.add(sum(when(anyDisclosed, col("_n")).otherwise(0)).as("_da"));
        List<Row> rows = s.join(c, qi.toArray(String[]::new))
                .groupBy(col(MASK), col("_f"), col("_pop"))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
                .collectAsList();
        List<ClassCell> cells = new ArrayList<>();
        for (Row r : rows) {
            long[] labelled = new long[m + 1];
            long[] disclosed = new long[m + 1];
            for (int i = 0; i < m; i++) {
                labelled[i] = r.getLong(4 + 2 * i);
                disclosed[i] = r.getLong(5 + 2 * i);
            }
            labelled[m] = r.getLong(4 + 2 * m);
            disclosed[m] = r.getLong(5 + 2 * m);
            long bigF = r.isNullAt(2) ? 0 : ((Number) r.get(2)).longValue();
            cells.add(new ClassCell(r.getInt(0), r.getLong(1), bigF, r.getLong(3), labelled, disclosed));
        }

        if (!withinSubgroups) {
            return new ClassSizes(cells, popByMask, Map.of(), populationKnown, m);
        }
        // class sizes counted within each subgroup, for the estimators
        String bits = "filter(sequence(0, " + (subgroups - 1) + "), i -> (" + MASK + " & shiftleft(1, i)) != 0)";
        List<Column> gw = new ArrayList<>();
        qi.forEach(x -> gw.add(col(x)));
        gw.add(col("_s"));
        Map<Integer, TreeMap<Long, Long>> hist = new HashMap<>();
        List<Column> sel = new ArrayList<>();
        qi.forEach(x -> sel.add(col(x)));
        sel.add(expr("explode(" + bits + ")").as("_s"));
        sel.add(col("_n"));
        for (Row r : s.select(sel.toArray(Column[]::new))
                .groupBy(gw.toArray(Column[]::new)).agg(sum(col("_n")).as("_fs"))
                .groupBy(col("_s"), col("_fs")).agg(count(lit(1)).as("_c"))
                .collectAsList()) {
            hist.computeIfAbsent(r.getInt(0), k -> new TreeMap<>()).put(r.getLong(1), r.getLong(2));
        }
        Map<Integer, SizeHistogram> within = new HashMap<>();
        hist.forEach((k, v) -> within.put(k, new SizeHistogram(v)));
        return new ClassSizes(cells, popByMask, within, populationKnown, m);
    }

    /** Every cell (all masks), sorted. */
    public List<ClassCell> cells() {
        return cells;
    }

    public boolean populationKnown() {
        return populationKnown;
    }

    /**
     * The figures' input for subgroup {@code bit}.
     *
     * @param populationSize N of the whole population when only its size is known (user data), else empty
     */
    public SubgroupClasses forSubgroup(int bit, OptionalLong populationSize) {
        List<ClassCell> in = cells.stream().filter(c -> c.inSubgroup(bit)).toList();
        long popRecords = 0;
        long popUniques = 0;
        for (Map.Entry<Integer, long[]> e : populationByMask.entrySet()) {
            if ((e.getKey() & (1 << bit)) != 0) {
                popRecords += e.getValue()[0];
                popUniques += e.getValue()[1];
            }
        }
        SizeHistogram h = within.getOrDefault(bit, new SizeHistogram(new TreeMap<>()));
        OptionalLong bigN;
        if (populationKnown) {
            bigN = OptionalLong.of(popRecords);
        } else if (populationSize.isPresent()) {
            long all = cells.stream().mapToLong(ClassCell::records).sum();
            long sub = in.stream().mapToLong(ClassCell::records).sum();
            // the subgroup's share of the population is estimated by its share of the sample
            bigN = all == 0 ? OptionalLong.empty() : OptionalLong.of(Math.round((double) populationSize.getAsLong() * sub / all));
        } else {
            bigN = OptionalLong.empty();
        }
        return new SubgroupClasses(in, popRecords, popUniques, populationKnown, h, bigN);
    }

    public int attributes() {
        return attributes;
    }
}
