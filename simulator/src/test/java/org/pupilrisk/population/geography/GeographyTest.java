package org.pupilrisk.population.geography;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.population.calibration.CalibrationTargets;

/** England's geography: the real LAs, and synthetic areas nested and sized as the reference says. */
class GeographyTest {

    static Geography geo;

    @BeforeAll
    static void build() {
        geo = Geography.build(CalibrationTargets.bundled(), 1);
    }

    @Test
    void has153LocalAuthoritiesInNineRegionsWithUniqueDfeNumbers() {
        assertThat(geo.las).hasSize(153);
        assertThat(Arrays.stream(geo.las).mapToInt(LocalAuthority::number).distinct().count()).isEqualTo(153);
        assertThat(Arrays.stream(geo.las).mapToInt(LocalAuthority::region).distinct().count()).isEqualTo(9);
        Map<Integer, Long> perRegion = new HashMap<>();
        for (LocalAuthority la : geo.las) {
            perRegion.merge(la.region(), 1L, Long::sum);
        }
        // London boroughs and the City: 33
        assertThat(perRegion.get(6)).isEqualTo(33);
        assertThat(Arrays.stream(geo.las).filter(la -> la.number() == 330).findFirst().orElseThrow().name()).isEqualTo("Birmingham");
        assertThat(Arrays.stream(geo.las).filter(la -> la.number() == 942).findFirst().orElseThrow().name()).isEqualTo("Cumberland");
    }

    @Test
    void areaCountsMatchTheReference() {
        // 33,755 LSOAs (2021); about 2,600 postcode districts in England (estimate)
        assertThat(geo.lsoas()).isBetween(32_000, 35_500);
        assertThat(geo.districts()).isBetween(2_300, 2_900);
        double pupils = Arrays.stream(geo.lsoaPupils).sum();
        assertThat(pupils).isCloseTo(9_092_073, org.assertj.core.api.Assertions.within(1.0));
    }

    @Test
    void everyCoarserCodeFollowsFromTheFinerOne() {
        Set<String> sectors = new HashSet<>();
        Map<String, Integer> sectorDistrict = new HashMap<>();
        for (int l = 0; l < geo.lsoas(); l++) {
            int d = geo.lsoaDistrict[l];
            String sector = geo.lsoaSector[l];
            assertThat(sector).startsWith(geo.districtCode[d] + " ");
            assertThat(sectorDistrict.merge(sector, d, (a, b) -> a.equals(b) ? a : -1)).isNotNegative();
            sectors.add(sector);
            assertThat(l).isBetween(geo.districtFirstLsoa[d], geo.districtFirstLsoa[d] + geo.districtLsoaCount[d] - 1);
        }
        assertThat(sectors.size()).isBetween(8_500, 11_500); // about 10,000 sectors (estimate)
        assertThat(Arrays.stream(geo.districtCode).distinct().count()).isEqualTo(geo.districts());
        for (int d = 0; d < geo.districts(); d++) {
            assertThat(Geography.postcodeArea(geo.districtCode[d])).isEqualTo(geo.las[geo.districtLa[d]].postcodeArea());
        }
    }

    @Test
    void theSameSeedBuildsTheSameGeography() {
        Geography again = Geography.build(CalibrationTargets.bundled(), 1);
        assertThat(again.lsoaSector).isEqualTo(geo.lsoaSector);
        assertThat(again.lsoaFsmLogit).isEqualTo(geo.lsoaFsmLogit);
    }
}
