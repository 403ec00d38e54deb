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
            long[] lo = t.values();
            long[] hi = t.values();
            for (int c = 0; c < lo.length; c++) {
                if (random.nextInt(100) < 40) {
                    lo[c] = random.nextInt(2);
                    hi[c] = PublishedSystem.UNBOUNDED;
                }
            }
            PublishedSystem fresh = PublishedSystem.builder().add(t, lo, hi).build();
            PublishedSystem replaced = shape.withPriors(lo, hi);
            assertThat(replaced.lower()).containsExactly(fresh.lower());
            assertThat(replaced.upper()).containsExactly(fresh.upper());
            assertThat(replaced.relations().stream().map(java.util.Arrays::toString).toList())
                    .containsExactlyElementsOf(fresh.relations().stream().map(java.util.Arrays::toString).toList());
            assertThat(replaced.cellIds(t.name())).containsExactly(fresh.cellIds(t.name()));
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
}
