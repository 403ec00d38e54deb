package org.pupilrisk.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateIntervalTest {

    @Test
    void wilsonIntervalOfEightOutOfTenMatchesTheHandComputation() {
        // p = 0.8, n = 10, z = 1.959964, z^2 = 3.841459
        // denominator 1 + z^2/n = 1.3841459
        // centre (p + z^2/2n) / denominator = 0.9920729 / 1.3841459 = 0.7167402
        // half z * sqrt(p(1-p)/n + z^2/4n^2) / denominator
        //    = 1.959964 * sqrt(0.016 + 0.0096036) / 1.3841459 = 0.3136162 / 1.3841459 = 0.2265777
        // interval [0.4901625, 0.9433179] (the textbook value 0.490 - 0.943)
        RateInterval ci = RateInterval.of(10, 8);
        assertThat(ci.low()).isCloseTo(0.4901625, within(1e-6));
        assertThat(ci.high()).isCloseTo(0.9433179, within(1e-6));
    }

    @Test
    void zeroSuccessesGiveALowerBoundOfZeroAndAPositiveUpperBound() {
        // x = 0: centre = half = (z^2/2n)/(1+z^2/n); upper = (z^2/n)/(1+z^2/n) = 3.841459/1003.841459 for n = 1000
        RateInterval ci = RateInterval.of(1000, 0);
        assertThat(ci.low()).isCloseTo(0.0, within(1e-12));
        assertThat(ci.high()).isCloseTo(3.841459 / 1003.841459, within(1e-8));
    }

    @Test
    void theMeanOfProbabilitiesUsesTheNearestWholeNumberOfSuccesses() {
        assertThat(RateInterval.ofMean(10, 7.6)).isEqualTo(RateInterval.of(10, 8));
    }
}
