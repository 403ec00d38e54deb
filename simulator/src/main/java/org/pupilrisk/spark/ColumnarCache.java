package org.pupilrisk.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.columnar.CachedBatchSerializer;
import org.apache.spark.sql.execution.columnar.DefaultCachedBatchSerializer;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * How Spark holds a cached dataset in memory ({@code spark.sql.cache.serializer}): each batch of rows as plain
 * arrays, one per column (text as its UTF-8 bytes end to end), and each row a scan asks for written straight from
 * them.
 *
 * <p>Why: Spark's own serializer ({@link DefaultCachedBatchSerializer}) gathers each text column's least and greatest
 * value per batch while caching, comparing every value twice, so that a scan may skip a batch whose range misses a
 * filter; a census's batches mix pupils of every kind and are hardly ever skipped, and the comparisons were about a
 * third of the time spent caching the national census. It then reads every scanned value back through its column
 * accessors. With this serializer the national k-anonymous scenario ran 127.4 -> 108.4 s, figures byte-identical
 * (benchmarks/RESULTS.md, "Spark's cache the tool's way").
 *
 * <p>Columns of the types the tool's datasets hold (booleans, integers, dates, timestamps, floating point, text)
 * are kept this way; a dataset with any other column type (decimals, arrays, maps, structs, binary) is cached by
 * Spark's own serializer, unchanged. Values are copied, never converted: a cached dataset reads back exactly as
 * it was computed.
 */
public final class ColumnarCache implements CachedBatchSerializer {

    private static final long serialVersionUID = 1L;

    /** The tool's default for {@code spark.sql.cache.serializer}; a user's setting wins (see {@link SparkSessions}). */
    public static final String CONF = "spark.sql.cache.serializer";

    private final DefaultCachedBatchSerializer spark = new DefaultCachedBatchSerializer();

    /** How one column is held. */
    enum Kind { BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, TEXT }

    /** The kind of each column, or null when a column's type is not one this serializer holds. */
    static Kind[] kinds(StructField[] fields) {
        Kind[] kinds = new Kind[fields.length];
        for (int i = 0; i < fields.length; i++) {
            DataType t = fields[i].dataType();
            Kind k = t instanceof BooleanType ? Kind.BOOLEAN
                    : t instanceof ByteType ? Kind.BYTE
                    : t instanceof ShortType ? Kind.SHORT
                    : t instanceof IntegerType || t instanceof DateType ? Kind.INT
                    : t instanceof LongType || t instanceof TimestampType || t instanceof TimestampNTZType ? Kind.LONG
                    : t instanceof FloatType ? Kind.FLOAT
                    : t instanceof DoubleType ? Kind.DOUBLE
                    : t instanceof StringType ? Kind.TEXT
                    : null;
            if (k == null) {
                return null;
            }
            kinds[i] = k;
        }
        return kinds;
    }

