package org.pupilrisk.anonymity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.pupilrisk.hierarchy.Hierarchy;
import org.pupilrisk.input.InvalidInputException;

/**
 * The records reduced to what the search needs, by one Spark aggregation: counts per combination of
 * quasi-identifier values (and sensitive value, when the model needs it) at the finest levels, coded in
 * Spark; the counts reach the driver as one array of integers per partition and fill a {@link ClassTable};
 * records themselves never leave Spark.
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
     *
     * <p>The records are coded in Spark (each QI value's leaf code in its hierarchy, the sensitive value's rank) and
     * counted per code tuple, sorted by it: the driver receives each partition's counts as one array of integers,
     * in the order the classes enter the {@link ClassTable}. Codes are ranks of sorted labels, so the order is that
     * of the values themselves, whatever the partitioning, and every floating-point sum over classes with it. (It
     * replaced an aggregation on the values as strings, sorted and streamed row by row to the driver to be coded
     * there: at national scale 9-12 s of driver work in a k-anonymous release's 20-22 s preparation,
     * benchmarks/RESULTS.md.)
     */
    public static QuasiIdentifierData aggregate(Dataset<Row> data, List<Hierarchy> hierarchies, String sensitiveColumn) {
        int d = hierarchies.size();
        List<String> sensitive = List.of();
        List<Column> codes = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            codes.add(leafCode(hierarchies.get(j)).apply(asText(hierarchies.get(j).column())).as("q" + j));
        }
        if (sensitiveColumn != null) {
            List<String> sorted = new ArrayList<>();
            for (Row r : data.select(asText(sensitiveColumn).as("s")).distinct().collectAsList()) {
                sorted.add(r.getString(0));
            }
            sorted.sort(null);
            sensitive = List.copyOf(sorted);
            Map<String, Integer> rank = new HashMap<>();
            sensitive.forEach(v -> rank.put(v, rank.size()));
            codes.add(udf((UDF1<String, Integer>) v -> rank.get(v), DataTypes.IntegerType).asNonNullable()
                    .apply(asText(sensitiveColumn)).as("s"));
        }
        Column[] keys = new Column[codes.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = col(i < d ? "q" + i : "s");
        }
        int width = keys.length + 1;
        Dataset<byte[]> counted = data.select(codes.toArray(Column[]::new)).groupBy(keys).count().orderBy(keys)
                .mapPartitions((MapPartitionsFunction<Row, byte[]>) rows -> {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    DataOutputStream out = new DataOutputStream(bytes);
                    while (rows.hasNext()) {
                        Row r = rows.next();
                        for (int i = 0; i < width - 1; i++) {
                            out.writeInt(r.getInt(i));
                        }
                        out.writeInt(Math.toIntExact(r.getLong(width - 1)));
                    }
                    out.flush();
                    return List.of(bytes.toByteArray()).iterator();
                }, Encoders.BINARY());
        ClassTable.Builder builder = ClassTable.finest(d, sensitiveColumn != null, 1 << 16);
        long[] sensitiveTotals = new long[sensitive.size()];
        long n = 0;
        int[] tuple = new int[d];
        for (byte[] part : counted.collectAsList()) {
            IntBuffer ints = ByteBuffer.wrap(part).asIntBuffer();
            while (ints.hasRemaining()) {
                for (int j = 0; j < d; j++) {
                    tuple[j] = ints.get();
                    if (tuple[j] == hierarchies.get(j).domainSize()) {
                        throw notInHierarchy(data, hierarchies.get(j));
                    }
                }
                int s = sensitiveColumn != null ? ints.get() : -1;
                int count = ints.get();
                if (s >= 0) {
                    sensitiveTotals[s] += count;
                }
                n += count;
                builder.add(tuple, s, count);
            }
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

    /**
     * The data as {@link #aggregate} gives it without a sensitive column: the same classes in the same order (rows
     * arrive sorted by the quasi-identifiers' codes before the sensitive value's), the same counts. A release without
     * a sensitive attribute reuses the aggregation of one with ({@code KAnonymousRelease}: the records counted once).
     */
    public QuasiIdentifierData withoutSensitive() {
        return global == null ? this : new QuasiIdentifierData(finest.withoutDistributions(), List.of(), null);
    }

    /** A value's leaf code in {@code h}; the domain size (one past the last code) for a value it does not list. */
    private static UserDefinedFunction leafCode(Hierarchy h) {
        int unlisted = h.domainSize();
        return udf((UDF1<String, Integer>) v -> {
            int c = h.leafCode(v);
            return c < 0 ? unlisted : c;
        }, DataTypes.IntegerType).asNonNullable();
    }

    /** The error for a value of the data that {@code h} does not list, naming the least such value. */
    private static InvalidInputException notInHierarchy(Dataset<Row> data, Hierarchy h) {
        String v = data.select(asText(h.column()).as("v")).where(leafCode(h).apply(col("v")).equalTo(h.domainSize()))
                .agg(min("v")).first().getString(0);
        return new InvalidInputException(h.source() + ": value '" + v + "' of column " + h.column()
                + " is not in the hierarchy (every value in the data needs a row)");
    }

    @Override
    public String toString() {
        return "QuasiIdentifierData[" + finest.size() + " classes, " + sensitive.size() + " sensitive values, global="
                + Arrays.toString(global) + "]";
    }
}
