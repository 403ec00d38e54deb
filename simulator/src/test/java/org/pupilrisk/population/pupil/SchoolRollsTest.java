package org.pupilrisk.population.pupil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.school.SchoolType;

/**
 * Pupils who go to school in another district of their LA pick it in proportion to its children, so a primary's roll
 * counted from the records follows its planned size whether its district is small or big (picked uniformly, the
 * small districts' schools were overfilled and the big ones' half-empty, which made too many primaries look small).
 */
class SchoolRollsTest {

    @Test
    void theOtherDistrictIsDrawnInProportionToItsChildrenAndNeverHome() {
        int[] laDs = {7, 8, 9};
        double[] cumulative = {10, 40, 100}; // children 10, 30, 60; home 8: the others hold 10 of 70 and 60 of 70
        assertThat(PupilLives.otherDistrict(laDs, cumulative, 8, 0.0)).isEqualTo(7);
        assertThat(PupilLives.otherDistrict(laDs, cumulative, 8, 9.99 / 70)).isEqualTo(7);
        assertThat(PupilLives.otherDistrict(laDs, cumulative, 8, 10.01 / 70)).isEqualTo(9);
        assertThat(PupilLives.otherDistrict(laDs, cumulative, 8, 0.999999)).isEqualTo(9);
        // home first: the rest is 30 of 90 and 60 of 90
        assertThat(PupilLives.otherDistrict(laDs, cumulative, 7, 0.33)).isEqualTo(8);
        assertThat(PupilLives.otherDistrict(laDs, cumulative, 7, 0.34)).isEqualTo(9);
    }

    @Test
    void primaryRollsFollowPlannedSizesInSmallAndBigDistricts() {
        PupilModel m = PopulationGenerator.model(200_000, 2024, 2024, 5);
        int schools = m.estate.type.length;
        long[] roll = new long[schools];
        PupilLives lives = new PupilLives(m);
        PupilYear p = new PupilYear();
        PupilLives.Sink sink = new PupilLives.Sink() {
            @Override
            public void pupil(PupilYear q) {
                roll[q.school]++;
            }

            @Override
            public void apPlacement(PupilYear q, int reason, int setting, int apSchool, int la, int startEpochDay) {
            }

            @Override
            public void exclusion(PupilYear q, int category, int reason, int reason2, int reason3, int school, int epochDay) {
            }
        };
        for (long id = 0; id < m.frame.entities(); id++) {
            lives.live(id, p, sink);
        }
        // each LA's taken districts split at the LA's median size: roll over planned size, small vs big districts
        double[] rollSum = new double[2];
        double[] plannedSum = new double[2];
        for (int[] ds : m.frame.laDistricts) {
            if (ds.length < 2) {
                continue;
            }
            int[] sizes = java.util.Arrays.stream(ds).map(d -> m.frame.children[d]).sorted().toArray();
            double median = sizes[sizes.length / 2];
            for (int d : ds) {
                int g = m.estate.groupOf[SchoolType.PRIMARY.ordinal()][d];
                int big = m.frame.children[d] >= median ? 1 : 0;
                for (int s : m.estate.groupSchools[g]) {
                    rollSum[big] += roll[s];
                    plannedSum[big] += m.estate.plannedSize[s];
                }
            }
        }
        double small = rollSum[0] / plannedSum[0];
        double big = rollSum[1] / plannedSum[1];
        assertThat(small / big).isCloseTo(1.0, within(0.06));
    }
}
