package org.pupilrisk.report;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pupilrisk.metric.Metric.Kind;

/**
 * The report's view of the metric catalogue ({@link org.pupilrisk.metric.Metric}): what each metric of
 * {@code figures.csv} means in plain English, how it is shown (a share as a percentage, a count as a
 * whole number) and which output rule guards it when the input is a user's own data. Formal
 * definitions and sources are in {@code docs/domain.md} §4–6, docs/metrics.md and the engine's metric
 * classes; the sentences a policy reader sees in the methods section are the catalogue's.
 *
 * <p>Unknown metrics are allowed: they get {@link Kind#NUMBER}, no definition, and appear only in
 * the appendix.
 */
public final class MetricGlossary {

    /** A metric as the report knows it. */
    public record Metric(String name, Kind kind, String label, String definition) {
        public boolean known() {
            return definition != null;
        }
    }

    private static final List<Metric> KNOWN = Arrays.stream(org.pupilrisk.metric.Metric.values())
            .map(m -> new Metric(m.id(), m.kind(), m.label(), m.definition())).toList();

    private MetricGlossary() {
    }

    /** The catalogue's metric (an entry or a family member) as the report knows it. */
    public static Metric of(org.pupilrisk.metric.MetricKey key) {
        return of(key.id());
    }

    /** The metric as the report knows it; unknown names come back as {@link Kind#NUMBER} without a definition. */
    public static Metric of(String name) {
        return org.pupilrisk.metric.Metric.lookup(name)
                .map(d -> new Metric(d.name(), d.kind(), d.label(), d.definition()))
                .orElseGet(() -> new Metric(name, Kind.NUMBER, name, null));
    }

    /**
     * The sensitive label a per-label disclosure metric names, e.g. {@code APReason} in
     * {@code label_disclosure_rate:APReason}; empty for the plain metric and for other metrics.
     */
    public static Optional<String> labelOf(String metric) {
        return org.pupilrisk.metric.Metric.labelOf(metric);
    }

    /** True for the label-disclosure metric, plain or per label. */
    public static boolean isLabelDisclosure(String metric) {
        return org.pupilrisk.metric.Metric.isLabelDisclosure(metric);
    }

    /** Metrics with a definition, in the order the methods section lists them. */
    public static Iterable<Metric> known() {
        return KNOWN;
    }
}
