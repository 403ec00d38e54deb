package org.pupilrisk.anonymity;

import java.util.Arrays;
import java.util.List;
import org.pupilrisk.hierarchy.Hierarchy;

/**
 * The equivalence classes of the data at one lattice node: per class, the code of each quasi-identifier
 * at the node's level, the number of records, and (when a model needs it) the frequencies of the
 * sensitive attribute's values in the class.
 *
 * <p>The finest table (every QI at level 0) is the only thing computed from the records (one Spark
 * aggregation); every other node's table is rolled up from a table at a specialisation of it, in plain
 * Java on integer codes. That is correct because each hierarchy level coarsens the one below it: a class
 * at a more general node is exactly the union of the classes that map onto it.
 */
public final class ClassTable {

    /** Largest key space rolled up through a dense array rather than a hash. */
    static final int DENSE_LIMIT = 1 << 23;

    final int[] levels;
    final int size;
    final int[][] codes;      // codes[qi][class]
    final int[] counts;       // records per class
    final int[] distStart;    // class i's sensitive entries are distStart[i] .. distStart[i+1]-1; null if none
    final int[] distValue;
    final int[] distCount;

    private ClassTable(int[] levels, int size, int[][] codes, int[] counts, int[] distStart, int[] distValue,
                       int[] distCount) {
        this.levels = levels;
        this.size = size;
        this.codes = codes;
        this.counts = counts;
        this.distStart = distStart;
        this.distValue = distValue;
        this.distCount = distCount;
    }

    /**
     * The same classes, in the same order, with the same counts, without the sensitive values' frequencies: the table
     * a count of the records on the quasi-identifiers alone gives (a class's count is the sum of its frequencies).
     */
    public ClassTable withoutDistributions() {
        return distStart == null ? this : new ClassTable(levels, size, codes, counts, null, null, null);
    }

    /** Number of classes. */
    public int size() {
        return size;
    }

    /** The node's level per quasi-identifier. */
    public int[] levels() {
        return levels.clone();
    }

    /** Records in class {@code i}. */
    public int count(int i) {
        return counts[i];
    }

    /** Code of quasi-identifier {@code qi} (at this node's level) for class {@code i}. */
    public int code(int qi, int i) {
        return codes[qi][i];
    }

    /** Whether sensitive-attribute distributions are held. */
    public boolean hasDistributions() {
        return distStart != null;
    }

    /** Total records. */
    public long records() {
        long n = 0;
        for (int i = 0; i < size; i++) {
            n += counts[i];
        }
        return n;
    }

    /** Starts a table at the finest levels (all zero). */
    public static Builder finest(int qis, boolean withSensitive, int expectedRows) {
        return new Builder(qis, withSensitive, expectedRows);
    }

    /** Accumulates (codes, sensitive value, count) rows, merging equal code tuples. */
    public static final class Builder {
        private final int qis;
        private final boolean withSensitive;
        private final TupleIndex index;
        private int[] counts;
        private final LongMap pairs;

        Builder(int qis, boolean withSensitive, int expected) {
            this.qis = qis;
            this.withSensitive = withSensitive;
            this.index = new TupleIndex(qis, expected);
            this.counts = new int[Math.max(16, expected)];
            this.pairs = withSensitive ? new LongMap(expected) : null;
        }

        /** Adds {@code count} records with these level-0 codes and sensitive value code (ignored without). */
        public Builder add(int[] codes, int sensitive, long count) {
            if (codes.length != qis) {
                throw new IllegalArgumentException("expected " + qis + " codes, got " + codes.length);
            }
            int id = index.idOf(codes);
            if (id >= counts.length) {
                counts = Arrays.copyOf(counts, counts.length * 2);
            }
            counts[id] = Math.addExact(counts[id], Math.toIntExact(count));
            if (withSensitive) {
                pairs.add(((long) id << 32) | (sensitive & 0xffffffffL), count);
            }
            return this;
        }

