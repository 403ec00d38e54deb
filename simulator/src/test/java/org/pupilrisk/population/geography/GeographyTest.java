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
        // a sector is the district and one digit, so a district has at most ten (big districts were cut to nine)
        for (String sector : sectors) {
            assertThat(sector.substring(sector.indexOf(' ') + 1)).matches("[0-9]");
        }
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

    @Test
    void theDistrictSpreadSettingSkewsDistrictSizesAndKeepsTheirTotal() {
        // sd of log(pupils per district) measured on the built districts; within an LA the sizes are renormalised
        // to the LA's pupils, so the measured spread is near, not equal to, the setting
        Geography flat = Geography.build(CalibrationTargets.bundled(), 1, 0.0);
        Geography skewed = Geography.build(CalibrationTargets.bundled(), 1, 0.8);
        assertThat(logSd(skewed)).isGreaterThan(logSd(geo)).isGreaterThan(logSd(flat));
        assertThat(logSd(geo)).isBetween(0.45, 0.75); // default 0.6
        // p90/p10 of district sizes: about 2 when nearly equal, about 4.7 for a lognormal of sd 0.6
        assertThat(ratio90to10(geo)).isGreaterThan(3.0);
        assertThat(ratio90to10(flat)).isLessThan(2.5);
        assertThat(Arrays.stream(skewed.lsoaPupils).sum()).isCloseTo(9_092_073, org.assertj.core.api.Assertions.within(1.0));
    }

    private static double[] districtPupils(Geography g) {
        double[] d = new double[g.districts()];
        for (int l = 0; l < g.lsoas(); l++) {
            d[g.lsoaDistrict[l]] += g.lsoaPupils[l];
        }
        return d;
    }

    private static double logSd(Geography g) {
        double[] d = districtPupils(g);
        double m = Arrays.stream(d).map(Math::log).average().orElseThrow();
        return Math.sqrt(Arrays.stream(d).map(x -> (Math.log(x) - m) * (Math.log(x) - m)).sum() / (d.length - 1));
    }

    private static double ratio90to10(Geography g) {
        double[] d = districtPupils(g);
        Arrays.sort(d);
        return d[(int) (0.9 * d.length)] / d[(int) (0.1 * d.length)];
    }
}
