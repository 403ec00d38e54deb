package org.pupilrisk.population.pupil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pupilrisk.population.generator.PopulationGenerator;

/**
 * Pupils changing school outside the normal transition points, counted from two census years of records: about
 * 4% a year (estimate, docs/calibration.md), not the 1% that home moves alone gave.
 */
class SchoolMovesTest {

    @Test
    void aboutFourPercentOfPupilsChangeSchoolBetweenTransitionPointsEachYear() {
        PupilModel model = PopulationGenerator.model(30_000, 2023, 2024, 5);
        Map<Long, int[]> y2023 = new HashMap<>();
        Map<Long, int[]> y2024 = new HashMap<>();
        PupilLives lives = new PupilLives(model);
        PupilYear p = new PupilYear();
        PupilLives.Sink sink = new PupilLives.Sink() {
            @Override
            public void pupil(PupilYear q) {
                (q.censusYear == 2023 ? y2023 : y2024).put(q.pupilId, new int[] {q.school, q.nc});
            }

            @Override
            public void apPlacement(PupilYear q, int reason, int setting, int apSchool, int la, int startEpochDay) {
            }

            @Override
            public void exclusion(PupilYear q, int category, int reason, int reason2, int reason3, int school, int day) {
            }
        };
        for (long id = 0; id < model.frame.entities(); id++) {
            lives.live(id, p, sink);
        }
        double both = 0;
        double moved = 0;
        for (Map.Entry<Long, int[]> e : y2024.entrySet()) {
            int[] now = e.getValue();
            int[] before = y2023.get(e.getKey());
            // Y2..Y11 now, not Y7 (a new phase): the same school is expected unless the pupil moved
            if (before == null || now[1] < Codes.NC_R + 2 || now[1] > Codes.NC_R + 11 || now[1] == Codes.NC_Y7) {
                continue;
            }
            both++;
            moved += before[0] != now[0] ? 1 : 0;
        }
        assertThat(both).isGreaterThan(15_000);
        assertThat(100 * moved / both).isCloseTo(4.0, within(1.5));
    }
}
