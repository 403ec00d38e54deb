package org.pupilrisk.population.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IdentityTest {

    @Test
    void theCommonestSurnameIsAboutOnePointTwoPercent() {
        // closed form: ln(7.5/6.5) / ln(1000006.5/6.5) = 0.14310 / 11.9447 = 0.011980
        assertThat(Identity.surnameProbability(1)).isCloseTo(0.011980, within(1e-5));
        int n = 400_000;
        int smith = 0;
        int second = 0;
        for (long p = 0; p < n; p++) {
            int k = Identity.surname(3, p);
            smith += k == 1 ? 1 : 0;
            second += k == 2 ? 1 : 0;
        }
        // binomial sd at n = 400,000: 0.00017
        assertThat(smith / (double) n).isCloseTo(0.011980, within(0.0008));
        assertThat(second / (double) n).isCloseTo(Identity.surnameProbability(2), within(0.0008));
    }

    @Test
    void aChildKeepsItsUnitPostcodeInASectorAndItLiesInThatSector() {
        String a = Identity.unitPostcode(1, 42, "B12 3");
        assertThat(a).startsWith("B12 3").hasSize(7);
        assertThat(Identity.unitPostcode(1, 42, "B12 3")).isEqualTo(a);
        assertThat(Identity.unit("B12 3", 0)).isEqualTo("B12 3AA");
        assertThat(Identity.unit("B12 3", 21)).isEqualTo("B12 3BB");
    }
}
