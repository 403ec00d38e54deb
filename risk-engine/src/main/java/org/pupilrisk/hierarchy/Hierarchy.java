package org.pupilrisk.hierarchy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.pupilrisk.input.InvalidInputException;

/**
 * A generalisation hierarchy for one quasi-identifier, as ARX defines it: one row per original value,
 * {@code value;level1;level2;...}, most specific first. Level 0 is the value itself.
 *
 * <p>Every level is a partition of the values, and each level must coarsen the one below it (a label at
 * level l has exactly one parent at level l+1); that is what makes full-domain generalisation a lattice
 * and lets class counts be rolled up from one level to the next without going back to the records.
 *
 * <p>Labels are coded per level (0..m-1, in sorted label order, so codes do not depend on row order).
 * The share of a label is the fraction of the hierarchy's values (rows) it covers: ARX's domain share,
 * used by the "Loss" measure.
 */
public final class Hierarchy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The representation of a missing (null) value, in data and hierarchies alike. */
    public static final String MISSING = "NA";

    private final String column;
    private final String source;
    private final String[][] labels;      // labels[level][code]
    private final int[][] parent;         // parent[level][code] = code at level + 1
    private final int[][] leaves;         // leaves[level][code] = number of level-0 values under the label
    private final Map<String, Integer> leafCode;
    private final Map<String, Integer>[] labelCode;
    private final SerializableRule rule;  // computes the row of a value absent from the hierarchy, or null

    /** Computes a hierarchy row for a value the hierarchy does not list (built-ins only); null if it cannot. */
    public interface SerializableRule extends Function<String, String[]>, Serializable {
    }

    @SuppressWarnings("unchecked")
    private Hierarchy(String column, String source, String[][] labels, int[][] parent, int[][] leaves,
                      Map<String, Integer> leafCode, SerializableRule rule) {
        this.column = column;
        this.source = source;
        this.labels = labels;
        this.parent = parent;
        this.leaves = leaves;
        this.leafCode = leafCode;
        this.rule = rule;
        this.labelCode = new Map[labels.length];
        for (int level = 0; level < labels.length; level++) {
            Map<String, Integer> codes = new HashMap<>();
            for (int c = 0; c < labels[level].length; c++) {
                codes.put(labels[level][c], c);
            }
            labelCode[level] = codes;
        }
    }

    /**
     * Builds a hierarchy from its rows, validating them.
     *
     * @param column  the quasi-identifier it generalises
     * @param source  where the rows came from (a file, or "built-in ..."), named in error messages
     * @param rows    one row per value, most specific first
     * @param lineOf  the line number (1-based) of each row in the source, for error messages
     * @param rule    computes rows for values not listed (null: unlisted values are unknown)
     */
    public static Hierarchy of(String column, String source, List<String[]> rows, int[] lineOf, SerializableRule rule) {
        if (rows.isEmpty()) {
            throw new InvalidInputException(source + ": hierarchy for " + column + " has no rows");
        }
        int height = rows.get(0).length;
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).length != height) {
                throw new InvalidInputException(source + " line " + lineOf[r] + ": " + rows.get(r).length
                        + " levels, expected " + height + " as on line " + lineOf[0] + " (ragged hierarchy)");
            }
        }
        // Code labels per level in sorted order.
        String[][] labels = new String[height][];
        List<Map<String, Integer>> codes = new ArrayList<>();
        for (int level = 0; level < height; level++) {
            TreeSet<String> set = new TreeSet<>();
            for (String[] row : rows) {
                set.add(row[level]);
            }
            labels[level] = set.toArray(new String[0]);
            Map<String, Integer> code = new HashMap<>();
            for (int c = 0; c < labels[level].length; c++) {
                code.put(labels[level][c], c);
            }
            codes.add(code);
        }
        if (labels[0].length != rows.size()) {
            Map<String, Integer> seen = new HashMap<>();
            for (int r = 0; r < rows.size(); r++) {
                Integer before = seen.put(rows.get(r)[0], r);
                if (before != null) {
                    throw new InvalidInputException(source + " line " + lineOf[r] + ": value '" + rows.get(r)[0]
                            + "' already listed on line " + lineOf[before]);
                }
            }
        }
        int[][] parent = new int[Math.max(0, height - 1)][];
        int[][] parentLine = new int[Math.max(0, height - 1)][];
        for (int level = 0; level < height - 1; level++) {
            parent[level] = new int[labels[level].length];
            parentLine[level] = new int[labels[level].length];
            Arrays.fill(parent[level], -1);
        }
        int[][] leaves = new int[height][];
        for (int level = 0; level < height; level++) {
            leaves[level] = new int[labels[level].length];
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int level = 0; level < height; level++) {
                int c = codes.get(level).get(row[level]);
                leaves[level][c]++;
                if (level < height - 1) {
                    int p = codes.get(level + 1).get(row[level + 1]);
                    if (parent[level][c] == -1) {
                        parent[level][c] = p;
                        parentLine[level][c] = lineOf[r];
                    } else if (parent[level][c] != p) {
                        throw new InvalidInputException(source + " line " + lineOf[r] + ": '" + row[level]
                                + "' (level " + level + ") generalises to '" + row[level + 1] + "' but to '"
                                + labels[level + 1][parent[level][c]] + "' on line " + parentLine[level][c]
                                + " (inconsistent generalisation)");
                    }
                }
            }
        }
        return new Hierarchy(column, source, labels, parent, leaves, codes.get(0), rule);
    }

    /** Convenience for rows without line numbers (built-ins): rows are numbered 1..n. */
    public static Hierarchy of(String column, String source, List<String[]> rows, SerializableRule rule) {
        int[] lines = new int[rows.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i + 1;
        }
        return of(column, source, rows, lines, rule);
    }

    public String column() {
        return column;
    }

    /** Where the hierarchy came from: a file path or {@code built-in}. */
    public String source() {
        return source;
    }

    /** Number of levels, level 0 (the values) included. */
    public int height() {
        return labels.length;
    }

    /** Number of values (rows): ARX's domain size. */
    public int domainSize() {
        return leafCode.size();
    }

    /** Number of distinct labels at a level. */
    public int width(int level) {
        return labels[level].length;
    }

    public String label(int level, int code) {
        return labels[level][code];
    }

    /** The code of a value at level 0, or -1 if the hierarchy does not list it. */
    public int leafCode(String value) {
        Integer c = leafCode.get(value == null ? MISSING : value);
        return c == null ? -1 : c;
    }

    /** The code of a label at a level, or -1. */
    public int labelCode(int level, String label) {
        Integer c = labelCode[level].get(label);
        return c == null ? -1 : c;
    }

    /** The code at level {@code level + 1} that code {@code code} at {@code level} generalises to. */
    public int parent(int level, int code) {
        return parent[level][code];
    }

    /** Codes at level {@code to} for every code at level {@code from} (from &lt;= to). */
    public int[] mapping(int from, int to) {
        int[] map = new int[labels[from].length];
        for (int c = 0; c < map.length; c++) {
            int x = c;
            for (int level = from; level < to; level++) {
                x = parent[level][x];
            }
            map[c] = x;
        }
        return map;
    }

    /** ARX's domain share of a label: the fraction of the hierarchy's values it covers. */
    public double share(int level, int code) {
        return (double) leaves[level][code] / domainSize();
    }

    /**
     * The label an exact value generalises to at a level; null when the value is unknown to the
     * hierarchy and no rule covers it (it then matches no released value), except at a level with a
     * single label (such as {@code *}), which covers every value.
     */
    public String generalise(String value, int level) {
        String v = value == null ? MISSING : value;
        Integer c = leafCode.get(v);
        if (c != null) {
            int x = c;
            for (int l = 0; l < level; l++) {
                x = parent[l][x];
            }
            return labels[level][x];
        }
        if (labels[level].length == 1) {
            return labels[level][0];
        }
        if (rule != null) {
            String[] row = rule.apply(v);
            if (row != null && row.length == height()) {
                return row[level];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Hierarchy[" + column + ", " + height() + " levels, " + domainSize() + " values, " + source + "]";
    }
}
