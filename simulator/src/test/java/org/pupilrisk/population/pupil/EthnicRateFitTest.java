package org.pupilrisk.population.pupil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pupilrisk.population.generator.PopulationGenerator;

/**
 * The small ethnic groups' suspension hazards are fitted on enough of their children: over the whole population
 * (not the calibration sample, which at this size lives about a third of the children and holds ~100 Traveller of
 * Irish heritage pupils) each group's expected suspension rate over all pupils' is the published relative rate.
 */
class EthnicRateFitTest {

    @Test
    void smallGroupsMeetTheirRelativeRatesOverTheWholePopulation() {
        PupilModel m = PopulationGenerator.model(400_000, 2024, 2024, 7);
        int groups = PupilModel.RATE_ETHNIC_GROUP.length;
        double[] events = new double[groups];
        double[] pupils = new double[groups];
        double[] all = new double[2];
        LivedYears.stateFundedYears(m, q -> {
            // expected suspended pupils this year (the fitted hazard, capped at 1)
            double e = Math.min(1, m.suspensionBase * q.suspensionMult);
            all[0]++;
            all[1] += e;
            for (int g = 0; g < groups; g++) {
                if (q.ethnicity == PupilModel.RATE_ETHNIC_GROUP[g]) {
                    pupils[g]++;
                    events[g] += e;
                }
            }
        });
        double overall = all[1] / all[0];
        for (int g = 0; g < groups; g++) {
            double target = m.relativeRateTarget[0][4 + g];
            assertThat((events[g] / pupils[g]) / overall).as(PupilModel.RATE_ETHNIC_NAME[g]).isCloseTo(target, within(0.05 * target));
        }
    }
}
