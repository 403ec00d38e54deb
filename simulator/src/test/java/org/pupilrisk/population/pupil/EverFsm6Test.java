package org.pupilrisk.population.pupil;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pupilrisk.population.generator.PopulationGenerator;

/**
 * EVERFSM_6 (FSM-eligible at any of the last six censuses, reception on) read back against the records: in a
 * six-year panel a pupil's 2024 flag is exactly "some 2019-2024 row from reception on says FSM", and a 2024-only
 * run, which writes no earlier rows, gives every pupil the same flag as the panel.
 */
class EverFsm6Test {

    /** pupil id -> bit per census year 2019..2024: 1 = on a roll from reception on and FSM-eligible. */
    private static Map<Long, Integer> fsmYears(PupilModel model) {
        Map<Long, Integer> out = new HashMap<>();
        PupilLives lives = new PupilLives(model);
        PupilYear p = new PupilYear();
        for (long id = 0; id < model.frame.entities(); id++) {
            lives.live(id, p, new Recorder(out, null));
        }
        return out;
    }

    private static Map<Long, Boolean> everFlags(PupilModel model) {
        Map<Long, Boolean> out = new HashMap<>();
        PupilLives lives = new PupilLives(model);
        PupilYear p = new PupilYear();
        for (long id = 0; id < model.frame.entities(); id++) {
            lives.live(id, p, new Recorder(null, out));
        }
        return out;
    }

    private record Recorder(Map<Long, Integer> fsm, Map<Long, Boolean> ever2024) implements PupilLives.Sink {
        @Override
        public void pupil(PupilYear p) {
            if (fsm != null && p.fsm && p.nc >= Codes.NC_R && p.censusYear >= 2019) {
                fsm.merge(p.pupilId, 1 << (p.censusYear - 2019), (a, b) -> a | b);
            }
            if (ever2024 != null && p.censusYear == 2024) {
                ever2024.put(p.pupilId, p.everFsm6);
            }
        }

        @Override
        public void apPlacement(PupilYear p, int reason, int setting, int apSchool, int la, int startEpochDay) {
        }

        @Override
        public void exclusion(PupilYear p, int category, int reason, int reason2, int reason3, int school, int epochDay) {
        }
    }

    @Test
    void theFlagIsFsmAtAnyOfTheLastSixCensusesAndNeedsNoEarlierRows() {
        PupilModel panel = PopulationGenerator.model(5_000, 2019, 2024, 3);
        Map<Long, Integer> fsm = fsmYears(panel);
        Map<Long, Boolean> ever = everFlags(panel);
        int everCount = 0;
        int nowCount = 0;
        for (Map.Entry<Long, Boolean> e : ever.entrySet()) {
            int years = fsm.getOrDefault(e.getKey(), 0);
            assertThat(e.getValue()).as("pupil %d", e.getKey()).isEqualTo(years != 0);
            everCount += e.getValue() ? 1 : 0;
            nowCount += (years & (1 << 5)) != 0 ? 1 : 0;
        }
        // not the current flag under another name: some pupils were eligible earlier but are not now
        assertThat(everCount).isGreaterThan(nowCount);
        assertThat(ever.size()).isGreaterThan(4_000);

        Map<Long, Boolean> single = everFlags(PopulationGenerator.model(5_000, 2024, 2024, 3));
        assertThat(single).isEqualTo(ever);
    }
}
