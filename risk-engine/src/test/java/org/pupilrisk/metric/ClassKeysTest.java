package org.pupilrisk.metric;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.spark.SparkSessions;

/**
 * QI sets packed into one integer key give the classes, and so the class sizes, of the values themselves.
 *
 * <p>The release is generalised as a k-anonymous release is: column x shown to its first two characters and a
 * star ("x17" as "x1*"), some values suppressed ("*", which no population record shows); y as it is. The second
 * method is the string plan: the population's values generalised record by record and the class sizes computed on
 * the strings.
 */
class ClassKeysTest {

    static SparkSession spark;
    static Dataset<Row> released;
    static Dataset<Row> population;
    static Dataset<Row> populationShown;
    static PopulationCodes codes;

    static final List<String> SENSITIVE = List.of("A", "B");
    static final BiFunction<String, String, String> SHOWN = (c, v) -> c.equals("x") ? v.substring(0, 2) + "*" : v;

    @BeforeAll
    static void setUp() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        spark.conf().set("spark.sql.shuffle.partitions", "3");
        SplittableRandom rng = new SplittableRandom(5);
        List<Row> rel = new ArrayList<>();
        List<Row> pop = new ArrayList<>();
        for (int r = 0; r < 3000; r++) {
            String x = "x" + rng.nextInt(40);
            String y = rng.nextInt(30) == 0 ? "(missing)" : "y" + rng.nextInt(9);
            int mask = 1 | rng.nextInt(8) << 1;
            pop.add(RowFactory.create(mask, x, y));
            if (rng.nextInt(3) == 0) {
                String a = rng.nextInt(3) == 0 ? null : "a" + rng.nextInt(3);
                String b = rng.nextInt(2) == 0 ? null : "b" + rng.nextInt(2);
                String shownX = rng.nextInt(20) == 0 ? "*" : SHOWN.apply("x", x);
                rel.add(RowFactory.create(mask, shownX, y, a, b));
            }
        }
        released = spark.createDataFrame(rel, new StructType().add(ClassSizes.MASK, DataTypes.IntegerType)
                .add("x", DataTypes.StringType).add("y", DataTypes.StringType)
                .add("A", DataTypes.StringType).add("B", DataTypes.StringType));
        population = spark.createDataFrame(pop, new StructType().add(ClassSizes.MASK, DataTypes.IntegerType)
                .add("x", DataTypes.StringType).add("y", DataTypes.StringType));
        UDF1<String, String> shownX = v -> SHOWN.apply("x", v);
        populationShown = population.withColumn("x", udf(shownX, DataTypes.StringType).apply(col("x")));
        codes = PopulationCodes.number(population, List.of("x", "y"));
    }

    private static Optional<ClassKeys> pack(List<List<String>> sets, int maxBits) {
        return ClassKeys.pack(released, codes, SENSITIVE, sets, SHOWN, maxBits, ClassKeys.COUNTED_MAX_CLASSES);
    }

    @Test
    void everyQiSetsClassSizesAreTheStringValuesClassSizes() {
        List<List<String>> sets = List.of(List.of("x", "y"), List.of("y"), List.of("y", "x"), List.of("x"));
        try (ClassKeys keys = pack(sets, ClassKeys.MAX_BITS).orElseThrow()) {
            for (List<String> q : sets) {
                ClassSizes strings = ClassSizes.compute(released, Optional.of(populationShown), q, SENSITIVE, 4);
                // record by record, and counted by class (each set here holds at most 100 classes)
                ClassSizesTest.assertSameTable(ClassSizes.compute(keys.released(), keys.population(),
                        List.of(keys.keyColumn(q)), SENSITIVE, 4), strings, 4);
                assertThat(keys.counted()).containsKey(keys.keyColumn(q));
                ClassSizesTest.assertSameTable(ClassSizes.compute(keys.released(q), keys.population(q),
                        List.of(keys.keyColumn(q)), SENSITIVE, 4), strings, 4);
            }
        }
    }

    /**
     * A set is counted by class when its population can hold few classes: the product of its columns' numbers of
     * values as the release shows them (x: x0* to x9*, 10; y: (missing), y0 to y8, 10). Counted, the population's
     * 3,000 records reach the stage as at most one row per (class, mask), and the release's as one per (class, mask,
     * labels); a set over the bound keeps one row per record.
     */
    @Test
    void aSetWithFewPossibleClassesIsCountedByClass() {
        List<List<String>> sets = List.of(List.of("x", "y"), List.of("y"), List.of("x"));
        try (ClassKeys keys = ClassKeys.pack(released, codes, SENSITIVE, sets, SHOWN, ClassKeys.MAX_BITS, 99).orElseThrow()) {
            assertThat(keys.counted().keySet()).containsExactlyInAnyOrder(keys.keyColumn(List.of("y")), keys.keyColumn(List.of("x")));
            assertThat(keys.population(List.of("x", "y")).orElseThrow().count()).isEqualTo(population.count());
            assertThat(keys.released(List.of("x", "y")).count()).isEqualTo(released.count());
            Dataset<Row> y = keys.population(List.of("y")).orElseThrow();
            assertThat(y.count()).isEqualTo(population.select("y", ClassSizes.MASK).distinct().count()).isLessThanOrEqualTo(10 * 8);
            assertThat(y.agg(org.apache.spark.sql.functions.sum(ClassSizes.RECORDS)).first().getLong(0)).isEqualTo(population.count());
            assertThat(keys.released(List.of("x")).count())
                    .isEqualTo(released.select(col("x"), col(ClassSizes.MASK), col("A"), col("B")).distinct().count());
        }
        try (ClassKeys keys = ClassKeys.pack(released, codes, SENSITIVE, sets, SHOWN, ClassKeys.MAX_BITS, 100).orElseThrow()) {
            assertThat(keys.counted()).hasSize(3);
        }
    }

    @Test
    void aKeyIsEachValuesRankInItsColumnsSortedDomainSideBySide() {
        // x's domain: '*', x0* ... x9* (ranks 0-10, 4 bits); y's: (missing), y0 ... y8 (ranks 0-9), above x
        List<String> xs = List.of("*", "x0*", "x1*", "x2*", "x3*", "x4*", "x5*", "x6*", "x7*", "x8*", "x9*");
        List<String> ys = List.of("(missing)", "y0", "y1", "y2", "y3", "y4", "y5", "y6", "y7", "y8");
        try (ClassKeys keys = pack(List.of(List.of("x", "y")), ClassKeys.MAX_BITS).orElseThrow()) {
            String k = keys.keyColumn(List.of("x", "y"));
            List<Long> expected = released.collectAsList().stream()
                    .map(r -> xs.indexOf(r.<String>getAs("x")) + ((long) ys.indexOf(r.<String>getAs("y")) << 4)).sorted().toList();
            assertThat(keys.released().select(k).collectAsList().stream().map(r -> r.getLong(0)).sorted().toList())
                    .isEqualTo(expected);
            List<Long> expectedPopulation = population.collectAsList().stream()
                    .map(r -> xs.indexOf(SHOWN.apply("x", r.getAs("x"))) + ((long) ys.indexOf(r.<String>getAs("y")) << 4))
                    .sorted().toList();
            assertThat(keys.population().orElseThrow().select(k).collectAsList().stream().map(r -> r.getLong(0)).sorted().toList())
                    .isEqualTo(expectedPopulation);
        }
    }

    @Test
    void thePopulationIsNumberedOnceByEachValuesRankInItsColumnsSortedPopulationDomain() {
        List<String> xs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            xs.add("x" + i);
        }
        xs.sort(String::compareTo); // x0, x1, x10, x11, ...
        List<String> ys = List.of("(missing)", "y0", "y1", "y2", "y3", "y4", "y5", "y6", "y7", "y8");
        assertThat(codes.values().get("x")).isEqualTo(xs);
        assertThat(codes.values().get("y")).isEqualTo(ys);
        List<List<Integer>> expected = population.collectAsList().stream()
                .map(r -> List.of(r.<Integer>getAs(ClassSizes.MASK), xs.indexOf(r.<String>getAs("x")), ys.indexOf(r.<String>getAs("y"))))
                .sorted(ROWS).toList();
        assertThat(codes.coded().collectAsList().stream()
                .map(r -> List.of(r.<Integer>getAs(ClassSizes.MASK), r.<Integer>getAs("x"), r.<Integer>getAs("y"))).sorted(ROWS).toList())
                .isEqualTo(expected);
    }

    @Test
    void aColumnReleasedAsItIsKeepsThePopulationsRanksAndOneGeneralisedIsRenumbered() {
        // y is released as it is and every released y is a population value: its numbers are the population's ranks;
        // x is shown as prefixes: "x17" (rank 9 among x0, x1, x10, ...) becomes "x1*", number 2 after '*' and "x0*"
        try (ClassKeys keys = pack(List.of(List.of("y"), List.of("x")), ClassKeys.MAX_BITS).orElseThrow()) {
            List<Row> both = keys.population().orElseThrow().select(keys.keyColumn(List.of("y")), keys.keyColumn(List.of("x"))).collectAsList();
            List<Row> ranks = codes.coded().select("y", "x").collectAsList();
            assertThat(both.stream().map(r -> r.getLong(0)).toList())
                    .isEqualTo(ranks.stream().map(r -> (long) r.getInt(0)).toList());
            List<String> xs = codes.values().get("x");
            List<String> shownDomain = List.of("*", "x0*", "x1*", "x2*", "x3*", "x4*", "x5*", "x6*", "x7*", "x8*", "x9*");
            assertThat(both.stream().map(r -> r.getLong(1)).toList()).isEqualTo(ranks.stream()
                    .map(r -> (long) shownDomain.indexOf(SHOWN.apply("x", xs.get(r.getInt(1))))).toList());
        }
    }

    static final java.util.Comparator<List<Integer>> ROWS = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    @Test
    void aSetNeedingMoreBitsThanAllowedIsNotPacked() {
        // x: ten shown prefixes and '*', 4 bits; y: nine values and "(missing)", 4 bits
        assertThat(pack(List.of(List.of("x", "y")), 8)).isPresent().get().satisfies(ClassKeys::close);
        assertThat(pack(List.of(List.of("x", "y")), 7)).isEmpty();
        assertThat(pack(List.of(List.of("y"), List.of("x", "y")), 7)).isEmpty();
    }

    /**
     * The release as a user's file: numbered as read ({@link RowCodes}), "(missing)" written as an empty field, with
     * each record's row; and the same records with their row, for the packed plan.
     */
    private record Numbered(RowCodes codes, Dataset<Row> rows) {
    }

    private static Numbered numbered() {
        List<Row> all = released.collectAsList();
        List<String[]> read = new ArrayList<>();
        List<Row> withRow = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            Row x = all.get(r);
            String y = x.getAs("y");
            read.add(new String[] {x.getAs("x"), "(missing)".equals(y) ? null : y});
            withRow.add(RowFactory.create((long) r, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4)));
        }
        RowCodes codes = RowCodes.number(spark, List.of("x", "y"), read, List.of("x", "y"));
        Dataset<Row> rows = spark.createDataFrame(withRow, new StructType().add("row", DataTypes.LongType)
                .add(ClassSizes.MASK, DataTypes.IntegerType).add("x", DataTypes.StringType).add("y", DataTypes.StringType)
                .add("A", DataTypes.StringType).add("B", DataTypes.StringType));
        return new Numbered(codes, rows);
    }

    @Test
    void aReleaseWithoutAPopulationPackedFromItsNumbersHasTheStringValuesClassSizes() {
        List<List<String>> sets = List.of(List.of("x", "y"), List.of("y"), List.of("x"));
        Numbered file = numbered();
        try (ClassKeys keys = ClassKeys.packRows(file.rows(), "row", file.codes(), "(missing)", SENSITIVE, sets).orElseThrow()) {
            assertThat(keys.population()).isEmpty();
            for (List<String> q : sets) {
                ClassSizes packed = ClassSizes.compute(keys.released(), Optional.empty(), List.of(keys.keyColumn(q)), SENSITIVE, 4);
                ClassSizes strings = ClassSizes.compute(released, Optional.empty(), q, SENSITIVE, 4);
                assertThat(packed.cells()).as("cells of %s", q).isNotEmpty().isEqualTo(strings.cells());
                for (int s = 0; s < 4; s++) {
                    assertThat(packed.forSubgroup(s, OptionalLong.of(9000)).withinSubgroup())
                            .isEqualTo(strings.forSubgroup(s, OptionalLong.of(9000)).withinSubgroup());
                }
            }
        }
    }

    @Test
    void aReleasePackedFromItsNumbersIsKeyedByEachValuesNumberSideBySideAnEmptyFieldAfterTheValues() {
        Numbered file = numbered();
        // numbered in order of first appearance; x: eleven values ('*', x0* ... x9*), 4 bits; y: nine values and
        // empty fields, numbered 9, 4 bits
        List<String> xs = new ArrayList<>();
        List<String> ys = new ArrayList<>();
        List<Row> rows = released.collectAsList();
        rows.forEach(r -> {
            if (!xs.contains(r.<String>getAs("x"))) {
                xs.add(r.getAs("x"));
            }
            if (!r.<String>getAs("y").equals("(missing)") && !ys.contains(r.<String>getAs("y"))) {
                ys.add(r.getAs("y"));
            }
        });
        assertThat(xs).hasSize(11);
        assertThat(ys).hasSize(9);
        assertThat(file.codes().values("x")).isEqualTo(xs);
        assertThat(file.codes().values("y")).isEqualTo(ys);
        assertThat(file.codes().empty("y")).isTrue();
        assertThat(file.codes().empty("x")).isFalse();
        try (ClassKeys keys = ClassKeys.packRows(file.rows(), "row", file.codes(), "(missing)", SENSITIVE, List.of(List.of("x", "y"))).orElseThrow()) {
            List<Long> expected = rows.stream().map(r -> {
                String y = r.getAs("y");
                return xs.indexOf(r.<String>getAs("x")) + ((long) (y.equals("(missing)") ? 9 : ys.indexOf(y)) << 4);
            }).sorted().toList();
            assertThat(keys.released().select(keys.keyColumn(List.of("x", "y"))).collectAsList().stream()
                    .map(r -> r.getLong(0)).sorted().toList()).isEqualTo(expected);
        }
        assertThat(ClassKeys.packRows(file.rows(), "row", file.codes(), "(missing)", SENSITIVE, List.of(List.of("x", "y")), 8)).isPresent();
        assertThat(ClassKeys.packRows(file.rows(), "row", file.codes(), "(missing)", SENSITIVE, List.of(List.of("x", "y")), 7)).isEmpty();
    }

    @Test
    void anEmptyFieldIsInTheClassOfTheValueItsStringKeyShows() {
        // the string plan shows an empty field as "(missing)": a record with that written is in its class
        List<String[]> read = List.<String[]>of(new String[] {"(missing)"}, new String[] {null}, new String[] {"a"},
                new String[] {null});
        RowCodes codes = RowCodes.number(spark, List.of("y"), read, List.of("y"));
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < read.size(); r++) {
            rows.add(RowFactory.create((long) r, 1, null, null));
        }
        Dataset<Row> file = spark.createDataFrame(rows, new StructType().add("row", DataTypes.LongType)
                .add(ClassSizes.MASK, DataTypes.IntegerType).add("A", DataTypes.StringType).add("B", DataTypes.StringType));
        ClassKeys keys = ClassKeys.packRows(file, "row", codes, "(missing)", SENSITIVE, List.of(List.of("y"))).orElseThrow();
        assertThat(keys.released().orderBy("_class0").collectAsList().stream().map(r -> r.getLong(3)).toList())
                .containsExactly(0L, 0L, 0L, 1L);
        // without the value written, an empty field is numbered after the values: here 1, in two bits' room
        ClassKeys other = ClassKeys.packRows(file, "row", codes, "(unknown)", SENSITIVE, List.of(List.of("y"))).orElseThrow();
        assertThat(other.released().collectAsList().stream().map(r -> r.getLong(3)).toList()).containsExactly(0L, 2L, 1L, 2L);
    }

    @Test
    void aColumnNotNumberedIsRefused() {
        Numbered file = numbered();
        assertThatThrownBy(() -> ClassKeys.packRows(file.rows(), "row", file.codes(), "(missing)", SENSITIVE, List.of(List.of("A"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column A was not numbered");
    }

    @Test
    void distinctValuesAreEachColumnsDomainSortedAndANullKeyIsRefused() {
        Map<String, List<String>> v = ClassKeys.distinctValues(released, List.of("x", "y"));
        assertThat(v.get("x")).containsExactly("*", "x0*", "x1*", "x2*", "x3*", "x4*", "x5*", "x6*", "x7*", "x8*", "x9*");
        assertThat(v.get("y")).containsExactly("(missing)", "y0", "y1", "y2", "y3", "y4", "y5", "y6", "y7", "y8");
        assertThatThrownBy(() -> ClassKeys.distinctValues(released, List.of("A")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QI column A has a null key");
    }
}
