package org.pupilrisk.release.tables.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.pupilrisk.progress.Progress;

/**
 * The interval audit (docs/domain.md §5): for every cell, the least and greatest value consistent with
 * everything published. A zero-width interval is an exact recovery; a lower bound of at least 1
 * discloses that someone in that group has the label.
 *
 * <p>Method, in three steps, each sound on its own:
 * <ol>
 *   <li><b>Bound propagation.</b> For each relation {@code p = c1 + ... + cn}:
 *       {@code p in [sum lo(c), sum hi(c)]} and {@code cj in [lo(p) - sum_{i!=j} hi(ci), hi(p) - sum_{i!=j} lo(ci)]},
 *       repeated until nothing tightens. Every bound it gives holds for every table consistent with
 *       the release (an outer bound); it subsumes {@link Differencing}.</li>
 *   <li><b>Decomposition.</b> Cells still uncertain are joined when a relation contains both; each
 *       connected group is an independent sub-table (typically a school, or an LA block), so the
 *       problem splits into many small linear programmes instead of one national one.</li>
 *   <li><b>Network flows</b> per published table ({@link NetworkAudit}): a table with nested rows
 *       and one column dimension is a network, so each cell's exact LP bounds come from two max-flow
 *       problems, whatever the size of the sub-table. Tables that share cells are audited in turn,
 *       with propagation between them, until nothing changes; a table none of whose cells' bounds changed since
 *       its own last audit is not audited again (it would find the same). A large table's cells are shared out
 *       among the driver's cores ({@link NetworkAudit}); the bounds do not depend on how.</li>
 *   <li><b>Linear programming</b> (Commons Math {@link SimplexSolver}) for what remains: sub-tables
 *       whose cells come from more than one table (or from a system given directly), of at
 *       most {@code maxLpVariables} cells: minimise and maximise each cell subject to the relations and
 *       the priors. Every optimal point is also a feasible table, so it witnesses values for the other
 *       cells: a cell whose witnessed maximum already equals its propagated upper bound needs no LP of
 *       its own. LP bounds are rounded inward (integers), which is exact for the two-way tables with a
 *       hierarchy used here (their constraint matrices are network matrices, Cox 1995) and otherwise
 *       still a valid outer bound of the integer problem.</li>
 * </ol>
 * Larger multi-table sub-tables keep the bounds of steps 1 and 3 (exact for each table on its own,
 * possibly looser than a joint LP); {@link Result#outerOnlyCells()} counts them. Commons Math's dense
 * tableau is the reason for the size limit: a single national LA block of the AP table has over a
 * thousand uncertain cells, which the network method handles in milliseconds.
 *
 * <p>References: Fischetti and Salazar-González (2000), "Models and algorithms for optimizing cell
 * suppression in tabular data with linear constraints", JASA 95; Cox (1995), "Network models for
 * complementary cell suppression", JASA 90; Hundepool et al. (2012), Statistical Disclosure Control, §4.
 */
public final class IntervalAudit {

    /** Default largest sub-table solved by LP: about a second of simplex work in the worst case. */
    public static final int DEFAULT_MAX_LP_VARIABLES = 250;

    /** Rounds of table-by-table network audits when tables share cells. */
    static final int MAX_TABLE_ROUNDS = 10;

    private IntervalAudit() {
    }

    /**
     * @param bounds          the interval of every cell
     * @param components      independent sub-tables with at least one uncertain cell
     * @param lpComponents    those solved by linear programming
     * @param largestComponent cells in the largest independent sub-table
     * @param outerOnlyCells  uncertain cells whose bounds come from propagation alone (sub-table too large)
     * @param linearProgrammes LPs (after witness pruning) and max-flow problems solved (the flows' count depends on
     *                         how a table's cells were shared among threads; the bounds do not)
     */
    public record Result(Bounds bounds, int components, int lpComponents, int largestComponent,
                         int outerOnlyCells, long linearProgrammes) {
    }

    public static Result run(PublishedSystem system) {
        return run(system, DEFAULT_MAX_LP_VARIABLES);
    }

    public static Result run(PublishedSystem system, int maxLpVariables) {
        return run(system, maxLpVariables, Detail.INTERVALS);
    }

