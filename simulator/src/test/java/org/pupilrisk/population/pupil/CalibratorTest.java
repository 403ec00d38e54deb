package org.pupilrisk.population.pupil;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.generator.PopulationGenerator;

/**
 * The calibration's sample is lived in chunks on several threads: its rows are those of one loop over the children,
 * in the same order, so the constants solved from them do not depend on the number of cores.
 */
class CalibratorTest {

    private static final List<Function<Calibrator.Samples, Object>> COLUMNS = List.of(
            s -> s.independentWeight, s -> s.fsmLogit, s -> s.apSchoolMult, s -> s.ehcpState, s -> s.laEhcpMult,
            s -> s.laOtherMult, s -> s.suspensionMult, s -> s.pexMult, s -> s.state, s -> s.linkedPex,
            s -> s.fsmProtectedOnly, s -> s.claMult, s -> s.cinMult, s -> s.suspensionShape, s -> s.pexShape,
            s -> s.sex, s -> s.sen, s -> s.ethnicity, s -> s.fsm);

    @Test
    void aSampleLivedInParallelChunksHoldsTheRowsOfOneLoopInOrder() {
        PupilModel model = PopulationGenerator.model(5_000, 2023, 2024, 3, Double.NaN, CalibrationTargets.bundled());
        PupilLives lives = new PupilLives(model);
        long n = model.frame.entities();
        for (boolean groupsOnly : new boolean[] {false, true}) {
            Calibrator.Samples loop = Calibrator.run(lives, n, 3_001, groupsOnly, 1);
            Calibrator.Samples chunked = Calibrator.run(lives, n, 3_001, groupsOnly, 7);
            assertThat(loop.size).isGreaterThan(groupsOnly ? 10 : 3_000);
            assertThat(chunked.size).isEqualTo(loop.size);
            for (Function<Calibrator.Samples, Object> column : COLUMNS) {
                assertThat(column.apply(chunked)).isEqualTo(column.apply(loop));
            }
        }
    }
}
