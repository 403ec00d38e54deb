package org.pupilrisk.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.spark.SparkSessions;

/**
 * The Spark aggregation behind every class-size figure, on a release small enough to work by hand.
 *
 * <p>QI set (x, y); subgroups: bit 0 = everyone, bit 1 = "ap"; sensitive attributes A and B.
 * <pre>
 *   record  x     y  mask  A   B      class (f, F)  homogeneous in
 *   r1      p     1  01    a1  -      (2, 3)        A (both a1); not B (r1 unlabelled)
 *   r2      p     1  11    a1  b1     (2, 3)
 *   r3      q     1  01    -   -      (1, 1)        nothing (no labels)
 *   r4      q     2  11    a2  b1     (2, 2)        B (both b1); not A (a2, a1)
 *   r5      q     2  01    a1  b1     (2, 2)
 *   r6      null  1  01    a2  -      (1, 1)        A (one member): a null QI value is one value
 * </pre>
 * Population (N = 10): the six released pupils, one more (p, 1) with mask 01, two (z, 8) with mask 01
 * and one (z, 9) with mask 11. Population uniques: (q, 1) and (null, 1) with mask 01, (z, 9) with 11.
 */
class ClassSizesTest {

    static SparkSession spark;
    static Dataset<Row> released;
    static Dataset<Row> population;

    static final List<String> QI = List.of("x", "y");
    static final List<String> SENSITIVE = List.of("A", "B");

