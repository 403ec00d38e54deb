package org.pupilrisk.release.tables.saferaccess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.population.NpdColumns;

class SaferAccessTest {

    /**
     * LA 1 has three schools with AP pupils, labels X and Y:
     * <pre>
     *   S1: 10 X, 10 Y     S2: 8 X, 7 Y     S3: 3 X (and no Y)
     *   LA: 21 X, 17 Y, 38 in all
     * </pre>
     */
    static TreCube cube() {
        List<TreCube.Atom> atoms = new ArrayList<>();
        atoms.add(atom("S1", "X", 10));
        atoms.add(atom("S1", "Y", 10));
        atoms.add(atom("S2", "X", 8));
        atoms.add(atom("S2", "Y", 7));
        atoms.add(atom("S3", "X", 3));
        return new TreCube(atoms);
    }

    static TreCube.Atom atom(String school, String label, long n) {
        return new TreCube.Atom(List.of("1", school, "10", "M", "5"), label, n);
    }

    static int[] rows(TreCube cube, String excludedSchool, String label) {
        int urn = TreCube.dimension(NpdColumns.URN);
        return cube.rows(r -> (label == null || cube.atom(r).label().equals(label))
                && !cube.atom(r).key().get(urn).equals(excludedSchool));
    }

    @Test
    void aDifferencingPairPassesPerOutputChecksAndIsCaughtByTheDifferencingAwareChecker() {
        TreCube cube = cube();
        Output laX = new Output("X in LA 1", List.of(cube.cell("LA=1 : X", rows(cube, null, "X"))));
        Output laXWithoutS3 = new Output("X in LA 1 without S3", List.of(cube.cell("LA=1 excluding S3 : X", rows(cube, "S3", "X"))));
        assertThat(laX.cells().get(0).count()).isEqualTo(21);
        assertThat(laXWithoutS3.cells().get(0).count()).isEqualTo(18);
        // Each is >= 10, so each passes on its own; their difference, 21 - 18 = 3, is S3's X pupils.
        OutputChecker plain = OutputChecker.perOutput(OutputRules.acroDefaults());
        assertThat(plain.submit(laX)).isTrue();
        assertThat(plain.submit(laXWithoutS3)).isTrue();
        OutputChecker aware = OutputChecker.differencingAware(OutputRules.acroDefaults());
        assertThat(aware.submit(laX)).isTrue();
        assertThat(aware.submit(laXWithoutS3)).isFalse();
        // Submitted in the other order the pair is caught too: the subset is approved first.
        OutputChecker reversed = OutputChecker.differencingAware(OutputRules.acroDefaults());
        assertThat(reversed.submit(laXWithoutS3)).isTrue();
        assertThat(reversed.submit(laX)).isFalse();
    }

    @Test
    void theAdversaryDisclosesTheSmallSchoolUnderPerOutputChecking() {
        // Per output: LA total 38, X 21, Y 17 pass. Without S1: 18, 11, 7 (Y fails). Without S2: 23, 13, 10
        // pass, n = 15 but neither d_X = 8 nor d_Y = 7 equals 15. Without S3: 35, 18, 17 pass, n = 3 = d_X:
        // S3's 3 AP pupils all have label X. Outputs: 3 for the LA + 3 per school = 12; 11 approved.
        AdversarialResearcher.Result r = AdversarialResearcher.run(cube(),
                OutputChecker.perOutput(OutputRules.acroDefaults()), List.of(NpdColumns.URN), 10);
        assertThat(r.submitted()).isEqualTo(12);
        assertThat(r.approved()).isEqualTo(11);
        assertThat(r.groupsDisclosed()).isEqualTo(1);
        assertThat(r.pupilsDisclosed()).isEqualTo(3);
    }

    @Test
    void theDifferencingAwareCheckerStopsIt() {
        // Without S3 the total differs from the LA's by 3 < 10: rejected, so n is never learned.
        // Without S1: 18 (diff 20) and X 11 (diff 10) pass, Y 7 fails. Without S2: 23 (diff 15) passes,
        // X 13 (diff 8) and Y 10 (diff 7) fail. Without S3: 35 (diff 3) fails, X 18 (diff 3) fails,
        // Y 17 (diff 0, a disclosive zero) fails. Approved: 3 + 2 + 1 = 6.
        AdversarialResearcher.Result r = AdversarialResearcher.run(cube(),
                OutputChecker.differencingAware(OutputRules.acroDefaults()), List.of(NpdColumns.URN), 10);
        assertThat(r.approved()).isEqualTo(6);
        assertThat(r.pupilsDisclosed()).isZero();
    }

    @Test
    void crossTabulationsPrintEveryLabelAndATotal() {
        Output o = cube().crossTab("by school", List.of(NpdColumns.URN));
        // 3 schools x (X, Y, Total); S3's Y is a zero cell, which fails when zeros are disclosive.
        assertThat(o.cells()).hasSize(9);
        assertThat(o.cells()).extracting(Output.Cell::count).containsExactly(10L, 10L, 20L, 8L, 7L, 15L, 3L, 0L, 3L);
        assertThat(OutputChecker.perOutput(OutputRules.acroDefaults()).submit(o)).isFalse();
        assertThat(OutputChecker.perOutput(new OutputRules(1, 2, 0.9, 0.1, false)).submit(o)).isTrue();
    }

    @Test
    void dominanceAndPRatioApplyToMagnitudes() {
        OutputRules rules = OutputRules.acroDefaults();
        // Two largest of 100 are 80 + 15 = 95% > 90%: dominated.
        assertThat(rules.failure(new OutputRules.CellStats(12, 100, new double[] {80, 15, 5}))).isEqualTo("dominance");
        // 50 + 30 = 80% <= 90%; remainder 20 >= 10% of 50: passes.
        assertThat(rules.failure(new OutputRules.CellStats(12, 100, new double[] {50, 30, 20}))).isNull();
        // With k = 99%, 60 + 36 = 96% passes dominance, but the remainder 4 < 10% of 60 = 6: p-ratio.
        assertThat(new OutputRules(10, 2, 0.99, 0.1, true).failure(new OutputRules.CellStats(12, 100, new double[] {60, 36, 4})))
                .isEqualTo("p_ratio");
        // Counts: 9 fails the threshold, 0 is a disclosive zero, 10 passes.
        assertThat(rules.failure(OutputRules.CellStats.ofCount(9))).isEqualTo("threshold");
        assertThat(rules.failure(OutputRules.CellStats.ofCount(0))).isEqualTo("zero");
        assertThat(rules.passesCount(10)).isTrue();
    }

    @Test
    void subsetTestOnSortedRecords() {
        assertThat(DifferencingAwareChecker.subset(new int[] {2, 5}, new int[] {1, 2, 3, 5})).isTrue();
        assertThat(DifferencingAwareChecker.subset(new int[] {2, 4}, new int[] {1, 2, 3, 5})).isFalse();
        assertThat(DifferencingAwareChecker.subset(new int[] {}, new int[] {1})).isTrue();
    }
}
