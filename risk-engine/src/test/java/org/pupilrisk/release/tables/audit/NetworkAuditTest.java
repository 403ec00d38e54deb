package org.pupilrisk.release.tables.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.spec.TableSpec;

/**
 * The network audit's cells shared out among threads: each cell's bounds are questions of its own on one fixed
 * network, so the bounds must not depend on how many threads ask them or which cells each takes.
 */
class NetworkAuditTest {

    static final long INF = PublishedSystem.UNBOUNDED;

    /**
     * On the random nested tables the simplex checks ({@link IntervalAuditTest.RandomRelease}), the bounds from three
     * threads taking one cell at a time equal the simplex's, in both details that run flows.
     */
    @Test
    void cellsSharedOutAmongThreadsGiveTheSimplexBounds() {
        SplittableRandom random = new SplittableRandom(99L);
        int flowsNeeded = 0;
        for (int trial = 0; trial < 25; trial++) {
            IntervalAuditTest.RandomRelease r = IntervalAuditTest.RandomRelease.of(random, "n" + trial, 60);
            PublishedSystem system = r.withTable();
            Bounds simplex = IntervalAudit.run(r.bare(), 10_000).bounds();
            long[][] propagated = propagated(system);
            flowsNeeded += java.util.Arrays.equals(propagated[0], simplex.lower())
                    && java.util.Arrays.equals(propagated[1], simplex.upper()) ? 0 : 1;
            long[][] threaded = tighten(system, r.table(), IntervalAudit.Detail.INTERVALS, 3, 1);
            assertThat(threaded[0]).as("trial %d lower", trial).containsExactly(simplex.lower());
            assertThat(threaded[1]).as("trial %d upper", trial).containsExactly(simplex.upper());
        }
        // some tables (three of these 25) have bounds that propagation alone does not find: the threads found them
        assertThat(flowsNeeded).isPositive();
    }

    /**
     * A national-shaped table (40 LAs of 25 schools, six reasons, about 40% of its 7,300 cells suppressed: some 2,900
     * uncertain cells): one thread and two, three or eight threads give the same bounds, cell for cell, for the full
     * intervals and for the disclosure detail.
     */
    @Test
    void aLargeTableHasTheSameBoundsWhateverTheNumberOfThreads() {
        SplittableRandom random = new SplittableRandom(20261206L);
        CountTable t = nested(random, 40, 25, List.of("A", "B", "C", "D", "E", "F"));
        long[][] priors = IntervalAuditTest.suppressedAtRandom(random, t, 40);
        assertThat(java.util.Arrays.stream(priors[1]).filter(h -> h == INF).count()).isGreaterThan(2_500); // uncertain
        PublishedSystem system = PublishedSystem.builder().add(t, priors[0], priors[1]).build();
        for (IntervalAudit.Detail detail : List.of(IntervalAudit.Detail.INTERVALS, IntervalAudit.Detail.DISCLOSURE)) {
            long[][] one = tighten(system, t, detail, 1, 1);
            // the cells do move: the audit is not a no-op on this table
            assertThat(one[0]).as("%s lower", detail).isNotEqualTo(system.lower());
            for (int threads : new int[] {2, 3, 8}) {
                long[][] many = tighten(system, t, detail, threads, 1);
                assertThat(many[0]).as("%s lower, %d threads", detail, threads).containsExactly(one[0]);
                assertThat(many[1]).as("%s upper, %d threads", detail, threads).containsExactly(one[1]);
            }
        }
    }

    /** The system's bounds after propagation alone. */
    private static long[][] propagated(PublishedSystem system) {
        long[] lo = system.lower();
        long[] hi = system.upper();
        assertThat(IntervalAudit.propagate(lo, hi, system.relations(), RelationIndex.of(lo.length, system.relations()))).isTrue();
        return new long[][] {lo, hi};
    }

    /** The system's bounds after propagation, then one network audit of the table with the given threads. */
    private static long[][] tighten(PublishedSystem system, CountTable t, IntervalAudit.Detail detail, int threads,
                                    int minArcsPerWorker) {
        long[][] bounds = propagated(system);
        long[] lo = bounds[0];
        long[] hi = bounds[1];
        long solved = NetworkAudit.tighten(t, system.cellIds(t.name()), lo, hi, detail, threads, minArcsPerWorker);
        assertThat(solved).isGreaterThanOrEqualTo(0);
        return new long[][] {lo, hi};
    }

    /** {@code las} LAs of {@code schools} schools each, the given reasons, AP-census-like small counts. */
    static CountTable nested(SplittableRandom random, int las, int schools, List<String> reasons) {
        List<CountTable.FinestCount> finest = new ArrayList<>();
        for (int la = 1; la <= las; la++) {
            for (int s = 0; s < schools; s++) {
                for (String reason : reasons) {
                    long v = random.nextInt(10) < 4 ? 0 : random.nextInt(1, 25);
                    finest.add(new CountTable.FinestCount(List.of(String.valueOf(la), la + "-" + s), reason, v));
                }
            }
        }
        return CountTable.of(TableSpec.of("national", "true", "LA", "URN", "Reason"), finest);
    }
}
