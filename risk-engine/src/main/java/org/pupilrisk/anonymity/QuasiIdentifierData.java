package org.pupilrisk.anonymity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pupilrisk.hierarchy.Hierarchy;
import org.pupilrisk.input.InvalidInputException;

/**
 * The records reduced to what the search needs, by one Spark aggregation: counts per combination of
 * quasi-identifier values (and sensitive value, when the model needs it) at the finest levels. The
 * aggregate streams to the driver partition by partition and is coded on the fly into a
 * {@link ClassTable}; records themselves never leave Spark.
 *
 * @param finest     classes at level 0
 * @param sensitive  sensitive values by code (sorted), empty when not needed
 * @param global     the whole data's sensitive distribution by code, or null
 */
public record QuasiIdentifierData(ClassTable finest, List<String> sensitive, double[] global) {

    /** A QI or sensitive value as the search sees it: a string, {@link Hierarchy#MISSING} for null. */
    public static Column asText(String column) {
        return coalesce(col(column).cast("string"), lit(Hierarchy.MISSING));
    }

    /**
     * Aggregates {@code data} on the quasi-identifiers of {@code hierarchies} (and {@code sensitiveColumn}
     * when not null).
     */
    public static QuasiIdentifierData aggregate(Dataset<Row> data, List<Hierarchy> hierarchies, String sensitiveColumn) {
        int d = hierarchies.size();
        List<String> names = new ArrayList<>();
        for (Hierarchy h : hierarchies) {
            names.add(h.column());
        }
        List<String> sensitive = List.of();
        Map<String, Integer> sensitiveCode = new HashMap<>();
        if (sensitiveColumn != null) {
            List<Row> values = data.select(asText(sensitiveColumn).as("s")).distinct().collectAsList();
            List<String> sorted = new ArrayList<>();
            for (Row r : values) {
                sorted.add(r.getString(0));
            }
            sorted.sort(null);
            sensitive = List.copyOf(sorted);
            for (int i = 0; i < sorted.size(); i++) {
                sensitiveCode.put(sorted.get(i), i);
            }
        }
        List<Column> keys = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            keys.add(asText(names.get(j)).as("q" + j));
        }
        if (sensitiveColumn != null) {
            keys.add(asText(sensitiveColumn).as("s"));
        }
        Column[] keyArray = keys.toArray(new Column[0]);
        Column[] groupCols = new Column[keyArray.length];
        for (int i = 0; i < keyArray.length; i++) {
            groupCols[i] = col(i < d ? "q" + i : "s");
        }
        // Sorted so that codes, and every floating-point sum over classes, are the same on any partitioning.
        Dataset<Row> counts = data.select(keyArray).groupBy(groupCols).count().orderBy(groupCols);
        ClassTable.Builder builder = ClassTable.finest(d, sensitiveColumn != null, 1 << 16);
        long[] sensitiveTotals = new long[sensitive.size()];
        long n = 0;
        int[] codes = new int[d];
        Iterator<Row> it = counts.toLocalIterator();
        while (it.hasNext()) {
            Row r = it.next();
            for (int j = 0; j < d; j++) {
                String v = r.getString(j);
                int c = hierarchies.get(j).leafCode(v);
                if (c < 0) {
                    throw new InvalidInputException(hierarchies.get(j).source() + ": value '" + v + "' of column "
                            + names.get(j) + " is not in the hierarchy (every value in the data needs a row)");
                }
                codes[j] = c;
            }
            long count = r.getLong(r.length() - 1);
            int s = -1;
            if (sensitiveColumn != null) {
                s = sensitiveCode.get(r.getString(d));
                sensitiveTotals[s] += count;
            }
            n += count;
            builder.add(codes, s, count);
        }
        double[] global = null;
        if (sensitiveColumn != null) {
            global = new double[sensitive.size()];
            for (int i = 0; i < global.length; i++) {
                global[i] = n == 0 ? 0 : (double) sensitiveTotals[i] / n;
            }
        }
        return new QuasiIdentifierData(builder.build(), sensitive, global);
    }

    @Override
    public String toString() {
        return "QuasiIdentifierData[" + finest.size() + " classes, " + sensitive.size() + " sensitive values, global="
                + Arrays.toString(global) + "]";
    }
}
