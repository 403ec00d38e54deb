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
import org.apache.spark.sql.catalyst.InternalRow;
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
    }

    /** The rows as lists of plain values (copied out of each view before the next is taken). */
    private static List<List<Object>> values(List<InternalRow> rows) {
        return rows.stream().map(r -> Arrays.<Object>asList(r.isNullAt(0) ? null : r.getUTF8String(0).toString(),
                r.isNullAt(1) ? null : r.getInt(1), r.isNullAt(2) ? null : r.getBoolean(2),
                r.isNullAt(3) ? null : r.getLong(3), r.isNullAt(4) ? null : r.getInt(4))).toList();
    }

    private static List<List<Object>> read(Dataset<Row> data) {
        // copied in the partition, a view being valid only until the next row
        return values(ColumnarRows.where(data, "year", 2024, "code", "born", "flag", "id", "urn")
                .mapPartitions(it -> {
                    List<InternalRow> copies = new ArrayList<>();
                    it.forEachRemaining(row -> copies.add(row.copy()));
                    return copies.iterator();
                }).collect());
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
}
