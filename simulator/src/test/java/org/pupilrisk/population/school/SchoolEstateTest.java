package org.pupilrisk.population.school;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.population.geography.Frame;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.geography.Geography;
import org.pupilrisk.population.pupil.PupilModel;

/** The national school estate against the published counts and size distributions (calibration-facts §1.5–1.6). */
class SchoolEstateTest {

    static SchoolEstate national;
    static SchoolEstate small;

    @BeforeAll
    static void build() {
        Geography geo = Geography.build(CalibrationTargets.bundled(), 1);
        national = SchoolEstate.build(geo, Frame.of(geo, 9_092_073, 2024, 2024, PupilModel.effectiveCohorts(), 1),
                PupilModel.PARTICIPATION, 1);
        small = SchoolEstate.build(geo, Frame.of(geo, 200_000, 2024, 2024, PupilModel.effectiveCohorts(), 1),
                PupilModel.PARTICIPATION, 1);
    }

    static double count(SchoolEstate e, SchoolType t) {
        double n = 0;
        for (SchoolType s : e.type) {
            n += s == t ? 1 : 0;
        }
        return n;
    }

    static double meanSize(SchoolEstate e, SchoolType t) {
        double s = 0;
        for (int i = 0; i < e.size(); i++) {
            s += e.type[i] == t ? e.plannedSize[i] : 0;
        }
        return s / count(e, t);
    }

    @Test
    void nationalSchoolCountsAreNearThePublishedOnes() {
        // 2023/24: 24,453 schools; primary 16,764; secondary 3,452; special 1,050; AP 333; independent 2,421
        assertThat((double) national.size()).isCloseTo(24_453, within(24_453 * 0.15));
        assertThat(count(national, SchoolType.PRIMARY)).isCloseTo(16_764, within(16_764 * 0.15));
        assertThat(count(national, SchoolType.SECONDARY)).isCloseTo(3_452, within(3_452 * 0.2));
        assertThat(count(national, SchoolType.SPECIAL)).isCloseTo(1_050, within(1_050 * 0.2));
        assertThat(count(national, SchoolType.AP)).isCloseTo(333, within(333 * 0.25));
    }

    @Test
    void specialSchoolsHoldAbout150PupilsAndApSchoolsAbout50AtAnyScale() {
        for (SchoolEstate e : new SchoolEstate[] {national, small}) {
            assertThat(meanSize(e, SchoolType.SPECIAL)).isBetween(110.0, 190.0);
            assertThat(meanSize(e, SchoolType.AP)).isBetween(30.0, 70.0);
            assertThat(meanSize(e, SchoolType.SECONDARY)).isBetween(750.0, 1150.0);
        }
        // Primary size depends on the urban/rural mix: national as published; a 200k run holds ~13 LAs' clusters,
        // so its mean follows the LAs drawn (validation.csv marks it below 20 LAs)
        assertThat(meanSize(national, SchoolType.PRIMARY)).isBetween(220.0, 320.0);
        assertThat(meanSize(small, SchoolType.PRIMARY)).isBetween(200.0, 420.0);
    }

    @Test
    void manyPrimariesAreSmallRuralSchools() {
        // 5,406 of ~16,770 primaries had 200 pupils or fewer in 2018; 12% had fewer than 100
        double small200 = 0;
        double small100 = 0;
        double n = 0;
        for (int i = 0; i < national.size(); i++) {
            if (national.type[i] == SchoolType.PRIMARY) {
                n++;
                small200 += national.plannedSize[i] <= 200 ? 1 : 0;
                small100 += national.plannedSize[i] < 100 ? 1 : 0;
            }
        }
        assertThat(small200 / n).isBetween(0.2, 0.45);
        assertThat(small100 / n).isBetween(0.04, 0.2);
    }

    @Test
    void everyGeneratedDistrictHasEachKindOfSchoolToGoTo() {
        for (SchoolType t : new SchoolType[] {SchoolType.PRIMARY, SchoolType.SECONDARY, SchoolType.SPECIAL, SchoolType.AP,
            SchoolType.INDEPENDENT}) {
            for (int g : small.groupOf[t.ordinal()]) {
                assertThat(g).as(t.name()).isNotNegative();
            }
        }
    }

    @Test
    void aPoolGetsAsManySchoolsAsItsDemandHoldsAtTheMeanSize() {
        // 1.4 schools' worth is one school of 70, not two of 35 (drawing sizes until they cover the demand rounded
        // the count up about half the time: AP rolls of 37 against 48 at 200,000 pupils)
        double[] next = {40, 60, 50, 45};
        int[] k = {0};
        java.util.List<Double> one = SchoolEstate.fillCount(70, 50, () -> next[k[0]++ % next.length]);
        assertThat(one).containsExactly(70.0);
        k[0] = 0;
        java.util.List<Double> three = SchoolEstate.fillCount(160, 50, () -> next[k[0]++ % next.length]);
        assertThat(three).hasSize(3);
        assertThat(three.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(160, within(1e-9));
        // sizes keep their drawn proportions: 40:60:50 scaled by 160/150
        assertThat(three.get(1) / three.get(0)).isCloseTo(1.5, within(1e-9));
        // a small pool still gets one school
        assertThat(SchoolEstate.fillCount(20, 50, () -> 45)).containsExactly(20.0);
    }
}