    /**
     * How much of each cell's interval the network audit computes. Every mode's bounds are sound
     * (every table consistent with the release lies inside them); they differ in which are tight.
     */
    public enum Detail {
        /** Both bounds of every cell exact (per table; see the class comment for several tables). */
        INTERVALS,
        /**
         * What the disclosure figures read, exactly: every lower bound (so "at least one pupil" and
         * exact recovery are decided), and the upper bound wherever the cell cannot exceed its true
         * value (so "none" is decided); other upper bounds stay as propagation left them. Whether a cell
         * can rise at all is read off the network's cycles ({@link ResidualCycles}) for every cell at
         * once; only a cell that can move both ways locally and lies on a cycle needs a search that
         * stops at the first unit of flow, in place of the upward max flow, which on the large
         * sub-tables left by secondary suppression is most of the work.
         */
        DISCLOSURE,
        /**
         * Only which cells are recovered exactly (zero-width intervals): what secondary suppression asks,
         * read off the network's cycles for every cell at once ({@link ResidualCycles}), with no max flow;
         * the other cells keep the bounds propagation gave them.
         */
        EXACTNESS
    }

    /**
     * Only decides which cells are recovered exactly (zero-width intervals), which is all that
     * secondary suppression needs and much cheaper than full intervals on large tables; the other
     * bounds are those of propagation (sound, possibly loose).
     */
    public static Result exactness(PublishedSystem system, int maxLpVariables) {
        return run(system, maxLpVariables, Detail.EXACTNESS);
    }

    /** The bounds the disclosure figures read, exactly; see {@link Detail#DISCLOSURE}. */
    public static Result disclosure(PublishedSystem system, int maxLpVariables) {
        return run(system, maxLpVariables, Detail.DISCLOSURE);
    }

    private static Result run(PublishedSystem system, int maxLpVariables, Detail detail) {
        return run(system, maxLpVariables, detail, true);
    }

