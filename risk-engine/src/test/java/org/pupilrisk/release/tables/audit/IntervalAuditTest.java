package org.pupilrisk.release.tables.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.Tables;

class IntervalAuditTest {

    static final long INF = PublishedSystem.UNBOUNDED;

    /**
     * Schools A and B, reasons X and Y:
     * <pre>
     *            X    Y   Total
     *   A        3   12    15
     *   B       10   20    30
     *   England 13   32    45
     * </pre>
     */
    static CountTable schools() {
        return Tables.matrix("t", "URN", "Reason", List.of("A", "B"), List.of("X", "Y"),
                new long[][] {{3, 12}, {10, 20}});
    }

    /** Suppress the named cells (others published exactly); suppressed cells known >= floor. */
    static PublishedSystem publish(CountTable t, long floor, int... suppressed) {
        long[] lo = t.values();
        long[] hi = t.values();
        for (int c : suppressed) {
            lo[c] = floor;
            hi[c] = INF;
        }
        return PublishedSystem.builder().add(t, lo, hi).build();
    }

    @Test
    void differencingRecoversALoneSuppressedCellFromTheRowTotal() {
        CountTable t = schools();
        int a = t.find(List.of("A"));
        int ax = t.cell(a, 0);
        PublishedSystem s = publish(t, 1, ax);
        // Row A: Total 15 - Y 12 = 3.
        Bounds b = Differencing.run(s);
        int id = s.cellIds("t")[ax];
        assertThat(b.lower()[id]).isEqualTo(3);
        assertThat(b.upper()[id]).isEqualTo(3);
        assertThat(IntervalAudit.run(s).bounds().exact(id)).isTrue();
    }

    @Test
    void theAuditGivesTheExactIntervalOfARectangleOfSuppressions() {
        CountTable t = schools();
        int a = t.find(List.of("A"));
        int bNode = t.find(List.of("B"));
        PublishedSystem s = publish(t, 1, t.cell(a, 0), t.cell(a, 1), t.cell(bNode, 0), t.cell(bNode, 1));
        // Let AX = a. Row A: AY = 15 - a. Column X: BX = 13 - a. Column Y: BY = 32 - (15 - a) = 17 + a.
        // Each suppressed cell >= 1 (zeros are published): a >= 1, 15 - a >= 1 (a <= 14),
        // 13 - a >= 1 (a <= 12), 17 + a >= 1. So AX in [1, 12], AY in [3, 14], BX in [1, 12], BY in [18, 29].
        IntervalAudit.Result r = IntervalAudit.run(s);
        int[] ids = s.cellIds("t");
        assertThat(interval(r.bounds(), ids[t.cell(a, 0)])).containsExactly(1L, 12L);
        assertThat(interval(r.bounds(), ids[t.cell(a, 1)])).containsExactly(3L, 14L);
        assertThat(interval(r.bounds(), ids[t.cell(bNode, 0)])).containsExactly(1L, 12L);
        assertThat(interval(r.bounds(), ids[t.cell(bNode, 1)])).containsExactly(18L, 29L);
        // Differencing alone gets nowhere: every relation has two unknowns.
        assertThat(Differencing.run(s).exact(ids[t.cell(a, 0)])).isFalse();
        assertThat(r.components()).isEqualTo(1);
    }

    @Test
    void whenZerosAreAlsoSuppressedTheLowerBoundDropsToZero() {
        CountTable t = schools();
        int a = t.find(List.of("A"));
        int bNode = t.find(List.of("B"));
        PublishedSystem s = publish(t, 0, t.cell(a, 0), t.cell(a, 1), t.cell(bNode, 0), t.cell(bNode, 1));
        // As above without the ">= 1": a in [0, 13] (BX = 13 - a >= 0).
        int[] ids = s.cellIds("t");
        assertThat(interval(IntervalAudit.run(s).bounds(), ids[t.cell(a, 0)])).containsExactly(0L, 13L);
    }

