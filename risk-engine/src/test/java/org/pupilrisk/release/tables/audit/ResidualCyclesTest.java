package org.pupilrisk.release.tables.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pupilrisk.release.tables.audit.ResidualCycles.EXACT;
import static org.pupilrisk.release.tables.audit.ResidualCycles.FALLS;
import static org.pupilrisk.release.tables.audit.ResidualCycles.MOVES;
import static org.pupilrisk.release.tables.audit.ResidualCycles.RISES;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.CountTable;

/**
 * Which cells can move, read off the residual network's cycles, against hand-worked networks and against the
 * simplex's exact intervals on random suppressed tables.
 */
class ResidualCyclesTest {

    /** A residual network: arc k from tail[k] to head[k], with capacity forward (can rise) and back (can fall). */
    private static int[] classify(int vertices, int[][] arcs) {
        int m = arcs.length;
        int[] tail = new int[m];
        int[] head = new int[m];
        long[] fwd = new long[m];
        long[] back = new long[m];
        for (int k = 0; k < m; k++) {
            tail[k] = arcs[k][0];
            head[k] = arcs[k][1];
            fwd[k] = arcs[k][2];
            back[k] = arcs[k][3];
        }
        return ResidualCycles.classify(vertices, tail, head, fwd, back, ResidualCycles.adjacency(vertices, tail, head));
    }

    @Test
    void aCycleOfOneWayArcsLetsEachRiseAndAnArcLeavingItIsExact() {
        // 0 -> 1 -> 2 -> 0 with room to rise only, and 2 -> 3 which nothing returns from
        int[] how = classify(4, new int[][] {{0, 1, 5, 0}, {1, 2, 5, 0}, {2, 0, 5, 0}, {2, 3, 5, 0}});
        assertThat(how).containsExactly(RISES, RISES, RISES, EXACT);
    }

    @Test
    void anArcAtItsUpperBoundInACycleCanOnlyFall() {
        // arc 0 runs 1 -> 0 with room only to fall (residual 0 -> 1); 1 -> 2 -> 0 closes that cycle
        int[] how = classify(3, new int[][] {{1, 0, 0, 4}, {1, 2, 3, 0}, {2, 0, 3, 0}});
        assertThat(how).containsExactly(FALLS, RISES, RISES);
    }

    @Test
    void aTwoWayArcIsExactOnlyWhenItIsABridge() {
        // 0 <-> 1 hangs off the cycle 1 -> 2 -> 3 -> 1: nothing but itself joins 0 to the rest
        int[] bridge = classify(4, new int[][] {{0, 1, 2, 2}, {1, 2, 2, 0}, {2, 3, 2, 0}, {3, 1, 2, 0}});
        assertThat(bridge).containsExactly(EXACT, RISES, RISES, RISES);
        // two two-way arcs between the same vertices: each is the other's way back
        int[] parallel = classify(2, new int[][] {{0, 1, 2, 2}, {0, 1, 2, 2}});
        assertThat(parallel).containsExactly(MOVES, MOVES);
        // u <-> v with a one-way return v -> w -> u: the two-way arc can rise (v back to u without it) though not
        // fall; the class only says it moves
        int[] oneWayReturn = classify(3, new int[][] {{0, 1, 2, 2}, {1, 2, 2, 0}, {2, 0, 2, 0}});
        assertThat(oneWayReturn).containsExactly(MOVES, RISES, RISES);
    }

    @Test
    void anArcWithNoRoomEitherWayIsExactAndIsNoWayBack() {
        // the arc without room is not a second way between 0 and 1: the two-way arc beside it is a bridge
        int[] how = classify(2, new int[][] {{0, 1, 0, 0}, {0, 1, 3, 3}});
        assertThat(how).containsExactly(EXACT, EXACT);
    }

