package org.pupilrisk.release.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pupilrisk.release.tables.spec.TableSpec;

/**
 * The true counts of one table at every level it is published: the finest cells and all margins.
 *
 * <p>Rows form a tree: node 0 is England, its children the values of the first row dimension, and
 * so on; leaves are the finest rows. Each node has one cell per column value and a Total cell. A
 * cell is addressed by {@code node * (columns + 1) + column}, the Total column being {@code columns}.
 *
 * <p>The table's additive structure is a list of {@linkplain #relations() relations}
 * {@code parent = sum(children)}: a node's Total is the sum of its column cells, and every cell of a
 * non-leaf node is the sum of the same column over its child nodes. Everything an attacker can derive
 * by adding and subtracting published figures follows from these relations.
 */
public final class CountTable {

    /** One finest-level count as aggregated from the extract. */
    public record FinestCount(List<String> rowKey, String column, long count) {
        public FinestCount {
            rowKey = List.copyOf(rowKey);
        }
    }

    private final TableSpec spec;
    private final List<String> columns;
    private final int[] parent;
    private final int[] level;
    private final String[] nodeValue;
    private final int[][] children;
    private final long[] counts;
    /**
     * Each cell's {@link #key}, built on first use and kept: secondary suppression builds a published system
     * of the table in every audit round, and the keys never change.
     */
    private volatile String[] keys;
    /** {@link #relations()}, built on first use and kept, for the same reason. */
    private volatile List<int[]> relations;

    private CountTable(TableSpec spec, List<String> columns, int[] parent, int[] level, String[] nodeValue,
                       int[][] children, long[] counts) {
        this.spec = spec;
        this.columns = columns;
        this.parent = parent;
        this.level = level;
        this.nodeValue = nodeValue;
        this.children = children;
        this.counts = counts;
    }

    /**
     * Builds the table from its finest counts. Rows listed with a zero count (known to exist, e.g. a
     * school year group with no AP pupils) are kept as rows of zeros; column values seen only with a
     * zero count do not create a column. Row and column order is sorted, so the table does not depend
     * on the order of the input.
     */
    public static CountTable of(TableSpec spec, List<FinestCount> finest) {
        int depth = spec.rowDimensions().size();
        TreeSet<String> columnSet = new TreeSet<>();
        List<List<String>> rowKeys = new ArrayList<>();
        for (FinestCount f : finest) {
            if (f.rowKey().size() != depth) {
                throw new IllegalArgumentException("row key " + f.rowKey() + " does not match " + spec.rowDimensions());
            }
            if (f.count() < 0) {
                throw new IllegalArgumentException("negative count for " + f);
            }
            if (f.count() > 0) {
                columnSet.add(f.column() == null ? TableSpec.NONE : f.column());
            }
            rowKeys.add(f.rowKey());
        }
        List<String> columns = List.copyOf(columnSet);
        Map<String, Integer> columnIndex = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            columnIndex.put(columns.get(i), i);
        }
        sortKeys(rowKeys);