        public ClassTable build() {
            int size = index.size();
            int[][] codes = new int[qis][size];
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < qis; j++) {
                    codes[j][i] = index.code(i, j);
                }
            }
            return assemble(new int[qis], size, codes, Arrays.copyOf(counts, size), pairs);
        }
    }

    private static ClassTable assemble(int[] levels, int size, int[][] codes, int[] counts, LongMap pairs) {
        if (pairs == null) {
            return new ClassTable(levels, size, codes, counts, null, null, null);
        }
        int[] start = new int[size + 1];
        pairs.forEach((key, value) -> start[(int) (key >>> 32) + 1]++);
        for (int i = 0; i < size; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, size);
        int[] values = new int[pairs.size()];
        int[] freq = new int[pairs.size()];
        pairs.forEach((key, value) -> {
            int cls = (int) (key >>> 32);
            int at = fill[cls]++;
            values[at] = (int) key;
            freq[at] = (int) value;
        });
        return new ClassTable(levels, size, codes, counts, start, values, freq);
    }

    /** Level-to-level code maps of a list of hierarchies, computed once. */
    public static final class LevelMaps {
        private final int[][][][] maps;   // maps[qi][from][to][code]
        private final int[] heights;
        private final int[][] widths;     // widths[qi][level]
        private int[] dense = new int[0]; // scratch for dense roll-ups, all -1 between uses

        public LevelMaps(List<Hierarchy> hierarchies) {
            int d = hierarchies.size();
            maps = new int[d][][][];
            heights = new int[d];
            widths = new int[d][];
            for (int j = 0; j < d; j++) {
                Hierarchy h = hierarchies.get(j);
                heights[j] = h.height();
                widths[j] = new int[h.height()];
                for (int level = 0; level < h.height(); level++) {
                    widths[j][level] = h.width(level);
                }
                maps[j] = new int[h.height()][h.height()][];
                for (int from = 0; from < h.height(); from++) {
                    for (int to = from; to < h.height(); to++) {
                        maps[j][from][to] = h.mapping(from, to);
                    }
                }
            }
        }

        int[] map(int qi, int from, int to) {
            return maps[qi][from][to];
        }

        int width(int qi, int level) {
            return widths[qi][level];
        }

        /** A scratch array of at least {@code n} entries, all -1. */
        int[] dense(int n) {
            if (dense.length < n) {
                dense = new int[n];
                Arrays.fill(dense, -1);
            }
            return dense;
        }

        public int height(int qi) {
            return heights[qi];
        }

        public int qis() {
            return heights.length;
        }
    }

    /** The table at {@code target}, which must generalise this node on every quasi-identifier. */
    public ClassTable rollUp(int[] target, LevelMaps maps) {
        int qis = levels.length;
        int[][] map = new int[qis][];
        boolean same = true;
        for (int j = 0; j < qis; j++) {
            if (target[j] < levels[j]) {
                throw new IllegalArgumentException("cannot roll up from " + Arrays.toString(levels)
                        + " to " + Arrays.toString(target));
            }
            same &= target[j] == levels[j];
            map[j] = maps.map(j, levels[j], target[j]);
        }
        if (same) {
            return this;
        }
        // Classes at the target are keyed by the mixed-radix number of their codes: a dense array when the
        // key space is small, a primitive long hash otherwise (tuples only if even a long cannot hold it).
        long[] radix = new long[qis];
        double space = 1;
        long product = 1;
        for (int j = qis - 1; j >= 0; j--) {
            radix[j] = product;
            int w = maps.width(j, target[j]);
            space *= w;
            product = space < 4e18 ? product * w : Long.MAX_VALUE;
        }
        int cap = Math.max(16, Math.min(size, 1 << 16));
        int[][] newCodes = new int[qis][cap];
        int[] newCounts = new int[cap];
        int[] newId = new int[size];
        int classes = 0;
        int[] tuple = new int[qis];
        boolean dense = space <= DENSE_LIMIT;
        int[] slots = dense ? maps.dense((int) space) : null;
        LongMap longIds = !dense && space < 4e18 ? new LongMap(Math.max(16, size / 4)) : null;
        TupleIndex tuples = !dense && longIds == null ? new TupleIndex(qis, Math.max(16, size / 4)) : null;
        for (int i = 0; i < size; i++) {
            long key = 0;
            for (int j = 0; j < qis; j++) {
                tuple[j] = map[j][codes[j][i]];
                key += tuple[j] * radix[j];
            }
            int id;
            if (dense) {
                id = slots[(int) key];
                if (id < 0) {
                    id = classes;
                    slots[(int) key] = id;
                }
            } else if (longIds != null) {
                id = (int) longIds.putIfAbsent(key, classes);
            } else {
                id = tuples.idOf(tuple);
            }
            if (id == classes) {
                if (classes == newCounts.length) {
                    int grown = newCounts.length * 2;
                    newCounts = Arrays.copyOf(newCounts, grown);
                    for (int j = 0; j < qis; j++) {
                        newCodes[j] = Arrays.copyOf(newCodes[j], grown);
                    }
                }
                for (int j = 0; j < qis; j++) {
                    newCodes[j][classes] = tuple[j];
                }
                classes++;
            }
            newCounts[id] += counts[i];
            newId[i] = id;
        }
        if (dense) {
            // reset only the touched entries of the scratch array
            for (int c = 0; c < classes; c++) {
                long key = 0;
                for (int j = 0; j < qis; j++) {
                    key += newCodes[j][c] * radix[j];
                }
                slots[(int) key] = -1;
            }
        }
        for (int j = 0; j < qis; j++) {
            newCodes[j] = Arrays.copyOf(newCodes[j], classes);
        }
        LongMap pairs = null;
        if (distStart != null) {
            pairs = new LongMap(Math.max(16, distValue.length / 2));
            for (int i = 0; i < size; i++) {
                long high = (long) newId[i] << 32;
                for (int e = distStart[i]; e < distStart[i + 1]; e++) {
                    pairs.add(high | (distValue[e] & 0xffffffffL), distCount[e]);
                }
            }
        }
        return assemble(target.clone(), classes, newCodes, Arrays.copyOf(newCounts, classes), pairs);
    }
}
