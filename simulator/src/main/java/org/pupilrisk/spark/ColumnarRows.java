package org.pupilrisk.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * The rows of a dataset read from files, for a pass that counts them: where the dataset is a plain read of files Spark
 * reads in columnar batches (Parquet, by default), each row is a view of its batch's columns; otherwise each row is
 * Spark's own, as {@code queryExecution().toRdd()} gives it.
 *
 * <p>Why: Spark's row-wise read turns each batch into rows of its own layout, copying every text of every row, and for
 * a pass that only counts, the copies are most of the reading: the national census year's 17 validated columns of 9.1
 * million rows, counted by a trivial pass, took 5.3 s read as Spark's rows and 1.2 s as views of the batches
 * (benchmarks/RESULTS.md, "validation read as views of Parquet's batches").
 *
 * <p>Either way a row is valid until the next is taken: a pass copies what it keeps ({@code UTF8String.copy()}), as it
 * must for Spark's rows, whose buffer is reused too. The rows and their order within a partition are those the files
 * hold; the partitions are the scan's.
 *
 * <p>The plan is read through Spark's execution classes ({@code FileSourceScanExec.executeColumnar}), public but not a
 * stable API: a Spark upgrade may move them, and {@code ColumnarRowsTest} would fail at once (it checks that a plain
 * Parquet read is read as views).
 */
public final class ColumnarRows {

    private ColumnarRows() {
    }

    /**
     * The rows of {@code data} whose integer column {@code column} equals {@code value}, with {@code columns} in this
     * order (a row's value of {@code columns[i]} at ordinal {@code i}).
     */
    public static JavaRDD<InternalRow> where(Dataset<Row> data, String column, int value, String... columns) {
        List<String> read = new ArrayList<>(Arrays.asList(columns));
        read.add(column);
        FileSourceScanExec scan = columnarScan(data.select(read.stream().map(c -> col(c)).toArray(Column[]::new)));
        if (scan == null) {
            return rows(data, column, value, columns);
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
            return rows(data, column, value, columns);
        }
        return JavaRDD.fromRDD(scan.executeColumnar(), ClassTag$.MODULE$.apply(ColumnarBatch.class))
                .mapPartitions(batches -> new Views(batches, at, filter, value));
    }

    /** As {@link #where}, each row Spark's own. */
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

    /**
     * A partition's batches as rows: the rows whose filter column holds the value, each a view of its batch with the
     * wanted columns in the wanted order.
     */
    private static final class Views implements Iterator<InternalRow> {
        private final Iterator<ColumnarBatch> batches;
        private final int[] at;
        private final int filter;
        private final int value;
        private ColumnarBatch batch;
        private ColumnVector year;
        private int next;
        private int rows;

        Views(Iterator<ColumnarBatch> batches, int[] at, int filter, int value) {
            this.batches = batches;
            this.at = at;
            this.filter = filter;
            this.value = value;
        }

        @Override
        public boolean hasNext() {
            while (true) {
                while (next < rows) {
                    if (!year.isNullAt(next) && year.getInt(next) == value) {
                        return true;
                    }
                    next++;
                }
                if (!batches.hasNext()) {
                    return false;
                }
                ColumnarBatch b = batches.next();
                ColumnVector[] wanted = new ColumnVector[at.length];
                for (int i = 0; i < at.length; i++) {
                    wanted[i] = b.column(at[i]);
                }
                batch = new ColumnarBatch(wanted, b.numRows());
                year = b.column(filter);
                rows = b.numRows();
                next = 0;
            }
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.getRow(next++);
        }
    }
}
