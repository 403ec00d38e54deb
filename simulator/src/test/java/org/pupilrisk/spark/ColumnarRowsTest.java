package org.pupilrisk.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A year's rows read as views of Parquet's columnar batches are the rows Spark's own filter and projection give: the
 * same values in every column asked for, in the order asked for, nulls included, across batches and files; and the
 * views are used only where the dataset is a plain read of files in batches.
 */
class ColumnarRowsTest {

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Dataset<Row> parquet;
    private static Dataset<Row> csv;
    /** Texts of many distinct values, so that Parquet's dictionary of a column chunk overflows into plain pages. */
    private static Dataset<Row> labels;
    /** Rows of census year 2024 written: a fixed count, known from how the rows are made. */
    private static long rows2024;

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, true)
            .add("year", DataTypes.IntegerType, true)
            .add("code", DataTypes.StringType, true)
            .add("born", DataTypes.DateType, true)
            .add("flag", DataTypes.BooleanType, true)
            .add("urn", DataTypes.IntegerType, true);

    @BeforeAll
    static void files() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        Random r = new Random(7);
        List<Row> rows = new ArrayList<>();
        String[] codes = {"A", "WBRI", "É", ""};
        for (int i = 0; i < 30_000; i++) {
            // every fifth row of 2024 has no id; every seventh row has no year (never counted as 2024)
            Integer year = i % 7 == 3 ? null : 2022 + i % 3;
            if (year != null && year == 2024) {
                rows2024++;
            }
            rows.add(RowFactory.create(i % 5 == 0 ? null : (long) i * 1_000_003L, year,
                    r.nextInt(6) == 0 ? null : codes[r.nextInt(codes.length)],
                    r.nextInt(9) == 0 ? null : Date.valueOf(java.time.LocalDate.ofEpochDay(14_000 + r.nextInt(3_000))),
                    r.nextInt(4) == 0 ? null : r.nextBoolean(), r.nextInt(50)));
        }
        // several files (partitions), each over several of the reader's batches of 4,096 rows
        Dataset<Row> made = spark.createDataFrame(rows, SCHEMA).repartition(3);
        made.write().parquet(dir.resolve("parquet").toString());
        made.write().option("header", "true").csv(dir.resolve("csv").toString());
        parquet = spark.read().parquet(dir.resolve("parquet").toString());
        csv = spark.read().option("header", "true").schema(SCHEMA).csv(dir.resolve("csv").toString());
        // two files of 30,000 rows, two in three labels distinct and 60 bytes long: about 1.2 MB of distinct texts per
        // file, over the writer's 1 MB dictionary page, so each file's chunk holds dictionary pages and then plain ones
        List<Row> labelled = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            String label = i % 3 == 0 ? "common-" + i % 5 : String.format("label-%054d", (long) i * 7_919);
            labelled.add(RowFactory.create((long) i, i % 11 == 0 ? 2023 : 2024, i % 13 == 0 ? null : label));
        }
        spark.createDataFrame(labelled, new StructType().add("id", DataTypes.LongType, true)
                        .add("year", DataTypes.IntegerType, true).add("label", DataTypes.StringType, true))
                .repartition(2).write().parquet(dir.resolve("labels").toString());
        labels = spark.read().parquet(dir.resolve("labels").toString());
    }

    /** The year's rows as lists of plain values, read through each partition's cursor. */
    private static List<List<Object>> read(Dataset<Row> data) {
        return ColumnarRows.eachPartition(data, "year", 2024, new String[] {"code", "born", "flag", "id", "urn"}, rows -> {
            List<List<Object>> out = new ArrayList<>();
            while (rows.next()) {
                int code = rows.text(0);
                out.add(Arrays.<Object>asList(code < 0 ? null : rows.textOf(0, code).toString(),
                        rows.isNullAt(1) ? null : rows.getInt(1), rows.isNullAt(2) ? null : rows.getBoolean(2),
                        rows.isNullAt(3) ? null : rows.getLong(3), rows.isNullAt(4) ? null : rows.getInt(4)));
            }
            return out.iterator();
        }).collect();
    }

    /** The same rows by Spark's filter and projection, dates as days since 1970. */
    private static List<List<Object>> spark(Dataset<Row> data) {
        return data.filter(col("year").equalTo(2024)).select("code", "born", "flag", "id", "urn").collectAsList().stream()
                .map(r -> Arrays.<Object>asList(r.isNullAt(0) ? null : r.getString(0),
                        r.isNullAt(1) ? null : (int) r.getDate(1).toLocalDate().toEpochDay(),
                        r.isNullAt(2) ? null : r.getBoolean(2), r.isNullAt(3) ? null : r.getLong(3),
                        r.isNullAt(4) ? null : r.getInt(4)))
                .toList();
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> s = new ArrayList<>(rows);
        s.sort(java.util.Comparator.comparing(Object::toString));
        return s;
    }

    @Test
    void aPlainParquetReadIsReadAsViewsOfItsBatches() {
        Dataset<Row> selected = parquet.select("code", "year");
        assertThat(ColumnarRows.columnarScan(selected)).as(selected.queryExecution().executedPlan().treeString()).isNotNull();
    }

    @Test
    void anyOtherPlanIsReadAsSparksRows() {
        assertThat(ColumnarRows.columnarScan(csv.select("code", "year"))).as("CSV").isNull();
        assertThat(ColumnarRows.columnarScan(parquet.filter(col("urn").gt(3)).select("code", "year"))).as("filtered").isNull();
        assertThat(ColumnarRows.columnarScan(parquet.select(col("code").as("year"), col("urn")))).as("renamed").isNull();
        assertThat(ColumnarRows.columnarScan(parquet.repartition(2).select("code", "year"))).as("shuffled").isNull();
    }

    @Test
    void theViewsAreTheRowsOfTheYearThatSparksFilterGivesValueForValue() {
        List<List<Object>> views = read(parquet);
        assertThat(views).hasSize((int) rows2024);
        assertThat(sorted(views)).isEqualTo(sorted(spark(parquet)));
        assertThat(views.stream().filter(v -> v.contains(null)).count()).as("rows with a missing value").isPositive();
    }

    @Test
    void aDatasetReadAsSparksRowsGivesTheSameRows() {
        assertThat(read(csv)).hasSize((int) rows2024);
        assertThat(sorted(read(csv))).isEqualTo(sorted(spark(csv)));
        assertThat(sorted(read(parquet.filter(col("urn").geq(0))))).isEqualTo(sorted(read(parquet)));
    }

    /**
     * Each partition's texts of {@code text} as the codes give them back, with each row's id; and, checked in the
     * partition, that equal texts have one code and different texts different codes.
     */
    private static List<List<Object>> coded(Dataset<Row> data, String text) {
        return ColumnarRows.eachPartition(data, "year", 2024, new String[] {text, "id"}, rows -> {
            List<List<Object>> out = new ArrayList<>();
            java.util.Map<String, Integer> codes = new java.util.HashMap<>();
            while (rows.next()) {
                int code = rows.text(0);
                String value = code < 0 ? null : rows.textOf(0, code).toString();
                if (value == null ? code != -1 : codes.computeIfAbsent(value, v -> code) != code) {
                    throw new AssertionError("text " + value + " read as code " + code + " and as " + codes.get(value));
                }
                out.add(Arrays.asList(value, rows.isNullAt(1) ? null : rows.getLong(1)));
            }
            if (new java.util.HashSet<>(codes.values()).size() != codes.size()) {
                throw new AssertionError("two texts share a code: " + codes);
            }
            return out.iterator();
        }).collect();
    }

    private static List<List<Object>> sparks(Dataset<Row> data, String text) {
        return data.filter(col("year").equalTo(2024)).select(text, "id").collectAsList().stream()
                .map(r -> Arrays.<Object>asList(r.isNullAt(0) ? null : r.getString(0), r.isNullAt(1) ? null : r.getLong(1)))
                .toList();
    }

    @Test
    void eachTextReadAsACodeGivesTheTextBackAndEqualTextsShareOneCode() {
        // texts from dictionary pages (few values), from pages that overflowed the dictionary, and from Spark's rows
        assertThat(sorted(coded(parquet, "code"))).isEqualTo(sorted(sparks(parquet, "code")));
        assertThat(sorted(coded(labels, "label"))).isEqualTo(sorted(sparks(labels, "label")));
        assertThat(sorted(coded(csv, "code"))).isEqualTo(sorted(sparks(csv, "code")));
        assertThat(coded(labels, "label")).hasSize((int) labels.filter(col("year").equalTo(2024)).count());
    }
}
