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
import org.apache.spark.storage.StorageLevel;

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
     *
     * <p>Plan: each side is first aggregated on (QI values, mask[, labels carried]) with map-side
     * combining; the two small-per-class results are unioned and grouped once by the QI values,
     * keeping per class a short list of (side, mask, labels carried, count, label min/max). Class-level
     * f, F and homogeneity are array expressions on that list, and one final aggregation by
     * (side, mask, f, F) gives the collected table. Three shuffles of the data, no joins.
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
            aggS.add(min(col(sensitive.get(i))).as("_mn" + i));
            aggS.add(max(col(sensitive.get(i))).as("_mx" + i));
        }
        Dataset<Row> rel = released.withColumn("_lbits", labelBits)
                .groupBy(groupS.toArray(Column[]::new))
                .agg(count(lit(1)).as("_n"), aggS.toArray(Column[]::new));
        Dataset<Row> entries = rel.select(entry(q, lit(1), col("_lbits"), m, true));
        if (population.isPresent()) {
            List<Column> groupP = new ArrayList<>(List.of(q));
            groupP.add(col(MASK));
            Dataset<Row> pop = population.get().groupBy(groupP.toArray(Column[]::new)).agg(count(lit(1)).as("_n"));
            entries = entries.unionByName(pop.select(entry(q, lit(0), lit(0), m, false)));
        }
        // one row per class: its entries, f, F and per attribute whether the class is homogeneous
        Dataset<Row> classes = entries.groupBy(q).agg(org.apache.spark.sql.functions.collect_list(col("_e")).as("_es"))
                .withColumn("_f", expr("aggregate(filter(_es, e -> e.side = 1), 0L, (a, e) -> a + e.n)"))
                .withColumn("_pop", expr("aggregate(filter(_es, e -> e.side = 0), 0L, (a, e) -> a + e.n)"));
        for (int i = 0; i < m; i++) {
            String rels = "filter(_es, e -> e.side = 1)";
            classes = classes.withColumn("_hom" + i, expr(
                    "coalesce(array_min(transform(" + rels + ", e -> e.mn" + i + ")) = array_max(transform(" + rels + ", e -> e.mx" + i + "))"
                    + " AND aggregate(filter(" + rels + ", e -> (e.lbits & " + (1 << i) + ") != 0), 0L, (a, e) -> a + e.n) = _f, false)"));
        }
        classes = classes.drop(qi.toArray(String[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Column> sel = new ArrayList<>(List.of(col("_f"), col("_pop")));
            for (int i = 0; i < m; i++) {
                sel.add(col("_hom" + i));
            }
            sel.add(org.apache.spark.sql.functions.explode(col("_es")).as("_x"));
            Dataset<Row> exploded = classes.select(sel.toArray(Column[]::new));
            List<Column> aggs = new ArrayList<>();
            Column anyDisclosed = lit(false);
            for (int i = 0; i < m; i++) {
                Column has = col("_x.lbits").bitwiseAND(lit(1 << i)).notEqual(0);
                aggs.add(sum(when(has, col("_x.n")).otherwise(0)).as("_l" + i));
                aggs.add(sum(when(has.and(col("_hom" + i)), col("_x.n")).otherwise(0)).as("_d" + i));
                anyDisclosed = anyDisclosed.or(has.and(col("_hom" + i)));
            }
            aggs.add(sum(when(col("_x.lbits").notEqual(0), col("_x.n")).otherwise(0)).as("_la"));
            aggs.add(sum(when(anyDisclosed, col("_x.n")).otherwise(0)).as("_da"));
            List<Row> rows = exploded.groupBy(col("_x.side").as("_side"), col("_x.mask").as("_m"), col("_f"), col("_pop"))
                    .agg(sum(col("_x.n")).as("_r"), aggs.toArray(Column[]::new))
                    .collectAsList();
            Map<Integer, long[]> popByMask = new HashMap<>();
            List<Row> released1 = new ArrayList<>();
            for (Row r : rows) {
                if (r.getInt(0) == 0) {
                    long[] v = popByMask.computeIfAbsent(r.getInt(1), k -> new long[2]);
                    v[0] += r.getLong(4);
                    v[1] += r.getLong(3) == 1 ? r.getLong(4) : 0;
                } else {
                    released1.add(r);
                }
            }
            boolean known = population.isPresent();
            // a released class absent from the population (suppressed values, '*') could be anyone: F = N
            long bigN = popByMask.values().stream().mapToLong(v -> v[0]).sum();
            List<ClassCell> cells = new ArrayList<>();
            for (Row r : released1) {
                long[] labelled = new long[m + 1];
                long[] disclosed = new long[m + 1];
                for (int i = 0; i < m; i++) {
                    labelled[i] = r.getLong(5 + 2 * i);
                    disclosed[i] = r.getLong(6 + 2 * i);
                }
                labelled[m] = r.getLong(5 + 2 * m);
                disclosed[m] = r.getLong(6 + 2 * m);
                long bigF = !known ? 0 : r.getLong(3) == 0 ? bigN : r.getLong(3);
                cells.add(new ClassCell(r.getInt(1), r.getLong(2), bigF, r.getLong(4), labelled, disclosed));
            }
            Map<Integer, SizeHistogram> within = new HashMap<>();
            if (withinSubgroups) {
                // class sizes counted within each subgroup, for the estimators
                String perSubgroup = "transform(sequence(0, " + (subgroups - 1) + "), i -> aggregate(filter(_es, e -> e.side = 1"
                        + " AND (e.mask & shiftleft(1, i)) != 0), 0L, (a, e) -> a + e.n))";
                Map<Integer, TreeMap<Long, Long>> hist = new HashMap<>();
                for (Row r : classes.select(org.apache.spark.sql.functions.posexplode(expr(perSubgroup)).as(new String[] {"_s", "_fs"}))
                        .where(col("_fs").gt(0))
                        .groupBy(col("_s"), col("_fs")).agg(count(lit(1)).as("_c"))
                        .collectAsList()) {
                    hist.computeIfAbsent(r.getInt(0), k -> new TreeMap<>()).put(r.getLong(1), r.getLong(2));
                }
                hist.forEach((k, v) -> within.put(k, new SizeHistogram(v)));
            }
            return new ClassSizes(cells, popByMask, within, known, m);
        } finally {
            classes.unpersist();
        }
    }

    /** One side's aggregated row as a struct: side 1 = released, 0 = population. */
    private static Column[] entry(Column[] q, Column side, Column lbits, int m, boolean labels) {
        List<Column> fields = new ArrayList<>();
        fields.add(side.as("side"));
        fields.add(col(MASK).as("mask"));
        fields.add(lbits.as("lbits"));
        fields.add(col("_n").as("n"));
        for (int i = 0; i < m; i++) {
            fields.add((labels ? col("_mn" + i) : lit(null).cast("string")).as("mn" + i));
            fields.add((labels ? col("_mx" + i) : lit(null).cast("string")).as("mx" + i));
        }
        List<Column> out = new ArrayList<>(List.of(q));
        out.add(org.apache.spark.sql.functions.struct(fields.toArray(Column[]::new)).as("_e"));
        return out.toArray(Column[]::new);
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
