package org.pupilrisk.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The building blocks of determinism and of unique pupil references. */
class StreamsTest {

    @Test
    void mix63IsInjectiveAndNonNegativeOnIdentities() {
        Set<Long> seen = new HashSet<>();
        // identities as the generator forms them: district << 40 | cohort << 28 | index
        for (long district = 0; district < 40; district++) {
            for (long index = 0; index < 20_000; index++) {
                long v = Streams.mix63((district << 40) | (124L << 28) | index);
                assertThat(v).isNotNegative();
                seen.add(v);
            }
        }
        assertThat(seen).hasSize(40 * 20_000);
    }

    @Test
    void aStreamDependsOnlyOnSeedPurposeAndId() {
        assertThat(Streams.of(7, 2, 123).nextLong()).isEqualTo(Streams.of(7, 2, 123).nextLong());
        assertThat(Streams.of(7, 2, 123).nextLong()).isNotEqualTo(Streams.of(7, 2, 124).nextLong());
        assertThat(Streams.of(7, 2, 123).nextLong()).isNotEqualTo(Streams.of(8, 2, 123).nextLong());
    }

    @Test
    void pickFollowsTheCumulativeWeights() {
        double[] cum = Streams.cumulative(new double[] {1, 0, 3});
        assertThat(Streams.pick(cum, 0.0)).isZero();
        assertThat(Streams.pick(cum, 0.2499)).isZero();
        assertThat(Streams.pick(cum, 0.25)).isEqualTo(2); // a zero weight is never picked
        assertThat(Streams.pick(cum, 0.999)).isEqualTo(2);
    }
}
