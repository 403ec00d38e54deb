package org.pupilrisk.release.tables.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.ReleasedTable;
import org.pupilrisk.release.tables.Tables;

class GeometricMechanismTest {

    private static final int DRAWS = 200_000;

    @Test
    void noiseFollowsTheTwoSidedGeometricPmf() {
        GeometricMechanism m = new GeometricMechanism(0.5);
        SplittableRandom random = new SplittableRandom(42L);
        int span = 12; // bins -12..12, and the two tails pooled
        long[] observed = new long[2 * span + 3];
        for (int i = 0; i < DRAWS; i++) {
            long z = m.noise(random);
            int bin = z < -span ? 0 : z > span ? observed.length - 1 : (int) z + span + 1;
            observed[bin]++;
        }
        double[] expected = new double[observed.length];
        double inside = 0;
        for (int k = -span; k <= span; k++) {
            expected[k + span + 1] = m.pmf(k) * DRAWS;
            inside += m.pmf(k);
        }
        // Tails: P(Z > s) = a^(s+1) / (1 + a) for each side, from the closed form's geometric series.
        double a = Math.exp(-0.5);
        double tail = Math.pow(a, span + 1) / (1 + a);
        assertThat(inside + 2 * tail).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        expected[0] = tail * DRAWS;
        expected[observed.length - 1] = tail * DRAWS;
        double p = new ChiSquareTest().chiSquareTest(expected, observed);
        assertThat(p).as("chi-square p-value").isGreaterThan(0.001);
    }

    @Test
    void varianceMatchesTheClosedForm() {
        for (double eps : new double[] {0.25, 1.0, 2.0}) {
            GeometricMechanism m = new GeometricMechanism(eps);
            SplittableRandom random = new SplittableRandom(1234L);
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < DRAWS; i++) {
                long z = m.noise(random);
                sum += z;
                sumSq += (double) z * z;
            }
            double mean = sum / DRAWS;
            double variance = sumSq / DRAWS - mean * mean;
            double a = Math.exp(-eps);
            double closed = 2 * a / ((1 - a) * (1 - a));
            assertThat(m.variance()).isCloseTo(closed, org.assertj.core.data.Offset.offset(1e-12));
            // Standard error of the sample variance is about variance * sqrt(5 / n) (kurtosis ~6): 3% is > 5 SE.
            assertThat(variance).isCloseTo(closed, org.assertj.core.data.Percentage.withPercentage(3));
            assertThat(Math.abs(mean)).isLessThan(4 * Math.sqrt(closed / DRAWS));
        }
    }

    @Test
    void budgetAddsUpAcrossLevelsAndRefusesOverspending() {
        // Two row dimensions: three levels, each charged epsilon / 3.
        CountTable t = CountTable.of(org.pupilrisk.release.tables.spec.TableSpec.of("t", "true", "LA", "URN", "R"),
                List.of(new CountTable.FinestCount(List.of("1", "10"), "X", 4)));
        PrivacyBudget budget = new PrivacyBudget(1.5);
        NoisyTables.release(t, 0.9, 1L, budget);
        assertThat(budget.ledger()).hasSize(3).allSatisfy(c -> assertThat(c.epsilon()).isCloseTo(0.3,
                org.assertj.core.data.Offset.offset(1e-12)));
        assertThat(budget.spent()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(budget.remaining()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> NoisyTables.release(t, 0.9, 1L, budget)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("privacy budget exceeded");
        // A refused table is refused whole: nothing of it is charged.
        assertThat(budget.spent()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
        NoisyTables.release(t, 0.6, 1L, budget);
        assertThat(budget.remaining()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void releasedTablesAreNonNegativeIntegersWithConsistentTotalsAndRepeatable() {
        CountTable t = Tables.matrix("t", "URN", "R", List.of("A", "B", "C"), List.of("X", "Y"),
                new long[][] {{0, 1}, {2, 30}, {0, 0}});
        ReleasedTable one = NoisyTables.release(t, 0.5, 99L, new PrivacyBudget(10));
        ReleasedTable again = NoisyTables.release(t, 0.5, 99L, new PrivacyBudget(10));
        ReleasedTable other = NoisyTables.release(t, 0.5, 100L, new PrivacyBudget(10));
        assertThat(one.values()).containsExactly(again.values());
        assertThat(one.values()).isNotEqualTo(other.values());
        for (int node = 0; node < t.nodeCount(); node++) {
            long sum = 0;
            for (int c = 0; c < t.columns().size(); c++) {
                assertThat(one.values()[t.cell(node, c)]).isNotNegative();
                sum += one.values()[t.cell(node, c)];
            }
            assertThat(one.values()[t.cell(node, t.totalColumn())]).isEqualTo(sum);
        }
    }
}
