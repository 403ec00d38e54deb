package org.pupilrisk.metric;

import static org.apache.spark.sql.functions.udf;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * A table read whole on the driver (a user's CSV), held as numbers and shared with Spark's tasks by one broadcast:
 * each column's distinct values, numbered in order of first appearance, and each row's number of its value in each
 * column ({@code -1}: the field is empty). A row is named by its position in the table, {@code 0} for the first.
 *
 * <p>Why: Spark's tasks then make any value of any row with two array lookups ({@link #value}) and a QI set's class
 * key with one per column ({@link ClassKeys#packRows}), with nothing shipped per task and nothing kept by Spark. The
 * rows shipped as Spark {@code Row}s and kept (the plan this replaced) cost a conversion per value and a job before
 * the first figure, and the class key found from each string a hash of it per value (benchmarks/RESULTS.md, "a
 * user's CSV as numbers").
 */
public final class RowCodes implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the tasks read: each column's values, and each column's numbers row by row. */
    private record Table(String[][] values, int[][] codes) implements Serializable {
    }

    private final List<String> columns;
    private final boolean[] empty;
    private final int rows;
    private final Broadcast<Table> table;
    /** This copy's broadcast value, once read: a task reads it once per lookup otherwise. */
    private transient Table local;

    private RowCodes(List<String> columns, boolean[] empty, int rows, Broadcast<Table> table) {
        this.columns = List.copyOf(columns);
        this.empty = empty;
        this.rows = rows;
        this.table = table;
    }

    /**
     * A table's values numbered on the driver, not yet shared with Spark ({@link #share}): so that a file can be
     * numbered as it is read, while Spark is still starting.
     *
     * @param columns the columns numbered
     * @param values  each column's distinct values, by their number
     * @param codes   each column's numbers, row by row (-1: empty)
     * @param empty   whether each column has an empty field
     * @param rows    rows in the table
     */
    public record Numbers(List<String> columns, String[][] values, int[][] codes, boolean[] empty, int rows) {
        public Numbers {
            columns = List.copyOf(columns);
        }
    }

    /**
     * Numbers the values of {@code rows} (each a value per column of {@code header}, {@code null} for an empty
     * field) in the columns {@code kept}: {@link Numbering} over rows already read.
     */
    public static Numbers numbers(List<String> header, List<String[]> rows, List<String> kept) {
        Numbering n = new Numbering(header, kept);
        rows.forEach(n::add);
        return n.numbers();
    }

    /**
     * Numbers a table's rows as they are read, one row at a time, so that the rows themselves are never kept: a
     * million rows of a CSV read as strings take hundreds of megabytes and keep the collector busy, their numbers
     * a few bytes a value. Each column's values are numbered in order of first appearance; equal values share the
     * first one's String instance. Not thread-safe: one reader feeds it.
     */
    public static final class Numbering {
        private final List<String> kept;
        private final int[] at;
        private final ValueNumbers[] number;
        private final boolean[] empty;
        private int[][] codes;
        private int capacity = 1024;
        private int rows;

        /** Numbers the columns {@code kept} of rows laid out as {@code header}. */
        public Numbering(List<String> header, List<String> kept) {
            this.kept = List.copyOf(kept);
            this.at = kept.stream().mapToInt(header::indexOf).toArray();
            this.number = new ValueNumbers[at.length];
            for (int i = 0; i < at.length; i++) {
                if (at[i] < 0) {
                    throw new IllegalArgumentException("column " + kept.get(i) + " is not in " + header);
                }
                number[i] = new ValueNumbers();
            }
            this.empty = new boolean[at.length];
            this.codes = new int[at.length][capacity];
        }

        /** Adds the next row: a value per column of the header, {@code null} for an empty field. */
        public void add(String[] row) {
            if (rows == capacity) {
                capacity += capacity >> 1;
                for (int i = 0; i < codes.length; i++) {
                    codes[i] = java.util.Arrays.copyOf(codes[i], capacity);
                }
            }
            for (int i = 0; i < at.length; i++) {
                String v = row[at[i]];
                if (v == null) {
                    empty[i] = true;
                    codes[i][rows] = -1;
                } else {
                    codes[i][rows] = number[i].of(v);
                }
            }
            rows++;
        }

        /** The numbers of the rows added so far. */
        public Numbers numbers() {
            int[][] exact = new int[at.length][];
            String[][] values = new String[at.length][];
            for (int i = 0; i < at.length; i++) {
                exact[i] = java.util.Arrays.copyOf(codes[i], rows);
                values[i] = java.util.Arrays.copyOf(number[i].values, number[i].size);
            }
            return new Numbers(kept, values, exact, empty.clone(), rows);
        }
    }

    /**
     * One column's values to their numbers, in order of first appearance: an open-addressing table of the values,
     * their hashes and numbers. Why not a {@code HashMap<String, Integer>}: a file is read on the JIT's quick
     * compiler, where the map's nodes, boxed numbers and calls cost about as much as parsing the CSV (1m rows, seven
     * columns: 0.8-1.2 s more than the parse's 2.0 s, measured); this table is a few array reads a value.
     */
    static final class ValueNumbers {
        private String[] slots = new String[64];
        private int[] hashes = new int[64];
        private int[] numbers = new int[64];
        private String[] values = new String[16];
        private int size;

        /** {@code v}'s number, the next one when it is new. */
        int of(String v) {
            int h = v.hashCode();
            int mask = slots.length - 1;
            for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
                String k = slots[i];
                if (k == null) {
                    return add(v, h, i);
                }
                if (hashes[i] == h && k.equals(v)) {
                    return numbers[i];
                }
            }
        }

        private int add(String v, int h, int slot) {
            slots[slot] = v;
            hashes[slot] = h;
            numbers[slot] = size;
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size] = v;
            size++;
            if (size * 2 > slots.length) {
                grow();
            }
            return size - 1;
        }

        private void grow() {
            String[] oldSlots = slots;
            int[] oldHashes = hashes;
            int[] oldNumbers = numbers;
            slots = new String[oldSlots.length * 2];
            hashes = new int[slots.length];
            numbers = new int[slots.length];
            int mask = slots.length - 1;
            for (int j = 0; j < oldSlots.length; j++) {
                if (oldSlots[j] != null) {
                    int i = spread(oldHashes[j]) & mask;
                    while (slots[i] != null) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = oldSlots[j];
                    hashes[i] = oldHashes[j];
                    numbers[i] = oldNumbers[j];
                }
            }
        }

        /** String hashes of similar short values differ in their low bits little: mixed before the mask. */
        private static int spread(int h) {
            return (h * 0x9E3779B9) ^ ((h * 0x9E3779B9) >>> 16);
        }
    }

    /** {@code numbers} broadcast to Spark's tasks. */
    public static RowCodes share(SparkSession spark, Numbers numbers) {
        Broadcast<Table> shared = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new Table(numbers.values(), numbers.codes()));
        return new RowCodes(numbers.columns(), numbers.empty().clone(), numbers.rows(), shared);
    }

    /** {@link #numbers} and {@link #share} at once. */
    public static RowCodes number(SparkSession spark, List<String> header, List<String[]> rows, List<String> kept) {
        return share(spark, numbers(header, rows, kept));
    }

    /** The columns numbered, in the table's order. */
    public List<String> columns() {
        return columns;
    }

    /** Rows in the table. */
    public int rows() {
        return rows;
    }

    /** Column {@code column}'s distinct values (no {@code null} among them), by their number. */
    public List<String> values(String column) {
        return List.of(local().values()[index(column)]);
    }

    /** Whether some row has no value in {@code column}. */
    public boolean empty(String column) {
        return empty[index(column)];
    }

    /**
     * The records' numbers on {@code columns} as the string keys show the records, an empty field as the value
     * {@code emptyAs}: an empty field's number is that of {@code emptyAs} where some row has that written, else the
     * column's count of values (the first number not taken). Two rows then have equal numbers on a column exactly
     * when their string keys there are equal: what class keys ({@link ClassKeys#packRows}) and the attack's
     * candidate filter both rest on.
     */
    public Keys keys(List<String> columns, String emptyAs) {
        int[] column = columns.stream().mapToInt(this::index).toArray();
        int[] emptyNumber = new int[column.length];
        for (int j = 0; j < column.length; j++) {
            String[] values = local().values()[column[j]];
            int written = java.util.Arrays.asList(values).indexOf(emptyAs);
            emptyNumber[j] = written >= 0 ? written : values.length;
        }
        return new Keys(this, emptyAs, column, emptyNumber);
    }

    /**
     * {@link #keys}: a record's numbers on some columns as its string keys show them; serializable, for tasks.
     *
     * @param column      each column's position among the table's ({@link #index})
     * @param emptyNumber each column's number of an empty field
     */
    public record Keys(RowCodes codes, String emptyAs, int[] column, int[] emptyNumber)
            implements Serializable {

        /** Row {@code row}'s number on the {@code j}th column. */
        public int number(int j, long row) {
            int n = codes.code(column[j], row);
            return n < 0 ? emptyNumber[j] : n;
        }

        /** How many numbers the {@code j}th column's keys take: its values, and one more for an empty field shown apart. */
        public int numbersTaken(int j) {
            int values = codes.local().values()[column[j]].length;
            return values + (emptyNumber[j] == values && codes.empty[column[j]] ? 1 : 0);
        }

        /**
         * Each value shown on the {@code j}th column (every value written, and {@code emptyAs}) to its number there:
         * on the driver, for finding the numbers of strings known elsewhere.
         */
        public Map<String, Integer> numbersOf(int j) {
            String[] values = codes.local().values()[column[j]];
            Map<String, Integer> n = new HashMap<>(values.length * 2);
            for (int i = 0; i < values.length; i++) {
                n.put(values[i], i);
            }
            n.put(emptyAs, emptyNumber[j]);
            return n;
        }
    }

    /** The position of {@code column} among {@link #columns()}, for {@link #code}. */
    public int index(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("column " + column + " was not numbered (numbered: " + columns + ")");
        }
        return i;
    }

    /** Row {@code row}'s number of its value in column {@code column} ({@link #index}); -1 when empty. For tasks. */
    public int code(int column, long row) {
        return local().codes()[column][Math.toIntExact(row)];
    }

    private Table local() {
        Table t = local;
        if (t == null) {
            t = table.value();
            local = t;
        }
        return t;
    }

    /** Column {@code column}'s value in the row numbered by {@code row} (a long column), as written; null when empty. */
    public Column value(String column, Column row) {
        int c = index(column);
        UDF1<Long, String> value = r -> {
            Table t = local();
            int n = t.codes()[c][Math.toIntExact(r)];
            return n < 0 ? null : t.values()[c][n];
        };
        return udf(value, DataTypes.StringType).apply(row);
    }
}
