package org.pupilrisk.population.pupil;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.calibration.Target;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.school.SchoolType;

/**
 * Universal Credit transitional protection read back from the records of a 2019-2024 panel: a protected pupil once
 * recorded FSM-eligible is recorded eligible at every later state-funded census until rollout ends, and after it to
 * the end of the school phase only.
 */
class FsmProtectionTest {

    private record Census(int year, int nc, boolean fsm) {
    }

    /** pupil id -> the pupil's state-funded censuses from reception on, in year order. */
    private static Map<Long, List<Census>> records(PupilModel model) {
        Map<Long, List<Census>> out = new HashMap<>();
        LivedYears.records(model, q -> {
            if (q.nc >= Codes.NC_R && model.estate.type[q.school] != SchoolType.INDEPENDENT) {
                out.computeIfAbsent(q.pupilId, k -> new ArrayList<>()).add(new Census(q.censusYear, q.nc, q.fsm));
            }
        });
        return out;
    }

    private static PupilModel model(double sharePercent, int lastRolloutCensus) {
        return model(sharePercent, lastRolloutCensus, 2019, 2024);
    }

    private static PupilModel model(double sharePercent, int lastRolloutCensus, int firstYear, int lastYear) {
        CalibrationTargets t = CalibrationTargets.bundled();
        List<Target> rows = t.all();
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (rows.get(i).quantity()) {
                case "fsm_transitional_protection_share_estimate" -> sharePercent;
                case "fsm_transitional_protection_last_rollout_census_estimate" -> lastRolloutCensus;
                default -> rows.get(i).value();
            };
        }
        return PopulationGenerator.model(5_000, firstYear, lastYear, 3, Double.NaN, t.withValues(v));
    }

    private static boolean secondary(int nc) {
        return nc >= Codes.NC_Y7;
    }

    @Test
    void duringRolloutEveryPupilOnceEligibleStaysEligible() {
        Map<Long, List<Census>> panel = records(model(100, 2025));
        int kept = 0;
        for (Map.Entry<Long, List<Census>> e : panel.entrySet()) {
            boolean was = false;
            for (Census c : e.getValue()) {
                if (was) {
                    assertThat(c.fsm()).as("pupil %d in %d", e.getKey(), c.year()).isTrue();
                    kept++;
                }
                was |= c.fsm();
            }
        }
        assertThat(kept).isGreaterThan(1_000);
    }

    @Test
    void afterRolloutProtectionEndsWithThePhase() {
        Map<Long, List<Census>> panel = records(model(100, 2020));
        int phaseEnds = 0;
        int lostAtPhaseEnd = 0;
        for (Map.Entry<Long, List<Census>> e : panel.entrySet()) {
            List<Census> cs = e.getValue();
            for (int i = 1; i < cs.size(); i++) {
                Census before = cs.get(i - 1);
                Census now = cs.get(i);
                if (!before.fsm() || now.year() <= 2020) {
                    continue;
                }
                if (secondary(before.nc()) == secondary(now.nc())) {
                    assertThat(now.fsm()).as("pupil %d in %d, same phase", e.getKey(), now.year()).isTrue();
                } else {
                    phaseEnds++;
                    lostAtPhaseEnd += now.fsm() ? 0 : 1;
                }
            }
        }
        // Y6 -> Y7 after rollout: some families no longer meet the criteria and, unprotected, lose FSM
        assertThat(phaseEnds).isGreaterThan(50);
        assertThat(lostAtPhaseEnd).isGreaterThan(0);
    }

    @Test
    void aLaterOneYearRunKnowsWhoWasProtectedSinceTheFirstProtectedCensus() {
        // 2027 is more than seven censuses after 2019: the years lived before the run must reach back to 2019
        Map<Long, Boolean> panel = new HashMap<>();
        for (Map.Entry<Long, List<Census>> e : records(model(100, 2030, 2019, 2027)).entrySet()) {
            for (Census c : e.getValue()) {
                if (c.year() == 2027) {
                    panel.put(e.getKey(), c.fsm());
                }
            }
        }
        Map<Long, Boolean> single = new HashMap<>();
        for (Map.Entry<Long, List<Census>> e : records(model(100, 2030, 2027, 2027)).entrySet()) {
            single.put(e.getKey(), e.getValue().get(0).fsm());
        }
        assertThat(single).isEqualTo(panel);
    }

    @Test
    void withoutProtectionPupilsLeaveFsmWithinThePhase() {
        Map<Long, List<Census>> panel = records(model(0, 2025));
        int left = 0;
        for (List<Census> cs : panel.values()) {
            for (int i = 1; i < cs.size(); i++) {
                left += cs.get(i - 1).fsm() && !cs.get(i).fsm() && secondary(cs.get(i - 1).nc()) == secondary(cs.get(i).nc()) ? 1 : 0;
            }
        }
        assertThat(left).isGreaterThan(20);
    }
}
