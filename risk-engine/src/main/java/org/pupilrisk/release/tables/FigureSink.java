package org.pupilrisk.release.tables;

import java.util.function.Consumer;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;
import org.pupilrisk.release.Assessment;

/**
 * Writes one release's figures, applying the output rule to counts of pupils: on a user's own data
 * ({@link Assessment#userData()}) a count from 1 to {@link Assessment#outputThreshold()} - 1 is itself
 * a small cell and is withheld (with a note), never shown. Shares of cells and error measures are not
 * counts of pupils and are written as computed.
 */
public final class FigureSink {

    /** The table attacks' attackers: who reads labels off groups, who bounds suppressed cells, who subtracts. */
    public static final AttackerProfile GROUP_DISCLOSURE = AttackerProfile.of("group-disclosure");
    public static final AttackerProfile INTERVAL_AUDIT = AttackerProfile.of("interval-audit");
    public static final AttackerProfile DIFFERENCING = AttackerProfile.of("differencing");
    /** The safer-access environment's researchers: an honest workload and an adversarial one. */
    public static final AttackerProfile RESEARCHER_WORKLOAD = AttackerProfile.of("researcher-workload");
    public static final AttackerProfile ADVERSARIAL_RESEARCHER = AttackerProfile.of("adversarial-researcher");

    private final String release;
    private final ReleaseId releaseId;
    private final boolean userData;
    private final int outputThreshold;
    private final Consumer<Figure> out;

    public FigureSink(String release, boolean userData, int outputThreshold, Consumer<Figure> out) {
        this.release = release;
        this.releaseId = ReleaseId.of(release);
        this.userData = userData;
        this.outputThreshold = outputThreshold;
        this.out = out;
    }

    public static FigureSink of(String release, Assessment a, Consumer<Figure> out) {
        return new FigureSink(release, a.userData(), a.outputThreshold(), out);
    }

    public String release() {
        return release;
    }

    /** The same sink for another release id (e.g. a variant of the model). */
    public FigureSink as(String otherRelease) {
        return new FigureSink(otherRelease, userData, outputThreshold, out);
    }

    /** numerator / denominator, or unavailable when there is nothing to divide by. */
    public void share(QiSetLabel qiSet, AttackerProfile profile, SubgroupLabel subgroup, MetricKey metric, long numerator, long denominator) {
        if (denominator == 0) {
            out.accept(Figure.unavailable(releaseId, qiSet, profile, subgroup, metric, "no cells to measure"));
        } else {
            out.accept(Figure.exact(releaseId, qiSet, profile, subgroup, metric, (double) numerator / denominator));
        }
    }

    /** A count of pupils (or of rows of pupils): withheld on real data when it is a small cell itself. */
    public void pupils(QiSetLabel qiSet, AttackerProfile profile, SubgroupLabel subgroup, MetricKey metric, long count) {
        if (userData && count > 0 && count < outputThreshold) {
            out.accept(Figure.unavailable(releaseId, qiSet, profile, subgroup, metric,
                    "fewer than " + outputThreshold + ": withheld under the output rule (real data)"));
        } else {
            out.accept(Figure.exact(releaseId, qiSet, profile, subgroup, metric, count));
        }
    }

    /** A figure that discloses nothing about individual pupils (a share, an error, a count of cells). */
    public void value(QiSetLabel qiSet, AttackerProfile profile, SubgroupLabel subgroup, MetricKey metric, double value) {
        out.accept(Figure.exact(releaseId, qiSet, profile, subgroup, metric, value));
    }

    public void unavailable(QiSetLabel qiSet, AttackerProfile profile, SubgroupLabel subgroup, MetricKey metric, String why) {
        out.accept(Figure.unavailable(releaseId, qiSet, profile, subgroup, metric, why));
    }
}
