package org.pupilrisk.release.tables.suppression;

import org.pupilrisk.release.tables.audit.RelationIndex;

import java.util.List;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.audit.Bounds;
import org.pupilrisk.release.tables.audit.IntervalAudit;
import org.pupilrisk.release.tables.audit.PublishedSystem;

/**
 * Small-number suppression with complementary (secondary) suppression.
 *
 * <p>Primary: every cell the rule calls small (1..t-1, and 0 if zeros are disclosive), margins
 * included. Secondary, a greedy heuristic in the spirit of tau-ARGUS's "hypercube" method but
 * checked by an exact audit rather than trusted:
 * <ol>
 *   <li>While some relation {@code parent = sum(children)} has exactly one suppressed cell (so that
 *       cell is the published parent minus the published children), suppress the smallest other
 *       eligible child of that relation, or the parent if no child is eligible. Eligible: not yet
 *       suppressed and, when zeros are published, non-zero (suppressing a published zero would break
 *       the reader's correct inference that "c" means "at least 1", and protect nothing).</li>
 *   <li>Run the {@link IntervalAudit} on the table. Any primary cell still recovered exactly
 *       (through a chain of relations) gets one more complementary suppression, in the relation
 *       through it with the fewest suppressed cells; back to step 1.</li>
 * </ol>
 * It stops when the audit proves every primary cell's interval has width at least 1, or after
 * {@link #MAX_ROUNDS} audit rounds (the remaining exposures are then reported by the attacks, not
 * hidden). The heuristic over-suppresses compared with an optimal (ILP) pattern; that cost shows up
 * in the utility figures.
 */
public final class CellSuppression {

    static final int MAX_ROUNDS = 25;

    private CellSuppression() {
    }

    public static SuppressedTable apply(CountTable table, SuppressionRule rule) {
        return apply(table, rule, IntervalAudit.DEFAULT_MAX_LP_VARIABLES);
    }

    public static SuppressedTable apply(CountTable table, SuppressionRule rule, int maxLpVariables) {
        int n = table.cellCount();
        boolean[] primary = new boolean[n];
        for (int c = 0; c < n; c++) {
            primary[c] = rule.primary(table.value(c));
        }
        if (!rule.secondary()) {
            return new SuppressedTable(table, rule, primary, primary.clone());
        }
        Pattern p = new Pattern(table, rule, primary);
        // the table's cells and relations, keyed once: each round changes only what the reader knows of each cell
        PublishedSystem shape = PublishedSystem.builder().add(table, table.values(), table.values()).build();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            p.closeSingletons();
            SuppressedTable current = new SuppressedTable(table, rule, primary, p.suppressed.clone());
            PublishedSystem system = shape.withPriors(current.attackerLower(), current.attackerUpper());
            Bounds bounds = IntervalAudit.exactness(system, maxLpVariables).bounds();
            int[] ids = system.cellIds(table.name());
            boolean added = false;
            for (int c = 0; c < n; c++) {
                if (primary[c] && bounds.exact(ids[c])) {
                    added |= p.protect(c);
                }
            }
            if (!added) {
                break;
            }
        }
        return new SuppressedTable(table, rule, primary, p.suppressed.clone());
    }

    /**
     * The suppression pattern being built, with each relation's count of suppressed and of eligible
     * cells kept up to date, so that choosing where to suppress next never rescans a relation (the
     * national AP table has relations of 150 cells and regions of tens of thousands of suppressed
     * cells to search through).
     */
    private static final class Pattern {
        private final CountTable table;
        private final SuppressionRule rule;
        private final List<int[]> relations;
        private final int[][] byCell;
        final boolean[] suppressed;
        private final int[] suppressedIn;
        private final int[] eligibleIn;
        // breadth-first search scratch, reused: a cell or relation is seen when its stamp is current
        private final int[] cellSeen;
        private final int[] relationSeen;
        private final int[] queue;
        private int stamp;
        // cells from which protect() found nothing to suppress: a search that fails has seen every relation of
        // every suppressed cell it can reach without an eligible cell, and a later suppression (always of an
        // eligible cell) touches none of those relations, so a search from any of them fails again
        private final boolean[] stuck;

        Pattern(CountTable table, SuppressionRule rule, boolean[] primary) {
            this.table = table;
            this.rule = rule;
            this.relations = table.relations();
            this.byCell = RelationIndex.of(table.cellCount(), relations);
            this.suppressed = new boolean[table.cellCount()];
            this.suppressedIn = new int[relations.size()];
            this.eligibleIn = new int[relations.size()];
            for (int ri = 0; ri < relations.size(); ri++) {
                for (int c : relations.get(ri)) {
                    eligibleIn[ri] += eligible(c) ? 1 : 0;
                }
            }
            for (int c = 0; c < primary.length; c++) {
                if (primary[c]) {
                    suppress(c);
                }
            }
            this.cellSeen = new int[table.cellCount()];
            this.relationSeen = new int[relations.size()];
            this.queue = new int[table.cellCount()];
            this.stuck = new boolean[table.cellCount()];
        }

        private boolean eligible(int c) {
            return !suppressed[c] && (rule.zerosDisclosive() || table.value(c) > 0);
        }

        private void suppress(int c) {
            boolean wasEligible = eligible(c);
            suppressed[c] = true;
            for (int ri : byCell[c]) {
                suppressedIn[ri]++;
                eligibleIn[ri] -= wasEligible ? 1 : 0;
            }
        }

        void closeSingletons() {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int ri = 0; ri < relations.size(); ri++) {
                    if (suppressedIn[ri] == 1 && suppressAnother(relations.get(ri))) {
                        changed = true;
                    }
                }
            }
        }

        /**
         * One more suppression near {@code cell}: in the relation through it with the fewest suppressed
         * cells that has an eligible cell; if none has (every neighbour is suppressed or a published
         * zero), in the nearest such relation reached through suppressed cells.
         */
        boolean protect(int cell) {
            if (stuck[cell]) {
                return false;
            }
            stamp++;
            int head = 0;
            int tail = 0;
            queue[tail++] = cell;
            cellSeen[cell] = stamp;
            while (head < tail) {
                int current = queue[head++];
                int best = -1;
                int bestCount = Integer.MAX_VALUE;
                for (int ri : byCell[current]) {
                    if (suppressedIn[ri] < bestCount && eligibleIn[ri] > 0) {
                        best = ri;
                        bestCount = suppressedIn[ri];
                    }
                }
                if (best >= 0) {
                    return suppressAnother(relations.get(best));
                }
                for (int ri : byCell[current]) {
                    if (relationSeen[ri] == stamp) {
                        continue; // its suppressed cells are queued already
                    }
                    relationSeen[ri] = stamp;
                    for (int c : relations.get(ri)) {
                        if (suppressed[c] && cellSeen[c] != stamp) {
                            cellSeen[c] = stamp;
                            queue[tail++] = c;
                        }
                    }
                }
            }
            for (int i = 0; i < tail; i++) {
                stuck[queue[i]] = true;
            }
            return false;
        }

        /** Suppresses the smallest eligible child (ties: first), else the parent; false if nothing is eligible. */
        private boolean suppressAnother(int[] r) {
            int pick = -1;
            for (int k = 1; k < r.length; k++) {
                int c = r[k];
                if (eligible(c) && (pick < 0 || table.value(c) < table.value(pick))) {
                    pick = c;
                }
            }
            if (pick < 0 && eligible(r[0])) {
                pick = r[0];
            }
            if (pick < 0) {
                return false;
            }
            suppress(pick);
            return true;
        }
    }
}