        // Nodes in depth-first order of the sorted keys: each new prefix opens a node.
        List<Integer> parents = new ArrayList<>(List.of(-1));
        List<Integer> levels = new ArrayList<>(List.of(0));
        List<String> values = new ArrayList<>(Collections.singletonList(null));
        Map<List<String>, Integer> nodeOf = new HashMap<>();
        nodeOf.put(List.of(), 0);
        for (List<String> key : rowKeys) {
            int p = 0;
            for (int l = 1; l <= depth; l++) {
                List<String> prefix = key.subList(0, l);
                Integer n = nodeOf.get(prefix);
                if (n == null) {
                    n = parents.size();
                    parents.add(p);
                    levels.add(l);
                    values.add(key.get(l - 1));
                    nodeOf.put(List.copyOf(prefix), n);
                }
                p = n;
            }
        }
        int nodes = parents.size();
        int width = columns.size() + 1;
        long[] counts = new long[nodes * width];
        for (FinestCount f : finest) {
            if (f.count() == 0) {
                continue;
            }
            int leaf = nodeOf.get(f.rowKey());
            int col = columnIndex.get(f.column() == null ? TableSpec.NONE : f.column());
            // Add to the cell and to the same column and the Total of every ancestor.
            for (int n = leaf; n >= 0; n = parents.get(n)) {
                counts[n * width + col] += f.count();
                counts[n * width + columns.size()] += f.count();
            }
        }
        int[] parent = parents.stream().mapToInt(Integer::intValue).toArray();
        int[] childCount = new int[nodes];
        for (int n = 1; n < nodes; n++) {
            childCount[parent[n]]++;
        }
        int[][] children = new int[nodes][];
        for (int n = 0; n < nodes; n++) {
            children[n] = new int[childCount[n]];
        }
        int[] fill = new int[nodes];
        for (int n = 1; n < nodes; n++) {
            children[parent[n]][fill[parent[n]]++] = n;
        }
        return new CountTable(spec, columns, parent, levels.stream().mapToInt(Integer::intValue).toArray(),
                values.toArray(new String[0]), children, counts);
    }

    /**
     * Whether {@code s} is what the regular expression {@code -?[0-9]{1,18}} matches (a number that fits a long).
     * Not {@code String.matches}: that compiles the expression on every call, and sorting a national table's
     * rows compares values millions of times.
     */
    static boolean isWholeNumber(String s) {
        int start = !s.isEmpty() && s.charAt(0) == '-' ? 1 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Sorts {@code keys} as {@link #compareKeys} orders them, stably, each value read as a number once rather than at
     * every comparison: a national table's hundreds of thousands of rows took seconds of the driver's time to sort.
     */
    static void sortKeys(List<List<String>> keys) {
        List<SortKey> sorted = new ArrayList<>(keys.size());
        keys.forEach(k -> sorted.add(new SortKey(k)));
        sorted.sort(null);
        for (int i = 0; i < sorted.size(); i++) {
            keys.set(i, sorted.get(i).key);
        }
    }

    /** A row key with each value's number, when it is one: compared as {@link #compareKeys} compares the keys. */
    private static final class SortKey implements Comparable<SortKey> {
        final List<String> key;
        final boolean[] number;
        final long[] value;

        SortKey(List<String> key) {
            this.key = key;
            number = new boolean[key.size()];
            value = new long[key.size()];
            for (int i = 0; i < number.length; i++) {
                String v = key.get(i);
                number[i] = v != null && isWholeNumber(v);
                value[i] = number[i] ? Long.parseLong(v) : 0;
            }
        }

        @Override
        public int compareTo(SortKey o) {
            for (int i = 0; i < number.length; i++) {
                String a = key.get(i);
                String b = o.key.get(i);
                int c;
                if (a == null || b == null) {
                    c = a == null ? (b == null ? 0 : -1) : 1;
                } else if (number[i] && o.number[i]) {
                    c = Long.compare(value[i], o.value[i]);
                } else if (number[i] != o.number[i]) {
                    c = number[i] ? -1 : 1;
                } else {
                    c = a.compareTo(b);
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }

    /** Numbers sort as numbers (LA 201 before LA 1000), everything else as text. */
    static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The order rows and columns are sorted in: numbers as numbers (before text), then text. */
    public static int compareValues(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        boolean na = isWholeNumber(a);
        boolean nb = isWholeNumber(b);
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    public TableSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public List<String> columns() {
        return columns;
    }

    /** Columns plus Total. */
    public int width() {
        return columns.size() + 1;
    }

    public int totalColumn() {
        return columns.size();
    }

    public int nodeCount() {
        return parent.length;
    }

    public int cellCount() {
        return counts.length;
    }

    public int cell(int node, int column) {
        return node * width() + column;
    }

    public int nodeOf(int cell) {
        return cell / width();
    }

    public int columnOf(int cell) {
        return cell % width();
    }

    public boolean isTotal(int cell) {
        return columnOf(cell) == totalColumn();
    }

    public long value(int cell) {
        return counts[cell];
    }

    /** A copy of all true counts, indexed by cell. */
    public long[] values() {
        return counts.clone();
    }

    public int parent(int node) {
        return parent[node];
    }

    public int level(int node) {
        return level[node];
    }

    public int[] children(int node) {
        return children[node];
    }

    public boolean isLeaf(int node) {
        return level[node] == spec.rowDimensions().size();
    }

    /** The row dimension values from England down to this node (empty for England). */
    public List<String> path(int node) {
        String[] p = new String[level[node]];
        for (int n = node; n > 0; n = parent[n]) {
            p[level[n] - 1] = nodeValue[n];
        }
        return Arrays.asList(p);
    }

    /** The node with this path, or -1. Linear in the depth times the fan-out. */
    public int find(List<String> path) {
        int n = 0;
        for (String v : path) {
            int next = -1;
            for (int c : children[n]) {
                if (nodeValue[c].equals(v)) {
                    next = c;
                    break;
                }
            }
            if (next < 0) {
                return -1;
            }
            n = next;
        }
        return n;
    }

    /**
     * The cell's identity across tables: the filter and the dimension values it fixes, sorted by
     * dimension. Two tables that publish the same count (e.g. the England total of SEN pupils by
     * need) give that cell the same key, which is how differencing across tables is modelled.
     */
    public String key(int cell) {
        String[] k = keys;
        if (k == null) {
            k = new String[cellCount()];
            for (int c = 0; c < k.length; c++) {
                k[c] = buildKey(c);
            }
            keys = k;
        }
        return k[cell];
    }

    private String buildKey(int cell) {
        int node = nodeOf(cell);
        List<String> path = path(node);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            parts.add(spec.rowDimensions().get(i) + "=" + path.get(i));
        }
        if (!isTotal(cell)) {
            parts.add(spec.columnDimension() + "=" + columns.get(columnOf(cell)));
        }
        Collections.sort(parts);
        return spec.filter() + "|" + String.join(";", parts);
    }

    /** A readable address for messages and artefacts, e.g. {@code LA=330/URN=1001 : PREGNANCY}. */
    public String label(int cell) {
        int node = nodeOf(cell);
        List<String> path = path(node);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            b.append(i == 0 ? "" : "/").append(spec.rowDimensions().get(i)).append('=').append(path.get(i));
        }
        if (path.isEmpty()) {
            b.append("England");
        }
        b.append(" : ").append(isTotal(cell) ? "Total" : columns.get(columnOf(cell)));
        return b.toString();
    }

    /**
     * The additive relations, each as {@code {parent, child1, child2, ...}} in cell indices: for every
     * node, Total = sum of its columns; for every non-leaf node and every column (Total included),
     * the node's cell = sum of that column over its children. The list is built once and shared: read its
     * arrays, never change them.
     */
    public List<int[]> relations() {
        List<int[]> r = relations;
        if (r == null) {
            r = buildRelations();
            relations = r;
        }
        return r;
    }

    private List<int[]> buildRelations() {
        List<int[]> out = new ArrayList<>();
        int w = width();
        for (int n = 0; n < nodeCount(); n++) {
            if (!columns.isEmpty()) {
                int[] r = new int[columns.size() + 1];
                r[0] = cell(n, totalColumn());
                for (int c = 0; c < columns.size(); c++) {
                    r[c + 1] = cell(n, c);
                }
                out.add(r);
            }
            if (children[n].length > 0) {
                for (int c = 0; c < w; c++) {
                    int[] r = new int[children[n].length + 1];
                    r[0] = cell(n, c);
                    for (int k = 0; k < children[n].length; k++) {
                        r[k + 1] = cell(children[n][k], c);
                    }
                    out.add(r);
                }
            }
        }
        return List.copyOf(out);
    }

    /** A table with the same shape and different values (a released version of this one). */
    public long[] emptyValues() {
        return new long[counts.length];
    }
}
