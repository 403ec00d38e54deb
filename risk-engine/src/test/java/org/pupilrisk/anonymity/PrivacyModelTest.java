package org.pupilrisk.anonymity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The privacy models on classes worked out by hand. */
class PrivacyModelTest {

    // Sensitive values: 0 = none, 1 = medical, 2 = pregnancy. Whole data: 1/2, 1/4, 1/4.
    static final double[] GLOBAL = {0.5, 0.25, 0.25};

    @Test
    void equalDistanceEmdIsHalfTheL1DistanceToTheWholeData() {
        // class {none: 2}: |1 - 1/2| + |0 - 1/4| + |0 - 1/4| = 1, halved = 1/2
        assertThat(PrivacyModel.equalDistanceEmd(new int[] {0}, new int[] {2}, 0, 1, 2, GLOBAL)).isCloseTo(0.5, within(1e-12));
        // class {none: 1, medical: 1}: |1/2 - 1/2| + |1/2 - 1/4| + |0 - 1/4| = 1/2, halved = 1/4
        assertThat(PrivacyModel.equalDistanceEmd(new int[] {0, 1}, new int[] {1, 1}, 0, 2, 2, GLOBAL)).isCloseTo(0.25, within(1e-12));
        // the whole data's own distribution is at distance 0
        assertThat(PrivacyModel.equalDistanceEmd(new int[] {0, 1, 2}, new int[] {2, 1, 1}, 0, 3, 4, GLOBAL)).isCloseTo(0, within(1e-12));
        PrivacyModel t = new PrivacyModel(1, PrivacyModel.Diversity.NONE, 0, 0.3, 0);
        assertThat(t.satisfied(2, new int[] {0, 1}, new int[] {1, 1}, 0, 2, GLOBAL)).isTrue();
        assertThat(t.satisfied(2, new int[] {0}, new int[] {2}, 0, 1, GLOBAL)).isFalse();
    }

    @Test
    void entropyLDiversityNeedsEntropyOfAtLeastLnL() {
        // {A:1, B:1}: H = ln 2, exactly entropy 2-diverse
        assertThat(PrivacyModel.entropy(new int[] {1, 1}, 0, 2)).isCloseTo(Math.log(2), within(1e-12));
        assertThat(PrivacyModel.entropyDiverse(new int[] {1, 1}, 0, 2, 2, 2)).isTrue();
        // {A:3, B:1}: H = -(3/4 ln 3/4 + 1/4 ln 1/4) = 0.5623 < ln 2 = 0.6931: distinct 2-diverse but not entropy 2-diverse
        assertThat(PrivacyModel.entropy(new int[] {3, 1}, 0, 2)).isCloseTo(0.5623351446, within(1e-9));
        assertThat(PrivacyModel.entropyDiverse(new int[] {3, 1}, 0, 2, 4, 2)).isFalse();
        PrivacyModel distinct = new PrivacyModel(1, PrivacyModel.Diversity.DISTINCT, 2, null, 0);
        assertThat(distinct.satisfied(4, new int[] {0, 1}, new int[] {3, 1}, 0, 2, GLOBAL)).isTrue();
        // ... but entropy 1.7-diverse (ln 1.7 = 0.5306 <= 0.5623)
        assertThat(PrivacyModel.entropyDiverse(new int[] {3, 1}, 0, 2, 4, 1.7)).isTrue();
        // {A:2, B:1, C:1}: H = 1.0397 >= ln 2.8 = 1.0296 but < ln 3
        assertThat(PrivacyModel.entropyDiverse(new int[] {2, 1, 1}, 0, 3, 4, 2.8)).isTrue();
        assertThat(PrivacyModel.entropyDiverse(new int[] {2, 1, 1}, 0, 3, 4, 3)).isFalse();
    }

    @Test
    void distinctLDiversityCountsValuesAndKCountsRecords() {
        PrivacyModel m = new PrivacyModel(3, PrivacyModel.Diversity.DISTINCT, 2, null, 0.1);
        assertThat(m.satisfied(3, new int[] {0, 2}, new int[] {2, 1}, 0, 2, GLOBAL)).isTrue();
        assertThat(m.satisfied(3, new int[] {0}, new int[] {3}, 0, 1, GLOBAL)).as("homogeneous").isFalse();
        assertThat(m.satisfied(2, new int[] {0, 2}, new int[] {1, 1}, 0, 2, GLOBAL)).as("below k").isFalse();
        // ARX's outlier limit: floor(0.1 * 99) = 9
        assertThat(m.maxSuppressed(99)).isEqualTo(9);
        assertThat(m.label()).isEqualTo("k=3,l=2");
        assertThat(new PrivacyModel(5, PrivacyModel.Diversity.ENTROPY, 1.5, 0.2, 0).label()).isEqualTo("k=5,entropy-l=1.5,t=0.2");
    }

    /**
     * "No label" is not a sensitive value: with code 0 meaning no label, {PREGNANCY, none x 4} is not
     * 2-diverse (whoever knows the pupil has a label learns PREGNANCY), {PREGNANCY, MEDICAL, none x 3} is,
     * and a class of unlabelled pupils discloses no label and passes.
     */
    @Test
    void distinctLDiversityCountsLabelsNotTheAbsenceOfOne() {
        PrivacyModel m = new PrivacyModel(5, PrivacyModel.Diversity.DISTINCT, 2, null, 0.05);
        int none = 0;
        int pregnancy = 1;
        int medical = 2;
        assertThat(m.satisfied(5, new int[] {none, pregnancy}, new int[] {4, 1}, 0, 2, GLOBAL, none)).isFalse();
        assertThat(m.satisfied(5, new int[] {none, pregnancy, medical}, new int[] {3, 1, 1}, 0, 3, GLOBAL, none)).isTrue();
        assertThat(m.satisfied(5, new int[] {none}, new int[] {5}, 0, 1, GLOBAL, none)).isTrue();
        assertThat(m.satisfied(5, new int[] {pregnancy}, new int[] {5}, 0, 1, GLOBAL, none)).isFalse();
        // ARX's rule, when the data have no "no label" value, is unchanged
        assertThat(m.satisfied(5, new int[] {none, pregnancy}, new int[] {4, 1}, 0, 2, GLOBAL, -1)).isTrue();
    }

    @Test
    void onlyModelsWhoseFailureIsInheritedBySubclassesAllowProjectionPruning() {
        assertThat(PrivacyModel.kAnonymity(5, 0.05).failureInheritedBySubclasses()).isTrue();
        assertThat(new PrivacyModel(5, PrivacyModel.Diversity.DISTINCT, 2, null, 0.05).failureInheritedBySubclasses()).isTrue();
        assertThat(new PrivacyModel(5, PrivacyModel.Diversity.ENTROPY, 2, null, 0.05).failureInheritedBySubclasses()).isFalse();
        assertThat(new PrivacyModel(5, PrivacyModel.Diversity.NONE, 0, 0.2, 0.05).failureInheritedBySubclasses()).isFalse();
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> PrivacyModel.kAnonymity(0, 0)).hasMessageContaining("k must be at least 1");
        assertThatThrownBy(() -> PrivacyModel.kAnonymity(2, 1.5)).hasMessageContaining("suppression limit");
        assertThatThrownBy(() -> new PrivacyModel(2, PrivacyModel.Diversity.NONE, 0, 1.2, 0)).hasMessageContaining("t must be");
    }
}
