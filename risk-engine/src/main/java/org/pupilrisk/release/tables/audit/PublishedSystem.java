package org.pupilrisk.release.tables.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.release.tables.CountTable;

/**
 * What an attacker holds after reading a set of published tables: for every distinct published
 * cell an interval its true value is known to lie in, and the additive relations
 * {@code parent = sum(children)} that tie cells together.
 *
 * <p>A cell published exactly is known to be {@code [v, v]}; a cell rounded to base b is known to
 * lie in the rounding interval; a suppressed cell is known only to be at least 0, or at least 1 when
 * the release publishes zeros (then a suppressed cell cannot be zero, since only non-zero cells are
 * ever suppressed). Tables that publish the same cell (same filter and dimension values, see
 * {@link CountTable#key(int)}) share one variable, so what one table hides and another shows is known.
 */
public final class PublishedSystem {

    /** No upper bound. Kept far from overflow so sums of a few thousand bounds stay exact. */
    public static final long UNBOUNDED = Long.MAX_VALUE / 4;

    private final long[] lo;
    private final long[] hi;
    private final List<int[]> relations;
    private final Map<String, int[]> cellIds;
    private final List<CountTable> tables;

    private PublishedSystem(long[] lo, long[] hi, List<int[]> relations, Map<String, int[]> cellIds, List<CountTable> tables) {
        this.lo = lo;
        this.hi = hi;
        this.relations = relations;
        this.cellIds = cellIds;
        this.tables = tables;
    }

    /** The tables the system was built from, in order (empty for a system given directly). */
    public List<CountTable> tables() {
        return tables;
    }

    /** A system given directly by priors and relations (for tests and benchmarks). */
    public static PublishedSystem of(long[] lo, long[] hi, List<int[]> relations) {
        return new PublishedSystem(lo.clone(), hi.clone(), List.copyOf(relations), Map.of(), List.of());
    }

    public int size() {
        return lo.length;
    }

    /** Prior lower bounds (a copy). */
    public long[] lower() {
        return lo.clone();
    }

    /** Prior upper bounds (a copy). */
    public long[] upper() {
        return hi.clone();
    }

    public List<int[]> relations() {
        return relations;
    }

    /** For the named table, the system variable of each of its cells. */
    public int[] cellIds(String table) {
        int[] ids = cellIds.get(table);
        if (ids == null) {
            throw new IllegalArgumentException("no table " + table + " in this system");
        }
        return ids;
    }

    /**
     * The same tables and relations with other priors: what {@link Builder#add} of this system's one table with
     * {@code lower} and {@code upper} would build, without keying its cells and relations again (secondary
     * suppression audits one table's growing pattern round after round).
     *
     * @throws IllegalStateException if the system was not built from exactly one table
     */
    public PublishedSystem withPriors(long[] lower, long[] upper) {
        if (tables.size() != 1) {
            throw new IllegalStateException("priors can be replaced only in a system of one table, not " + tables.size());
        }
        return withPriors(List.of(lower), List.of(upper));
    }

    /**
     * The same tables and relations with other priors, one pair of arrays per table in the order they were added:
     * what the {@link Builder} would build from the same tables with these priors, without keying their cells and
     * relations again (the suppressed-tables release publishes its tables with and without secondary suppression).
     *
     * @throws IllegalArgumentException if the priors are not one pair per table, each with one entry per cell
     */
    public PublishedSystem withPriors(List<long[]> lower, List<long[]> upper) {
        if (lower.size() != tables.size() || upper.size() != tables.size()) {
            throw new IllegalArgumentException("priors for " + lower.size() + " and " + upper.size() + " tables, not "
                    + tables.size());
        }
        long[] newLo = new long[lo.length];
        long[] newHi = new long[hi.length];
        java.util.Arrays.fill(newLo, Long.MIN_VALUE);
        java.util.Arrays.fill(newHi, Long.MAX_VALUE);
        // a cell key held twice (by two tables, or by one) is one variable, as in the builder: the tightest of its priors
        for (int t = 0; t < tables.size(); t++) {
            int[] ids = cellIds.get(tables.get(t).name());
            if (lower.get(t).length != ids.length || upper.get(t).length != ids.length) {
                throw new IllegalArgumentException("priors of table " + tables.get(t).name() + " for " + lower.get(t).length
                        + " and " + upper.get(t).length + " cells, not " + ids.length);
            }
            for (int c = 0; c < ids.length; c++) {
                newLo[ids[c]] = Math.max(newLo[ids[c]], lower.get(t)[c]);
                newHi[ids[c]] = Math.min(newHi[ids[c]], upper.get(t)[c]);
            }
        }
        return new PublishedSystem(newLo, newHi, relations, cellIds, tables);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds published tables one by one, merging cells that two tables both publish. */
    public static final class Builder {
        private final Map<String, Integer> idOfKey = new HashMap<>();
        private final List<long[]> bounds = new ArrayList<>();
        private final List<int[]> relations = new ArrayList<>();
        private final Map<String, int[]> cellIds = new LinkedHashMap<>();
        private final List<CountTable> tables = new ArrayList<>();
        private final java.util.Set<RelationKey> relationKeys = new java.util.HashSet<>();

        /**
         * @param table       the table's shape
         * @param lower       per cell, the least value the attacker knows it can have
         * @param upper       per cell, the greatest ({@link #UNBOUNDED} if none)
         */
        public Builder add(CountTable table, long[] lower, long[] upper) {
            if (cellIds.containsKey(table.name())) {
                throw new IllegalArgumentException("table " + table.name() + " added twice");
            }
            int[] ids = new int[table.cellCount()];
            for (int c = 0; c < ids.length; c++) {
                String key = table.key(c);
                Integer id = idOfKey.get(key);
                if (id == null) {
                    id = bounds.size();
                    idOfKey.put(key, id);
                    bounds.add(new long[] {lower[c], upper[c]});
                } else {
                    long[] b = bounds.get(id);
                    b[0] = Math.max(b[0], lower[c]);
                    b[1] = Math.min(b[1], upper[c]);
                }
                ids[c] = id;
            }
            for (int[] r : table.relations()) {
                int[] g = new int[r.length];
                for (int i = 0; i < r.length; i++) {
                    g[i] = ids[r[i]];
                }
                // The same relation published by two tables adds nothing.
                int[] key = g.clone();
                java.util.Arrays.sort(key, 1, key.length);
                if (relationKeys.add(new RelationKey(key))) {
                    relations.add(g);
                }
            }
            cellIds.put(table.name(), ids);
            tables.add(table);
            return this;
        }

        /**
         * A relation's identity: its parent, then its children in ascending order (the order a table lists them in
         * does not matter). Compared as numbers: keyed as text, the national tables' relations took a sixth of
         * secondary suppression's profile samples.
         */
        private record RelationKey(int[] parentThenSortedChildren) {
            @Override
            public boolean equals(Object o) {
                return o instanceof RelationKey r && java.util.Arrays.equals(parentThenSortedChildren, r.parentThenSortedChildren);
            }

            @Override
            public int hashCode() {
                return java.util.Arrays.hashCode(parentThenSortedChildren);
            }
        }

        public PublishedSystem build() {
            long[] lo = new long[bounds.size()];
            long[] hi = new long[bounds.size()];
            for (int i = 0; i < lo.length; i++) {
                lo[i] = bounds.get(i)[0];
                hi[i] = bounds.get(i)[1];
            }
            return new PublishedSystem(lo, hi, List.copyOf(relations), Map.copyOf(cellIds), List.copyOf(tables));
        }
    }
}