    private static StructType schemaOf(Seq<Attribute> attributes) {
        List<StructField> fields = new ArrayList<>();
        for (Attribute a : CollectionConverters.asJava(attributes)) {
            fields.add(new StructField(a.name(), a.dataType(), a.nullable(), a.metadata()));
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    private static boolean held(Seq<Attribute> attributes) {
        return kinds(schemaOf(attributes).fields()) != null;
    }

    @Override
    public boolean supportsColumnarInput(Seq<Attribute> schema) {
        return false;
    }

    @Override
    public RDD<CachedBatch> convertColumnarBatchToCachedBatch(RDD<ColumnarBatch> input, Seq<Attribute> schema,
                                                              StorageLevel storageLevel, SQLConf conf) {
        // never called: supportsColumnarInput is false for every schema
        return spark.convertColumnarBatchToCachedBatch(input, schema, storageLevel, conf);
    }

    @Override
    public boolean supportsColumnarOutput(StructType schema) {
        // Spark 4 reads a cache that offers both row by row (a scan's row path is taken whenever it exists), so
        // the datasets held here offer rows only
        return kinds(schema.fields()) == null && spark.supportsColumnarOutput(schema);
    }

    @Override
    public RDD<CachedBatch> convertInternalRowToCachedBatch(RDD<InternalRow> input, Seq<Attribute> schema,
                                                            StorageLevel storageLevel, SQLConf conf) {
        Kind[] kinds = kinds(schemaOf(schema).fields());
        if (kinds == null) {
            return spark.convertInternalRowToCachedBatch(input, schema, storageLevel, conf);
        }
        int batchRows = conf.columnBatchSize();
        FlatMapFunction<Iterator<InternalRow>, CachedBatch> batches = rows -> new Batching(rows, kinds, batchRows);
        return JavaRDD.fromRDD(input, tag(InternalRow.class)).mapPartitions(batches).rdd();
    }

    @Override
    public scala.Function2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>> buildFilter(
            Seq<Expression> predicates, Seq<Attribute> cachedAttributes) {
        if (!held(cachedAttributes)) {
            return spark.buildFilter(predicates, cachedAttributes);
        }
        return new EveryBatch();
    }

    @Override
    public RDD<ColumnarBatch> convertCachedBatchToColumnarBatch(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
                                                                Seq<Attribute> selectedAttributes, SQLConf conf) {
        if (!held(cacheAttributes)) {
            return spark.convertCachedBatchToColumnarBatch(input, cacheAttributes, selectedAttributes, conf);
        }
        throw new UnsupportedOperationException("a dataset cached by " + ColumnarCache.class.getName() + " is read by rows");
    }

    @Override
    public RDD<InternalRow> convertCachedBatchToInternalRow(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
                                                            Seq<Attribute> selectedAttributes, SQLConf conf) {
        if (!held(cacheAttributes)) {
            return spark.convertCachedBatchToInternalRow(input, cacheAttributes, selectedAttributes, conf);
        }
        int[] columns = positions(cacheAttributes, selectedAttributes);
        Kind[] kinds = kinds(schemaOf(selectedAttributes).fields());
        FlatMapFunction<Iterator<CachedBatch>, InternalRow> read = batches -> new Rows(batches, columns, kinds);
        return JavaRDD.fromRDD(input, tag(CachedBatch.class)).mapPartitions(read).rdd();
    }

    /** Each selected attribute's position among the cached ones (matched by expression id, as Spark does). */
    private static int[] positions(Seq<Attribute> cached, Seq<Attribute> selected) {
        List<Attribute> all = CollectionConverters.asJava(cached);
        List<Attribute> wanted = CollectionConverters.asJava(selected);
        int[] at = new int[wanted.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = -1;
            for (int j = 0; j < all.size(); j++) {
                if (all.get(j).exprId().equals(wanted.get(i).exprId())) {
                    at[i] = j;
                    break;
                }
            }
            if (at[i] < 0) {
                throw new IllegalStateException("column " + wanted.get(i) + " is not in the cached columns " + all);
            }
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static <T> ClassTag<T> tag(Class<?> c) {
        return (ClassTag<T>) ClassTag$.MODULE$.apply(c);
    }

    /** No cached batch is skipped: the statistics a filter would need are not gathered (see the class comment). */
    private static final class EveryBatch extends scala.runtime.AbstractFunction2<Object,
            scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public scala.collection.Iterator<CachedBatch> apply(Object partition, scala.collection.Iterator<CachedBatch> batches) {
            return batches;
        }
    }

    /**
     * One batch of rows: per column an array of values ({@code boolean}s as bytes, dates as days, timestamps as
     * microseconds, text as UTF-8 bytes with each row's end offset) and a bit set of the null rows, or null when the
     * column has none.
     */
    static final class Batch implements CachedBatch, Serializable {
        private static final long serialVersionUID = 1L;
        final int rows;
        final Object[] values;
        final int[][] ends;
        final long[][] nulls;
        private final long bytes;

        Batch(int rows, Object[] values, int[][] ends, long[][] nulls) {
            this.rows = rows;
            this.values = values;
            this.ends = ends;
            this.nulls = nulls;
            long b = 0;
            for (int c = 0; c < values.length; c++) {
                Object a = values[c];
                b += a instanceof byte[] x ? x.length
                        : a instanceof short[] x ? 2L * x.length
                        : a instanceof int[] x ? 4L * x.length
                        : a instanceof float[] x ? 4L * x.length
                        : a instanceof long[] x ? 8L * x.length
                        : 8L * ((double[]) a).length;
                b += ends[c] == null ? 0 : 4L * ends[c].length;
                b += nulls[c] == null ? 0 : 8L * nulls[c].length;
            }
            this.bytes = b;
        }

        @Override
        public int numRows() {
            return rows;
        }

        @Override
        public long sizeInBytes() {
            return bytes;
        }

        boolean isNull(int column, int row) {
            long[] n = nulls[column];
            return n != null && (n[row >>> 6] & (1L << row)) != 0;
        }

        /** The offset of row {@code row}'s text in text column {@code column}. */
        int start(int column, int row) {
            return row == 0 ? 0 : ends[column][row - 1];
        }
    }

    /** Cuts a partition's rows into batches of at most {@code batchRows}, copying each value once. */
    static final class Batching implements Iterator<CachedBatch> {
        private final Iterator<InternalRow> rows;
        private final Kind[] kinds;
        private final int batchRows;

        Batching(Iterator<InternalRow> rows, Kind[] kinds, int batchRows) {
            this.rows = rows;
            this.kinds = kinds;
            this.batchRows = Math.max(1, batchRows);
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public CachedBatch next() {
            if (!rows.hasNext()) {
                throw new NoSuchElementException();
            }
            int d = kinds.length;
            Object[] values = new Object[d];
            int[][] ends = new int[d][];
            long[][] nulls = new long[d][];
            for (int c = 0; c < d; c++) {
                values[c] = switch (kinds[c]) {
                    case BOOLEAN, BYTE -> new byte[batchRows];
                    case SHORT -> new short[batchRows];
                    case INT -> new int[batchRows];
                    case LONG -> new long[batchRows];
                    case FLOAT -> new float[batchRows];
                    case DOUBLE -> new double[batchRows];
                    case TEXT -> new byte[Math.max(16, batchRows * 8)];
                };
                if (kinds[c] == Kind.TEXT) {
                    ends[c] = new int[batchRows];
                }
            }
            int[] textEnd = new int[d];
            int n = 0;
            while (n < batchRows && rows.hasNext()) {
                InternalRow row = rows.next();
                for (int c = 0; c < d; c++) {
                    if (row.isNullAt(c)) {
                        if (nulls[c] == null) {
                            nulls[c] = new long[(batchRows + 63) >>> 6];
                        }
                        nulls[c][n >>> 6] |= 1L << n;
                        if (kinds[c] == Kind.TEXT) {
                            ends[c][n] = textEnd[c];
                        }
                        continue;
                    }
                    switch (kinds[c]) {
                        case BOOLEAN -> ((byte[]) values[c])[n] = (byte) (row.getBoolean(c) ? 1 : 0);
                        case BYTE -> ((byte[]) values[c])[n] = row.getByte(c);
                        case SHORT -> ((short[]) values[c])[n] = row.getShort(c);
                        case INT -> ((int[]) values[c])[n] = row.getInt(c);
                        case LONG -> ((long[]) values[c])[n] = row.getLong(c);
                        case FLOAT -> ((float[]) values[c])[n] = row.getFloat(c);
                        case DOUBLE -> ((double[]) values[c])[n] = row.getDouble(c);
                        case TEXT -> {
                            UTF8String s = row.getUTF8String(c);
                            int len = s.numBytes();
                            byte[] text = (byte[]) values[c];
                            if (textEnd[c] + len > text.length) {
                                text = Arrays.copyOf(text, Math.max(text.length * 2, textEnd[c] + len));
                                values[c] = text;
                            }
                            s.writeToMemory(text, Platform.BYTE_ARRAY_OFFSET + textEnd[c]);
                            textEnd[c] += len;
                            ends[c][n] = textEnd[c];
                        }
                    }
                }
                n++;
            }
            boolean full = n == batchRows;
            for (int c = 0; c < d; c++) {
                // a short last batch trimmed to its rows, text to its bytes: a full batch's arrays are kept as filled
                Object a = values[c];
                values[c] = switch (kinds[c]) {
                    case TEXT -> ((byte[]) a).length == textEnd[c] ? a : Arrays.copyOf((byte[]) a, textEnd[c]);
                    case BOOLEAN, BYTE -> full ? a : Arrays.copyOf((byte[]) a, n);
                    case SHORT -> full ? a : Arrays.copyOf((short[]) a, n);
                    case INT -> full ? a : Arrays.copyOf((int[]) a, n);
                    case LONG -> full ? a : Arrays.copyOf((long[]) a, n);
                    case FLOAT -> full ? a : Arrays.copyOf((float[]) a, n);
                    case DOUBLE -> full ? a : Arrays.copyOf((double[]) a, n);
                };
                if (!full && ends[c] != null) {
                    ends[c] = Arrays.copyOf(ends[c], n);
                }
                if (!full && nulls[c] != null) {
                    nulls[c] = Arrays.copyOf(nulls[c], (n + 63) >>> 6);
                }
            }
            return new Batch(n, values, ends, nulls);
        }
    }

    /**
     * A partition's batches as rows of the selected columns, each written straight from the arrays into one reused
     * {@link UnsafeRow}, as Spark's own reader hands out its rows: Spark copies a row it keeps.
     */
    static final class Rows implements Iterator<InternalRow> {
        private final Iterator<CachedBatch> batches;
        private final int[] columns;
        private final Kind[] kinds;
        private final UnsafeRowWriter writer;
        private Batch batch;
        private int row;

        Rows(Iterator<CachedBatch> batches, int[] columns, Kind[] kinds) {
            this.batches = batches;
            this.columns = columns;
            this.kinds = kinds;
            this.writer = new UnsafeRowWriter(columns.length, 16 * columns.length);
        }

        @Override
        public boolean hasNext() {
            while ((batch == null || row == batch.rows) && batches.hasNext()) {
                batch = (Batch) batches.next();
                row = 0;
            }
            return batch != null && row < batch.rows;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Batch b = batch;
            int r = row++;
            writer.reset();
            writer.zeroOutNullBytes();
            for (int i = 0; i < columns.length; i++) {
                int c = columns[i];
                if (b.isNull(c, r)) {
                    writer.setNullAt(i);
                    continue;
                }
                Object a = b.values[c];
                switch (kinds[i]) {
                    case BOOLEAN -> writer.write(i, ((byte[]) a)[r] != 0);
                    case BYTE -> writer.write(i, ((byte[]) a)[r]);
                    case SHORT -> writer.write(i, ((short[]) a)[r]);
                    case INT -> writer.write(i, ((int[]) a)[r]);
                    case LONG -> writer.write(i, ((long[]) a)[r]);
                    case FLOAT -> writer.write(i, ((float[]) a)[r]);
                    case DOUBLE -> writer.write(i, ((double[]) a)[r]);
                    case TEXT -> {
                        int start = b.start(c, r);
                        writer.write(i, (byte[]) a, start, b.ends[c][r] - start);
                    }
                }
            }
            return writer.getRow();
        }
    }
}
