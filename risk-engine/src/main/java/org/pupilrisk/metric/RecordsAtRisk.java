package org.pupilrisk.metric;

/**
 * Records at risk: the share of released records whose class is smaller than k, i.e. that break
 * k-anonymity, for k in {2, 3, 5, 10}.
 *
 * <p>{@code (1/n) * #{records with f < k}}. Source: docs/domain.md §4; Sweeney, "k-anonymity: a model for
 * protecting privacy", IJUFKS 10(5), 2002.
 */
public final class RecordsAtRisk {

    public static final int[] KS = {2, 3, 5, 10};

    private RecordsAtRisk() {
    }

    public static MetricKey metric(int k) {
        return Metric.recordsAtRisk(k);
    }

    public static double value(SubgroupClasses s, int k) {
        return (double) s.cells().stream().filter(c -> c.f() < k).mapToLong(ClassCell::records).sum() / s.records();
    }
}
