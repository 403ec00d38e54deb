package org.pupilrisk.metric;

/**
 * Exact population uniqueness: the share of the population (every pupil of the census year, not only
 * those released) that is alone in its population class on the QI set: {@code #{F = 1} / N}. For a
 * subgroup, the share of the subgroup's pupils unique in the whole population.
 *
 * <p>Known exactly only because the population is simulated; with real data the estimators
 * ({@link ZayatzEstimator}, {@link PitmanEstimator}, {@link SnbEstimator}, {@link DankarRule}) stand in
 * for it. Source: docs/domain.md §4; Dankar et al., "Estimating the re-identification risk of clinical data
 * sets", BMC Med Inform Decis Mak 12:66, 2012.
 */
public final class PopulationUniqueness {

    public static final MetricKey METRIC = Metric.POPULATION_UNIQUENESS;

    private PopulationUniqueness() {
    }

    public static double value(SubgroupClasses s) {
        return (double) s.populationUniques() / s.populationRecords();
    }
}