    @Test
    void theLinearProgrammeTightensBoundsThatPropagationLeavesLoose() {
        // Three cells with x1 + x2 = 4, x2 + x3 = 4, x1 + x3 = 4 (relations written as 4 = ...):
        // the only solution is x = (2, 2, 2). Propagation alone gives [0, 4] for each; the LP finds 2.
        long[] lo = {4, 0, 0, 0};
        long[] hi = {4, INF, INF, INF};
        List<int[]> rel = List.of(new int[] {0, 1, 2}, new int[] {0, 2, 3}, new int[] {0, 1, 3});
        PublishedSystem s = PublishedSystem.of(lo, hi, rel);
        long[] pl = s.lower();
        long[] ph = s.upper();
        IntervalAudit.propagate(pl, ph, rel, RelationIndex.of(4, rel));
        assertThat(pl[1]).isZero();
        assertThat(ph[1]).isEqualTo(4);
        Bounds b = IntervalAudit.run(s).bounds();
        for (int c = 1; c <= 3; c++) {
            assertThat(interval(b, c)).containsExactly(2L, 2L);
        }
        // Without the LP (sub-tables too large), the propagated bounds stand and are reported as such.
        IntervalAudit.Result outer = IntervalAudit.run(s, 2);
        assertThat(interval(outer.bounds(), 1)).containsExactly(0L, 4L);
        assertThat(outer.outerOnlyCells()).isEqualTo(3);
    }

    @Test
    void contradictoryFiguresAreReportedAsInconsistent() {
        // Total 5 published, but its two parts are published as 3 and 3.
        PublishedSystem s = PublishedSystem.of(new long[] {5, 3, 3}, new long[] {5, 3, 3}, List.<int[]>of(new int[] {0, 1, 2}));
        assertThat(IntervalAudit.run(s).bounds().consistent()).isFalse();
    }

