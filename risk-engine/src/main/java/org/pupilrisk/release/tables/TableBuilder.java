package org.pupilrisk.release.tables;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.tables.spec.TableSpec;

/**
 * Builds a {@link CountTable} from the record-level extract with one Spark aggregation.
 *
 * <p>The aggregation runs over the whole extract, counting only the pupils the filter selects, so
 * every row (e.g. every school year group) that exists in the census appears, with zeros where no
 * selected pupil falls. That matches DfE's school-level tables, which list every school, and gives
 * differential privacy a data-independent row domain (the school census frame is public).
 * Only the aggregated counts reach the driver.
 */
public final class TableBuilder {

    private TableBuilder() {
    }

    /**
     * The table of {@code data}, aggregated once per run and shared by every release that asks for the same
     * table of the same data (the census tables several table releases publish, the extract tables each
     * k-anonymous release is compared with). The table is the same as {@link #build(Dataset, TableSpec)}'s.
     */
    public static CountTable build(Assessment a, Dataset<Row> data, TableSpec spec) {
        return a.shared(new Aggregation(data, spec), () -> build(data, spec));
    }

    /**
     * The tables {@code specs} of {@code data}, each shared as {@link #build(Assessment, Dataset, TableSpec)} shares
     * it: when one of them is not computed yet, all are computed together ({@link #build(Dataset, List)}).
     */
    public static List<CountTable> build(Assessment a, Dataset<Row> data, List<TableSpec> specs) {
        List<List<CountTable>> together = new ArrayList<>();
        List<CountTable> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            int at = i;
            out.add(a.shared(new Aggregation(data, specs.get(i)), () -> {
                if (together.isEmpty()) {
                    together.add(build(data, specs));
                }
                return together.get(0).get(at);
            }));
        }
        return out;
    }

    /** A table of a dataset; datasets compare by identity, so a key names the data it was computed from. */
    private record Aggregation(Dataset<Row> data, TableSpec spec) {
    }

    /**
     * The tables {@code specs} of {@code data} from one aggregation of its records: by every dimension of any of the
     * tables and whether each table's filter selects the record. Each table then sums those counts by its own
     * dimensions (its column dimension where its filter holds), a second aggregation over the first's rows (some
     * hundreds of thousands for the default census tables, against 9.1 million records nationally), persisted
     * between the two. Each table equals {@link #build(Dataset, TableSpec)}'s: the first aggregation's groups
     * split the records finer than any table's, so a table's cell sums whole groups.
     */
    public static List<CountTable> build(Dataset<Row> data, List<TableSpec> specs) {
        List<String> dimensions = new ArrayList<>();
        // each distinct filter, parsed once (a parse error names the first table with it)
        java.util.Map<String, Column> filters = new java.util.LinkedHashMap<>();
        for (TableSpec spec : specs) {
            checkDimensions(data, spec);
            spec.dimensions().forEach(d -> { if (!dimensions.contains(d)) dimensions.add(d); });
            if (!filters.containsKey(spec.filter())) {
                filters.put(spec.filter(), selection(spec, spec.filter()));
            }
        }
        List<String> filterOrder = List.copyOf(filters.keySet());
        List<Column> keys = new ArrayList<>();
        for (String d : dimensions) {
            keys.add(grouped(data, d).alias(d));
        }
        for (int f = 0; f < filterOrder.size(); f++) {
            keys.add(coalesce(filters.get(filterOrder.get(f)), lit(false)).alias(FILTER + f));
        }
        Dataset<Row> groups = data.groupBy(keys.toArray(Column[]::new)).agg(count(lit(1)).alias("n"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<CountTable> tables = new ArrayList<>();
            for (TableSpec spec : specs) {
                Column selected = col(FILTER + filterOrder.indexOf(spec.filter()));
                List<Column> by = new ArrayList<>();
                spec.dimensions().forEach(d -> by.add(col(d)));
                by.set(by.size() - 1, when(selected, col(spec.columnDimension())).alias(spec.columnDimension()));
                tables.add(table(spec, groups.groupBy(by.toArray(Column[]::new))
                        .agg(sum(when(selected, col("n")).otherwise(lit(0L))).alias("n"))));
            }
            return tables;
        } finally {
            groups.unpersist();
        }
    }

    /** The column of the first aggregation holding whether filter f selects the record. */
    private static final String FILTER = "_selected";

    private static void checkDimensions(Dataset<Row> extract, TableSpec spec) {
        for (String d : spec.dimensions()) {
            if (!Arrays.asList(extract.columns()).contains(d)) {
                throw new InvalidInputException("table " + spec.name() + ": dimension '" + d
                        + "' is not a column of the extract (columns: " + String.join(", ", extract.columns()) + ")");
            }
        }
    }

    /** The table's filter as a condition, or the one-line error naming the table. */
    private static Column selection(TableSpec spec, String filter) {
        try {
            return expr(filter);
        } catch (RuntimeException e) {
            throw new InvalidInputException("table " + spec.name() + ": filter '" + filter + "' is not valid Spark SQL");
        }
    }

    /**
     * A dimension as it is grouped: its own values where Spark writes each as a text no other value has (whole
     * numbers, booleans, text), else its text. Written as text after the aggregation, a few thousand rows, where
     * numbers cast to text before it hashed 9.1 million strings per table nationally.
     */
    private static Column grouped(Dataset<Row> data, String d) {
        return textIsTheValue(data.schema().apply(d).dataType()) ? col(d) : col(d).cast("string");
    }

    /** The aggregated table (its dimensions, then {@code n}) collected, its dimensions as text. */
    private static CountTable table(TableSpec spec, Dataset<Row> aggregated) {
        List<Column> asText = new ArrayList<>();
        spec.dimensions().forEach(d -> asText.add(col(d).cast("string").alias(d)));
        asText.add(col("n"));
        List<Row> rows = aggregated.select(asText.toArray(Column[]::new)).collectAsList();
        int depth = spec.rowDimensions().size();
        List<CountTable.FinestCount> finest = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<String> key = new ArrayList<>(depth);
            for (int i = 0; i < depth; i++) {
                Object v = r.get(i);
                key.add(v == null ? TableSpec.NONE : v.toString());
            }
            Object c = r.get(depth);
            finest.add(new CountTable.FinestCount(key, c == null ? null : c.toString(), r.getLong(depth + 1)));
        }
        return CountTable.of(spec, finest);
    }

    public static CountTable build(Dataset<Row> extract, TableSpec spec) {
        checkDimensions(extract, spec);
        Column[] keys = new Column[spec.dimensions().size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = grouped(extract, spec.dimensions().get(i));
        }
        Column selected = selection(spec, spec.filter());
        // Outside the filter the column value is irrelevant: map it to null so those pupils only register their row.
        keys[keys.length - 1] = when(selected, keys[keys.length - 1]);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keys[i].alias(spec.dimensions().get(i));
        }
        return table(spec, extract.groupBy(keys).agg(sum(when(selected, lit(1L)).otherwise(lit(0L))).alias("n")));
    }

    /** Whether Spark writes each value of the type as a text no other value of it has. */
    static boolean textIsTheValue(org.apache.spark.sql.types.DataType type) {
        return type.equals(DataTypes.ByteType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.LongType) || type.equals(DataTypes.BooleanType) || type.equals(DataTypes.StringType);
    }
}
