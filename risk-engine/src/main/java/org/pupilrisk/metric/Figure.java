package org.pupilrisk.metric;

import java.util.Objects;

/**
 * One measured figure: a row of {@code figures.csv}.
 *
 * <p>{@code value} is {@code null} when the figure could not be computed (an estimator that did not
 * converge, a subgroup with no records); {@code note} then says why. It is never replaced by 0.
 * {@code ciLow}/{@code ciHigh} are {@code null} for exact figures (those computed on the whole
 * population rather than estimated from Monte-Carlo draws).
 *
 * @param release   release model id, e.g. {@code pupil-level}, {@code k-anonymous(k=5)}
 * @param qiSet     quasi-identifier set name from the scenario (or table / years-linked label)
 * @param profile   attacker profile, or {@code -} for figures that do not depend on one ({@link AttackerProfile}; the
 *                  factories below take it typed, the components hold what figures.csv writes)
 * @param subgroup  pupils the figure is about, e.g. {@code all}, {@code ap}, {@code sen_support}
 * @param metric    metric name, e.g. {@code sample_uniqueness} (the factories take it as a {@link MetricKey} from the
 *                  catalogue, {@link Metric})
 */
public record Figure(String release, String qiSet, String profile, String subgroup, String metric,
                     Double value, Double ciLow, Double ciHigh, String note) {

    /** The {@code qi_set} of a figure about no QI set, as figures.csv writes it ({@link QiSetLabel#NONE}). */
    public static final String NO_QI_SET = QiSetLabel.NONE.name();

    public Figure {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(qiSet, "qiSet");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(subgroup, "subgroup");
        Objects.requireNonNull(metric, "metric");
        if (value != null && value.isNaN()) {
            throw new IllegalArgumentException("NaN value for " + metric + ": use null with a note");
        }
    }

    /** An exact figure (no confidence interval). */
    public static Figure exact(ReleaseId release, QiSetLabel qiSet, AttackerProfile profile, SubgroupLabel subgroup, MetricKey metric, double value) {
        return new Figure(release.id(), qiSet.name(), profile.name(), subgroup.name(), metric.id(), value, null, null, null);
    }

    /** A figure with a 95% confidence interval. */
    public static Figure withInterval(ReleaseId release, QiSetLabel qiSet, AttackerProfile profile, SubgroupLabel subgroup, MetricKey metric,
                                      double value, double low, double high) {
        return new Figure(release.id(), qiSet.name(), profile.name(), subgroup.name(), metric.id(), value, low, high, null);
    }

    /** A figure that could not be computed, with the reason (e.g. "did not converge"). */
    public static Figure unavailable(ReleaseId release, QiSetLabel qiSet, AttackerProfile profile, SubgroupLabel subgroup, MetricKey metric,
                                     String why) {
        return new Figure(release.id(), qiSet.name(), profile.name(), subgroup.name(), metric.id(), null, null, null, why);
    }

    /** A figure with every part given: an interval (or none), a note (or none). */
    public static Figure of(ReleaseId release, QiSetLabel qiSet, AttackerProfile profile, SubgroupLabel subgroup, MetricKey metric,
                            Double value, Double ciLow, Double ciHigh, String note) {
        return new Figure(release.id(), qiSet.name(), profile.name(), subgroup.name(), metric.id(), value, ciLow, ciHigh, note);
    }
}
