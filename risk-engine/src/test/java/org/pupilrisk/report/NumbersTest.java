package org.pupilrisk.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How figures read: whole percentages from 10% up, two significant figures below, never a misleading 0. */
class NumbersTest {

    @Test
    void percentages() {
        assertThat(Numbers.percent(0.9312)).isEqualTo("93%");
        assertThat(Numbers.percent(0.935)).isEqualTo("94%");
        assertThat(Numbers.percent(1.0)).isEqualTo("100%");
        assertThat(Numbers.percent(0.0312)).isEqualTo("3.1%");
        assertThat(Numbers.percent(0.0042)).isEqualTo("0.42%");
        assertThat(Numbers.percent(0.00001)).isEqualTo("0.001%");
        assertThat(Numbers.percent(0.0)).isEqualTo("0%");
        assertThat(Numbers.percent(0.1)).isEqualTo("10%");
    }

    @Test
    void intervalsUseTheValuesPrecision() {
        assertThat(Numbers.percentRange(0.8789, 0.8539, 0.9039)).isEqualTo("85–90%");
        assertThat(Numbers.percentRange(0.025, 0.013, 0.05)).isEqualTo("1.3–5.0%");
        assertThat(Numbers.percentRange(0.017, 0.0, 0.042)).isEqualTo("0–4.2%");
        // a bound that rounds to 0 at the value's precision keeps two significant figures
        assertThat(Numbers.percentRange(0.025, 0.0001, 0.05)).isEqualTo("0.01–5.0%");
        // floating-point noise in a bound reads as 0
        assertThat(Numbers.percentRange(0.0, 3.1e-17, 0.43)).isEqualTo("0–43%");
    }

    @Test
    void countsAndOneInN() {
        assertThat(Numbers.count(400000)).isEqualTo("400,000");
        assertThat(Numbers.count(37)).isEqualTo("37");
        assertThat(Numbers.oneIn(0.0791)).isEqualTo(13); // 1 / 0.0791 = 12.64
        assertThat(Numbers.oneIn(0.25)).isEqualTo(4);
        assertThat(Numbers.number(3.7)).isEqualTo("3.7");
        assertThat(Numbers.number(42.5)).isEqualTo("42.5");
        assertThat(Numbers.number(1234.567)).isEqualTo("1,235");
        assertThat(Numbers.number(0.000123456)).isEqualTo("0.0001235");
    }
}
