package org.pupilrisk.metric;

/**
 * Attribute disclosure by homogeneity: a class whose members all carry the same label discloses that
 * label to anyone who can place a pupil in the class, whether or not the pupil is singled out.
 *
 * <p>Per sensitive attribute A: {@code #{labelled records whose class is homogeneous in A} /
 * #{labelled records}}, a record being labelled when its A is not null, a class homogeneous when every
 * member has the same non-null value of A. The pooled figure counts records with any label, and
 * among them those with at least one label disclosed as "records with any label, of which at least one is disclosed". Source: docs/domain.md §4; Machanavajjhala et al., "l-diversity: privacy beyond
 * k-anonymity", ACM TKDD 1(1), 2007 (the homogeneity attack).
 */
public final class HomogeneityDisclosure {

    public static final MetricKey METRIC = Metric.LABEL_DISCLOSURE_RATE;

    private HomogeneityDisclosure() {
    }

    /** Per-attribute metric name, e.g. {@code label_disclosure_rate.APReason}. */
    public static MetricKey metric(String attribute) {
        return Metric.labelDisclosure(attribute);
    }

    /** Labelled records of attribute {@code i}; i = number of attributes means "any label". */
    public static long labelled(SubgroupClasses s, int i) {
        return s.cells().stream().mapToLong(c -> c.labelled()[i]).sum();
    }

    /** Disclosed records of attribute {@code i}; i = number of attributes means "at least one label". */
    public static long disclosed(SubgroupClasses s, int i) {
        return s.cells().stream().mapToLong(c -> c.disclosed()[i]).sum();
    }
}
