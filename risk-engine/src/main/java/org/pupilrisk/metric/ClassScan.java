package org.pupilrisk.metric;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.pupilrisk.population.Streams;
import scala.Tuple2;

/**
 * The scan plan's pass over each class's records ({@link ClassSizes#computeByScan}): a class's records are read into
 * arrays, its f, F, label homogeneity and sizes within subgroups worked out, and what each record adds to the
 * class-size table (times the records it stands for) summed into a small table per partition, as in the window plan's
 * last step ({@link ClassSizes#computeByWindow}). Records reach it in class order in one of two ways:
 * <ul>
 *   <li>{@link #byLongKey}: when the classes are one long key per record (the engine's packed QI sets) and the label
 *       codes are packed in the kind, each record is two longs (three when a side comes counted), sent to buckets by a
 *       hash of its key as primitive arrays and sorted within its bucket by a radix sort of the keys;</li>
 *   <li>{@link #sortedRows}: otherwise, Spark shuffles and sorts the rows by their QI values, and the pass reads its
 *       internal rows.</li>
 * </ul>
 * Why two: on the national population the engine's class-size stage took 5.1-6.9 s per QI set with Spark's shuffle
 * and sort of the narrowed rows (2.3-3.1 times a bare group-by-count of the extract; most of it writing, reading and
 * sorting rows) and 3.6-4.7 s with the records as primitive arrays (1.5-1.7 times; benchmarks/RESULTS.md, "class
 * sizes from narrower records"). Spark's rows remain for keys of several columns or of other types (linked histories,
 * a release not packed). The tests hold both to the window plan.
 *
 * <p>A record's kind: a released record's is its subgroup mask and label codes ({@link ClassSizes.CodeLayout}), never
 * negative; a population record's is {@code -1 - mask}.
 */
final class ClassScan implements Serializable {

    private final int m;
    private final int[] widths; // packed codes' bits (null: codes in columns of their own)
    private final boolean counted;
    private final int within; // subgroups with within-subgroup histograms (0: none)

    ClassScan(int m, ClassSizes.CodeLayout layout, boolean counted, int within) {
        this.m = m;
        this.widths = layout.widths();
        this.counted = counted;
        this.within = within;
    }

    /**
     * The table from {@code both}'s rows (one long key, nullable; the kind; the records where counted), in
     * {@code buckets} buckets. Every record of a class goes to one bucket (records with no key to a bucket of their own),
     * so each class is read whole, whatever the partitions.
     */
    List<Row> byLongKey(Dataset<Row> both, int buckets) {
        if (widths == null) {
            throw new IllegalStateException("the label codes are not packed in the kind");
        }
        int stride = counted ? 3 : 2;
        return both.queryExecution().toRdd().toJavaRDD()
                .mapPartitionsToPair(rows -> bucketed(rows, buckets, stride))
                .groupByKey(new HashPartitioner(buckets))
                .flatMap(bucket -> sortedBucket(bucket._2(), stride))
                .collect();
    }