    /**
     * Second method: on random 4 x 3 tables with random suppression patterns, the audit's intervals
     * equal those of one LP per cell written over the finest cells only (margins as sums of finest
     * cells, no propagation, no decomposition, no pruning).
     */
    @Test
    void agreesWithADirectLinearProgrammeOverTheFinestCells() {
        SplittableRandom random = new SplittableRandom(20261128L);
        int rows = 4;
        int cols = 3;
        for (int trial = 0; trial < 40; trial++) {
            long[][] m = new long[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    m[r][c] = random.nextInt(0, 15);
                }
            }
            List<String> rowNames = List.of("r0", "r1", "r2", "r3");
            CountTable t = Tables.matrix("t", "Row", "Col", rowNames, List.of("c0", "c1", "c2"), m);
            boolean[] sup = new boolean[t.cellCount()];
            for (int c = 0; c < sup.length; c++) {
                sup[c] = random.nextInt(100) < 35;
            }
            long floor = random.nextBoolean() ? 1 : 0;
            long[] lo = t.values();
            long[] hi = t.values();
            for (int c = 0; c < sup.length; c++) {
                if (sup[c]) {
                    lo[c] = floor == 1 && t.value(c) == 0 ? 0 : floor;
                    hi[c] = INF;
                }
            }
            PublishedSystem s = PublishedSystem.builder().add(t, lo, hi).build();
            Bounds audit = IntervalAudit.run(s).bounds();
            int[] ids = s.cellIds("t");
            for (int c = 0; c < sup.length; c++) {
                if (!sup[c]) {
                    continue;
                }
                long[] direct = directInterval(t, lo, sup, c);
                assertThat(interval(audit, ids[c])).as("trial %d cell %s", trial, t.label(c)).containsExactly(direct[0], direct[1]);
            }
        }
    }

    /**
     * Second method for nested tables: on random LA > school > reason tables, the network-flow bounds
     * (system built from the table) equal those of Commons Math's simplex on the same relations given
     * as a bare system (no table structure, so every sub-table goes to the LP).
     */
    @Test
    void networkFlowsAgreeWithTheSimplexOnNestedTables() {
        SplittableRandom random = new SplittableRandom(99L);
        for (int trial = 0; trial < 25; trial++) {
            RandomRelease r = RandomRelease.of(random, "n" + trial);
            IntervalAudit.Result network = IntervalAudit.run(r.withTable());
            IntervalAudit.Result simplex = IntervalAudit.run(r.bare(), 10_000);
            assertThat(simplex.outerOnlyCells()).isZero();
            assertThat(network.bounds().lower()).as("trial %d lower", trial).containsExactly(simplex.bounds().lower());
            assertThat(network.bounds().upper()).as("trial %d upper", trial).containsExactly(simplex.bounds().upper());
        }
    }

    /**
     * The disclosure detail against the simplex on the same random nested tables: every lower bound
     * equal, an upper bound equal wherever the simplex says the cell cannot exceed its true value, and
     * elsewhere sound (at least the simplex's) and above the true value. Hence the same exact
     * recoveries, the same "at least one pupil" and the same "no pupil" cells.
     */
    @Test
    void theDisclosureDetailDecidesWhatTheFiguresReadExactly() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int trial = 0; trial < 25; trial++) {
            RandomRelease r = RandomRelease.of(random, "d" + trial);
            CountTable t = r.table();
            int[] ids = r.withTable().cellIds(t.name());
            Bounds exact = IntervalAudit.run(r.bare(), 10_000).bounds();
            Bounds disclosure = IntervalAudit.disclosure(r.withTable(), IntervalAudit.DEFAULT_MAX_LP_VARIABLES).bounds();
            assertThat(disclosure.lower()).as("trial %d lower", trial).containsExactly(exact.lower());
            for (int c = 0; c < t.cellCount(); c++) {
                int id = ids[c];
                if (exact.upper()[id] == t.value(c)) {
                    assertThat(disclosure.upper()[id]).as("trial %d cell %d", trial, c).isEqualTo(t.value(c));
                } else {
                    assertThat(disclosure.upper()[id]).as("trial %d cell %d", trial, c)
                            .isGreaterThanOrEqualTo(exact.upper()[id]).isGreaterThan(t.value(c));
                }
                assertThat(disclosure.exact(id)).isEqualTo(exact.exact(id));
            }
        }
    }

    /**
     * Tables that share cells are audited round after round; a table none of whose cells' bounds changed since its
     * own last audit is passed by. On random pairs of tables sharing each LA's total and England's (4 LAs > 6 schools
     * by 4 reasons, and the same LAs by sex), each with its own suppression pattern, the bounds with tables passed by
     * equal those with every table audited in every round, for each detail (no linear programme after the rounds,
     * so the rounds' bounds are what is compared); and some tables were passed by (fewer flows).
     */
    @Test
    void aTableWhoseCellsDidNotChangeIsNotAuditedAgain() {
        SplittableRandom random = new SplittableRandom(31L);
        int passedBy = 0;
        int secondAuditsMatter = 0;
        for (int trial = 0; trial < 200; trial++) {
            CountTable nested = NetworkAuditTest.nested(random, 4, 6, List.of("A", "B", "C", "D"));
            // each LA's pupils split at random between two sexes: the two tables share each LA's total and England's
            long[] laTotal = new long[5];
            for (int c = 0; c < nested.cellCount(); c++) {
                List<String> path = nested.path(nested.nodeOf(c));
                if (path.size() == 2 && !nested.isTotal(c)) {
                    laTotal[Integer.parseInt(path.get(0))] += nested.value(c);
                }
            }
            List<CountTable.FinestCount> bySex = new ArrayList<>();
            for (int la = 1; la <= 4; la++) {
                long f = random.nextLong(laTotal[la] + 1);
                bySex.add(new CountTable.FinestCount(List.of(String.valueOf(la)), "F", f));
                bySex.add(new CountTable.FinestCount(List.of(String.valueOf(la)), "M", laTotal[la] - f));
            }
            CountTable las = CountTable.of(org.pupilrisk.release.tables.spec.TableSpec.of("sexes", "true", "LA", "Sex"), bySex);
            PublishedSystem.Builder b = PublishedSystem.builder();
            for (CountTable t : List.of(nested, las)) {
                long[][] priors = suppressedAtRandom(random, t, 75);
                b.add(t, priors[0], priors[1]);
            }
            PublishedSystem system = b.build();
            assertThat(system.size()).isLessThan(nested.cellCount() + las.cellCount()); // the tables share cells
            for (IntervalAudit.Detail detail : IntervalAudit.Detail.values()) {
                IntervalAudit.Result skipping = IntervalAudit.run(system, 0, detail, true);
                IntervalAudit.Result every = IntervalAudit.run(system, 0, detail, false);
                assertThat(skipping.bounds().lower()).as("trial %d %s lower", trial, detail).containsExactly(every.bounds().lower());
                assertThat(skipping.bounds().upper()).as("trial %d %s upper", trial, detail).containsExactly(every.bounds().upper());
                assertThat(skipping.bounds().consistent()).isEqualTo(every.bounds().consistent());
                passedBy += skipping.linearProgrammes() < every.linearProgrammes() ? 1 : 0;
            }
            // each table audited once, then propagation: where this falls short, a table audited again mattered
            long[] lo = system.lower();
            long[] hi = system.upper();
            int[][] byCell = RelationIndex.of(lo.length, system.relations());
            propagateAll(system, lo, hi, byCell);
            Bounds every = IntervalAudit.run(system, 0, IntervalAudit.Detail.INTERVALS, false).bounds();
            secondAuditsMatter += java.util.Arrays.equals(lo, every.lower()) && java.util.Arrays.equals(hi, every.upper()) ? 0 : 1;
        }
        assertThat(passedBy).isPositive();
        // the pairs include one (trial 149 of these 200) where a table whose cells changed had to be audited again
        assertThat(secondAuditsMatter).isPositive();
    }

    private static void propagateAll(PublishedSystem system, long[] lo, long[] hi, int[][] byCell) {
        IntervalAudit.propagate(lo, hi, system.relations(), byCell);
        for (CountTable t : system.tables()) {
            NetworkAudit.tighten(t, system.cellIds(t.name()), lo, hi, IntervalAudit.Detail.INTERVALS, 1, 1);
        }
        IntervalAudit.propagate(lo, hi, system.relations(), byCell);
    }

    /**
     * A random LA > school > reason table with about 30% of its cells suppressed (known to be at least
     * 0, or at least 1 for some non-zero cells), published both as a table system (network audit) and
     * as a bare system of the same relations (every sub-table to the simplex).
     */
    record RandomRelease(CountTable table, PublishedSystem withTable, PublishedSystem bare) {
        static RandomRelease of(SplittableRandom random, String name) {
            return of(random, name, 30);
        }

        /** As {@link #of(SplittableRandom, String)} with about {@code percent}% of the cells suppressed. */
        static RandomRelease of(SplittableRandom random, String name, int percent) {
            CountTable t = Tables.randomNested(random, name);
            long[][] priors = suppressedAtRandom(random, t, percent);
            long[] lo = priors[0];
            long[] hi = priors[1];
            PublishedSystem withTable = PublishedSystem.builder().add(t, lo, hi).build();
            int[] ids = withTable.cellIds(t.name());
            long[] bareLo = new long[withTable.size()];
            long[] bareHi = new long[withTable.size()];
            for (int c = 0; c < lo.length; c++) {
                bareLo[ids[c]] = lo[c];
                bareHi[ids[c]] = hi[c];
            }
            return new RandomRelease(t, withTable, PublishedSystem.of(bareLo, bareHi, withTable.relations()));
        }
    }

    /**
     * What a reader knows of a table with about {@code percent}% of its cells suppressed: {lower, upper} per cell, the
     * value itself for a published cell; for a suppressed one at least 0, or at least 1 for some non-zero cells.
     */
    static long[][] suppressedAtRandom(SplittableRandom random, CountTable t, int percent) {
        long[] lo = t.values();
        long[] hi = t.values();
        for (int c = 0; c < lo.length; c++) {
            if (random.nextInt(100) < percent) {
                lo[c] = t.value(c) > 0 && random.nextBoolean() ? 1 : 0;
                hi[c] = INF;
            }
        }
        return new long[][] {lo, hi};
    }

    /** min and max of cell {@code target} over non-negative finest cells matching every published cell. */
    private static long[] directInterval(CountTable t, long[] lo, boolean[] sup, int target) {
        int rows = t.nodeCount() - 1;
        int cols = t.columns().size();
        int n = rows * cols;
        List<LinearConstraint> cons = new ArrayList<>();
        for (int cell = 0; cell < t.cellCount(); cell++) {
            double[] a = coefficients(t, cell, rows, cols);
            if (sup[cell]) {
                cons.add(new LinearConstraint(a, Relationship.GEQ, lo[cell]));
            } else {
                cons.add(new LinearConstraint(a, Relationship.EQ, t.value(cell)));
            }
        }
        LinearConstraintSet set = new LinearConstraintSet(cons);
        double[] objective = coefficients(t, target, rows, cols);
        double min = new SimplexSolver().optimize(new MaxIter(10000), new LinearObjectiveFunction(objective, 0), set,
                GoalType.MINIMIZE, new NonNegativeConstraint(true)).getValue();
        long max;
        try {
            max = (long) Math.floor(new SimplexSolver().optimize(new MaxIter(10000), new LinearObjectiveFunction(objective, 0),
                    set, GoalType.MAXIMIZE, new NonNegativeConstraint(true)).getValue() + 1e-6);
        } catch (org.apache.commons.math3.optim.linear.UnboundedSolutionException e) {
            max = INF; // nothing published bounds it (its whole margin chain is suppressed)
        }
        return new long[] {(long) Math.ceil(min - 1e-6), max};
    }

    /** Which finest cells (row-major, rows = leaf nodes 1..rows) a published cell adds up. */
    private static double[] coefficients(CountTable t, int cell, int rows, int cols) {
        double[] a = new double[rows * cols];
        int node = t.nodeOf(cell);
        int col = t.columnOf(cell);
        for (int r = 0; r < rows; r++) {
            if (node != 0 && node != r + 1) {
                continue;
            }
            for (int c = 0; c < cols; c++) {
                if (col == t.totalColumn() || col == c) {
                    a[r * cols + c] = 1;
                }
            }
        }
        return a;
    }

    static List<Long> interval(Bounds b, int id) {
        return List.of(b.lower()[id], b.upper()[id]);
    }
}