    @BeforeAll
    static void setUp() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        spark.conf().set("spark.sql.shuffle.partitions", "3");
        StructType rel = new StructType().add("x", DataTypes.StringType).add("y", DataTypes.StringType)
                .add(ClassSizes.MASK, DataTypes.IntegerType).add("A", DataTypes.StringType).add("B", DataTypes.StringType);
        released = spark.createDataFrame(List.of(
                RowFactory.create("p", "1", 0b01, "a1", null),
                RowFactory.create("p", "1", 0b11, "a1", "b1"),
                RowFactory.create("q", "1", 0b01, null, null),
                RowFactory.create("q", "2", 0b11, "a2", "b1"),
                RowFactory.create("q", "2", 0b01, "a1", "b1"),
                RowFactory.create(null, "1", 0b01, "a2", null)), rel);
        List<Row> pop = new ArrayList<>(released.select("x", "y", ClassSizes.MASK).collectAsList());
        pop.add(RowFactory.create("p", "1", 0b01));
        pop.add(RowFactory.create("z", "8", 0b01));
        pop.add(RowFactory.create("z", "8", 0b01));
        pop.add(RowFactory.create("z", "9", 0b11));
        population = spark.createDataFrame(pop, new StructType().add("x", DataTypes.StringType)
                .add("y", DataTypes.StringType).add(ClassSizes.MASK, DataTypes.IntegerType));
    }

    static ClassCell cell(int mask, long f, long bigF, long records, long[] labelled, long[] disclosed) {
        return new ClassCell(mask, f, bigF, records, labelled, disclosed);
    }

    @Test
    void cellsGroupRecordsBySubgroupMaskAndClassSizesWithTheirLabelsAndDisclosures() {
        ClassSizes cs = ClassSizes.compute(released, Optional.of(population), QI, SENSITIVE, 2);
        // labelled / disclosed: {A, B, any}
        assertThat(cs.cells()).containsExactlyInAnyOrder(
                cell(0b01, 2, 3, 1, new long[] {1, 0, 1}, new long[] {1, 0, 1}), // r1: A disclosed
                cell(0b11, 2, 3, 1, new long[] {1, 1, 1}, new long[] {1, 0, 1}), // r2: A disclosed, B not
                cell(0b01, 1, 1, 2, new long[] {1, 0, 1}, new long[] {1, 0, 1}), // r3 (no labels), r6 (A alone)
                cell(0b11, 2, 2, 1, new long[] {1, 1, 1}, new long[] {0, 1, 1}), // r4: B disclosed, A not
                cell(0b01, 2, 2, 1, new long[] {1, 1, 1}, new long[] {0, 1, 1})); // r5: B disclosed
        assertThat(cs.populationKnown()).isTrue();
        assertThat(cs.attributes()).isEqualTo(2);
    }

    @Test
    void eachSubgroupSeesItsOwnRecordsPopulationAndWithinSubgroupClassSizes() {
        ClassSizes cs = ClassSizes.compute(released, Optional.of(population), QI, SENSITIVE, 2);
        SubgroupClasses everyone = cs.forSubgroup(0, OptionalLong.empty());
        assertThat(everyone.records()).isEqualTo(6);
        assertThat(everyone.populationRecords()).isEqualTo(10);
        assertThat(everyone.populationUniques()).isEqualTo(3);
        // within everyone: classes of 2, 1, 2, 1
        assertThat(everyone.withinSubgroup()).isEqualTo(SizeHistogram.ofClassSizes(2, 1, 2, 1));

        SubgroupClasses ap = cs.forSubgroup(1, OptionalLong.empty());
        assertThat(ap.records()).isEqualTo(2); // r2, r4
        assertThat(ap.populationRecords()).isEqualTo(3); // r2, r4, (z, 9)
        assertThat(ap.populationUniques()).isEqualTo(1); // (z, 9)
        // r2 and r4 are each alone among "ap" pupils in their class
        assertThat(ap.withinSubgroup()).isEqualTo(SizeHistogram.ofClassSizes(1, 1));
    }

    @Test
    void withoutThePopulationFIsKnownAndFIsZero() {
        ClassSizes cs = ClassSizes.compute(released, Optional.empty(), QI, SENSITIVE, 2);
        assertThat(cs.populationKnown()).isFalse();
        assertThat(cs.cells()).allSatisfy(c -> assertThat(c.bigF()).isZero());
        assertThat(cs.cells().stream().mapToLong(ClassCell::records).sum()).isEqualTo(6);
        assertThat(cs.forSubgroup(0, OptionalLong.of(60)).populationSize()).hasValue(60);
    }

    @Test
    void aReleasedClassAbsentFromThePopulationCouldBeAnyoneSoFIsN() {
        Dataset<Row> suppressed = released.union(spark.createDataFrame(
                List.of(RowFactory.create("*", "*", 0b01, null, null)), released.schema()));
        ClassSizes cs = ClassSizes.compute(suppressed, Optional.of(population), QI, SENSITIVE, 2);
        assertThat(cs.cells()).contains(cell(0b01, 1, 10, 1, new long[3], new long[3]));
    }

    @Test
    void noSensitiveAttributesAndNoWithinSubgroupHistogramsStillGiveTheCells() {
        ClassSizes cs = ClassSizes.compute(released.drop("A", "B"), Optional.of(population), QI, List.of(), 2, false);
        assertThat(cs.cells()).extracting(ClassCell::mask, ClassCell::f, ClassCell::bigF, ClassCell::records)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(0b01, 2L, 3L, 1L),
                        org.assertj.core.groups.Tuple.tuple(0b11, 2L, 3L, 1L),
                        org.assertj.core.groups.Tuple.tuple(0b01, 1L, 1L, 2L),
                        org.assertj.core.groups.Tuple.tuple(0b11, 2L, 2L, 1L),
                        org.assertj.core.groups.Tuple.tuple(0b01, 2L, 2L, 1L));
        assertThat(cs.forSubgroup(0, OptionalLong.empty()).withinSubgroup().classes()).isZero();
    }

    /**
     * The scan plan ({@code computeByScan}, used by {@code compute}: one shuffle, one pass in class order) and the
     * window plan (Spark's own aggregation and window operators) give the same table: on the hand-worked release
     * above, with and without the population, labels and histograms, and on a generated release of 2,000 records
     * (3 subgroups, 2 labels with gaps, nulls among the QI values) whose classes mix masks and label patterns.
     */
    @Test
    void theScanPlanGivesTheWindowPlansTable() {
        assertSame(released, Optional.of(population), SENSITIVE, 2, true);
        assertSame(released, Optional.empty(), SENSITIVE, 2, true);
        assertSame(released.drop("A", "B"), Optional.of(population), List.of(), 2, false);
        assertSame(released.drop("A", "B"), Optional.empty(), List.of(), 2, true);

        Generated g = generated(7, 12, 9, 20);
        Dataset<Row> big = g.released();
        Dataset<Row> bigPop = g.population();
        assertSame(big, Optional.of(bigPop), SENSITIVE, 3, true);
        assertSame(big, Optional.empty(), SENSITIVE, 3, true);
    }

    /**
     * The same two plans on a release with far more kinds of record than one aggregation could count in columns: six
     * subgroups (everyone and five random ones) and three sensitive attributes with gaps give up to 32 x 8 = 256
     * (mask, labels carried) kinds, of which a 4,000-record release holds well over a hundred (the default scenario
     * has about 48).
     */
    @Test
    void theScanPlanGivesTheWindowPlansTableForManyKinds() {
        StructType schema = new StructType().add("x", DataTypes.StringType).add("y", DataTypes.StringType)
                .add(ClassSizes.MASK, DataTypes.IntegerType).add("A", DataTypes.StringType).add("B", DataTypes.StringType)
                .add("C", DataTypes.StringType);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        List<Row> rows = new ArrayList<>();
        List<Row> pop = new ArrayList<>();
        for (int r = 0; r < 4000; r++) {
            String x = rng.nextInt(50) == 0 ? null : "x" + rng.nextInt(15);
            String y = "y" + rng.nextInt(12);
            int mask = 1 | rng.nextInt(32) << 1;
            String a = rng.nextInt(3) == 0 ? null : "a" + rng.nextInt(3);
            String b = rng.nextInt(2) == 0 ? null : "b" + rng.nextInt(2);
            String c = rng.nextInt(4) == 0 ? null : "c" + rng.nextInt(4);
            rows.add(RowFactory.create(x, y, mask, a, b, c));
            pop.add(RowFactory.create(x, y, mask));
            if (rng.nextInt(2) == 0) {
                pop.add(RowFactory.create("x" + rng.nextInt(25), y, 1 | rng.nextInt(32) << 1));
            }
        }
        Dataset<Row> many = spark.createDataFrame(rows, schema);
        Dataset<Row> manyPop = spark.createDataFrame(pop, population.schema());
        List<String> abc = List.of("A", "B", "C");
        // kinds: (mask, which of A, B, C the record carries)
        assertThat(many.select(many.col(ClassSizes.MASK), many.col("A").isNull(), many.col("B").isNull(), many.col("C").isNull())
                .distinct().count()).isGreaterThan(100);
        assertSame(many, Optional.of(manyPop), abc, 6, true);
        assertSame(many, Optional.empty(), abc, 6, true);
        assertSame(many, Optional.of(manyPop), List.of(), 6, false);
    }

    /**
     * Either side given counted ({@link ClassSizes#RECORDS}: the release's records counted by QI values, mask and
     * labels, the population's by QI values and mask) gives the table of its records, by both plans: on the
     * hand-worked release and on the generated one of {@link #theScanPlanGivesTheWindowPlansTable}, where counting
     * leaves fewer rows than records on both sides.
     */
    @Test
    void countedRecordsGiveTheTableOfTheRecordsThemselves() {
        assertCountedSame(released, population, 2, false);
        Generated g = generated(13, 6, 5, 9);
        assertCountedSame(g.released(), g.population(), 3, true);
    }

    /** A generated release and its population; see {@link #generated}. */
    private record Generated(Dataset<Row> released, Dataset<Row> population) {
    }

    /**
     * 2,000 released records over x0 .. x{xs-1} (1 in 40 null) and y0 .. y{ys-1}, three subgroups, labels A and B
     * with gaps; the population holds each of them and, for about half, one more record over x0 .. x{otherXs-1}.
     */
    private static Generated generated(long seed, int xs, int ys, int otherXs) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        List<Row> pop = new ArrayList<>();
        for (int r = 0; r < 2000; r++) {
            String x = rng.nextInt(40) == 0 ? null : "x" + rng.nextInt(xs);
            String y = "y" + rng.nextInt(ys);
            int mask = 1 | (rng.nextInt(3) == 0 ? 2 : 0) | (rng.nextInt(5) == 0 ? 4 : 0);
            String a = rng.nextInt(4) == 0 ? null : "a" + rng.nextInt(2);
            String b = rng.nextInt(3) == 0 ? null : "b" + rng.nextInt(3);
            rows.add(RowFactory.create(x, y, mask, a, b));
            pop.add(RowFactory.create(x, y, mask));
            if (rng.nextInt(2) == 0) {
                pop.add(RowFactory.create("x" + rng.nextInt(otherXs), y, 1 | (rng.nextInt(4) == 0 ? 2 : 0)));
            }
        }
        return new Generated(spark.createDataFrame(rows, released.schema()), spark.createDataFrame(pop, population.schema()));
    }

    private static void assertCountedSame(Dataset<Row> rel, Dataset<Row> pop, int subgroups, boolean bothCollapse) {
        List<String> relBy = new ArrayList<>(QI);
        relBy.add(ClassSizes.MASK);
        relBy.addAll(SENSITIVE);
        List<String> popBy = new ArrayList<>(QI);
        popBy.add(ClassSizes.MASK);
        Dataset<Row> relCounted = counted(rel, relBy);
        Dataset<Row> popCounted = counted(pop, popBy);
        assertThat(popCounted.count()).isLessThan(pop.count()); // the hand-worked population has (z, 8) twice
        if (bothCollapse) {
            assertThat(relCounted.count()).isLessThan(rel.count());
        }
        ClassSizes records = ClassSizes.compute(rel, Optional.of(pop), QI, SENSITIVE, subgroups, true);
        for (Dataset<Row> r : List.of(rel, relCounted)) {
            for (Dataset<Row> p : List.of(pop, popCounted)) {
                assertSameTable(records, ClassSizes.compute(r, Optional.of(p), QI, SENSITIVE, subgroups, true), subgroups);
                assertSameTable(records, ClassSizes.computeByWindow(r, Optional.of(p), QI, SENSITIVE, subgroups, true), subgroups);
            }
        }
        ClassSizes unknown = ClassSizes.compute(rel, Optional.empty(), QI, SENSITIVE, subgroups, true);
        assertSameTable(unknown, ClassSizes.compute(relCounted, Optional.empty(), QI, SENSITIVE, subgroups, true), subgroups);
    }

    private static Dataset<Row> counted(Dataset<Row> rows, List<String> by) {
        return rows.groupBy(by.stream().map(rows::col).toArray(org.apache.spark.sql.Column[]::new))
                .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as(ClassSizes.RECORDS));
    }

    /**
     * Every way of the scan plan gives the window plan's table: as {@code compute} runs it (for one long key, records
     * as primitive arrays in buckets), through Spark's shuffle and sort, and with the label codes in columns of their
     * own rather than packed in the kind.
     */
    private static void assertSame(Dataset<Row> rel, Optional<Dataset<Row>> pop, List<String> sensitive, int subgroups,
                                   boolean within) {
        assertSame(rel, pop, QI, sensitive, subgroups, within);
    }

    private static void assertSame(Dataset<Row> rel, Optional<Dataset<Row>> pop, List<String> qi, List<String> sensitive,
                                   int subgroups, boolean within) {
        ClassSizes byWindow = ClassSizes.computeByWindow(rel, pop, qi, sensitive, subgroups, within);
        List<List<String>> labels = ClassSizes.labels(rel, sensitive);
        assertThat(ClassSizes.CodeLayout.of(labels, subgroups).packed()).isTrue();
        assertSameTable(ClassSizes.compute(rel, pop, qi, sensitive, subgroups, within), byWindow, subgroups);
        assertSameTable(ClassSizes.computeByScan(rel, pop, qi, sensitive, subgroups, within, labels,
                ClassSizes.CodeLayout.of(labels, subgroups), true), byWindow, subgroups);
        assertSameTable(ClassSizes.computeByScan(rel, pop, qi, sensitive, subgroups, within, labels,
                ClassSizes.CodeLayout.unpacked(), true), byWindow, subgroups);
    }

    /**
     * The engine's classes come as one long key per record (its QI values packed: {@link ClassKeys}), which the scan
     * compares as a long: the generated release keyed so, a null key one class like any other, gives the window plan's
     * table.
     */
    @Test
    void aSingleLongKeyWithNullsGivesTheWindowPlansTable() {
        // few x values, so that classes hold several records and the counted sides collapse
        Generated g = generated(17, 10, 6, 14);
        Dataset<Row> rel = withLongKey(g.released());
        Dataset<Row> pop = withLongKey(g.population());
        assertThat(rel.schema().apply("k").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(rel.where("k IS NULL").count()).isPositive();
        assertThat(rel.where("k = 0").count()).isPositive(); // a key of 0 is not the null key's class
        assertSame(rel, Optional.of(pop), List.of("k"), SENSITIVE, 3, true);
        assertSame(rel, Optional.empty(), List.of("k"), SENSITIVE, 3, true);
        assertSame(rel, Optional.of(pop), List.of("k"), List.of(), 3, false);
        // either side counted by (key, mask[, labels]): the table of the records themselves
        Dataset<Row> relCounted = counted(rel, List.of("k", ClassSizes.MASK, "A", "B"));
        Dataset<Row> popCounted = counted(pop, List.of("k", ClassSizes.MASK));
        assertThat(popCounted.count()).isLessThan(pop.count());
        assertSame(relCounted, Optional.of(pop), List.of("k"), SENSITIVE, 3, true);
        assertSame(rel, Optional.of(popCounted), List.of("k"), SENSITIVE, 3, true);
        assertSameTable(ClassSizes.compute(relCounted, Optional.of(popCounted), List.of("k"), SENSITIVE, 3, true),
                ClassSizes.compute(rel, Optional.of(pop), List.of("k"), SENSITIVE, 3, true), 3);
    }

    /**
     * QI values of other types, compared as such in class order: a date (null where x is), an integer and a floating
     * point number of x and y give the window plan's table.
     */
    @Test
    void quasiIdentifiersOfOtherTypesGiveTheWindowPlansTable() {
        Generated g = generated(19, 10, 6, 14);
        List<String> typed = List.of("d", "i", "z");
        assertSame(typed(g.released()), Optional.of(typed(g.population())), typed, SENSITIVE, 3, true);
    }

    private static Dataset<Row> typed(Dataset<Row> rows) {
        return rows.withColumn("d", org.apache.spark.sql.functions.expr("date_add(DATE'2010-01-01', abs(hash(x)) % 7)"))
                .withColumn("i", org.apache.spark.sql.functions.expr("abs(hash(y)) % 5"))
                .withColumn("z", org.apache.spark.sql.functions.expr("CAST(abs(hash(x, y)) % 3 AS DOUBLE) / 2"));
    }

    /**
     * {@code rows} with a long key {@code k} of (x, y): null where x is, 0 for x0 whatever y, a hash below 1,000 in
     * size for x1 to x3 (keys apart only in their lowest bits), else a hash.
     */
    private static Dataset<Row> withLongKey(Dataset<Row> rows) {
        return rows.withColumn("k", org.apache.spark.sql.functions.when(rows.col("x").isNull(), org.apache.spark.sql.functions.lit(null))
                .when(rows.col("x").equalTo("x0"), org.apache.spark.sql.functions.lit(0L))
                .when(rows.col("x").isin("x1", "x2", "x3"), org.apache.spark.sql.functions.xxhash64(rows.col("x"), rows.col("y")).mod(1000))
                .otherwise(org.apache.spark.sql.functions.xxhash64(rows.col("x"), rows.col("y"))));
    }

    /**
     * Label codes are packed beside the subgroup mask while the mask's bits and each attribute's (enough for its
     * number of labels: 1 label 1 bit, 3 labels 2, 2^15 labels 16) fit in 62; beyond that they travel as columns.
     */
    @Test
    void labelCodesArePackedWhileTheyFitBesideTheMask() {
        List<String> three = List.of("a", "b", "c");
        assertThat(ClassSizes.CodeLayout.of(List.of(three, List.of("x"), List.of()), 2).widths()).containsExactly(2, 1, 0);
        List<String> bits16 = java.util.Collections.nCopies(1 << 15, "v");
        List<String> bits17 = java.util.Collections.nCopies(1 << 16, "v");
        assertThat(ClassSizes.CodeLayout.of(List.of(bits16, bits16), 30).packed()).isTrue();   // 30 + 16 + 16 = 62
        assertThat(ClassSizes.CodeLayout.of(List.of(bits16, bits17), 30).packed()).isFalse();  // 63
        assertThat(ClassSizes.CodeLayout.of(List.of(bits16, bits17), 29).packed()).isTrue();
    }

    /** The two tables' cells and, per subgroup, the figures' inputs are equal (package-private: ClassKeysTest). */
    static void assertSameTable(ClassSizes byScan, ClassSizes byWindow, int subgroups) {
        assertThat(byScan.cells()).isNotEmpty().isEqualTo(byWindow.cells());
        for (int s = 0; s < subgroups; s++) {
            SubgroupClasses a = byScan.forSubgroup(s, OptionalLong.of(100_000));
            SubgroupClasses b = byWindow.forSubgroup(s, OptionalLong.of(100_000));
            assertThat(a.records()).isEqualTo(b.records());
            assertThat(a.populationRecords()).isEqualTo(b.populationRecords());
            assertThat(a.populationUniques()).isEqualTo(b.populationUniques());
            assertThat(a.withinSubgroup()).isEqualTo(b.withinSubgroup());
        }
    }

    @Test
    void theLabelsAreEachAttributesDistinctValuesSorted() {
        assertThat(ClassSizes.labels(released, SENSITIVE)).containsExactly(List.of("a1", "a2"), List.of("b1"));
        assertThat(ClassSizes.labels(released, List.of())).isEmpty();
    }
}
