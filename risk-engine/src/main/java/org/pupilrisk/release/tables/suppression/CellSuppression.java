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
        boolean[] suppressed = primary.clone();
        if (!rule.secondary()) {
            return new SuppressedTable(table, rule, primary, suppressed);
        }
        List<int[]> relations = table.relations();
        int[][] byCell = RelationIndex.of(n, relations);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            closeSingletons(table, rule, relations, suppressed);
            SuppressedTable current = new SuppressedTable(table, rule, primary, suppressed);
            PublishedSystem system = PublishedSystem.builder()
                    .add(table, current.attackerLower(), current.attackerUpper()).build();
            Bounds bounds = IntervalAudit.exactness(system, maxLpVariables).bounds();
            int[] ids = system.cellIds(table.name());
            boolean added = false;
            for (int c = 0; c < n; c++) {
                if (primary[c] && bounds.exact(ids[c])) {
                    added |= protect(table, rule, relations, byCell, suppressed, c);
                }
            }
            if (!added) {
                break;
            }
        }
        return new SuppressedTable(table, rule, primary, suppressed);
    }

    private static void closeSingletons(CountTable table, SuppressionRule rule, List<int[]> relations, boolean[] suppressed) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[] r : relations) {
                int count = 0;
                for (int c : r) {
                    count += suppressed[c] ? 1 : 0;
                }
                if (count == 1 && suppressAnother(table, rule, r, suppressed)) {
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
    private static boolean protect(CountTable table, SuppressionRule rule, List<int[]> relations, int[][] byCell,
                                   boolean[] suppressed, int cell) {
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        java.util.Set<Integer> visited = new java.util.HashSet<>();
        queue.add(cell);
        visited.add(cell);
        while (!queue.isEmpty()) {
            int current = queue.poll();
            int[] best = null;
            int bestCount = Integer.MAX_VALUE;
            for (int ri : byCell[current]) {
                int[] r = relations.get(ri);
                int count = 0;
                for (int c : r) {
                    count += suppressed[c] ? 1 : 0;
                }
                if (count < bestCount && hasEligible(table, rule, r, suppressed)) {
                    best = r;
                    bestCount = count;
                }
            }
            if (best != null) {
                return suppressAnother(table, rule, best, suppressed);
            }
            for (int ri : byCell[current]) {
                for (int c : relations.get(ri)) {
                    if (suppressed[c] && visited.add(c)) {
                        queue.add(c);
                    }
                }
            }
        }
        return false;
    }

    private static boolean hasEligible(CountTable table, SuppressionRule rule, int[] r, boolean[] suppressed) {
        for (int c : r) {
            if (eligible(table, rule, suppressed, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean eligible(CountTable table, SuppressionRule rule, boolean[] suppressed, int c) {
        return !suppressed[c] && (rule.zerosDisclosive() || table.value(c) > 0);
    }

    /** Suppresses the smallest eligible child (ties: first), else the parent; false if nothing is eligible. */
    private static boolean suppressAnother(CountTable table, SuppressionRule rule, int[] r, boolean[] suppressed) {
        int pick = -1;
        for (int k = 1; k < r.length; k++) {
            int c = r[k];
            if (eligible(table, rule, suppressed, c) && (pick < 0 || table.value(c) < table.value(pick))) {
                pick = c;
            }
        }
        if (pick < 0 && eligible(table, rule, suppressed, r[0])) {
            pick = r[0];
        }
        if (pick < 0) {
            return false;
        }
        suppressed[pick] = true;
        return true;
    }
}
