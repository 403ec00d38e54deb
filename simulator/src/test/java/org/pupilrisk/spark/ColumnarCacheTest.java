package org.pupilrisk.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cached dataset reads back exactly as it was computed: the same rows as the uncached dataset, for every column
 * type the tool holds, nulls, empty and multi-byte text, across batch boundaries and for any subset of columns.
 */
class ColumnarCacheTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSessions.getOrCreate("local[2]", false);
    }

    @AfterAll
    static void stop() {
        spark.conf().unset("spark.sql.inMemoryColumnarStorage.batchSize");
    }

    private static final StructType EVERY_TYPE = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("flag", DataTypes.BooleanType, true)
            .add("tiny", DataTypes.ByteType, true)
            .add("small", DataTypes.ShortType, true)
            .add("n", DataTypes.IntegerType, true)
            .add("day", DataTypes.DateType, true)
            .add("big", DataTypes.LongType, true)
            .add("at", DataTypes.TimestampType, true)
            .add("f", DataTypes.FloatType, true)
            .add("x", DataTypes.DoubleType, true)
            .add("text", DataTypes.StringType, true)
            .add("code", DataTypes.StringType, true);

    /** Random rows; every nullable column null in about one row in five. */
    private static List<Row> rows(int n, long seed) {
        Random r = new Random(seed);
        String[] words = {"", "M", "F", "E01000001", "Ysgol Gymraeg Bro Morgannwg", "Ærø", "日本語", "naïve café"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object[] v = {
                (long) i, r.nextBoolean(), (byte) r.nextInt(), (short) r.nextInt(), r.nextInt(),
                Date.valueOf(java.time.LocalDate.ofEpochDay(r.nextInt(40_000) - 10_000)), r.nextLong(),
                new Timestamp(r.nextLong() % 4_000_000_000_000L),
                r.nextInt(10) == 0 ? Float.NaN : r.nextFloat() - 0.5f,
                r.nextInt(10) == 0 ? -0.0 : r.nextGaussian(),
                words[r.nextInt(words.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(1000))),
                words[r.nextInt(words.length)]};
            for (int c = 1; c < v.length; c++) {
                if (r.nextInt(5) == 0) {
                    v[c] = null;
                }
            }
            rows.add(RowFactory.create(v));
        }
        return rows;
    }

    @Test
    void aCachedDatasetReadsBackAsTheUncachedOneWhateverColumnsAreAskedFor() {
        assertThat(spark.conf().get(ColumnarCache.CONF)).isEqualTo(ColumnarCache.class.getName());
        // batches of 7 rows: most batches full, the last of each partition short, several per partition
        spark.conf().set("spark.sql.inMemoryColumnarStorage.batchSize", "7");
        Dataset<Row> data = spark.createDataFrame(rows(500, 11), EVERY_TYPE).repartition(3);
        readsBackUnchanged(data, StorageLevel.MEMORY_ONLY(), cached -> {
            assertThat(cached.count()).isEqualTo(500);
            // a subset of the columns in another order, and a filter on text, as the assessment reads its census
            String[] some = {"code", "id", "x", "text", "day"};
            assertThat(sorted(cached.selectExpr(some).where("code = 'M' OR text IS NULL")))
                    .isEqualTo(sorted(data.selectExpr(some).where("code = 'M' OR text IS NULL")));
            assertThat(cached.groupBy("code").count().orderBy("code").collectAsList())
                    .isEqualTo(data.groupBy("code").count().orderBy("code").collectAsList());
        });
        // held on disk: the batches are serialised and read back
        readsBackUnchanged(data, StorageLevel.DISK_ONLY(), cached -> { });
    }

    @Test
    void aDatasetWithAColumnTypeItDoesNotHoldIsCachedBySparksOwnSerializerUnchanged() {
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                .add("amount", DataTypes.createDecimalType(10, 2), true)
                .add("tags", DataTypes.createArrayType(DataTypes.StringType), true);
        assertThat(ColumnarCache.kinds(schema.fields())).isNull();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(RowFactory.create(i, i % 3 == 0 ? null : new java.math.BigDecimal(i + ".25"),
                    i % 4 == 0 ? null : scala.jdk.javaapi.CollectionConverters.asScala(List.of("a" + i, "b")).toSeq()));
        }
        readsBackUnchanged(spark.createDataFrame(rows, schema), StorageLevel.MEMORY_ONLY(), cached -> { });
    }

    /** The batches and rows themselves, without Spark: batch boundaries, nulls, text offsets, columns picked. */
    @Test
    void batchesGiveBackEachSelectedColumnOfEveryRow() {
        ColumnarCache.Kind[] kinds = {ColumnarCache.Kind.TEXT, ColumnarCache.Kind.INT, ColumnarCache.Kind.TEXT,
            ColumnarCache.Kind.DOUBLE};
        List<InternalRow> rows = new ArrayList<>();
        Random r = new Random(3);
        for (int i = 0; i < 23; i++) {
            rows.add(new GenericInternalRow(new Object[] {
                i % 4 == 0 ? null : UTF8String.fromString("é".repeat(r.nextInt(4)) + i),
                i % 5 == 0 ? null : i * 7,
                UTF8String.fromString(i % 3 == 0 ? "" : "text " + i),
                i % 6 == 0 ? null : i / 4.0}));
        }
        List<CachedBatch> batches = new ArrayList<>();
        new ColumnarCache.Batching(rows.iterator(), kinds, 5).forEachRemaining(batches::add);
        assertThat(batches).extracting(CachedBatch::numRows).containsExactly(5, 5, 5, 5, 3);

        // columns 3, 0 and 2, in that order
        Iterator<InternalRow> back = new ColumnarCache.Rows(batches.iterator(), new int[] {3, 0, 2},
                new ColumnarCache.Kind[] {ColumnarCache.Kind.DOUBLE, ColumnarCache.Kind.TEXT, ColumnarCache.Kind.TEXT});
        for (InternalRow want : rows) {
            assertThat(back.hasNext()).isTrue();
            InternalRow got = back.next();
            assertThat(got.isNullAt(0)).isEqualTo(want.isNullAt(3));
            if (!want.isNullAt(3)) {
                assertThat(got.getDouble(0)).isEqualTo(want.getDouble(3));
            }
            assertThat(got.isNullAt(1)).isEqualTo(want.isNullAt(0));
            if (!want.isNullAt(0)) {
                assertThat(got.getUTF8String(1)).isEqualTo(want.getUTF8String(0));
            }
            assertThat(got.getUTF8String(2)).isEqualTo(want.getUTF8String(2));
        }
        assertThat(back.hasNext()).isFalse();
    }

    /** Caches {@code data} at {@code level}: it reads back row for row as computed, and passes {@code more}. */
    private static void readsBackUnchanged(Dataset<Row> data, StorageLevel level,
                                           java.util.function.Consumer<Dataset<Row>> more) {
        Dataset<Row> cached = data.persist(level);
        try {
            assertThat(sorted(cached)).isEqualTo(sorted(data));
            more.accept(cached);
        } finally {
            cached.unpersist(true);
        }
    }

    private static List<String> sorted(Dataset<Row> d) {
        List<String> out = new ArrayList<>();
        for (Row row : d.collectAsList()) {
            out.add(row.toString());
        }
        out.sort(null);
        return out;
    }
}
