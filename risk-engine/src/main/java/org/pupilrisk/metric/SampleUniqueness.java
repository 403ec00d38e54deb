package org.pupilrisk.metric;

/**
 * Sample uniqueness: the share of released records that are alone in their equivalence class.
 *
 * <p>{@code (1/n) * #{records with f = 1}}, where f is the size of the record's class on the QI set
 * in the release. Source: docs/domain.md §4; Skinner &amp; Elliot, "A measure of disclosure risk for
 * microdata", JRSS B 64(4), 2002 (sample uniques as the basic risk unit).
 */
public final class SampleUniqueness {

    public static final MetricKey METRIC = Metric.SAMPLE_UNIQUENESS;

    private SampleUniqueness() {
    }

    public static double value(SubgroupClasses s) {
        return (double) s.cells().stream().filter(c -> c.f() == 1).mapToLong(ClassCell::records).sum() / s.records();
    }
}