    /**
     * Second method, the definition itself: on random residual networks (some arcs with room one way, some both,
     * some neither; parallel arcs and bridges occur), an arc can rise when a search finds a path from its head back
     * to its tail without it, and fall when one finds a path from its tail to its head without it; each arc's class
     * agrees with the two searches.
     */
    @Test
    void agreesWithASearchForEachArcsWayBack() {
        SplittableRandom random = new SplittableRandom(4L);
        int[] seen = new int[4];
        for (int trial = 0; trial < 400; trial++) {
            int vertices = 2 + random.nextInt(9);
            int m = 1 + random.nextInt(2 * vertices);
            int[][] arcs = new int[m][];
            for (int k = 0; k < m; k++) {
                int t = random.nextInt(vertices);
                int h = (t + 1 + random.nextInt(vertices - 1)) % vertices;
                arcs[k] = new int[] {t, h, random.nextInt(3) == 0 ? 0 : 2, random.nextInt(3) == 0 ? 0 : 2};
            }
            int[] how = classify(vertices, arcs);
            for (int k = 0; k < m; k++) {
                boolean rises = arcs[k][2] > 0 && reaches(vertices, arcs, arcs[k][1], arcs[k][0], k);
                boolean falls = arcs[k][3] > 0 && reaches(vertices, arcs, arcs[k][0], arcs[k][1], k);
                int expected = rises && falls ? MOVES : rises ? RISES : falls ? FALLS : EXACT;
                if (how[k] == MOVES) {
                    // the class does not say which way a two-way arc inside a component moves, only that it does
                    assertThat(rises || falls).as("trial %d arc %d", trial, k).isTrue();
                    assertThat(arcs[k][2] > 0 && arcs[k][3] > 0).isTrue();
                } else {
                    assertThat(how[k]).as("trial %d arc %d", trial, k).isEqualTo(expected);
                }
                seen[how[k]]++;
            }
        }
        for (int kind : seen) {
            assertThat(kind).as("arcs of each class").isGreaterThan(50);
        }
    }

    /** Whether a breadth-first search along residual arcs, arc {@code without} left out, gets from s to t. */
    private static boolean reaches(int vertices, int[][] arcs, int s, int t, int without) {
        boolean[] seen = new boolean[vertices];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        queue.add(s);
        seen[s] = true;
        while (!queue.isEmpty()) {
            int u = queue.poll();
            if (u == t) {
                return true;
            }
            for (int k = 0; k < arcs.length; k++) {
                if (k == without) {
                    continue;
                }
                int v = arcs[k][0] == u && arcs[k][2] > 0 ? arcs[k][1] : arcs[k][1] == u && arcs[k][3] > 0 ? arcs[k][0] : -1;
                if (v >= 0 && !seen[v]) {
                    seen[v] = true;
                    queue.add(v);
                }
            }
        }
        return false;
    }

    /**
     * Second method: on random LA > school > reason tables with 10% to 70% of cells suppressed, the exactness
     * detail (which reads exactness off the cycles) finds exactly the cells whose simplex interval has zero
     * width, and the disclosure detail's bounds still equal the simplex's lower bounds.
     */
    @Test
    void theExactCellsAreTheSimplexsZeroWidthIntervals() {
        SplittableRandom random = new SplittableRandom(20261204L);
        int exactSeen = 0;
        int movingSeen = 0;
        for (int trial = 0; trial < 60; trial++) {
            IntervalAuditTest.RandomRelease r = IntervalAuditTest.RandomRelease.of(random, "r" + trial, 10 + 10 * (trial % 7));
            CountTable t = r.table();
            PublishedSystem withTable = r.withTable();
            int[] ids = withTable.cellIds(t.name());
            long[] priorLo = withTable.lower();
            long[] priorHi = withTable.upper();
            Bounds simplex = IntervalAudit.run(r.bare(), 10_000).bounds();
            Bounds exactness = IntervalAudit.exactness(withTable, IntervalAudit.DEFAULT_MAX_LP_VARIABLES).bounds();
            Bounds disclosure = IntervalAudit.disclosure(withTable, IntervalAudit.DEFAULT_MAX_LP_VARIABLES).bounds();
            for (int c = 0; c < t.cellCount(); c++) {
                int id = ids[c];
                if (priorLo[id] == priorHi[id]) {
                    continue; // published
                }
                assertThat(exactness.exact(id)).as("trial %d cell %s", trial, t.label(c)).isEqualTo(simplex.exact(id));
                assertThat(disclosure.lower()[id]).as("trial %d cell %s", trial, t.label(c)).isEqualTo(simplex.lower()[id]);
                exactSeen += simplex.exact(id) ? 1 : 0;
                movingSeen += simplex.exact(id) ? 0 : 1;
            }
        }
        // both kinds of suppressed cell occur, so the comparison covers each
        assertThat(exactSeen).isGreaterThan(20);
        assertThat(movingSeen).isGreaterThan(20);
    }
}