    /** One partition's records, {@code stride} longs each, by bucket; records without a key go to bucket {@code buckets}. */
    private static Iterator<Tuple2<Integer, long[]>> bucketed(Iterator<InternalRow> rows, int buckets, int stride) {
        long[][] records = new long[buckets + 1][stride * 16];
        int[] filled = new int[buckets + 1];
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            boolean noKey = r.isNullAt(0);
            long key = noKey ? 0 : r.getLong(0);
            // the bucket from a hash's high half: any pattern of keys spreads over the buckets
            int b = noKey ? buckets : Math.floorMod((int) (Streams.mix(key * 0x9E3779B97F4A7C15L) >>> 32), buckets);
            if (filled[b] == records[b].length) {
                records[b] = Arrays.copyOf(records[b], records[b].length * 2);
            }
            long[] to = records[b];
            int at = filled[b];
            to[at] = key;
            to[at + 1] = r.getLong(1);
            if (stride == 3) {
                to[at + 2] = r.getLong(2);
            }
            filled[b] = at + stride;
        }
        List<Tuple2<Integer, long[]>> out = new ArrayList<>();
        for (int b = 0; b <= buckets; b++) {
            if (filled[b] > 0) {
                out.add(new Tuple2<>(b, Arrays.copyOf(records[b], filled[b])));
            }
        }
        return out.iterator();
    }

    /** One bucket's records sorted by key (a radix sort of the keys, their kinds and records alongside), then read. */
    private Iterator<Row> sortedBucket(Iterable<long[]> chunks, int stride) {
        int n = 0;
        for (long[] c : chunks) {
            n += c.length / stride;
        }
        long[] keys = new long[n];
        long[] kinds = new long[n];
        long[] records = counted ? new long[n] : null;
        int i = 0;
        for (long[] c : chunks) {
            for (int j = 0; j < c.length; j += stride, i++) {
                keys[i] = c[j];
                kinds[i] = c[j + 1];
                if (counted) {
                    records[i] = c[j + 2];
                }
            }
        }
        RadixSort.byKey(keys, kinds, records);
        Table table = new Table();
        Scratch s = new Scratch(m, within);
        for (int j = 0; j < n; j++) {
            if (s.size > 0 && keys[j] != keys[j - 1]) {
                addClass(s, table);
                s.size = 0;
            }
            add(s, kinds[j], counted ? records[j] : 1, null, 0);
        }
        if (s.size > 0) {
            addClass(s, table);
        }
        return table.rows().iterator();
    }

    /**
     * The pass over Spark's rows of a partition sorted by class: QI values first (of {@code qiTypes}), then the kind
     * and, unless packed in it, one label code per sensitive attribute, then, where a side comes counted, the records
     * the row stands for.
     */
    FlatMapFunction<Iterator<InternalRow>, Row> sortedRows(DataType[] qiTypes) {
        return rows -> sortedRows(rows, qiTypes);
    }

    private Iterator<Row> sortedRows(Iterator<InternalRow> rows, DataType[] qiTypes) {
        int q = qiTypes.length;
        int recordsAt = widths != null ? q + 1 : q + 1 + m;
        Table table = new Table();
        Scratch s = new Scratch(m, within);
        InternalRow classRow = null;
        while (rows.hasNext()) {
            InternalRow r = rows.next();
            if (s.size > 0 && !sameClass(classRow, r, qiTypes)) {
                addClass(s, table);
                s.size = 0;
            }
            if (s.size == 0) {
                classRow = r.copy(); // the sorter's row is reused for the next record
            }
            add(s, r.getLong(q), counted ? r.getLong(recordsAt) : 1, r, q + 1);
        }
        if (s.size > 0) {
            addClass(s, table);
        }
        return table.rows().iterator();
    }

    /**
     * Whether {@code r}'s QI values are {@code classRow}'s: texts, integers, dates, longs and timestamps through their
     * typed getters, anything else (floating point, collated texts) as Spark reads it back. Why typed: Spark's generic
     * getter looks the session's settings up for every value read, which made the pass 1.4 times slower on texts.
     */
    private static boolean sameClass(InternalRow classRow, InternalRow r, DataType[] qiTypes) {
        for (int i = 0; i < qiTypes.length; i++) {
            boolean aNull = classRow.isNullAt(i);
            if (aNull != r.isNullAt(i)) {
                return false;
            }
            if (!aNull && !sameValue(classRow, r, i, qiTypes[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(InternalRow a, InternalRow b, int i, DataType t) {
        if (t instanceof StringType text && text.supportsBinaryEquality()) {
            return a.getUTF8String(i).equals(b.getUTF8String(i));
        }
        if (t instanceof IntegerType || t instanceof DateType) {
            return a.getInt(i) == b.getInt(i);
        }
        if (t instanceof LongType || t instanceof TimestampType || t instanceof TimestampNTZType) {
            return a.getLong(i) == b.getLong(i);
        }
        return a.get(i, t).equals(b.get(i, t));
    }

    /**
     * Adds one record to the class being read: its kind as the columns' layout has it (mask, then one bit per
     * attribute carrying a label) and its label codes (-1 for none), from the packed kind or, where the codes are
     * columns of their own, from {@code row}'s columns from {@code codesAt}.
     */
    private void add(Scratch s, long kind, long records, InternalRow row, int codesAt) {
        s.ensureRoom();
        int j = s.size;
        if (kind >= 0 && widths != null) {
            long lbits = 0;
            int offset = 0;
            for (int i = 0; i < m; i++) {
                int code = (int) ((kind >>> offset) & ((1L << widths[i]) - 1));
                offset += widths[i];
                s.codes[j * m + i] = code == 0 ? -1 : code;
                lbits |= code == 0 ? 0 : 1L << i;
            }
            kind = (kind >>> offset) << m | lbits;
        } else {
            for (int i = 0; i < m; i++) {
                s.codes[j * m + i] = kind < 0 || row.isNullAt(codesAt + i) ? -1 : row.getInt(codesAt + i);
            }
        }
        s.kinds[j] = kind;
        s.records[j] = records;
        s.size++;
    }

    /** Adds one class's records to the table. */
    private void addClass(Scratch s, Table table) {
        long f = 0;
        long bigF = 0;
        Arrays.fill(s.min, Integer.MAX_VALUE);
        Arrays.fill(s.max, Integer.MIN_VALUE);
        Arrays.fill(s.labelled, 0);
        Arrays.fill(s.inSubgroup, 0);
        for (int j = 0; j < s.size; j++) {
            long kind = s.kinds[j];
            long n = s.records[j];
            if (kind < 0) {
                bigF += n;
                continue;
            }
            f += n;
            for (int i = 0; i < m; i++) {
                int code = s.codes[j * m + i];
                if (code >= 0) {
                    s.labelled[i] += n;
                    s.min[i] = Math.min(s.min[i], code);
                    s.max[i] = Math.max(s.max[i], code);
                }
            }
            long mask = kind >>> m;
            for (int g = 0; g < within; g++) {
                s.inSubgroup[g] += ((mask >>> g) & 1) * n;
            }
        }
        // homogeneous in attribute i: every released member carries one and the same label
        int hom = 0;
        for (int i = 0; i < m; i++) {
            if (s.labelled[i] == f && f > 0 && s.min[i] == s.max[i]) {
                hom |= 1 << i;
            }
        }
        for (int j = 0; j < s.size; j++) {
            long kind = s.kinds[j];
            long n = s.records[j];
            if (kind < 0) {
                table.add(ClassSizes.KIND_POP, (int) (-1 - kind), 0, 0, 0, bigF == 1 ? 1 : 0, n);
            } else {
                table.add(ClassSizes.KIND_CELL, (int) (kind >>> m), (int) (kind & ((1L << m) - 1)), f, bigF, hom, n);
            }
        }
        // each of the class's records in subgroup g counts once towards a class of its within-subgroup size
        for (int g = 0; g < within; g++) {
            if (s.inSubgroup[g] > 0) {
                table.add(ClassSizes.KIND_WITHIN, g, 0, s.inSubgroup[g], 0, 0, s.inSubgroup[g]);
            }
        }
    }

    /** One class's records ({@code size} of them, record j standing for {@code records[j]}) and the pass's scratch. */
    private static final class Scratch {
        long[] kinds = new long[64];
        long[] records = new long[64];
        int[] codes;
        int size;
        final int[] min;
        final int[] max;
        final long[] labelled;
        final long[] inSubgroup;

        Scratch(int m, int within) {
            codes = new int[64 * Math.max(1, m)];
            min = new int[m];
            max = new int[m];
            labelled = new long[m];
            inSubgroup = new long[within];
        }

        void ensureRoom() {
            if (size == kinds.length) {
                kinds = Arrays.copyOf(kinds, size * 2);
                records = Arrays.copyOf(records, size * 2);
                codes = Arrays.copyOf(codes, codes.length * 2);
            }
        }
    }

    /**
     * One row of a partition's table: (k, a, b, c, d, e). Mutable only as the lookup probe ({@link Table#add}); a key
     * stored in the map is a copy never changed. Its equality and hash are written out: a record's own are generic
     * (bootstrapped per call site) and slow until the JIT has compiled them.
     */
    private static final class Entry {
        private static final long MIX = 0x9E3779B97F4A7C15L;
        int k;
        int a;
        int b;
        long c;
        long d;
        int e;

        Entry copy() {
            Entry x = new Entry();
            x.k = k;
            x.a = a;
            x.b = b;
            x.c = c;
            x.d = d;
            x.e = e;
            return x;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry x && k == x.k && a == x.a && b == x.b && c == x.c && d == x.d && e == x.e;
        }

        /**
         * Each field mixed by a large odd multiplier: with 31 as the multiplier, entries whose class sizes differ by 1
         * and population sizes by 31 collided, and the map's buckets turned into trees.
         */
        @Override
        public int hashCode() {
            long h = k;
            h = h * MIX + a;
            h = h * MIX + b;
            h = h * MIX + c;
            h = h * MIX + d;
            h = h * MIX + e;
            return Long.hashCode(h * MIX);
        }
    }

    /** A partition's table; consecutive records mostly add to the entry last added (unique classes). */
    private static final class Table {
        private final Map<Entry, long[]> counts = new HashMap<>();
        private final Entry probe = new Entry();
        private long[] last;

        void add(int k, int a, int b, long c, long d, int e, long n) {
            if (last == null || probe.k != k || probe.a != a || probe.b != b || probe.c != c || probe.d != d || probe.e != e) {
                probe.k = k;
                probe.a = a;
                probe.b = b;
                probe.c = c;
                probe.d = d;
                probe.e = e;
                last = counts.get(probe);
                if (last == null) {
                    last = new long[1];
                    counts.put(probe.copy(), last);
                }
            }
            last[0] += n;
        }

        /** The table's rows: k, a, b, c, d, e and records n. */
        List<Row> rows() {
            List<Row> out = new ArrayList<>(counts.size());
            counts.forEach((e, n) -> out.add(RowFactory.create(e.k, e.a, e.b, e.c, e.d, e.e, n[0])));
            return out;
        }
    }
}
