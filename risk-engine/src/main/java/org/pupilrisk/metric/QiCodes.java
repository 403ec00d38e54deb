package org.pupilrisk.metric;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.pupilrisk.population.NpdColumns.ref;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Quasi-identifier values as small integer codes, so that the class-size stage shuffles, hashes and sorts one long
 * per record and QI set instead of several strings (on one machine Spark groups compact integer keys many times
 * faster than strings: /work/shared/design/spark-notes.md).
 *
 * <p>Each QI column's distinct values, over the release and the population together, are numbered 0..n-1 (one
 * small job collects them: a few thousand values per column, never records); each side gets one integer code
 * column per QI column, by a join with the broadcast dictionary. A QI set's class key is the mixed-radix number of
 * its columns' codes, {@code sum(code_j * n_0 * ... * n_(j-1))}: one-to-one with the tuple of values, so records
 * share a key exactly when they share every value, and every class-size figure is the one the strings give. A QI
 * set whose radix product would exceed a long has no key ({@link #key} is empty) and is grouped on its strings.
 */
public final class QiCodes {

    private static final String CODE = "_qc_";

    private final List<String> columns;
    private final long[] distinct;
    private final Dataset<Row> released;
    private final Optional<Dataset<Row>> population;

    private QiCodes(List<String> columns, long[] distinct, Dataset<Row> released, Optional<Dataset<Row>> population) {
        this.columns = List.copyOf(columns);
        this.distinct = distinct.clone();
        this.released = released;
        this.population = population;
    }

    /**
     * Codes {@code qiCols} of both sides (each a persisted table holding those columns). The coded tables are
     * persisted in turn (the population's materialised before this returns, so the caller may release the uncoded
     * one); {@link #close()} releases them.
     */
    public static QiCodes of(SparkSession spark, Dataset<Row> released, Optional<Dataset<Row>> population,
                             List<String> qiCols) {
        int n = qiCols.size();
        Column[] pairs = new Column[n];
        for (int j = 0; j < n; j++) {
            pairs[j] = struct(lit(j).as("j"), ref(qiCols.get(j)).cast(DataTypes.StringType).as("v"));
        }
        Dataset<Row> values = released.select(explode(array(pairs)).as("_p")).select(col("_p.j"), col("_p.v"));
        if (population.isPresent()) {
            values = values.union(population.get().select(explode(array(pairs)).as("_p")).select(col("_p.j"), col("_p.v")));
        }
        List<List<String>> dictionary = new ArrayList<>();
        qiCols.forEach(c -> dictionary.add(new ArrayList<>()));
        for (Row r : values.distinct().collectAsList()) {
            dictionary.get(r.getInt(0)).add(r.isNullAt(1) ? null : r.getString(1));
        }
        long[] distinct = new long[n];
        Dataset<Row> rel = released;
        Optional<Dataset<Row>> pop = population;
        StructType schema = new StructType().add("_v", DataTypes.StringType, true).add("_c", DataTypes.IntegerType, false);
        for (int j = 0; j < n; j++) {
            List<String> vs = dictionary.get(j);
            vs.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
            distinct[j] = Math.max(1, vs.size());
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < vs.size(); i++) {
                rows.add(RowFactory.create(vs.get(i), i));
            }
            Dataset<Row> dict = spark.createDataFrame(rows, schema);
            int at = j;
            rel = coded(rel, qiCols.get(j), j, dict);
            pop = pop.map(p -> coded(p, qiCols.get(at), at, dict));
        }
        rel = rel.persist(StorageLevel.MEMORY_AND_DISK());
        // the population side needs its mask and codes only: its strings are not kept a second time
        List<Column> popSel = new ArrayList<>();
        popSel.add(col(ClassSizes.MASK));
        for (int j = 0; j < n; j++) {
            popSel.add(col(CODE + j));
        }
        pop = pop.map(p -> p.select(popSel.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK()));
        // materialised now, while the uncoded population is still cached: the caller may then release that
        pop.ifPresent(Dataset::count);
        return new QiCodes(qiCols, distinct, rel, pop);
    }

    /** {@code data} with column {@code c}'s code as {@code _qc_j}, from the broadcast dictionary (value, code). */
    private static Dataset<Row> coded(Dataset<Row> data, String c, int j, Dataset<Row> dict) {
        Dataset<Row> d = broadcast(dict.select(col("_v").as("_v" + j), col("_c").as(CODE + j)));
        // null-safe: a null value (the engine's keys have none) is one value like any other, as in a group-by
        return data.join(d, data.col("`" + c.replace("`", "``") + "`").cast(DataTypes.StringType)
                .eqNullSafe(d.col("_v" + j)), "left").drop("_v" + j);
    }

    /** The release with a code column per QI column (persisted). */
    public Dataset<Row> released() {
        return released;
    }

    /** The population's mask and code columns (persisted), when the population is known. */
    public Optional<Dataset<Row>> population() {
        return population;
    }

    /**
     * The class key of the QI set {@code qi} (columns among those coded) as a long column expression, or empty when
     * its columns' distinct values multiply beyond a long (then group on the strings).
     */
    public Optional<Column> key(List<String> qi) {
        Column key = lit(0L);
        long radix = 1;
        for (String c : qi) {
            int j = columns.indexOf(c);
            if (j < 0) {
                throw new IllegalArgumentException("QI column " + c + " was not coded (coded: " + columns + ")");
            }
            key = key.plus(col(CODE + j).cast(DataTypes.LongType).multiply(lit(radix)));
            try {
                radix = Math.multiplyExact(radix, distinct[j]);
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
        return Optional.of(key);
    }

    /** Releases the coded tables. */
    public void close() {
        released.unpersist();
        population.ifPresent(Dataset::unpersist);
    }
}
