package org.pupilrisk.metric;

/**
 * Journalist risk: the attacker does not know whether the target is in the release and matches
 * against the population, so a released record's risk is {@code 1/F}, F being the size of its class
 * in the population (exact here: the simulator knows the whole population).
 *
 * <p>Highest: {@code max 1/F}; average: {@code (1/n) * sum over released records of 1/F}.
 * Source: docs/domain.md §4; El Emam &amp; Dankar, JAMIA 15(5), 2008; Dankar &amp; El Emam, "A method for
 * evaluating marketer re-identification risk", PAIS 2010.
 */
public final class JournalistRisk {

    public static final MetricKey MAX = Metric.JOURNALIST_RISK_MAX;
    public static final MetricKey AVG = Metric.JOURNALIST_RISK_AVG;

    private JournalistRisk() {
    }

    public static double max(SubgroupClasses s) {
        long minF = s.cells().stream().filter(c -> c.records() > 0).mapToLong(ClassCell::bigF).min().orElseThrow();
        return 1.0 / minF;
    }

    public static double average(SubgroupClasses s) {
        return s.cells().stream().mapToDouble(c -> (double) c.records() / c.bigF()).sum() / s.records();
    }
}
