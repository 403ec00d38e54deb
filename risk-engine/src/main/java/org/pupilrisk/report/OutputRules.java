package org.pupilrisk.report;

import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;

/**
 * The output rules the report applies to itself when its figures come from a user's own data
 * ({@code input.kind = user} in {@code run.json}): the same threshold rule a trusted research
 * environment applies to what leaves it.
 *
 * <ul>
 *   <li>A count below {@code output_threshold} (zero included) is shown only as "fewer than N".</li>
 *   <li>A share, risk or other statistic is withheld when its denominator — the {@code records}
 *       figure for that release × subgroup — is below the threshold or unknown.</li>
 *   <li>A share of records is also withheld when the number of records it implies (share ×
 *       records), or the number it leaves out, is between 1 and the threshold: 0.5% of 400 pupils
 *       is 2 pupils, a cell the rule forbids.</li>
 * </ul>
 *
 * <p>A metric the report does not know is withheld: it cannot tell whether it is a count, a share
 * or something else. Withheld figures never reach the HTML, not even in attributes or charts. Synthetic runs
 * describe no real pupil, so every figure is shown.
 */
final class OutputRules {

    /** What may be shown of a figure. */
    enum Verdict { SHOW, UNAVAILABLE, BELOW_THRESHOLD, WITHHELD }

    /** A verdict and, unless the value is shown, the words that stand in for it. */
    record Decision(Verdict verdict, String text) {
        boolean shown() {
            return verdict == Verdict.SHOW;
        }
    }

    private final FigureIndex index;
    private final boolean userData;
    private final int threshold;

    OutputRules(FigureIndex index) {
        this.index = index;
        this.userData = index.run().userData();
        this.threshold = index.run().outputThreshold() == null ? 0 : index.run().outputThreshold();
    }

    boolean userData() {
        return userData;
    }

    int threshold() {
        return threshold;
    }

    Decision judge(Figure f) {
        if (f.value() == null) {
            return new Decision(Verdict.UNAVAILABLE, f.note() == null || f.note().isBlank() ? "not available" : "not available (" + f.note() + ")");
        }
        if (!userData) {
            return new Decision(Verdict.SHOW, null);
        }
        MetricGlossary.Metric metric = MetricGlossary.of(f.metric());
        if (!metric.known()) {
            return new Decision(Verdict.WITHHELD, "withheld (not a figure the output rules can check)");
        }
        Metric.Kind kind = metric.kind();
        if (kind == Metric.Kind.COUNT) {
            return f.value() < threshold
                    ? new Decision(Verdict.BELOW_THRESHOLD, "fewer than " + threshold)
                    : new Decision(Verdict.SHOW, null);
        }
        var records = index.records(f.release(), f.subgroup());
        if (records.isEmpty()) {
            return new Decision(Verdict.WITHHELD, "withheld (record count unknown)");
        }
        double n = records.get();
        if (n < threshold) {
            return new Decision(Verdict.WITHHELD, "withheld (fewer than " + threshold + " records)");
        }
        if (kind == Metric.Kind.SHARE_OF_RECORDS) {
            long implied = Math.round(f.value() * n);
            long rest = Math.round((1.0 - f.value()) * n);
            if ((implied > 0 && implied < threshold) || (rest > 0 && rest < threshold)) {
                return new Decision(Verdict.WITHHELD, "withheld (a count below " + threshold + ")");
            }
        }
        return new Decision(Verdict.SHOW, null);
    }
}
