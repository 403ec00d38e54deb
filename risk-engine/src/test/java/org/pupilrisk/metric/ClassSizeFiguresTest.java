package org.pupilrisk.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The class-size figures on a release small enough to check by hand.
 *
 * <p>Release of n = 10 records on some QI set, population of N = 40:
 * <pre>
 *   class  f  F   records  labelled(A)  homogeneous in A
 *   a      1  1   1        1            yes (one member)
 *   b      1  4   1        0            -
 *   c      2  2   2        2            yes
 *   d      2  8   2        2            no (two labels)
 *   e      4  10  4        1            no (three members unlabelled)
 * </pre>
 */
class ClassSizeFiguresTest {

    static ClassCell cell(long f, long bigF, long records, long labelled, long disclosed) {
        return new ClassCell(1, f, bigF, records, new long[] {labelled, labelled}, new long[] {disclosed, disclosed});
    }

    static final SubgroupClasses RELEASE = new SubgroupClasses(List.of(
            cell(1, 1, 1, 1, 1), // a
            cell(1, 4, 1, 0, 0), // b
            cell(2, 2, 2, 2, 2), // c
            cell(2, 8, 2, 2, 0), // d
            cell(4, 10, 4, 1, 0)), // e
            40, 6, true, SizeHistogram.ofClassSizes(1, 1, 2, 2, 4), OptionalLong.of(40));

    @Test
    void sampleUniquenessCountsRecordsAloneInTheirClass() {
        // a and b: 2 of 10
        assertThat(SampleUniqueness.value(RELEASE)).isEqualTo(0.2);
    }

    @Test
    void recordsAtRiskCountRecordsInClassesSmallerThanK() {
        assertThat(RecordsAtRisk.value(RELEASE, 2)).isEqualTo(0.2); // f=1: 2 records
        assertThat(RecordsAtRisk.value(RELEASE, 3)).isEqualTo(0.6); // f<=2: 2 + 2 + 2
        assertThat(RecordsAtRisk.value(RELEASE, 5)).isEqualTo(1.0); // everything
        assertThat(RecordsAtRisk.value(RELEASE, 10)).isEqualTo(1.0);
    }

    @Test
    void prosecutorRiskIsOneOverTheSampleClassSize() {
        assertThat(ProsecutorRisk.max(RELEASE)).isEqualTo(1.0);
        // (1 + 1 + 2*(1/2) + 2*(1/2) + 4*(1/4)) / 10 = 5/10 = classes / records
        assertThat(ProsecutorRisk.average(RELEASE)).isCloseTo(0.5, within(1e-12));
        // 1/f > 0.2: f in {1, 2, 4}: 1/4 = 0.25 > 0.2, so all 10
        assertThat(ProsecutorRisk.shareAbove(RELEASE, 0.2)).isEqualTo(1.0);
        // 1/f > 0.5 strictly: only f = 1
        assertThat(ProsecutorRisk.shareAbove(RELEASE, 0.5)).isEqualTo(0.2);
    }

    @Test
    void journalistRiskIsOneOverThePopulationClassSize() {
        assertThat(JournalistRisk.max(RELEASE)).isEqualTo(1.0); // class a, F = 1
        // (1/1 + 1/4 + 2/2 + 2/8 + 4/10) / 10 = (1 + 0.25 + 1 + 0.25 + 0.4) / 10 = 0.29
        assertThat(JournalistRisk.average(RELEASE)).isCloseTo(0.29, within(1e-12));
    }

    @Test
    void marketerRiskSumsFOverBigFPerClass() {
        // (1/1 + 1/4 + 2/2 + 2/8 + 4/10) / 10 = 0.29
        assertThat(MarketerRisk.value(RELEASE)).isCloseTo(0.29, within(1e-12));
    }

    @Test
    void sampleUniquesPopulationUniqueIsTheShareOfReleaseUniquesAloneInThePopulation() {
        // sample uniques: a (F = 1) and b (F = 4); only a is alone in the population: 1 of 2
        assertThat(SampleUniquesPopulationUnique.value(RELEASE)).hasValue(0.5);
        // without sample uniques (c, d, e only) there is no such share
        SubgroupClasses noUniques = new SubgroupClasses(RELEASE.cells().subList(2, 5), 40, 6, true,
                SizeHistogram.ofClassSizes(2, 2, 4), OptionalLong.of(40));
        assertThat(SampleUniquesPopulationUnique.value(noUniques)).isEmpty();
    }

    @Test
    void populationUniquenessIsTheShareOfThePopulationUniqueOnTheQiSet() {
        // 6 of 40 population records are alone in their population class
        assertThat(PopulationUniqueness.value(RELEASE)).isEqualTo(0.15);
    }

    @Test
    void homogeneityDisclosesTheLabelsOfHomogeneousClasses() {
        // labelled: 1 + 0 + 2 + 2 + 1 = 6; disclosed: a (1) + c (2) = 3
        assertThat(HomogeneityDisclosure.labelled(RELEASE, 0)).isEqualTo(6);
        assertThat(HomogeneityDisclosure.disclosed(RELEASE, 0)).isEqualTo(3);
    }

    @Test
    void aHistogramKnowsItsRecordsAndClasses() {
        SizeHistogram h = SizeHistogram.ofClassSizes(1, 1, 2, 2, 4);
        assertThat(h.records()).isEqualTo(10);
        assertThat(h.classes()).isEqualTo(5);
        assertThat(h.classes(1)).isEqualTo(2);
        assertThat(h.classes(3)).isZero();
    }
}
