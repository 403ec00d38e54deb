package org.pupilrisk.metric;

/**
 * Marketer risk: the expected share of released records correctly re-identified when the attacker
 * links the whole release to the population and matches each record to a random member of its
 * population class: {@code (1/n) * sum over classes j of f_j / F_j}.
 *
 * <p>Summing over records instead of classes gives the same number, {@code (1/n) * sum 1/F}, which
 * is why it coincides with the average journalist risk when F is exact; the two answer different
 * questions (one target vs the whole file) and are both reported. Source: docs/domain.md §4; Dankar &amp;
 * El Emam, "A method for evaluating marketer re-identification risk", PAIS 2010.
 */
public final class MarketerRisk {

    public static final MetricKey METRIC = Metric.MARKETER_RISK;

    private MarketerRisk() {
    }

    public static double value(SubgroupClasses s) {
        // each class contributes f/F = its f records times 1/F
        return s.cells().stream().mapToDouble(c -> (double) c.records() / c.bigF()).sum() / s.records();
    }
}
