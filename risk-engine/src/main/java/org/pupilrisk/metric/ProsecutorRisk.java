package org.pupilrisk.metric;

/**
 * Prosecutor risk: the attacker knows the target is in the release and picks one record of the
 * target's class at random, so a record's risk is {@code 1/f}.
 *
 * <ul>
 *   <li>highest: {@code max 1/f = 1 / min f};</li>
 *   <li>average: {@code (1/n) * sum over records of 1/f} (over the whole release this equals
 *       classes / records);</li>
 *   <li>share above a threshold t: {@code (1/n) * #{records with 1/f > t}} for t in
 *       {0.2, 0.1, 0.09, 0.05}, the thresholds of common guidance.</li>
 * </ul>
 * Source: docs/domain.md §4; El Emam &amp; Dankar, "Protecting privacy using k-anonymity", JAMIA 15(5), 2008;
 * El Emam, "Guide to the De-Identification of Personal Health Information", 2013 (thresholds).
 */
public final class ProsecutorRisk {

    public static final MetricKey MAX = Metric.PROSECUTOR_RISK_MAX;
    public static final MetricKey AVG = Metric.PROSECUTOR_RISK_AVG;
    public static final double[] THRESHOLDS = {0.2, 0.1, 0.09, 0.05};

    private ProsecutorRisk() {
    }

    public static MetricKey shareAboveMetric(double threshold) {
        return Metric.prosecutorShareAbove(Double.toString(threshold));
    }

    public static double max(SubgroupClasses s) {
        long minF = s.cells().stream().filter(c -> c.records() > 0).mapToLong(ClassCell::f).min().orElseThrow();
        return 1.0 / minF;
    }

    public static double average(SubgroupClasses s) {
        return s.cells().stream().mapToDouble(c -> (double) c.records() / c.f()).sum() / s.records();
    }

    public static double shareAbove(SubgroupClasses s, double threshold) {
        return (double) s.cells().stream().filter(c -> 1.0 / c.f() > threshold).mapToLong(ClassCell::records).sum()
                / s.records();
    }
}
