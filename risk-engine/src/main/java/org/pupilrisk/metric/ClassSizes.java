package org.pupilrisk.metric;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.pupilrisk.population.NpdColumns.ref;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Equivalence-class sizes of one release on one QI set, in sample and population, aggregated by
 * Spark into a table small enough to collect.
 *
 * <p>Released records are grouped by (QI values, subgroup bitmask, which labels they carry); with the
 * population's records they are grouped by QI values into classes (f, F, label homogeneity); the
 * entries grouped by (bitmask, labels carried, f, F, homogeneity) leave a few thousand rows at most,
 * from which every class-size figure of every subgroup follows ({@link #forSubgroup}). Nothing
 * record-level reaches the driver.
 *
 * <p>Input columns: {@code released} has {@link #MASK}, the QI columns and the sensitive attributes;
 * {@code population} has {@link #MASK} and the QI columns in the same representation as the release
 * (equal values mean the same class; a null is one value like any other). Either side's records may come counted:
 * a column {@link #RECORDS} then holds how many records with the row's values (QI values, mask and, on the release's
 * side, labels) the row stands for; a row of a side without the column stands for one record. Counted or not, the
 * same records give the same table.
 */
public final class ClassSizes {

    /** Subgroup bitmask column: bit i set = the pupil belongs to subgroup i. */
    public static final String MASK = "_mask";

    /** Optional column of either side (long): the records a row stands for; see the class comment. */
    public static final String RECORDS = "_records";

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

    /** Computes class sizes in one Spark query; see the class comment for the inputs. */
    public static ClassSizes compute(Dataset<Row> released, Optional<Dataset<Row>> population, List<String> qi,
                                     List<String> sensitive, int subgroups) {
        return compute(released, population, qi, sensitive, subgroups, true);
    }

    /**
     * As {@link #compute(Dataset, Optional, List, List, int)}; {@code withinSubgroups = false} skips the
     * within-subgroup histograms (only the uniqueness estimators need them).
     *
     * <p>Plan: one small job collects each sensitive attribute's labels, then one Spark query, collected once
     * ({@link #computeByScan}): labels are first replaced by small integer codes (homogeneity only asks whether the
     * codes' minimum equals their maximum), the records are shuffled and sorted by class, and one pass over each
     * partition sums the small table. The collected rows number a few thousand at most; labelled and disclosed counts
     * follow on the driver.
     */
    public static ClassSizes compute(Dataset<Row> released, Optional<Dataset<Row>> population, List<String> qi,
                                     List<String> sensitive, int subgroups, boolean withinSubgroups) {
        checkShape(sensitive, subgroups);
        return computeByScan(released, population, qi, sensitive, subgroups, withinSubgroups, labels(released, sensitive));
    }

    /**
     * As {@link #compute(Dataset, Optional, List, List, int, boolean)} with each sensitive attribute's labels given
     * ({@link #labels} of {@code released}): a release assessed on several QI sets numbers its labels once.
     */
    public static ClassSizes compute(Dataset<Row> released, Optional<Dataset<Row>> population, List<String> qi,
                                     List<String> sensitive, int subgroups, boolean withinSubgroups,
                                     List<List<String>> labels) {
        checkShape(sensitive, subgroups);
        return computeByScan(released, population, qi, sensitive, subgroups, withinSubgroups, labels);
    }

    private static void checkShape(List<String> sensitive, int subgroups) {
        if (subgroups < 1 || subgroups > 30) {
            throw new IllegalArgumentException("between 1 and 30 subgroups, got " + subgroups);
        }
        if (sensitive.size() > 30) {
            throw new IllegalArgumentException("at most 30 sensitive attributes, got " + sensitive.size());
        }
    }

    /**
     * The class-size table by the earlier plan, a window over each class: the same table as
     * {@link #computeByScan}, for any number of subgroup masks and label patterns. Package-private: the
     * tests compare the two plans.
     */
    static ClassSizes computeByWindow(Dataset<Row> released, Optional<Dataset<Row>> population, List<String> qi,
                                      List<String> sensitive, int subgroups, boolean withinSubgroups) {
        checkShape(sensitive, subgroups);
        List<List<String>> labels = labels(released, sensitive);
        int m = sensitive.size();
        Column[] q = qi.stream().map(c -> ref(c)).toArray(Column[]::new);
        Dataset<Row> coded = withLabelCodes(released, sensitive, labels);
        Column labelBits = lit(0);
        for (int i = 0; i < m; i++) {
            labelBits = labelBits.plus(when(col(CODE + i).isNotNull(), lit(1 << i)).otherwise(lit(0)));
        }
        List<Column> groupS = new ArrayList<>(List.of(q));
        groupS.add(col(MASK));
        groupS.add(col(LBITS));
        List<Column> codeAggs = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            codeAggs.add(min(col(CODE + i)).as(MIN + i));
            codeAggs.add(max(col(CODE + i)).as(MAX + i));
        }
        Dataset<Row> entries = coded.withColumn(LBITS, labelBits)
                .groupBy(groupS.toArray(Column[]::new))
                .agg(sum(recordsOf(coded)).as(N), codeAggs.toArray(Column[]::new));

        // both sides' rows, to be partitioned by class
        List<Column> side = new ArrayList<>(List.of(q));
        side.add(lit(1).as(SIDE));
        side.add(col(MASK));
        side.add(col(LBITS));
        side.add(col(N));
        for (int i = 0; i < m; i++) {
            side.add(col(MIN + i));
            side.add(col(MAX + i));
        }
        Dataset<Row> both = entries.select(side.toArray(Column[]::new));
        if (population.isPresent()) {
            List<Column> pop = new ArrayList<>(List.of(q));
            pop.add(lit(0).as(SIDE));
            pop.add(col(MASK));
            pop.add(lit(0).as(LBITS));
            pop.add(recordsOf(population.get()).as(N));
            for (int i = 0; i < m; i++) {
                pop.add(lit(null).cast(DataTypes.IntegerType).as(MIN + i));
                pop.add(lit(null).cast(DataTypes.IntegerType).as(MAX + i));
            }
            both = both.unionByName(population.get().select(pop.toArray(Column[]::new)));
        }
        // Class-level values reach every row of the class through a window over the QI values: one shuffle
        // and sort, where a group-by followed by a join back to the entries would shuffle twice and
        // compute the classes once per output (Spark does not reuse an aggregation's shuffle across the
        // differently pruned branches of a union).
        WindowSpec inClass = Window.partitionBy(q);
        Column isReleased = col(SIDE).equalTo(1);
        List<Column> perRow = new ArrayList<>(List.of(col(SIDE), col(MASK), col(LBITS), col(N)));
        perRow.add(sumOver(isReleased, inClass).as("_f"));
        perRow.add(sumOver(col(SIDE).equalTo(0), inClass).as("_pop"));
        for (int i = 0; i < m; i++) {
            perRow.add(min(col(MIN + i)).over(inClass).as(MIN + i));
            perRow.add(max(col(MAX + i)).over(inClass).as(MAX + i));
            perRow.add(sumOver(isReleased.and(col(LBITS).bitwiseAND(lit(1 << i)).notEqual(0)), inClass).as("_l" + i));
        }
        if (withinSubgroups) {
            for (int s = 0; s < subgroups; s++) {
                perRow.add(sumOver(isReleased.and(col(MASK).bitwiseAND(lit(1 << s)).notEqual(0)), inClass).as("_w" + s));
            }
        }
        Dataset<Row> rows = both.select(perRow.toArray(Column[]::new));
        // a class is homogeneous in attribute i when every released member carries one and the same label
        Column hom = lit(0);
        for (int i = 0; i < m; i++) {
            hom = hom.plus(when(col(MIN + i).equalTo(col(MAX + i)).and(col("_l" + i).equalTo(col("_f"))), lit(1 << i))
                    .otherwise(lit(0)));
        }
        // what each row adds to the collected table: kind, a, b, c, d, e, n (see the switch below)
        Column main = when(isReleased, out(KIND_CELL, col(MASK), col(LBITS), col("_f"), col("_pop"), hom, col(N)))
                .otherwise(out(KIND_POP, col(MASK), lit(0), lit(0L), lit(0L),
                        when(col("_pop").equalTo(1), lit(1)).otherwise(lit(0)), col(N)));
        return summed(rows, main, isReleased, col(MASK), withinSubgroups, subgroups, population.isPresent(), m);
    }

    /**
     * The class-size table from one shuffle and one pass over the records in class order (the "scan" plan), for any
     * number of kinds of record. A released record's kind is (subgroup mask, labels carried), a population record's
     * its mask.
     * <ol>
     *   <li>Released and population records, reduced to their QI values and one long (a released record's mask and
     *       label codes, a population record's mask; see {@link CodeLayout}), are partitioned by their QI values and
     *       sorted within each partition, so that each class's records are consecutive: the plan's one shuffle. For
     *       one long key (the engine's packed QI sets) each record travels as two longs in primitive arrays, sorted by a
     *       radix sort in its bucket; otherwise Spark shuffles and sorts the rows ({@link ClassScan}).</li>
     *   <li>One pass over each partition reads each class's records, works out its f, F, label homogeneity and size
     *       within each subgroup, and adds to a small per-partition table what each record adds: a released record
     *       one to its cell (mask, labels, f, F, h) and one towards a within-subgroup class of its size for each
     *       subgroup of its mask; a population record one to (mask, unique or not).</li>
     *   <li>The partitions' tables (a few thousand rows each) are collected and summed on the driver.</li>
     * </ol>
     * Why not Spark's own operators: a hash aggregation by (class, kind) and a window over each class (the plan this
     * replaced) cost 5-7 times a bare group-by-count of the extract nationally, where a shuffle and sort of the same
     * rows costs about one (benchmarks/RESULTS.md, "class sizes in one pass"). Why so narrow a record: the shuffle
     * writes, reads and sorts every record of both sides (nationally 9.1 million of the population's and 2.3 million
     * released per QI set), so its cost follows the record's width: the kind, three label codes and a record count in
     * columns of their own made a Spark row of 56 bytes (benchmarks/RESULTS.md, "class sizes from narrower records").
     * The tests hold every way of this plan to the window plan ({@link #computeByWindow}), which Spark's operators
     * compute.
     */
    static ClassSizes computeByScan(Dataset<Row> released, Optional<Dataset<Row>> population, List<String> qi,
                                     List<String> sensitive, int subgroups, boolean withinSubgroups, List<List<String>> labels) {
        return computeByScan(released, population, qi, sensitive, subgroups, withinSubgroups, labels,
                CodeLayout.of(labels, subgroups), false);
    }

    /**
     * As above with the label codes' layout given and, with {@code sparkSort}, Spark's shuffle and sort even for one
     * long key: the tests hold every way to the window plan.
     */
    static ClassSizes computeByScan(Dataset<Row> released, Optional<Dataset<Row>> population, List<String> qi,
                                     List<String> sensitive, int subgroups, boolean withinSubgroups, List<List<String>> labels,
                                     CodeLayout layout, boolean sparkSort) {
        int m = sensitive.size();
        Column[] q = qi.stream().map(c -> ref(c)).toArray(Column[]::new);
        Dataset<Row> coded = withLabelCodes(released, sensitive, labels);
        // a record count travels only where a side comes counted: every other row stands for one record
        boolean counted = hasRecords(released) || population.map(ClassSizes::hasRecords).orElse(false);
        List<Column> rel = new ArrayList<>(List.of(q));
        rel.add(layout.kind(col(MASK), m).as(KIND));
        if (!layout.packed()) {
            for (int i = 0; i < m; i++) {
                rel.add(col(CODE + i));
            }
        }
        if (counted) {
            rel.add(recordsOf(coded).as(N));
        }
        Dataset<Row> both = coded.select(rel.toArray(Column[]::new));
        if (population.isPresent()) {
            List<Column> pop = new ArrayList<>(List.of(q));
            // a population record's kind is negative: -1 - its mask (a released record's is never negative)
            pop.add(lit(-1L).minus(col(MASK).cast(DataTypes.LongType)).as(KIND));
            if (!layout.packed()) {
                for (int i = 0; i < m; i++) {
                    pop.add(lit(null).cast(DataTypes.IntegerType).as(CODE + i));
                }
            }
            if (counted) {
                pop.add(recordsOf(population.get()).as(N));
            }
            both = both.unionByName(population.get().select(pop.toArray(Column[]::new)));
        }
        ClassScan scan = new ClassScan(m, layout, counted, withinSubgroups ? subgroups : 0);
        List<Row> table;
        if (!sparkSort && layout.packed() && qi.size() == 1 && both.schema().fields()[0].dataType() == DataTypes.LongType) {
            table = scan.byLongKey(both, Integer.parseInt(both.sparkSession().conf().get("spark.sql.shuffle.partitions")));
        } else {
            Dataset<Row> sorted = both.repartition(q).sortWithinPartitions(q);
            DataType[] qiTypes = new DataType[qi.size()];
            for (int i = 0; i < qiTypes.length; i++) {
                qiTypes[i] = sorted.schema().fields()[i].dataType();
            }
            // Spark's internal rows, not Rows: converting every record to a Row cost a tenth of the pass
            table = sorted.queryExecution().toRdd().toJavaRDD().mapPartitions(scan.sortedRows(qiTypes)).collect();
        }
        return fromTable(table, population.isPresent(), m);
    }

    private static boolean hasRecords(Dataset<Row> side) {
        return List.of(side.columns()).contains(RECORDS);
    }

    /** The records each row of a side stands for: {@link #RECORDS} when its rows come counted, else one. */
    private static Column recordsOf(Dataset<Row> side) {
        return hasRecords(side) ? col(RECORDS).cast(DataTypes.LongType) : lit(1L);
    }

    /**
     * Where a released record's label codes travel in the scan plan. Packed: in its kind, below its subgroup mask, each
     * attribute's code (1 for its first label, 0 for none) in as many bits as its number of labels needs, so a record
     * of the default scenario is two longs (class key and kind); the mask's bits and the codes' must fit in 62.
     * Otherwise (many subgroups and labels) the kind is the mask and one bit per attribute carrying a label, and each
     * code is a column of its own.
     *
     * @param widths each attribute's bits in the packed kind; null when the codes are columns of their own
     */
    record CodeLayout(int[] widths) implements Serializable {

        /** Packed where the mask's {@code subgroups} bits and the codes of {@code labels} fit in 62 bits. */
        static CodeLayout of(List<List<String>> labels, int subgroups) {
            int[] widths = new int[labels.size()];
            int bits = subgroups;
            for (int i = 0; i < widths.length; i++) {
                widths[i] = 64 - Long.numberOfLeadingZeros(labels.get(i).size());
                bits += widths[i];
            }
            return new CodeLayout(bits <= 62 ? widths : null);
        }

        /** Codes in columns of their own, whatever fits. */
        static CodeLayout unpacked() {
            return new CodeLayout(null);
        }

        boolean packed() {
            return widths != null;
        }

        /** The released record's kind from its mask and code columns ({@code _code0, ...}). */
        Column kind(Column mask, int m) {
            if (!packed()) {
                Column k = mask.cast(DataTypes.LongType).multiply(lit(1L << m));
                for (int i = 0; i < m; i++) {
                    k = k.plus(when(col(CODE + i).isNotNull(), lit(1L << i)).otherwise(lit(0L)));
                }
                return k;
            }
            Column k = shiftleft(mask.cast(DataTypes.LongType), Arrays.stream(widths).sum());
            int offset = 0;
            for (int i = 0; i < m; i++) {
                k = k.bitwiseOR(shiftleft(coalesce(col(CODE + i), lit(0)).cast(DataTypes.LongType), offset));
                offset += widths[i];
            }
            return k;
        }
    }

    /**
     * The window plan's last step: each row becomes its entry ({@code main}: a released cell or a population record) and,
     * for within-subgroup sizes, one entry per subgroup a released row belongs to (it counts n records towards its
     * class's size within that subgroup; records in classes of within-size k, divided by k, are the number of such
     * classes); the entries are summed into the small table the figures come from.
     */
    private static ClassSizes summed(Dataset<Row> rows, Column main, Column isReleased, Column mask,
                                     boolean withinSubgroups, int subgroups, boolean known, int m) {
        Column rowsOut = array(main);
        if (withinSubgroups) {
            Column[] entryRows = new Column[subgroups + 1];
            entryRows[0] = main;
            for (int s = 0; s < subgroups; s++) {
                Column inS = mask.bitwiseAND(lit(1L << s)).notEqual(0);
                entryRows[s + 1] = out(KIND_WITHIN, lit(s), lit(0), col("_w" + s), lit(0L), lit(0),
                        when(inS, col(N)).otherwise(lit(0L)));
            }
            rowsOut = when(isReleased, array(entryRows)).otherwise(array(main));
        }
        Dataset<Row> table = rows.select(explode(rowsOut).as("_o")).select(col("_o.*"))
                .where(col("n").gt(0))
                .groupBy(col("k"), col("a"), col("b"), col("c"), col("d"), col("e")).agg(sum(col("n")).as("n"));
        return fromTable(table.collectAsList(), known, m);
    }

    /**
     * Each sensitive attribute's labels, sorted: one small job over the release (a few values per attribute, never
     * records), from which the label codes are numbered.
     */
    public static List<List<String>> labels(Dataset<Row> released, List<String> sensitive) {
        int m = sensitive.size();
        List<List<String>> labels = new ArrayList<>();
        sensitive.forEach(s -> labels.add(new ArrayList<>()));
        if (m == 0) {
            return labels;
        }
        Column[] pairs = new Column[m];
        for (int i = 0; i < m; i++) {
            pairs[i] = struct(lit(i).as("i"), ref(sensitive.get(i)).cast(DataTypes.StringType).as("v"));
        }
        for (Row r : released.select(explode(array(pairs)).as("_p")).select(col("_p.i"), col("_p.v"))
                .where(col("v").isNotNull()).distinct().collectAsList()) {
            labels.get(r.getInt(0)).add(r.getString(1));
        }
        labels.forEach(l -> l.sort(Comparator.naturalOrder()));
        return labels;
    }

    /**
     * Each sensitive attribute's labels from its column's distinct values already known, nulls not among them (a
     * user's CSV, read on the driver): the labels {@link #labels(Dataset, List)} finds in the same records, without
     * its job.
     */
    public static List<List<String>> labels(Map<String, ? extends java.util.Collection<String>> values, List<String> sensitive) {
        List<List<String>> labels = new ArrayList<>();
        for (String s : sensitive) {
            java.util.Collection<String> v = values.get(s);
            if (v == null) {
                throw new IllegalArgumentException("no values given for sensitive attribute " + s);
            }
            List<String> l = new ArrayList<>(v);
            l.sort(Comparator.naturalOrder());
            labels.add(l);
        }
        return labels;
    }

    /** The collected table's rows (kind, a, b, c, d, e, n) as cells, population counts and histograms. */
    private static ClassSizes fromTable(List<Row> table, boolean known, int m) {
        Map<Integer, long[]> popByMask = new HashMap<>();
        Map<List<Long>, long[][]> cellSums = new HashMap<>(); // (mask, f, F) -> {records}, labelled, disclosed
        Map<Integer, TreeMap<Long, Long>> hist = new HashMap<>();
        for (Row r : table) {
            int a = r.getInt(1);
            long n = r.getLong(6);
            switch (r.getInt(0)) {
                case KIND_CELL -> {
                    int lbits = r.getInt(2);
                    int homBits = r.getInt(5);
                    long[][] v = cellSums.computeIfAbsent(List.of((long) a, r.getLong(3), r.getLong(4)),
                            k -> new long[][] {new long[1], new long[m + 1], new long[m + 1]});
                    v[0][0] += n;
                    for (int i = 0; i < m; i++) {
                        if ((lbits & (1 << i)) != 0) {
                            v[1][i] += n;
                            v[2][i] += (homBits & (1 << i)) != 0 ? n : 0;
                        }
                    }
                    v[1][m] += lbits != 0 ? n : 0;
                    v[2][m] += (lbits & homBits) != 0 ? n : 0;
                }
                case KIND_POP -> {
                    long[] v = popByMask.computeIfAbsent(a, k -> new long[2]);
                    v[0] += n;
                    v[1] += r.getInt(5) == 1 ? n : 0; // unique in the population
                }
                case KIND_WITHIN -> hist.computeIfAbsent(a, k -> new TreeMap<>()).merge(r.getLong(3), n / r.getLong(3), Long::sum);
                default -> throw new IllegalStateException("unknown row kind " + r.getInt(0));
            }
        }
        // a released class absent from the population (suppressed values, '*') could be anyone: F = N
        long bigN = popByMask.values().stream().mapToLong(v -> v[0]).sum();
        List<ClassCell> cells = new ArrayList<>();
        cellSums.forEach((k, v) -> {
            long bigF = !known ? 0 : k.get(2) == 0 ? bigN : k.get(2);
            cells.add(new ClassCell(k.get(0).intValue(), k.get(1), bigF, v[0][0], v[1], v[2]));
        });
        Map<Integer, SizeHistogram> within = new HashMap<>();
        hist.forEach((k, v) -> within.put(k, new SizeHistogram(v)));
        return new ClassSizes(cells, popByMask, within, known, m);
    }

    private static final String CODE = "_code";
    private static final String LBITS = "_lbits";
    private static final String MIN = "_mn";
    private static final String MAX = "_mx";
    private static final String N = "_n";
    private static final String SIDE = "_side";
    static final int KIND_CELL = 1;
    static final int KIND_POP = 2;
    static final int KIND_WITHIN = 3;
    private static final String KIND = "_kind";

    /** One output row as a struct of the collected table's columns. */
    private static Column out(int kind, Column a, Column b, Column c, Column d, Column e, Column n) {
        return struct(lit(kind).as("k"), a.cast(DataTypes.IntegerType).as("a"), b.cast(DataTypes.IntegerType).as("b"),
                c.cast(DataTypes.LongType).as("c"), d.cast(DataTypes.LongType).as("d"), e.cast(DataTypes.IntegerType).as("e"),
                n.cast(DataTypes.LongType).as("n"));
    }

    /** Records (column {@code _n}) of the window's rows for which {@code condition} holds; 0, not null, when none. */
    private static Column sumOver(Column condition, WindowSpec window) {
        return coalesce(sum(when(condition, col(N))).over(window), lit(0L));
    }

    /**
     * {@code released} with one integer column per sensitive attribute ({@code _code0, ...}): the label's
     * rank among the attribute's distinct labels, null when the record has none. The distinct labels are
     * the attribute's domain (a few values each), never records.
     */
    private static Dataset<Row> withLabelCodes(Dataset<Row> released, List<String> sensitive, List<List<String>> labels) {
        Dataset<Row> out = released;
        for (int i = 0; i < sensitive.size(); i++) {
            List<String> values = labels.get(i);
            Column label = ref(sensitive.get(i)).cast(DataTypes.StringType);
            // array_position is a linear scan: fine for the handful of labels a sensitive attribute has
            out = out.withColumn(CODE + i, when(label.isNotNull(),
                    array_position(array(values.stream().map(v -> lit(v)).toArray(Column[]::new)), label)
                            .cast(DataTypes.IntegerType)));
        }
        return out;
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
