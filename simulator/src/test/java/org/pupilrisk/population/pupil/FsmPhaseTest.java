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
 * FSM by school phase, read back from the records of a 2019-2024 panel without transitional protection (so the
 * criteria alone decide): fewer pupils meet the criteria in secondary than in primary, by the 2018/19 phase rates'
 * odds ratio, and the unprotected leave FSM less often within secondary than within primary, by the
 * {@code fsm_exit_secondary_relative_estimate} setting.
 */
class FsmPhaseTest {

    private record Census(int year, int nc, boolean fsm) {
    }

    /** pupil id -> the pupil's state-funded primary/secondary-school censuses from reception on, in year order. */
    private static Map<Long, List<Census>> records(PupilModel model) {
        Map<Long, List<Census>> out = new HashMap<>();
        LivedYears.records(model, q -> {
            SchoolType type = model.estate.type[q.school];
            if (q.nc >= Codes.NC_R && (type == SchoolType.PRIMARY || type == SchoolType.SECONDARY)) {
                out.computeIfAbsent(q.pupilId, k -> new ArrayList<>()).add(new Census(q.censusYear, q.nc, q.fsm));
            }
        });
        return out;
    }

    /** A 2019-2024 panel of 5,000 pupils a year without protection, the named rows changed. */
    private static PupilModel model(double exitRatio, double secondaryRate2019) {
        CalibrationTargets t = CalibrationTargets.bundled();
        List<Target> rows = t.all();
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            Target r = rows.get(i);
            v[i] = r.quantity().equals("fsm_transitional_protection_share_estimate") ? 0
                    : r.quantity().equals("fsm_exit_secondary_relative_estimate") ? exitRatio
                    : r.quantity().equals("fsm_rate_secondary") && r.year().equals("2018/19") ? secondaryRate2019
                    : r.value();
        }
        return PopulationGenerator.model(5_000, 2019, 2024, 3, Double.NaN, t.withValues(v));
    }

    private static boolean secondary(int nc) {
        return nc >= Codes.NC_Y7;
    }

    /** [phase][pupil-years, FSM, FSM with a next census in the same phase, of whom not FSM then]. */
    private static double[][] counts(Map<Long, List<Census>> panel) {
        double[][] c = new double[2][4];
        for (List<Census> cs : panel.values()) {
            for (int i = 0; i < cs.size(); i++) {
                Census now = cs.get(i);
                double[] ph = c[secondary(now.nc()) ? 1 : 0];
                ph[0]++;
                ph[1] += now.fsm() ? 1 : 0;
                if (now.fsm() && i + 1 < cs.size() && cs.get(i + 1).year() == now.year() + 1
                        && secondary(cs.get(i + 1).nc()) == secondary(now.nc())) {
                    ph[2]++;
                    ph[3] += cs.get(i + 1).fsm() ? 0 : 1;
                }
            }
        }
        return c;
    }

    private static double odds(double p) {
        return p / (1 - p);
    }

    @Test
    void fewerPupilsMeetTheCriteriaInSecondaryByThe2019PhaseRates() {
        double[][] withGradient = counts(records(model(1, 14.1)));
        double[][] without = counts(records(model(1, 15.8)));
        double p = withGradient[0][1] / withGradient[0][0];
        double s = withGradient[1][1] / withGradient[1][0];
        double p0 = without[0][1] / without[0][0];
        double s0 = without[1][1] / without[1][0];
        // the 2018/19 odds ratio (14.1% vs 15.8%: 0.875) is the secondary pupils' own, on top of whatever SEN and
        // area give the phases: measured against the same panel without it (same pupils, same draws). Tolerance:
        // about three standard errors of the two pooled six-year rates at 5,000 pupils a year.
        double measured = odds(s) / odds(p) / (odds(s0) / odds(p0));
        assertThat(measured).isCloseTo(odds(0.141) / odds(0.158), org.assertj.core.data.Offset.offset(0.06));
        assertThat(s / p).isLessThan(s0 / p0);
    }

    @Test
    void theUnprotectedLeaveFsmLessOftenWithinSecondary() {
        PupilModel m = model(0.3, 14.1);
        double[][] c = counts(records(m));
        double exitPrimary = c[0][3] / c[0][2];
        double exitSecondary = c[1][3] / c[1][2];
        double[][] even = counts(records(model(1, 14.1)));
        double evenRatio = (even[1][3] / even[1][2]) / (even[0][3] / even[0][2]);
        assertThat(c[0][2]).isGreaterThan(1_000);
        assertThat(c[1][2]).isGreaterThan(1_000);
        // second method: the stationary bivariate normal's exit at the primary pupils' own rate and correlation
        // (home moves and SEN changes also move a pupil's threshold, a few per cent of exits in primary)
        double closedForm = 1 - Persistence.persistence(c[0][1] / c[0][0], m.fsmRho[0]);
        assertThat(exitPrimary).isCloseTo(closedForm, org.assertj.core.data.Percentage.withPercentage(15));
        // secondary: the setting scales the latent's exit by 0.3; the threshold moves (home moves, SEN changes) do
        // not scale, so the measured exit falls to about half of primary's, where with the setting at 1 it is
        // higher than primary's (secondary's lower rate): at 5,000 pupils a year about 2,000 FSM pupil-years a phase
        assertThat(evenRatio).isGreaterThan(1);
        assertThat(exitSecondary / exitPrimary).isLessThan(0.65);
        assertThat((exitSecondary / exitPrimary) / evenRatio).isLessThan(0.55);
    }
}
