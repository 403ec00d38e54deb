package org.pupilrisk.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pupilrisk.hierarchy.BuiltInHierarchies.Observed;
import org.pupilrisk.input.InvalidInputException;

/** Built-in hierarchies derived from the data's values. */
class BuiltInHierarchiesTest {

    static Observed obs(long count, String... values) {
        return new Observed(values, count);
    }

    @Test
    void dateOfBirthGoesMonthYearTwoYearBandStar() {
        Hierarchy h = BuiltInHierarchies.fromObserved("DateOfBirth", List.of(),
                List.of(obs(3, "2009-03-14"), obs(1, "2010-12-01"), obs(1, "NA")), Map.of());
        assertThat(h.height()).isEqualTo(5);
        assertThat(h.generalise("2009-03-14", 1)).isEqualTo("2009-03");
        assertThat(h.generalise("2009-03-14", 2)).isEqualTo("2009");
        assertThat(h.generalise("2009-03-14", 3)).isEqualTo("2008-2009");
        assertThat(h.generalise("2010-12-01", 3)).isEqualTo("2010-2011");
        assertThat(h.generalise("2010-12-01", 4)).isEqualTo("*");
        assertThat(h.generalise(null, 2)).isEqualTo("NA");
        // an attacker's date that no pupil has still generalises by the rule
        assertThat(h.generalise("2011-07-30", 3)).isEqualTo("2010-2011");
        assertThatThrownBy(() -> BuiltInHierarchies.fromObserved("DateOfBirth", List.of(), List.of(obs(1, "14/03/2009")), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("14/03/2009");
    }

    @Test
    void postcodeSectorGoesDistrictAreaRegionStar() {
        Hierarchy h = BuiltInHierarchies.fromObserved("PostcodeSector", List.of("Region"),
                List.of(obs(5, "B12 9", "E12000005"), obs(2, "B1 1", "E12000005"), obs(4, "LS6 2", "E12000003")), Map.of());
        assertThat(h.height()).isEqualTo(5);
        assertThat(h.generalise("B12 9", 1)).isEqualTo("B12");
        assertThat(h.generalise("B12 9", 2)).isEqualTo("B");
        assertThat(h.generalise("LS6 2", 2)).isEqualTo("LS");
        assertThat(h.generalise("LS6 2", 3)).isEqualTo("E12000003");
        assertThat(h.generalise("B1 1", 4)).isEqualTo("*");
        Hierarchy noRegion = BuiltInHierarchies.fromObserved("PostcodeDistrict", List.of(),
                List.of(obs(1, "B12"), obs(1, "LS6")), Map.of());
        assertThat(noRegion.height()).as("district, area, *").isEqualTo(3);
        assertThat(noRegion.generalise("LS6", 1)).isEqualTo("LS");
    }

    @Test
    void lsoaTakesTheLaMostOfItsRecordsCarry() {
        // LSOA E01 appears with LA 330 (3 records) and 331 (1 record): its parent is 330
        Hierarchy h = BuiltInHierarchies.fromObserved("LSOA", List.of("LA", "Region"),
                List.of(obs(3, "E01", "330", "R1"), obs(1, "E01", "331", "R2"), obs(2, "E02", "331", "R2")), Map.of());
        assertThat(h.height()).isEqualTo(4);
        assertThat(h.generalise("E01", 1)).isEqualTo("330");
        assertThat(h.generalise("E02", 1)).isEqualTo("331");
        assertThat(h.generalise("E01", 2)).isEqualTo("R1");
        assertThat(h.generalise("E02", 2)).isEqualTo("R2");
    }

    @Test
    void ethnicityAndSenUseTheirParentColumnsAndOthersGoStraightToStar() {
        Hierarchy eth = BuiltInHierarchies.fromObserved("EthnicGroupMinor", List.of("EthnicGroupMajor"),
                List.of(obs(9, "WBRI", "WHIT"), obs(2, "APKN", "ASIA"), obs(1, "AIND", "ASIA")), Map.of());
        assertThat(eth.generalise("AIND", 1)).isEqualTo("ASIA");
        assertThat(eth.share(1, eth.labelCode(1, "ASIA"))).isEqualTo(2.0 / 3);
        Hierarchy sex = BuiltInHierarchies.fromObserved("Sex", List.of(), List.of(obs(1, "F"), obs(1, "M")), Map.of());
        assertThat(sex.height()).isEqualTo(2);
        assertThat(sex.generalise("M", 1)).isEqualTo("*");
    }
}
