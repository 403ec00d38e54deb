package org.pupilrisk.hierarchy;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.attack.RecordLevelRisk;
import org.pupilrisk.hierarchy.BuiltInHierarchies.Observed;
import org.pupilrisk.metric.ClassKeys;
import org.pupilrisk.spark.SparkSessions;

/**
 * One observation of a population's values ({@link BuiltInHierarchies#observe}) gives both what the record-level
 * releases number and what the k-anonymous releases build their hierarchies from, each equal to what its own job
 * found before: the distinct string keys of every column, and the (value, helper values) counts with a missing value
 * written {@value Hierarchy#MISSING}.
 */
class ObservationsTest {

    static SparkSession spark;
    static Dataset<Row> pupils;
    static final List<String> COLUMNS = List.of("DateOfBirth", "URN", "EthnicGroupMinor", "Sex");

    @BeforeAll
    static void setUp() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        List<Row> rows = new ArrayList<>();
        // a missing date, a missing LA beside a school, and an ethnicity missing beside one literally written NA
        rows.add(RowFactory.create(Date.valueOf("2009-03-14"), 100001, 330, "WBRI", "WHIT", "F"));
        rows.add(RowFactory.create(Date.valueOf("2009-03-14"), 100001, 330, "WBRI", "WHIT", "M"));
        rows.add(RowFactory.create(null, 100001, 331, "NA", "OTHR", "M"));
        rows.add(RowFactory.create(Date.valueOf("2010-12-01"), 100002, null, null, null, "F"));
        rows.add(RowFactory.create(Date.valueOf("2010-12-01"), 100002, null, null, null, "F"));
        rows.add(RowFactory.create(Date.valueOf("2011-01-31"), 100002, 331, "APKN", "ASIA", null));
        pupils = spark.createDataFrame(rows, new StructType().add("DateOfBirth", DataTypes.DateType)
                .add("URN", DataTypes.IntegerType).add("LA", DataTypes.IntegerType)
                .add("EthnicGroupMinor", DataTypes.StringType).add("EthnicGroupMajor", DataTypes.StringType)
                .add("Sex", DataTypes.StringType));
    }

    @Test
    void eachColumnsValuesAreTheDistinctStringKeysTheNumberingFound() {
        BuiltInHierarchies.Observations seen = BuiltInHierarchies.observe(pupils, COLUMNS);
        List<Column> keys = COLUMNS.stream().map(RecordLevelRisk::key).toList();
        Map<String, List<String>> numbered = ClassKeys.distinctValues(pupils.select(keys.toArray(Column[]::new)), COLUMNS);
        for (String c : COLUMNS) {
            assertThat(seen.values(c, RecordLevelRisk.MISSING)).as(c).isEqualTo(numbered.get(c));
        }
        // by hand: a missing value sorts as its key, apart from a value written NA
        assertThat(seen.values("EthnicGroupMinor", RecordLevelRisk.MISSING)).containsExactly("(missing)", "APKN", "NA", "WBRI");
        assertThat(seen.values("DateOfBirth", RecordLevelRisk.MISSING))
                .containsExactly("(missing)", "2009-03-14", "2010-12-01", "2011-01-31");
    }

    @Test
    void theHierarchiesAreThoseOfTheRecordsCountedWithMissingValuesWrittenNA() {
        BuiltInHierarchies.Observations seen = BuiltInHierarchies.observe(pupils, COLUMNS);
        Map<String, Hierarchy> built = BuiltInHierarchies.fromObservations(seen, COLUMNS, Map.of());
        for (String c : COLUMNS) {
            List<String> helpers = BuiltInHierarchies.helpers(c).stream().filter(h -> List.of(pupils.columns()).contains(h)).toList();
            // the second method: the records counted on their values as text, a missing one NA, as fromData did
            List<Column> text = new ArrayList<>();
            text.add(asText(c));
            helpers.forEach(h -> text.add(asText(h)));
            List<Observed> counted = new ArrayList<>();
            for (Row r : pupils.groupBy(text.toArray(Column[]::new)).count().collectAsList()) {
                String[] values = new String[text.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.getString(i);
                }
                counted.add(new Observed(values, r.getLong(values.length)));
            }
            Hierarchy expected = BuiltInHierarchies.fromObserved(c, helpers, counted, Map.of());
            Hierarchy h = built.get(c);
            assertThat(h.height()).as(c).isEqualTo(expected.height());
            for (int level = 0; level < h.height(); level++) {
                assertThat(labels(h, level)).as(c + " level " + level).isEqualTo(labels(expected, level));
                for (int code = 0; code < h.width(0); code++) {
                    assertThat(h.generalise(h.label(0, code), level)).isEqualTo(expected.generalise(h.label(0, code), level));
                }
            }
        }
        // by hand: the missing ethnicity (2 records, parent NA) and the one written NA (1 record, parent OTHR) are one
        // value, NA, whose parent is the one most of its 3 records carry; school 100002's LA is NA (2 of 3 records)
        assertThat(built.get("EthnicGroupMinor").generalise("NA", 1)).isEqualTo("NA");
        assertThat(built.get("URN").generalise("100002", 1)).isEqualTo("NA");
        assertThat(built.get("URN").generalise("100001", 1)).isEqualTo("330");
    }

    @Test
    void eachCombinationOfAValueAndItsHelpersIsCountedAsAGroupByOfTheirTextCountsItWhateverThePartitions() {
        // 3,000 random records, a tenth of each field missing, over five partitions: per observed column, the
        // combinations and counts of a Spark group-by of the column's text and its helpers' (nulls kept)
        java.util.Random rnd = new java.util.Random(7);
        List<Row> rows = new ArrayList<>();
        String[] minor = {"WBRI", "WIRI", "APKN", "BCRB", "MWBC"};
        String[] major = {"WHIT", "WHIT", "ASIA", "BLAC", "MIXD"};
        for (int i = 0; i < 3000; i++) {
            int e = rnd.nextInt(minor.length);
            rows.add(RowFactory.create(
                    rnd.nextInt(10) == 0 ? null : Date.valueOf(java.time.LocalDate.of(2008, 9, 1).plusDays(rnd.nextInt(700))),
                    rnd.nextInt(10) == 0 ? null : 100000 + rnd.nextInt(40),
                    rnd.nextInt(10) == 0 ? null : 300 + rnd.nextInt(4),
                    rnd.nextInt(10) == 0 ? null : "E1" + rnd.nextInt(3),
                    rnd.nextInt(10) == 0 ? null : "B" + rnd.nextInt(30),
                    rnd.nextInt(10) == 0 ? null : minor[e],
                    rnd.nextInt(10) == 0 ? null : major[e],
                    rnd.nextInt(10) == 0 ? null : rnd.nextBoolean() ? "F" : "M"));
        }
        Dataset<Row> data = spark.createDataFrame(rows, new StructType().add("DateOfBirth", DataTypes.DateType)
                .add("URN", DataTypes.IntegerType).add("LA", DataTypes.IntegerType).add("Region", DataTypes.StringType)
                .add("PostcodeDistrict", DataTypes.StringType).add("EthnicGroupMinor", DataTypes.StringType)
                .add("EthnicGroupMajor", DataTypes.StringType).add("Sex", DataTypes.StringType)).repartition(5);
        List<String> columns = List.of("DateOfBirth", "URN", "PostcodeDistrict", "EthnicGroupMinor", "Sex", "LA");
        BuiltInHierarchies.Observations seen = BuiltInHierarchies.observe(data, columns);
        for (String c : columns) {
            List<String> read = new ArrayList<>(List.of(c));
            read.addAll(seen.helpers(c));
            Map<List<String>, Long> expected = new java.util.HashMap<>();
            for (Row r : data.groupBy(read.stream().map(x -> col(x).cast("string")).toArray(Column[]::new)).count()
                    .collectAsList()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < read.size(); i++) {
                    values.add(r.getString(i));
                }
                expected.put(values, r.getLong(read.size()));
            }
            Map<List<String>, Long> observed = new java.util.HashMap<>();
            for (Observed o : seen.observed().get(c)) {
                assertThat(observed.put(java.util.Arrays.asList(o.values()), o.count())).as(c + ": each combination once").isNull();
            }
            assertThat(observed).as(c).isEqualTo(expected);
        }
        assertThat(seen.helpers("URN")).containsExactly("LA", "Region");
        assertThat(seen.helpers("EthnicGroupMinor")).containsExactly("EthnicGroupMajor");
        // the same observations, in the same order, from one partition
        BuiltInHierarchies.Observations one = BuiltInHierarchies.observe(data.coalesce(1), columns);
        for (String c : columns) {
            assertThat(one.observed().get(c).stream().map(o -> java.util.Arrays.asList(o.values()) + "=" + o.count()).toList())
                    .as(c).isEqualTo(seen.observed().get(c).stream().map(o -> java.util.Arrays.asList(o.values()) + "=" + o.count()).toList());
        }
    }

    private static Column asText(String c) {
        return coalesce(col(c).cast("string"), lit(Hierarchy.MISSING));
    }

    private static List<String> labels(Hierarchy h, int level) {
        List<String> labels = new ArrayList<>();
        for (int code = 0; code < h.width(level); code++) {
            labels.add(h.label(level, code));
        }
        return labels;
    }
}
