package org.pupilrisk.release.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.scenario.Scenario;

/** The extract-draw interval: where the rate of one shared extract falls, from the spread between draws. */
class SensitivityGridTest {

    private static final Scenario.Profile NEIGHBOUR = new Scenario.Profile("neighbour", "neighbour", "true", null, null, null);

    @Test
    void theExtractDrawIntervalIsTheMeanPlusOrMinusTwoStandardDeviationsBetweenDraws() {
        // draws 0.2, 0.3, 0.4: mean 0.3, sample sd sqrt((0.01 + 0 + 0.01) / 2) = 0.1, interval 0.3 -+ 0.196
        Figure f = SensitivityGrid.overDraws(NEIGHBOUR, "ap", List.of(0.2, 0.3, 0.4), 3, 300);
        assertThat(f.release()).isEqualTo("sensitivity(extract-draws)");
        assertThat(f.value()).isCloseTo(0.3, within(1e-12));
        assertThat(f.ciLow()).isCloseTo(0.104, within(1e-12));
        assertThat(f.ciHigh()).isCloseTo(0.496, within(1e-12));
        // clamped to [0, 1]
        Figure edge = SensitivityGrid.overDraws(NEIGHBOUR, "ap", List.of(0.0, 0.1), 2, 300);
        assertThat(edge.ciLow()).isZero();
        // one draw says nothing about the spread: unavailable, not 0
        assertThat(SensitivityGrid.overDraws(NEIGHBOUR, "ap", List.of(0.5), 2, 300).value()).isNull();
    }
}
