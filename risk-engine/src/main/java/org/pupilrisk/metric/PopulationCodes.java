package org.pupilrisk.metric;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.types.DataTypes;

/**
 * A population's QI columns numbered once per run: each value replaced by its rank among the column's distinct
 * values, sorted. Every record-level release packs its population side ({@link ClassKeys#pack}) from these numbers
 * with integer arithmetic, where it would otherwise hash each record's strings again, once per QI column of each QI
 * set (15 lookups per record for the default scenario's four sets, at 9.1 million records nationally; each release
 * paid about 28 s for it, benchmarks/RESULTS.md).
 *
 * @param coded  {@link ClassSizes#MASK} and one integer column per QI column, under the column's name: the value's
 *               rank in {@code values}; persisted
 * @param values each QI column's distinct values, sorted: the rank's meaning
 */
public record PopulationCodes(Dataset<Row> coded, Map<String, List<String>> values) implements AutoCloseable {

    public PopulationCodes {
        values = Map.copyOf(values);
    }

    /**
     * Numbers {@code population}'s {@code columns}: one job reads their distinct values ({@link
     * ClassKeys#distinctValues}); the numbered records are persisted and computed when first read.
     *
     * @param population {@link ClassSizes#MASK} and the QI columns as strings, no nulls
     */
    public static PopulationCodes number(Dataset<Row> population, List<String> columns) {
        return number(population, columns, ClassKeys.distinctValues(population, columns));
    }

    /**
     * As {@link #number(Dataset, List)} with each column's distinct values, sorted, already known (found by a job
     * that also reads something else from the same records); no job here.
     *
     * @param values each of {@code columns}' distinct values as {@code population} holds them, sorted; a value
     *               missing from them fails the job that first reads the numbers
     */
    public static PopulationCodes number(Dataset<Row> population, List<String> columns, Map<String, List<String>> values) {
        List<Column> sel = new ArrayList<>(List.of(col(ClassSizes.MASK)));
        for (String c : columns) {
            Map<String, Integer> rank = new HashMap<>();
            values.get(c).forEach(v -> rank.put(v, rank.size()));
            UDF1<String, Integer> number = v -> {
                Integer n = rank.get(v);
                if (n == null) {
                    throw new IllegalStateException("QI column " + c + ": value outside the numbered domain");
                }
                return n;
            };
            sel.add(udf(number, DataTypes.IntegerType).asNonNullable().apply(col(c)).as(c));
        }
        Dataset<Row> coded = population.select(sel.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
        return new PopulationCodes(coded, values);
    }

    @Override
    public void close() {
        coded.unpersist();
    }
}
