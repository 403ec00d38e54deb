package org.pupilrisk.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * The rows of a dataset read from files, for a pass that counts them, one partition at a time as a {@link RowCursor}
 * ({@link #eachPartition}): where the dataset is a plain read of files Spark reads in columnar batches (Parquet, by
 * default), the cursor reads its batches' columns in place; otherwise it reads Spark's own rows, as
 * {@code queryExecution().toRdd()} gives them. Either way each text is a code within the partition.
 *
 * <p>Why: Spark's row-wise read turns each batch into rows of its own layout, copying every text of every row, and for
 * a pass that only counts, the copies are most of the reading: the national census year's 17 validated columns of 9.1
 * million rows, counted by a trivial pass, took 5.3 s read as Spark's rows and 1.2 s as views of the batches
 * (benchmarks/RESULTS.md, "validation read as views of Parquet's batches"). And a text stored in a Parquet dictionary
 * is read once per batch rather than once per row (the national census pass 9.7-12.5 -> 5.3-8.7 s;
 * benchmarks/RESULTS.md, "validation's texts as codes").
 *
 * <p>A row's values are valid until the next row is taken (the codes' texts for the whole partition). The rows and
 * their order within a partition are those the files hold; the partitions are the scan's.
 *
 * <p>The plan is read through Spark's execution classes ({@code FileSourceScanExec.executeColumnar}, the column
 * vectors' dictionary ids), public but not a stable API: a Spark upgrade may move them, and {@code ColumnarRowsTest}
 * would fail at once (it checks that a plain Parquet read is read from its batches).
 */
public final class ColumnarRows {

    private ColumnarRows() {
    }

    /**
     * A pass over each partition of the rows of {@code data} whose integer column {@code column} equals {@code value},
     * with {@code columns} in this order and their texts read as codes ({@link RowCursor}). Where the dataset is a plain
     * read of files in columnar batches, a text stored in a Parquet dictionary is read once per batch, however many of
     * the batch's rows hold it; otherwise each row is Spark's own and each text is looked up in the partition's codes.
     */
    public static <T> JavaRDD<T> eachPartition(Dataset<Row> data, String column, int value, String[] columns,
                                               PartitionPass<T> pass) {
        Batches read = batches(data, column, columns);
        if (read == null) {
            int n = columns.length;
            return rows(data, column, value, columns).mapPartitions(rows -> pass.call(new SparkRows(rows, n)));
        }
        int[] at = read.at();
        int filter = read.filter();
        return read.batches().mapPartitions(batches -> pass.call(new BatchRows(batches, at, filter, value)));
    }

    /** What a pass does with one partition's rows. */
    @FunctionalInterface
    public interface PartitionPass<T> extends java.io.Serializable {
        Iterator<T> call(RowCursor rows) throws Exception;
    }