    /**
     * @param skipUnchanged whether a later round passes over a table none of whose cells' bounds changed since its
     *                      own last audit (false only to test that skipping it changes nothing)
     */
    static Result run(PublishedSystem system, int maxLpVariables, Detail detail, boolean skipUnchanged) {
        long[] lo = system.lower();
        long[] hi = system.upper();
        List<int[]> relations = system.relations();
        int[][] byCell = RelationIndex.of(lo.length, relations);
        boolean consistent = propagate(lo, hi, relations, byCell);
        if (!consistent) {
            return new Result(new Bounds(lo, hi, false), 0, 0, 0, 0, 0);
        }
        // Exact bounds table by table by network flows; what one table learns about a shared cell is
        // passed to the others by propagation, and the tables are audited again until nothing changes.
        int n = lo.length;
        int[] owner = new int[n];
        Arrays.fill(owner, -1);
        List<org.pupilrisk.release.tables.CountTable> tables = system.tables();
        long flows = 0;
        for (int t = 0; t < tables.size(); t++) {
            for (int id : system.cellIds(tables.get(t).name())) {
                owner[id] = owner[id] == -1 || owner[id] == t ? t : -2;
            }
        }
        boolean[] networkExact = new boolean[tables.size()];
        long tableCells = 0;
        for (int t = 0; t < tables.size(); t++) {
            tableCells += system.cellIds(tables.get(t).name()).length;
        }
        // the bar follows the first round over the tables (later rounds only pass on what a shared cell learnt)
        try (Progress progress = Progress.start("interval audit: tables", tableCells, "cells")) {
            // each table's cells' bounds as its last audit left them: a table audited again with the same bounds
            // would find the same (its audit reads only its own cells' bounds, and the bounds it sets are implied by
            // its relations, so they leave the set of tables it admits as it was), so a later round passes it by
            long[][] audited = new long[tables.size()][];
            for (int round = 0; round < MAX_TABLE_ROUNDS && !tables.isEmpty(); round++) {
                long[] before = lo.clone();
                long[] beforeHi = hi.clone();
                for (int t = 0; t < tables.size(); t++) {
                    int[] ids = system.cellIds(tables.get(t).name());
                    if (skipUnchanged && audited[t] != null && unchangedSince(audited[t], ids, lo, hi)) {
                        continue;
                    }
                    long solved = NetworkAudit.tighten(tables.get(t), ids, lo, hi, detail);
                    networkExact[t] = solved >= 0;
                    flows += Math.max(0, solved);
                    audited[t] = boundsOf(ids, lo, hi);
                    if (round == 0) {
                        progress.stepBy(ids.length);
                    }
                }
                if (!propagate(lo, hi, relations, byCell)) {
                    return new Result(new Bounds(lo, hi, false), 0, 0, 0, 0, flows);
                }
                if (Arrays.equals(before, lo) && Arrays.equals(beforeHi, hi) || tables.size() == 1) {
                    break;
                }
            }
        }

        // Independent sub-tables: union-find over uncertain cells sharing a relation.
        int[] root = new int[n];
        for (int i = 0; i < n; i++) {
            root[i] = i;
        }
        for (int[] r : relations) {
            int first = -1;
            for (int c : r) {
                if (lo[c] != hi[c]) {
                    if (first < 0) {
                        first = c;
                    } else {
                        union(root, first, c);
                    }
                }
            }
        }
        int[] componentOf = new int[n];
        Arrays.fill(componentOf, -1);
        List<List<Integer>> components = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (lo[i] != hi[i]) {
                int r = find(root, i);
                if (componentOf[r] < 0) {
                    componentOf[r] = components.size();
                    components.add(new ArrayList<>());
                }
                componentOf[i] = componentOf[r];
                components.get(componentOf[i]).add(i);
            }
        }
        List<List<int[]>> componentRelations = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            componentRelations.add(new ArrayList<>());
        }
        for (int[] r : relations) {
            for (int c : r) {
                if (lo[c] != hi[c]) {
                    componentRelations.get(componentOf[c]).add(r);
                    break;
                }
            }
        }
        int lpComponents = 0;
        int largest = 0;
        int outerOnly = 0;
        long lps = 0;
        boolean feasible = true;
        long uncertain = components.stream().mapToLong(List::size).sum();
        try (Progress progress = Progress.start("interval audit: linked cells", uncertain, "cells")) {
            for (int k = 0; k < components.size(); k++) {
                List<Integer> cells = components.get(k);
                progress.stepBy(cells.size());
                largest = Math.max(largest, cells.size());
                int first = owner[cells.get(0)];
                boolean oneTable = first >= 0 && cells.stream().allMatch(c -> owner[c] == first);
                if (oneTable && networkExact[first]) {
                    continue; // already exact: the network audit of its only table
                }
                if (cells.size() > maxLpVariables) {
                    outerOnly += cells.size();
                    continue;
                }
                long solved = solveComponent(cells, componentRelations.get(k), lo, hi);
                if (solved < 0) {
                    feasible = false;
                    lps += -solved;
                } else {
                    lps += solved;
                    lpComponents++;
                }
            }
        }
        return new Result(new Bounds(lo, hi, feasible), components.size(), lpComponents, largest, outerOnly, lps + flows);
    }

    /** The bounds of the cells {@code ids}: their lower bounds, then their upper bounds. */
    private static long[] boundsOf(int[] ids, long[] lo, long[] hi) {
        long[] b = new long[2 * ids.length];
        for (int c = 0; c < ids.length; c++) {
            b[c] = lo[ids[c]];
            b[ids.length + c] = hi[ids[c]];
        }
        return b;
    }

    private static boolean unchangedSince(long[] bounds, int[] ids, long[] lo, long[] hi) {
        for (int c = 0; c < ids.length; c++) {
            if (bounds[c] != lo[ids[c]] || bounds[ids.length + c] != hi[ids[c]]) {
                return false;
            }
        }
        return true;
    }

    /** Bound propagation to a fixed point; false if the priors contradict the relations. */
    static boolean propagate(long[] lo, long[] hi, List<int[]> relations, int[][] byCell) {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        boolean[] queued = new boolean[relations.size()];
        for (int i = 0; i < relations.size(); i++) {
            queue.add(i);
            queued[i] = true;
        }
        // Interval propagation can creep by one unit per pass around a cycle; cap the work and keep what holds so far.
        long budget = 200L * Math.max(1, relations.size());
        final long inf = PublishedSystem.UNBOUNDED;
        while (!queue.isEmpty() && budget-- > 0) {
            int ri = queue.poll();
            queued[ri] = false;
            int[] r = relations.get(ri);
            int p = r[0];
            long sumLo = 0;
            long finiteHi = 0;
            int unboundedChildren = 0;
            for (int k = 1; k < r.length; k++) {
                sumLo += lo[r[k]];
                if (hi[r[k]] >= inf) {
                    unboundedChildren++;
                } else {
                    finiteHi += hi[r[k]];
                }
            }
            long sumHi = unboundedChildren > 0 ? inf : finiteHi;
            boolean changed = false;
            if (sumLo > lo[p]) {
                lo[p] = sumLo;
                changed = touch(p, byCell, queue, queued, ri);
            }
            if (sumHi < hi[p]) {
                hi[p] = sumHi;
                changed = touch(p, byCell, queue, queued, ri) || changed;
            }
            if (lo[p] > hi[p]) {
                return false;
            }
            for (int k = 1; k < r.length; k++) {
                int c = r[k];
                boolean cUnbounded = hi[c] >= inf;
                int othersUnbounded = unboundedChildren - (cUnbounded ? 1 : 0);
                if (othersUnbounded == 0) {
                    long othersHi = finiteHi - (cUnbounded ? 0 : hi[c]);
                    long newLo = lo[p] - othersHi;
                    if (newLo > lo[c]) {
                        lo[c] = newLo;
                        changed = touch(c, byCell, queue, queued, ri);
                    }
                }
                if (hi[p] < inf) {
                    long newHi = hi[p] - (sumLo - lo[c]);
                    if (newHi < hi[c]) {
                        hi[c] = newHi;
                        changed = touch(c, byCell, queue, queued, ri);
                    }
                }
                if (lo[c] > hi[c]) {
                    return false;
                }
            }
            if (changed && !queued[ri]) {
                queued[ri] = true;
                queue.add(ri);
            }
        }
        return true;
    }

    private static boolean touch(int cell, int[][] byCell, ArrayDeque<Integer> queue, boolean[] queued, int except) {
        for (int next : byCell[cell]) {
            if (next != except && !queued[next]) {
                queued[next] = true;
                queue.add(next);
            }
        }
        return true;
    }

    /**
     * Minimises and maximises each cell of one sub-table. Returns the number of LPs solved, negated
     * if the sub-table has no feasible solution.
     */
    private static long solveComponent(List<Integer> cells, List<int[]> relations, long[] lo, long[] hi) {
        int m = cells.size();
        java.util.Map<Integer, Integer> index = new java.util.HashMap<>(m * 2);
        for (int i = 0; i < m; i++) {
            index.put(cells.get(i), i);
        }
        // Variables y = x - lo >= 0, so the solver's non-negativity carries the lower bounds.
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int[] r : relations) {
            double[] a = new double[m];
            double rhs = 0;
            for (int k = 0; k < r.length; k++) {
                int c = r[k];
                int sign = k == 0 ? 1 : -1;
                Integer v = index.get(c);
                if (v == null) {
                    rhs -= sign * (double) lo[c];
                } else {
                    a[v] += sign;
                    rhs -= sign * (double) lo[c];
                }
            }
            constraints.add(new LinearConstraint(a, Relationship.EQ, rhs));
        }
        for (int i = 0; i < m; i++) {
            long h = hi[cells.get(i)];
            if (h < PublishedSystem.UNBOUNDED) {
                double[] a = new double[m];
                a[i] = 1;
                constraints.add(new LinearConstraint(a, Relationship.LEQ, h - lo[cells.get(i)]));
            }
        }
        LinearConstraintSet set = new LinearConstraintSet(constraints);
        SimplexSolver solver = new SimplexSolver(1e-6, 10, 1e-10);
        double[] seenMin = new double[m];
        double[] seenMax = new double[m];
        Arrays.fill(seenMin, Double.POSITIVE_INFINITY);
        Arrays.fill(seenMax, Double.NEGATIVE_INFINITY);
        long[] newLo = new long[m];
        long[] newHi = new long[m];
        long solved = 0;
        for (int i = 0; i < m; i++) {
            int c = cells.get(i);
            newLo[i] = lo[c];
            newHi[i] = hi[c];
        }
        for (int i = 0; i < m; i++) {
            int c = cells.get(i);
            double range = hi[c] >= PublishedSystem.UNBOUNDED ? Double.POSITIVE_INFINITY : hi[c] - lo[c];
            for (GoalType goal : new GoalType[] {GoalType.MAXIMIZE, GoalType.MINIMIZE}) {
                boolean max = goal == GoalType.MAXIMIZE;
                // A feasible table already reaches the propagated bound: the bound is tight.
                if (max ? seenMax[i] >= range - 1e-7 : seenMin[i] <= 1e-7) {
                    continue;
                }
                double[] objective = new double[m];
                objective[i] = 1;
                try {
                    PointValuePair p = solver.optimize(new MaxIter(1_000_000), new LinearObjectiveFunction(objective, 0),
                            set, goal, new NonNegativeConstraint(true));
                    solved++;
                    double[] y = p.getPoint();
                    for (int k = 0; k < m; k++) {
                        seenMin[k] = Math.min(seenMin[k], y[k]);
                        seenMax[k] = Math.max(seenMax[k], y[k]);
                    }
                    if (max) {
                        newHi[i] = Math.min(newHi[i], lo[c] + (long) Math.floor(p.getValue() + 1e-6));
                    } else {
                        newLo[i] = Math.max(newLo[i], lo[c] + (long) Math.ceil(p.getValue() - 1e-6));
                    }
                } catch (NoFeasibleSolutionException e) {
                    return -(solved + 1);
                } catch (UnboundedSolutionException e) {
                    solved++;
                } catch (TooManyIterationsException e) {
                    solved++;
                }
            }
        }
        for (int i = 0; i < m; i++) {
            int c = cells.get(i);
            lo[c] = newLo[i];
            hi[c] = newHi[i];
        }
        return solved;
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }

    private static void union(int[] root, int a, int b) {
        int ra = find(root, a);
        int rb = find(root, b);
        if (ra != rb) {
            root[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
