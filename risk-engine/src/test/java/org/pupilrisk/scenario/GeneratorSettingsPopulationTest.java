package org.pupilrisk.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.pupil.PupilLives;
import org.pupilrisk.population.pupil.PupilModel;
import org.pupilrisk.population.pupil.PupilYear;

/**
 * A settings file is the generator's input: the printed defaults give the very population the defaults give (every
 * record compared), and a changed value moves the population the way it says. Records are generated in memory
 * through the same per-child code the Spark job runs (no Spark here).
 */
class GeneratorSettingsPopulationTest {

    static final long PUPILS = 20_000;
    static final long SEED = 7;

    @Test
    void printedSettingsReadBackGiveTheDefaultPopulationRecordForRecord() {
        CalibrationTargets bundled = CalibrationTargets.bundled();
        CalibrationTargets read = GeneratorSettings.parse(GeneratorSettings.print(bundled, "test"), "printed", bundled);
        Summary a = summarise(PopulationGenerator.model(PUPILS, 2024, 2024, SEED, Double.NaN, bundled));
        Summary b = summarise(PopulationGenerator.model(PUPILS, 2024, 2024, SEED, Double.NaN, read));
        assertThat(b.pupils).isGreaterThan(15_000);
        assertThat(b.digest).isEqualTo(a.digest);
    }

    @Test
    void aHigherFreeSchoolMealsTargetGivesMoreEligiblePupilsAndNothingElseChangesItsSize() {
        CalibrationTargets bundled = CalibrationTargets.bundled();
        CalibrationTargets more = GeneratorSettings.parse("calibration:\n  fsm_eligible_rate:\n    \"2024/25\": 35.7\n",
                "fsm.yaml", bundled);
        Summary base = summarise(PopulationGenerator.model(PUPILS, 2024, 2024, SEED, Double.NaN, bundled));
        Summary changed = summarise(PopulationGenerator.model(PUPILS, 2024, 2024, SEED, Double.NaN, more));
        // the generator calibrates FSM in state-funded schools to the target: 25.7% -> 35.7%, ten points up
        assertThat(100.0 * base.fsmState / base.state).isBetween(24.7, 26.7);
        assertThat(100.0 * changed.fsmState / changed.state).isBetween(34.7, 36.7);
        assertThat(changed.pupils).isEqualTo(base.pupils);
        assertThat(changed.digest).isNotEqualTo(base.digest);
    }

    @Test
    void aWiderDistrictSpreadGivesMoreUnequalDistricts() {
        CalibrationTargets bundled = CalibrationTargets.bundled();
        double sd = bundled.value("postcode_district_size_lognormal_sd_default");
        CalibrationTargets wide = GeneratorSettings.parse("calibration:\n  postcode_district_size_lognormal_sd_default: "
                + GeneratorSettings.number(Math.min(2, sd + 0.6)) + "\n", "spread.yaml", bundled);
        PupilModel base = PopulationGenerator.model(200_000, 2024, 2024, SEED, Double.NaN, bundled);
        PupilModel wider = PopulationGenerator.model(200_000, 2024, 2024, SEED, Double.NaN, wide);
        assertThat(logSd(wider.frame.children)).isGreaterThan(logSd(base.frame.children) + 0.2);
    }

    private static double logSd(int[] children) {
        double s = 0;
        double ss = 0;
        for (int c : children) {
            double l = Math.log(c);
            s += l;
            ss += l * l;
        }
        double mean = s / children.length;
        return Math.sqrt(ss / children.length - mean * mean);
    }

    private static final class Summary {
        long pupils;
        long state;
        long fsmState;
        String digest;
    }

    private static Summary summarise(PupilModel model) {
        Summary s = new Summary();
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        PupilLives lives = new PupilLives(model);
        PupilYear p = new PupilYear();
        PupilLives.Sink sink = new PupilLives.Sink() {
            @Override
            public void pupil(PupilYear y) {
                s.pupils++;
                boolean state = model.estate.type[y.school].stateFunded();
                if (state) {
                    s.state++;
                    s.fsmState += y.fsm ? 1 : 0;
                }
                md.update((y.pupilId + "," + y.censusYear + "," + y.dobEpochDay + "," + y.sex + "," + y.ethnicity + ","
                        + y.fsm + "," + y.sen + "," + y.need + "," + y.lsoa + "," + y.school + "," + y.uprn + ";")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void apPlacement(PupilYear y, int reason, int setting, int apSchool, int la, int start) {
                md.update(("ap" + y.pupilId + "," + reason + "," + setting + "," + apSchool + "," + start + ";")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void exclusion(PupilYear y, int category, int reason, int reason2, int reason3, int school, int day) {
                md.update(("ex" + y.pupilId + "," + category + "," + reason + "," + reason2 + "," + reason3 + "," + school
                        + "," + day + ";").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        };
        for (long id = 0; id < model.frame.entities(); id++) {
            lives.live(id, p, sink);
        }
        s.digest = HexFormat.of().formatHex(md.digest());
        return s;
    }
}
