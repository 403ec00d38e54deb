package org.pupilrisk.population.generator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.spark.ColumnarRows;
import org.pupilrisk.spark.RowCursor;
import scala.Tuple2;

/**
 * Multiples on roll in a census year: the sets of pupils sharing a home (UPRN) and a date of birth, with how many
 * pupils are in a set, how many sets are pairs and how many pairs are of one sex (both boys or both girls). Each pupil
 * row with a school in the schools dataset gives one key, two longs: its UPRN, and its date of birth with its sex and
 * which of the two were missing (a missing value is a key of its own, as Spark groups it). The keys are sent to
 * buckets by a hash of home and date, and each bucket's keys are counted in one table, so every set is counted whole
 * in one bucket, whatever the partitions.
 *
 * <p>Why not Spark's group-by: nearly every key is a set of one, so its partial aggregation's hash map saved nothing
 * and the year's rows went through two hash maps of texts and integers (7-9 s of the validation nationally, the
 * largest part after its counts; benchmarks/RESULTS.md, "validation's counts in one pass"). Here each row is two longs
 * in a shuffle of primitive arrays; the tests hold the counts to Spark's group-by.
 */
final class MultipleBirths {

    /** Pupils in sets of two or more, sets of exactly two, and those of one sex. */
    record Count(long pupilsInSets, long pairs, long sameSexPairs) implements Serializable {
        Count plus(Count o) {
            return new Count(pupilsInSets + o.pupilsInSets, pairs + o.pairs, sameSexPairs + o.sameSexPairs);
        }
    }

    private static final String[] COLUMNS = {NpdColumns.URN, NpdColumns.UPRN, NpdColumns.DATE_OF_BIRTH, NpdColumns.SEX};
    private static final UTF8String M = UTF8String.fromString("M");
    private static final UTF8String F = UTF8String.fromString("F");
    // the second long of a key: date of birth << 4 | home missing << 3 | date missing << 2 | sex (0 other, 1 M, 2 F)
    private static final int SEX_BITS = 2;
    private static final long HOME_MISSING = 8;
    private static final long DATE_MISSING = 4;

    private MultipleBirths() {
    }

    /**
     * The multiples among census year {@code year}'s rows of {@code pupils} whose URN is one of {@code schools},
     * counted in {@code buckets} buckets (the rows read as {@link ColumnarRows} gives them).
     */
    static Count count(Dataset<Row> pupils, int year, Broadcast<Map<Integer, CensusCounts.School>> schools, int buckets) {
        List<Count> counts = JavaPairRDD.fromJavaRDD(ColumnarRows.eachPartition(pupils, NpdColumns.CENSUS_YEAR, year,
                        COLUMNS, rows -> packed(rows, schools.value(), buckets)))
                .groupByKey(new HashPartitioner(buckets))
                .map(bucket -> counted(bucket._2()))
                .collect();
        Count all = new Count(0, 0, 0);
        for (Count c : counts) {
            all = all.plus(c);
        }
        return all;
    }

    /** One partition's keys, two longs each, by bucket. */
    private static Iterator<Tuple2<Integer, long[]>> packed(RowCursor rows, Map<Integer, CensusCounts.School> schools,
                                                          int buckets) {
        long[][] keys = new long[buckets][16];
        int[] filled = new int[buckets];
        RowCursor.Meaning sex = rows.meaning(3, v -> M.equals(v) ? 1 : F.equals(v) ? 2 : 0);
        while (rows.next()) {
            if (rows.isNullAt(0) || !schools.containsKey(rows.getInt(0))) {
                continue;
            }
            long home = rows.isNullAt(1) ? 0 : rows.getLong(1);
            long second = (rows.isNullAt(2) ? DATE_MISSING : (long) rows.getInt(2) << 4)
                    | (rows.isNullAt(1) ? HOME_MISSING : 0)
                    | sex.ofRow();
            int b = bucket(mix(home, second >> SEX_BITS), buckets);
            if (filled[b] == keys[b].length) {
                keys[b] = java.util.Arrays.copyOf(keys[b], keys[b].length * 2);
            }
            keys[b][filled[b]++] = home;
            keys[b][filled[b]++] = second;
        }
        List<Tuple2<Integer, long[]>> out = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            if (filled[b] > 0) {
                out.add(new Tuple2<>(b, java.util.Arrays.copyOf(keys[b], filled[b])));
            }
        }
        return out.iterator();
    }

    /**
     * One bucket's keys counted: an open-addressed table of (home, date) with each set's pupils, boys and girls, then
     * the sets of two or more read from it.
     */
    static Count counted(Iterable<long[]> chunks) {
        int n = 0;
        for (long[] c : chunks) {
            n += c.length / 2;
        }
        int size = Integer.highestOneBit(Math.max(1, n) * 2) * 2;
        int mask = size - 1;
        long[] home = new long[size];
        long[] date = new long[size]; // the key's second long without its sex
        int[] pupils = new int[size]; // 0: an empty slot
        int[] boys = new int[size];
        int[] girls = new int[size];
        for (long[] c : chunks) {
            for (int i = 0; i < c.length; i += 2) {
                long d = c[i + 1] >> SEX_BITS;
                int slot = (int) mix(c[i], d) & mask;
                while (pupils[slot] != 0 && (home[slot] != c[i] || date[slot] != d)) {
                    slot = (slot + 1) & mask;
                }
                home[slot] = c[i];
                date[slot] = d;
                pupils[slot]++;
                int sex = (int) (c[i + 1] & 3);
                boys[slot] += sex == 1 ? 1 : 0;
                girls[slot] += sex == 2 ? 1 : 0;
            }
        }
        long inSets = 0;
        long pairs = 0;
        long sameSex = 0;
        for (int s = 0; s < size; s++) {
            int k = pupils[s];
            if (k >= 2) {
                inSets += k;
                if (k == 2) {
                    pairs++;
                    sameSex += boys[s] == 2 || girls[s] == 2 ? 1 : 0;
                }
            }
        }
        return new Count(inSets, pairs, sameSex);
    }

    /** A key's bucket from its hash's high half (its slot in the bucket's table is from the low bits). */
    private static int bucket(long hash, int buckets) {
        return Math.floorMod((int) (hash >>> 32), buckets);
    }

    /** A hash of a home and date (SplitMix64's finaliser): any pattern of values spreads over buckets and slots. */
    private static long mix(long home, long date) {
        long z = home * 0x9E3779B97F4A7C15L + date;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