    /**
     * The file scan's columnar batches for {@code columns} and {@code column}, with each wanted column's position in a
     * batch and the filter column's; null where the dataset is not a plain columnar read of files (Spark's rows then).
     */
    private static Batches batches(Dataset<Row> data, String column, String... columns) {
        List<String> read = new ArrayList<>(Arrays.asList(columns));
        read.add(column);
        FileSourceScanExec scan = columnarScan(data.select(read.stream().map(c -> col(c)).toArray(Column[]::new)));
        if (scan == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Attribute a : CollectionConverters.asJava(scan.output())) {
            names.add(a.name());
        }
        int[] at = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            at[i] = names.indexOf(columns[i]);
        }
        int filter = names.indexOf(column);
        if (Arrays.stream(at).anyMatch(i -> i < 0) || filter < 0
                || !scan.output().apply(filter).dataType().equals(DataTypes.IntegerType)) {
            // a name Spark resolved other than as spelt, or a filter column of another type: Spark's rows
            return null;
        }
        return new Batches(JavaRDD.fromRDD(scan.executeColumnar(), ClassTag$.MODULE$.apply(ColumnarBatch.class)), at, filter);
    }

    private record Batches(JavaRDD<ColumnarBatch> batches, int[] at, int filter) {
    }

    /**
     * The rows of {@code data} whose integer column {@code column} equals {@code value}, with {@code columns} in this
     * order, each Spark's own.
     */
    static JavaRDD<InternalRow> rows(Dataset<Row> data, String column, int value, String... columns) {
        return data.filter(col(column).equalTo(value)).select(Arrays.stream(columns).map(c -> col(c)).toArray(Column[]::new))
                .queryExecution().toRdd().toJavaRDD();
    }

    /**
     * The file scan under {@code selected}, when its plan is that scan, in columnar batches, and nothing else but Spark's
     * conversion to rows and a choice of its columns; null otherwise (any filter, join, shuffle, cache, renamed column,
     * or a format read row by row, such as CSV).
     */
    static FileSourceScanExec columnarScan(Dataset<Row> selected) {
        SparkPlan plan = selected.queryExecution().executedPlan();
        while (true) {
            if (plan instanceof WholeStageCodegenExec w) {
                plan = w.child();
            } else if (plan instanceof ColumnarToRowExec c) {
                plan = c.child();
            } else if (plan instanceof InputAdapter i) {
                plan = i.child();
            } else if (plan instanceof ProjectExec p && plainAttributes(p)) {
                plan = p.child();
            } else if (plan instanceof FileSourceScanExec s && s.supportsColumnar()
                    && s.partitionFilters().isEmpty() && s.dataFilters().isEmpty()) {
                return s;
            } else {
                return null;
            }
        }
    }

    private static boolean plainAttributes(ProjectExec p) {
        for (NamedExpression e : CollectionConverters.asJava(p.projectList())) {
            if (!(e instanceof AttributeReference)) {
                return false;
            }
        }
        return true;
    }

    /** A partition's rows as Spark gives them, each text looked up in the partition's codes. */
    private static final class SparkRows extends RowCursor {
        private final Iterator<InternalRow> rows;
        private InternalRow row;

        SparkRows(Iterator<InternalRow> rows, int columns) {
            super(columns);
            this.rows = rows;
        }

        @Override
        public boolean next() {
            if (!rows.hasNext()) {
                return false;
            }
            row = rows.next();
            return true;
        }

        @Override
        public boolean isNullAt(int column) {
            return row.isNullAt(column);
        }

        @Override
        public int getInt(int column) {
            return row.getInt(column);
        }

        @Override
        public long getLong(int column) {
            return row.getLong(column);
        }

        @Override
        public boolean getBoolean(int column) {
            return row.getBoolean(column);
        }

        @Override
        public int text(int column) {
            return row.isNullAt(column) ? -1 : codeOf(column, row.getUTF8String(column));
        }
    }

    /**
     * A partition's columnar batches as rows of the filter's value. A text column read from dictionary-encoded pages
     * holds each row's dictionary id (Spark decodes a page of mixed encodings into plain values, so a batch is one or
     * the other); the id's code is remembered for the rest of the batch, and the text itself read only the first time.
     * Nothing is remembered across batches: a new row group brings a new dictionary.
     */
    private static final class BatchRows extends RowCursor {
        private final Iterator<ColumnarBatch> batches;
        private final int[] at;
        private final int filter;
        private final int value;
        private final ColumnVector[] columns;
        /** Per column, the batch's dictionary ids, or null where its values are plain. */
        private final WritableColumnVector[] ids;
        /** Per column, a dictionary id's code, valid where the id's stamp is the batch's number. */
        private final int[][] idCodes;
        private final int[][] idStamps;
        private int batch;
        private ColumnVector year;
        private int row = -1;
        private int rows;

        BatchRows(Iterator<ColumnarBatch> batches, int[] at, int filter, int value) {
            super(at.length);
            this.batches = batches;
            this.at = at;
            this.filter = filter;
            this.value = value;
            columns = new ColumnVector[at.length];
            ids = new WritableColumnVector[at.length];
            idCodes = new int[at.length][0];
            idStamps = new int[at.length][0];
        }

        @Override
        public boolean next() {
            while (true) {
                while (++row < rows) {
                    if (!year.isNullAt(row) && year.getInt(row) == value) {
                        return true;
                    }
                }
                if (!batches.hasNext()) {
                    return false;
                }
                ColumnarBatch b = batches.next();
                batch++;
                for (int c = 0; c < at.length; c++) {
                    columns[c] = b.column(at[c]);
                    ids[c] = columns[c] instanceof WritableColumnVector w && w.hasDictionary() ? w.getDictionaryIds() : null;
                }
                year = b.column(filter);
                rows = b.numRows();
                row = -1;
            }
        }

        @Override
        public boolean isNullAt(int column) {
            return columns[column].isNullAt(row);
        }

        @Override
        public int getInt(int column) {
            return columns[column].getInt(row);
        }

        @Override
        public long getLong(int column) {
            return columns[column].getLong(row);
        }

        @Override
        public boolean getBoolean(int column) {
            return columns[column].getBoolean(row);
        }

        @Override
        public int text(int column) {
            ColumnVector v = columns[column];
            if (v.isNullAt(row)) {
                return -1;
            }
            WritableColumnVector dictionary = ids[column];
            if (dictionary == null) {
                return codeOf(column, v.getUTF8String(row));
            }
            int id = dictionary.getInt(row);
            int[] stamps = idStamps[column];
            if (id < stamps.length && stamps[id] == batch) {
                return idCodes[column][id];
            }
            int code = codeOf(column, v.getUTF8String(row));
            if (id >= stamps.length) {
                int size = Math.max(id + 1, stamps.length * 2);
                idStamps[column] = stamps = Arrays.copyOf(stamps, size);
                idCodes[column] = Arrays.copyOf(idCodes[column], size);
            }
            stamps[id] = batch;
            idCodes[column][id] = code;
            return code;
        }
    }
}
