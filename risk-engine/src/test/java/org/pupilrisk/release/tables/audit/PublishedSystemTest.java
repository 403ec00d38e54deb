package org.pupilrisk.release.tables.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.Tables;

class PublishedSystemTest {

    /** Another suppression pattern's priors on a system already built equal a system built afresh from them. */
    @Test
    void newPriorsOnOneTableEqualTheSystemBuiltAfresh() {
        SplittableRandom random = new SplittableRandom(41L);
        for (int trial = 0; trial < 20; trial++) {
            CountTable t = Tables.randomNested(random, "p" + trial);
            PublishedSystem shape = PublishedSystem.builder().add(t, t.values(), t.values()).build();
            long[][] priors = randomPriors(random, t);
            long[] lo = priors[0];
            long[] hi = priors[1];
            PublishedSystem fresh = PublishedSystem.builder().add(t, lo, hi).build();
            PublishedSystem replaced = shape.withPriors(lo, hi);
            assertThat(replaced.lower()).containsExactly(fresh.lower());
            assertThat(replaced.upper()).containsExactly(fresh.upper());
            assertThat(replaced.relations().stream().map(java.util.Arrays::toString).toList())
                    .containsExactlyElementsOf(fresh.relations().stream().map(java.util.Arrays::toString).toList());
            assertThat(replaced.cellIds(t.name())).containsExactly(fresh.cellIds(t.name()));
        }
    }

    /**
     * Several tables' priors on a system already built equal a system built afresh from them: an LA > school > reason
     * table and the same LAs by reason (sharing each LA's cells and England's), each with its own random priors.
     */
    @Test
    void newPriorsOnSeveralTablesEqualTheSystemBuiltAfresh() {
        SplittableRandom random = new SplittableRandom(43L);
        for (int trial = 0; trial < 20; trial++) {
            CountTable nested = Tables.randomNested(random, "n" + trial);
            java.util.Map<String, long[]> byLa = new java.util.TreeMap<>();
            for (int c = 0; c < nested.cellCount(); c++) {
                java.util.List<String> path = nested.path(nested.nodeOf(c));
                if (path.size() == 2 && !nested.isTotal(c)) {
                    byLa.computeIfAbsent(path.get(0), k -> new long[nested.columns().size()])[nested.columnOf(c)] += nested.value(c);
                }
            }
            CountTable las = Tables.matrix("l" + trial, "LA", "Reason", java.util.List.copyOf(byLa.keySet()), nested.columns(),
                    byLa.values().toArray(long[][]::new));
            PublishedSystem shape = PublishedSystem.builder().add(nested, nested.values(), nested.values())
                    .add(las, las.values(), las.values()).build();
            PublishedSystem.Builder fresh = PublishedSystem.builder();
            java.util.List<long[]> lower = new java.util.ArrayList<>();
            java.util.List<long[]> upper = new java.util.ArrayList<>();
            for (CountTable t : java.util.List.of(nested, las)) {
                long[][] priors = randomPriors(random, t);
                fresh.add(t, priors[0], priors[1]);
                lower.add(priors[0]);
                upper.add(priors[1]);
            }
            PublishedSystem built = fresh.build();
            PublishedSystem replaced = shape.withPriors(lower, upper);
            assertThat(built.size()).isLessThan(nested.cellCount() + las.cellCount()); // shared cells
            assertThat(replaced.lower()).containsExactly(built.lower());
            assertThat(replaced.upper()).containsExactly(built.upper());
            assertThat(replaced.relations().stream().map(java.util.Arrays::toString).toList())
                    .containsExactlyElementsOf(built.relations().stream().map(java.util.Arrays::toString).toList());
            for (CountTable t : java.util.List.of(nested, las)) {
                assertThat(replaced.cellIds(t.name())).containsExactly(built.cellIds(t.name()));
            }
        }
    }

    @Test
    void priorsAreReplacedOnlyInASystemOfOneTable() {
        CountTable a = IntervalAuditTest.schools();
        CountTable b = Tables.matrix("u", "URN", "Reason", java.util.List.of("A", "B"), java.util.List.of("X", "Y"),
                new long[][] {{3, 12}, {10, 20}});
        PublishedSystem two = PublishedSystem.builder().add(a, a.values(), a.values()).add(b, b.values(), b.values()).build();
        assertThatThrownBy(() -> two.withPriors(a.values(), a.values()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one table");
    }

    /**
     * A relation two tables both publish is one relation of the system: schools A and B by reason in one table, and
     * in another the same with a school C that has no pupils (so every count the two share is equal). Hand count:
     * the first table has 6 relations (England's row, England's three columns, the rows of A and B), the second 7;
     * they share England's row and the rows of A and B (same cells); the system has 6 + 7 - 3 = 10.
     */
    @Test
    void aRelationTwoTablesPublishIsOneRelationOfTheSystem() {
        CountTable two = Tables.matrix("two", "URN", "Reason", java.util.List.of("A", "B"), java.util.List.of("X", "Y"),
                new long[][] {{3, 12}, {10, 20}});
        CountTable three = Tables.matrix("three", "URN", "Reason", java.util.List.of("A", "B", "C"),
                java.util.List.of("X", "Y"), new long[][] {{3, 12}, {10, 20}, {0, 0}});
        assertThat(two.relations()).hasSize(6);
        assertThat(three.relations()).hasSize(7);
        PublishedSystem system = PublishedSystem.builder().add(two, two.values(), two.values())
                .add(three, three.values(), three.values()).build();
        assertThat(system.relations()).hasSize(10);
        // second method: each relation as text (parent, then its children sorted), the first of each text kept
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (CountTable t : java.util.List.of(two, three)) {
            int[] ids = system.cellIds(t.name());
            for (int[] r : t.relations()) {
                int[] g = java.util.Arrays.stream(r).map(c -> ids[c]).toArray();
                int[] children = java.util.Arrays.copyOfRange(g, 1, g.length);
                java.util.Arrays.sort(children);
                if (seen.add(g[0] + ":" + java.util.Arrays.toString(children))) {
                    expected.add(java.util.Arrays.toString(g));
                }
            }
        }
        assertThat(system.relations().stream().map(java.util.Arrays::toString).toList()).containsExactlyElementsOf(expected);
    }

    /** {lower, upper} per cell: the value itself, or for about 40% of cells at least 0 or 1 with no upper bound. */
    private static long[][] randomPriors(SplittableRandom random, CountTable t) {
        long[] lo = t.values();
        long[] hi = t.values();
        for (int c = 0; c < lo.length; c++) {
            if (random.nextInt(100) < 40) {
                lo[c] = random.nextInt(2);
                hi[c] = PublishedSystem.UNBOUNDED;
            }
        }
        return new long[][] {lo, hi};
    }
}
