package org.pupilrisk.metric;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.pupilrisk.population.NpdColumns.ref;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * A release and its population with each QI set's values packed into one {@code long} per record, exactly: the
 * class-size stage groups, shuffles and sorts one integer instead of several strings.
 *
 * <p>Each QI column's values (the release's and the population's, as the release represents them) are numbered by
 * their rank among the column's distinct values, sorted; a QI set's key is its columns' numbers side by side in
 * the bits of a {@code long}, each column taking as many bits as its largest number needs. Two records get the
 * same key exactly when they have the same values on every column of the set, so every class, and so every
 * class-size figure, is the one the string values give ({@code ClassKeysTest} compares the two). A QI set whose
 * numbers need more than {@link #MAX_BITS} bits is not packed: {@link #pack} then returns nothing and the stage runs
 * on the strings as before.
 *
 * <p>The population side is not generalised record by record: the generalisation maps each distinct population
 * value once, on the driver, and each population record's rank ({@link PopulationCodes}, numbered once per run) is
 * replaced by the number of its generalised value in one array lookup, or kept when the release shows every value
 * as it is. Why: the class-size stage is most of a record-level release's time, and Spark shuffles,
 * hashes and sorts one {@code long} far faster than four strings (benchmarks/RESULTS.md, "class sizes on packed
 * keys").
 *
 * <p>A release without a known population (a user's file, {@link #packRows}) is packed the same way from its
 * records' values as numbered where the file was read, with no population side.
 *
 * @param released   the release's records: {@link ClassSizes#MASK}, the sensitive attributes and one key column
 *                   per QI set, persisted when packed with a population
 * @param population the population's records, when known: {@link ClassSizes#MASK} and the same key columns,
 *                   persisted
 * @param keyColumns each packed QI set's columns, in order, to its key column's name
 * @param counted    key column to both sides of its QI set counted ({@link Counted}), for the sets whose
 *                   population can hold at most {@link #COUNTED_MAX_CLASSES} classes
 */
public record ClassKeys(Dataset<Row> released, Optional<Dataset<Row>> population, Map<List<String>, String> keyColumns,
                        Map<String, Counted> counted)
        implements AutoCloseable {

    /** The most bits a packed key may take: a non-negative {@code long}. */
    public static final int MAX_BITS = 63;

    /**
     * The most classes a QI set's population may hold (the product of its columns' numbers of values as the release
     * shows them) for its two sides to be counted by class before the class-size stage ({@link Counted}). A generalised
     * release (k-anonymous) shows the 9.1 million census records of the national scenario in some tens of thousands
     * of classes: counted, they reach the stage's shuffle and sort as a few hundred thousand rows. A set shown as it
     * is (pupil-level) can hold more classes than there are records, and counting would only add a pass.
     */
    public static final long COUNTED_MAX_CLASSES = 1L << 21;

    public ClassKeys {
        keyColumns = Map.copyOf(keyColumns);
        counted = Map.copyOf(counted);
    }

    /** As the canonical constructor, with no set counted. */
    public ClassKeys(Dataset<Row> released, Optional<Dataset<Row>> population, Map<List<String>, String> keyColumns) {
        this(released, population, keyColumns, Map.of());
    }

    /**
     * One QI set's sides counted: the release's records by (key, mask, sensitive attributes) and the population's by
     * (key, mask), each row's count in {@link ClassSizes#RECORDS}. Computed when read.
     */
    public record Counted(Dataset<Row> released, Dataset<Row> population) {
    }

    /**
     * The release's side of QI set {@code qi} for {@link ClassSizes#compute}: {@link ClassSizes#MASK}, the sensitive
     * attributes and the set's key column, record by record ({@link #released()}), or counted when the set is in
     * {@link #counted()}.
     */
    public Dataset<Row> released(List<String> qi) {
        String key = keyColumn(qi);
        return counted.containsKey(key) ? counted.get(key).released() : released;
    }

    /** The population's side of QI set {@code qi}, as {@link #released(List)} gives the release's. */
    public Optional<Dataset<Row>> population(List<String> qi) {
        String key = keyColumn(qi);
        return counted.containsKey(key) ? Optional.of(counted.get(key).population()) : population;
    }

    /**
     * {@code rows} counted by {@code by}. In as many tasks as the session has cores: each task's table then holds each
     * class at most once per (mask, labels), where a task per partition would count a class once in every partition
     * it has records in.
     */
    private static Dataset<Row> countedBy(Dataset<Row> rows, List<String> by) {
        return rows.coalesce(rows.sparkSession().sparkContext().defaultParallelism())
                .groupBy(by.stream().map(c -> ref(c)).toArray(Column[]::new)).agg(count(lit(1)).as(ClassSizes.RECORDS));
    }

    /** The key column of QI set {@code qi} (its columns in order). */
    public String keyColumn(List<String> qi) {
        String c = keyColumns.get(qi);
        if (c == null) {
            throw new IllegalArgumentException("QI set " + qi + " was not packed");
        }
        return c;
    }

    /**
     * Packs every QI set in {@code qiSets}, or none when one of them needs more than {@link #MAX_BITS} bits.
     *
     * @param released    the release: string QI columns (no nulls), {@link ClassSizes#MASK}, {@code sensitive};
     *                    persisted by the caller (its distinct values are read once more here)
     * @param population  the population's QI columns numbered before generalisation, shareable by every release of
     *                    one population
     * @param generalise  (column, population value) to the value the release would show for it
     */
    public static Optional<ClassKeys> pack(Dataset<Row> released, PopulationCodes population, List<String> sensitive,
                                           List<List<String>> qiSets, BiFunction<String, String, String> generalise) {
        return pack(released, population, sensitive, qiSets, generalise, MAX_BITS, COUNTED_MAX_CLASSES);
    }

    static Optional<ClassKeys> pack(Dataset<Row> released, PopulationCodes population, List<String> sensitive,
                                    List<List<String>> qiSets, BiFunction<String, String, String> generalise,
                                    int maxBits, long countedMaxClasses) {
        List<String> columns = new ArrayList<>();
        qiSets.forEach(q -> q.forEach(c -> { if (!columns.contains(c)) columns.add(c); }));
        Map<String, List<String>> releasedValues = distinctValues(released, columns);
        Map<String, Map<String, Integer>> releasedCode = new HashMap<>();
        Map<String, int[]> populationCode = new HashMap<>();
        Map<String, Integer> bits = new HashMap<>();
        Map<String, Long> shownValues = new HashMap<>();
        for (String c : columns) {
            List<String> raw = population.values().get(c);
            if (raw == null) {
                throw new IllegalArgumentException("no population values given for QI column " + c);
            }
            List<String> shown = raw.stream().map(v -> generalise.apply(c, v)).toList();
            TreeSet<String> domain = new TreeSet<>(shown);
            domain.addAll(releasedValues.get(c));
            Map<String, Integer> code = numbered(domain);
            releasedCode.put(c, code);
            // population rank -> the number of the value the release shows for it
            populationCode.put(c, shown.stream().mapToInt(code::get).toArray());
            bits.put(c, bits(domain.size()));
            shownValues.put(c, (long) new TreeSet<>(shown).size());
        }
        if (tooWide(qiSets, bits, maxBits)) {
            return Optional.empty();
        }
        Map<List<String>, String> keyColumns = keyColumns(qiSets);
        List<Column> rel = releasedColumns(sensitive, keyColumns, releasedCode, bits);
        Map<String, Column> populationKey = new HashMap<>();
        keyColumns.forEach((q, name) -> populationKey.put(name, key(q, c -> populationNumber(c, populationCode.get(c)), bits)));
        List<Column> pop = new ArrayList<>(List.of(col(ClassSizes.MASK)));
        keyColumns.forEach((q, name) -> pop.add(populationKey.get(name).as(name)));
        Dataset<Row> r = released.select(rel.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
        // persisted when first read: a set counted by class reads the numbered population instead, so that when
        // every set is counted these records are never built
        Dataset<Row> p = population.coded().select(pop.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
        Map<String, Counted> counted = new HashMap<>();
        keyColumns.forEach((q, name) -> {
            double classes = 1;
            for (String c : q) {
                classes *= shownValues.get(c);
            }
            if (classes <= countedMaxClasses) {
                List<String> byLabels = new ArrayList<>(List.of(name, ClassSizes.MASK));
                byLabels.addAll(sensitive);
                counted.put(name, new Counted(countedBy(r, byLabels), countedBy(population.coded().select(col(ClassSizes.MASK),
                        populationKey.get(name).as(name)), List.of(name, ClassSizes.MASK))));
            }
        });
        return Optional.of(new ClassKeys(r, Optional.of(p), keyColumns, counted));
    }

    /**
     * Packs the QI sets of a release whose population is not known (a user's file released as it is) from its
     * records' numbers ({@link RowCodes}), or none when a set needs more than {@link #MAX_BITS} bits. A column's
     * number of a record is its value's number there; an empty field's is that of the value {@code emptyAs} (the
     * string keys show an empty field as that value), or the column's count of values when no record has that value
     * written. Two records get the same key exactly when they have the same string keys on every column of the set:
     * the classes of the string plan. No Spark job and nothing persisted: a set's key is one array lookup per column,
     * made within the class-size stage that reads it.
     *
     * @param released  a release with {@link ClassSizes#MASK}, {@code sensitive} and {@code rowColumn}, each record's
     *                  row in {@code codes} (a long)
     */
    public static Optional<ClassKeys> packRows(Dataset<Row> released, String rowColumn, RowCodes codes, String emptyAs,
                                               List<String> sensitive, List<List<String>> qiSets) {
        return packRows(released, rowColumn, codes, emptyAs, sensitive, qiSets, MAX_BITS);
    }

    static Optional<ClassKeys> packRows(Dataset<Row> released, String rowColumn, RowCodes codes, String emptyAs,
                                        List<String> sensitive, List<List<String>> qiSets, int maxBits) {
        Map<List<String>, RowCodes.Keys> keysOf = new HashMap<>();
        Map<String, Integer> bits = new HashMap<>();
        for (List<String> q : qiSets) {
            RowCodes.Keys keys = keysOf.computeIfAbsent(q, x -> codes.keys(x, emptyAs));
            for (int j = 0; j < q.size(); j++) {
                bits.put(q.get(j), bits(keys.numbersTaken(j)));
            }
        }
        if (tooWide(qiSets, bits, maxBits)) {
            return Optional.empty();
        }
        Map<List<String>, String> keyColumns = keyColumns(qiSets);
        List<Column> rel = new ArrayList<>(List.of(col(ClassSizes.MASK)));
        sensitive.forEach(s -> rel.add(ref(s)));
        keyColumns.forEach((q, name) -> {
            RowCodes.Keys keys = keysOf.get(q);
            int[] shift = new int[q.size()];
            for (int j = 1; j < shift.length; j++) {
                shift[j] = shift[j - 1] + bits.get(q.get(j - 1));
            }
            UDF1<Long, Long> key = row -> {
                long k = 0;
                for (int j = 0; j < shift.length; j++) {
                    k |= (long) keys.number(j, row) << shift[j];
                }
                return k;
            };
            rel.add(udf(key, DataTypes.LongType).asNonNullable().apply(col(rowColumn)).as(name));
        });
        return Optional.of(new ClassKeys(released.select(rel.toArray(Column[]::new)), Optional.empty(), keyColumns));
    }

    /** Each value's rank in {@code domain}'s order. */
    private static Map<String, Integer> numbered(java.util.SortedSet<String> domain) {
        Map<String, Integer> code = new HashMap<>();
        for (String v : domain) {
            code.put(v, code.size());
        }
        return code;
    }

    /** Bits for numbers 0 to {@code values} - 1 (at least one). */
    private static int bits(int values) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(values - 1L));
    }

    private static boolean tooWide(List<List<String>> qiSets, Map<String, Integer> bits, int maxBits) {
        return qiSets.stream().anyMatch(q -> q.stream().mapToInt(bits::get).sum() > maxBits);
    }

    /** Each distinct QI set (its columns in order) to its key column's name, {@code _class0, _class1, ...}. */
    private static Map<List<String>, String> keyColumns(List<List<String>> qiSets) {
        Map<List<String>, String> keyColumns = new LinkedHashMap<>();
        for (List<String> q : qiSets) {
            keyColumns.putIfAbsent(List.copyOf(q), "_class" + keyColumns.size());
        }
        return keyColumns;
    }

    /** The packed release's columns: the mask, the sensitive attributes, each set's key. */
    private static List<Column> releasedColumns(List<String> sensitive, Map<List<String>, String> keyColumns,
                                                Map<String, Map<String, Integer>> code, Map<String, Integer> bits) {
        List<Column> rel = new ArrayList<>(List.of(col(ClassSizes.MASK)));
        sensitive.forEach(s -> rel.add(ref(s)));
        keyColumns.forEach((q, name) -> rel.add(key(q, c -> releasedNumber(c, code.get(c)), bits).as(name)));
        return rel;
    }

    /**
     * Each column's distinct values, sorted: one job (pairs of column and value, made distinct, collected). The
     * columns' domains, not records: a few thousand values each for the pupil records' QI columns.
     */
    public static Map<String, List<String>> distinctValues(Dataset<Row> data, List<String> columns) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        columns.forEach(c -> out.put(c, new ArrayList<>()));
        if (columns.isEmpty()) {
            return out;
        }
        Column[] pairs = new Column[columns.size()];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = struct(lit(i).as("i"), ref(columns.get(i)).cast(DataTypes.StringType).as("v"));
        }
        for (Row r : data.select(explode(array(pairs)).as("_p")).select(col("_p.i"), col("_p.v")).distinct().collectAsList()) {
            if (r.isNullAt(1)) {
                throw new IllegalArgumentException("QI column " + columns.get(r.getInt(0)) + " has a null key");
            }
            out.get(columns.get(r.getInt(0))).add(r.getString(1));
        }
        out.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        return out;
    }

    /** The set's columns' numbers side by side: the first column in the lowest bits. */
    private static Column key(List<String> q, Function<String, Column> number, Map<String, Integer> bits) {
        Column key = lit(0L);
        int offset = 0;
        for (String c : q) {
            key = offset == 0 ? number.apply(c) : key.plus(number.apply(c).multiply(lit(1L << offset)));
            offset += bits.get(c);
        }
        return key;
    }

    /** A released string value's number: one hash lookup per record. */
    private static Column releasedNumber(String c, Map<String, Integer> code) {
        UDF1<String, Long> number = v -> {
            Integer n = code.get(v);
            if (n == null) {
                throw new IllegalStateException("QI column " + c + ": value outside the numbered domain");
            }
            return (long) n;
        };
        return udf(number, DataTypes.LongType).asNonNullable().apply(ref(c));
    }

    /**
     * A population record's number from its rank ({@link PopulationCodes}): the rank itself when the release shows
     * every value as it is and no other value sorts among them (a pupil-level release), else one array lookup.
     */
    private static Column populationNumber(String c, int[] code) {
        boolean same = true;
        for (int i = 0; i < code.length && same; i++) {
            same = code[i] == i;
        }
        if (same) {
            return col(c).cast(DataTypes.LongType);
        }
        UDF1<Integer, Long> number = rank -> (long) code[rank];
        return udf(number, DataTypes.LongType).asNonNullable().apply(col(c));
    }

    @Override
    public void close() {
        released.unpersist();
        population.ifPresent(Dataset::unpersist);
    }
}
