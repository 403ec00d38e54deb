package org.pupilrisk.release.tables;

import static org.apache.spark.sql.functions.col;
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

    /** A table of a dataset; datasets compare by identity, so a key names the data it was computed from. */
    private record Aggregation(Dataset<Row> data, TableSpec spec) {
    }

    public static CountTable build(Dataset<Row> extract, TableSpec spec) {
        for (String d : spec.dimensions()) {
            if (!Arrays.asList(extract.columns()).contains(d)) {
                throw new InvalidInputException("table " + spec.name() + ": dimension '" + d
                        + "' is not a column of the extract (columns: " + String.join(", ", extract.columns()) + ")");
            }
        }
        Column[] keys = spec.dimensions().stream().map(d -> col(d).cast("string").alias(d)).toArray(Column[]::new);
        Column selected;
        try {
            selected = expr(spec.filter());
        } catch (RuntimeException e) {
            throw new InvalidInputException("table " + spec.name() + ": filter '" + spec.filter() + "' is not valid Spark SQL");
        }
        String column = spec.columnDimension();
        // Outside the filter the column value is irrelevant: map it to null so those pupils only register their row.
        keys[keys.length - 1] = when(selected, col(column).cast("string")).alias(column);
        List<Row> rows = extract.groupBy(keys)
                .agg(sum(when(selected, lit(1L)).otherwise(lit(0L))).alias("n"))
                .collectAsList();
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
}
