package org.pupilrisk.metric;

import java.util.OptionalDouble;

/**
 * Of the released records unique in the release (f = 1), the share also unique in the whole
 * population (F = 1): {@code #{f = 1, F = 1} / #{f = 1}}. Such a record is a certain
 * re-identification for anyone who knows the pupil's quasi-identifiers, whether or not they know who
 * was released; the other sample uniques have look-alikes outside the release.
 *
 * <p>This is Skinner and Elliot's θ, the probability that a unique match in the release is correct
 * (Skinner and Elliot, "A measure of disclosure risk for microdata", J. R. Statist. Soc. B 64(4):
 * 855–867, 2002), counted exactly here because the population is simulated (docs/domain.md §4).
 * Empty when no record is unique in the release.
 */
public final class SampleUniquesPopulationUnique {

    public static final MetricKey METRIC = Metric.SAMPLE_UNIQUES_POPULATION_UNIQUE;

    private SampleUniquesPopulationUnique() {
    }

    public static OptionalDouble value(SubgroupClasses s) {
        long sampleUniques = 0;
        long alsoPopulationUnique = 0;
        for (ClassCell c : s.cells()) {
            if (c.f() == 1) {
                sampleUniques += c.records();
                if (c.bigF() == 1) {
                    alsoPopulationUnique += c.records();
                }
            }
        }
        return sampleUniques == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) alsoPopulationUnique / sampleUniques);
    }
}
