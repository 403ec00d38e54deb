package org.pupilrisk.population.geography;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.geography.Geography;
import org.pupilrisk.population.pupil.PupilModel;

/** Which districts a run of N pupils takes. */
class FrameTest {

    @Test
    void theSmallestRunAllowedStillTakesOneCutCluster() {
        Geography geo = Geography.build(CalibrationTargets.bundled(), 1);
        // --pupils 100 (PopulationSettings.MIN_PUPILS) used to take no district at all: an empty population whose
        // validation failed on a null mean
        Frame f = Frame.of(geo, PopulationSettings.MIN_PUPILS, 2024, 2024, PupilModel.effectiveCohorts(), 1);
        assertThat(f.districts).isNotEmpty();
        assertThat(f.entities()).isPositive();
        for (int k : f.keptLsoas) {
            assertThat(k).isBetween(0, 1); // one LSOA per district at most: the cluster is cut as far as it goes
        }
    }
}
