package org.pupilrisk.release.tables.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.Tables;
import org.pupilrisk.release.tables.audit.Bounds;
import org.pupilrisk.release.tables.audit.Differencing;
import org.pupilrisk.release.tables.audit.IntervalAudit;
import org.pupilrisk.release.tables.audit.PublishedSystem;
import org.pupilrisk.release.tables.spec.TableSpec;

class CellSuppressionTest {

    /** The table of IntervalAuditTest: A = (X 3, Y 12), B = (X 10, Y 20). */
    private static CountTable schools() {
        return Tables.matrix("t", "URN", "Reason", List.of("A", "B"), List.of("X", "Y"), new long[][] {{3, 12}, {10, 20}});
    }

    @Test
    void primarySuppressionAloneLeavesTheSmallCellRecoverable() {
        CountTable t = schools();
        SuppressedTable s = CellSuppression.apply(t, new SuppressionRule(10, false, false, 1));
        int ax = t.cell(t.find(List.of("A")), 0);
        assertThat(s.suppressedCount()).isEqualTo(1);
        assertThat(s.suppressed(ax)).isTrue();
        PublishedSystem system = attackerView(s);
        // Row A: 15 - 12 = 3.
        assertThat(Differencing.run(system).exact(system.cellIds("t")[ax])).isTrue();
    }

    @Test
    void complementarySuppressionFormsTheRectangleAndTheAuditProvesItSafe() {
        CountTable t = schools();
        SuppressedTable s = CellSuppression.apply(t, SuppressionRule.defaults());
        int a = t.find(List.of("A"));
        int b = t.find(List.of("B"));
        // Column X needs a second suppression (B's 10, the only other X); row A needs one (A's Y);
        // row B then has one (B's X) and gets B's Y. Every total stays published.
        List<Integer> suppressed = new ArrayList<>();
        for (int c = 0; c < t.cellCount(); c++) {
            if (s.suppressed(c)) {
                suppressed.add(c);
            }
        }
        assertThat(suppressed).containsExactlyInAnyOrder(t.cell(a, 0), t.cell(a, 1), t.cell(b, 0), t.cell(b, 1));
        PublishedSystem system = attackerView(s);
        Bounds bounds = IntervalAudit.run(system).bounds();
        int id = system.cellIds("t")[t.cell(a, 0)];
        // Hand-worked in IntervalAuditTest: A's X lies anywhere in [1, 12].
        assertThat(bounds.lower()[id]).isEqualTo(1);
        assertThat(bounds.upper()[id]).isEqualTo(12);
    }

    /**
     * Done-when 3, checked independently of the suppression code: across random two-level tables and
     * rules, no cell the release shows has a true value in 1..t-1 (nor 0 when zeros are disclosive),
     * and with secondary suppression the audit, run on a system built here from the published
     * figures alone, finds every primary cell's interval at least 1 wide.
     */
    @Test
    void noPublishedCellIsSmallAndNoPrimaryCellIsRecoverable() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int trial = 0; trial < 30; trial++) {
            CountTable t = Tables.randomNested(random, "t" + trial);
            int threshold = 3 + random.nextInt(8);
            boolean zeros = random.nextBoolean();
            boolean secondary = random.nextInt(3) > 0;
            int rounding = random.nextInt(4) == 0 ? 5 : 1;
            SuppressionRule rule = new SuppressionRule(threshold, zeros, secondary, rounding);
            SuppressedTable s = CellSuppression.apply(t, rule);
            long[] lo = new long[t.cellCount()];
            long[] hi = new long[t.cellCount()];
            for (int c = 0; c < t.cellCount(); c++) {
                long v = t.value(c);
                if (s.published(c) >= 0) {
                    assertThat(v >= 1 && v < threshold).as("published small cell %s = %d", t.label(c), v).isFalse();
                    assertThat(zeros && v == 0).as("published zero %s", t.label(c)).isFalse();
                    assertThat(s.published(c) % rounding).isZero();
                    assertThat(Math.abs(s.published(c) - v)).isLessThanOrEqualTo(rounding / 2);
                    lo[c] = Math.max(0, s.published(c) - rounding / 2);
                    hi[c] = s.published(c) + rounding / 2;
                } else {
                    lo[c] = zeros ? 0 : 1;
                    hi[c] = PublishedSystem.UNBOUNDED;
                }
            }
            if (!secondary) {
                continue;
            }
            PublishedSystem system = PublishedSystem.builder().add(t, lo, hi).build();
            IntervalAudit.Result audit = IntervalAudit.run(system);
            assertThat(audit.outerOnlyCells()).isZero();
            int[] ids = system.cellIds(t.name());
            for (int c = 0; c < t.cellCount(); c++) {
                if (rule.primary(t.value(c))) {
                    assertThat(audit.bounds().width(ids[c])).as("trial %d: %s recovered", trial, t.label(c)).isPositive();
                }
            }
        }
    }

    static PublishedSystem attackerView(SuppressedTable s) {
        return PublishedSystem.builder().add(s.table(), s.attackerLower(), s.attackerUpper()).build();
    }
}
