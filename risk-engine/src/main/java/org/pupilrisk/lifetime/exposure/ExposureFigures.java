package org.pupilrisk.lifetime.exposure;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * Per-child exposure figures by subgroup: for each count (shares that held the record, as files,
 * identifying, with a sensitive label, distinct recipients, commercial recipients) its mean,
 * median, 90th percentile and maximum over the subgroup's children; the share of children held by at
 * least one share; and the age at first exposure (median and mean over children ever shared).
 *
 * <p>Rows of figures.csv: {@code release = lifetime}, {@code qi_set = -}, {@code profile = -},
 * metric {@code exposure_<count>_<statistic>} (defined in docs/metrics.md).
 */
public final class ExposureFigures {

    public static final String RELEASE = "lifetime";
    private static final ReleaseId RELEASE_ID = ReleaseId.of(RELEASE);
    static final List<String> COUNTS = List.of("releases", "releases_as_file", "releases_identifying",
            "releases_with_label", "recipients", "commercial_recipients");

    private final Map<LifetimeSubgroup, Map<String, CountDistribution>> counts = new EnumMap<>(LifetimeSubgroup.class);
    private final Map<LifetimeSubgroup, CountDistribution> firstAgeMonths = new EnumMap<>(LifetimeSubgroup.class);

    public ExposureFigures() {
        for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
            Map<String, CountDistribution> m = new LinkedHashMap<>();
            COUNTS.forEach(c -> m.put(c, new CountDistribution()));
            counts.put(g, m);
            firstAgeMonths.put(g, new CountDistribution());
        }
    }

    public void add(PupilHistory h, PupilExposure e) {
        Map<String, Integer> values = e.counts();
        for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
            if (!g.contains(h)) {
                continue;
            }
            Map<String, CountDistribution> m = counts.get(g);
            for (String c : COUNTS) {
                m.get(c).add(values.get(c));
            }
            if (!Double.isNaN(e.firstAge())) {
                firstAgeMonths.get(g).add((int) Math.floor(Math.max(0, e.firstAge()) * 12));
            }
        }
    }

    /** Children counted in a subgroup. */
    public long children(LifetimeSubgroup g) {
        return counts.get(g).get("releases").n();
    }

    public CountDistribution distribution(LifetimeSubgroup g, String count) {
        return counts.get(g).get(count);
    }

    /**
     * {@code exposure-distribution.csv}: per subgroup, children by number of shares that held them, in
     * bins of equal width (a round number giving at most about 12 bins).
     */
    public void writeDistribution(java.nio.file.Path file) throws java.io.IOException {
        int max = 0;
        for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
            max = Math.max(max, counts.get(g).get("releases").max());
        }
        int width = 1;
        for (int w : new int[] {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000}) {
            width = w;
            if ((max + 1.0) / w <= 12) {
                break;
            }
        }
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
            w.write("subgroup,releases_from,releases_to,children\n");
            for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
                CountDistribution d = counts.get(g).get("releases");
                for (int lo = 0; lo <= max; lo += width) {
                    long c = 0;
                    for (int k = lo; k < lo + width; k++) {
                        c += d.count(k);
                    }
                    w.write(g.code() + "," + lo + "," + (lo + width - 1) + "," + c + "\n");
                }
            }
        }
    }

    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
            SubgroupLabel sg = SubgroupLabel.of(g.code());
            CountDistribution releases = counts.get(g).get("releases");
            out.add(Figure.exact(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.CHILDREN, releases.n()));
            if (releases.n() == 0) {
                out.add(Figure.unavailable(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.exposure("releases", "mean"),
                        "no children in this subgroup"));
                continue;
            }
            out.add(Figure.exact(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.EXPOSURE_SHARE_ANY, releases.shareAtLeast(1)));
            for (String c : COUNTS) {
                CountDistribution d = counts.get(g).get(c);
                out.add(Figure.exact(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.exposure(c, "mean"), d.mean()));
                out.add(Figure.exact(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.exposure(c, "median"), d.percentile(0.5)));
                out.add(Figure.exact(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.exposure(c, "p90"), d.percentile(0.9)));
                out.add(Figure.exact(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.exposure(c, "max"), d.max()));
            }
            CountDistribution age = firstAgeMonths.get(g);
            if (age.n() == 0) {
                out.add(Figure.unavailable(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.EXPOSURE_FIRST_AGE_MEDIAN,
                        "no child of this subgroup was in any share"));
            } else {
                out.add(Figure.exact(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.EXPOSURE_FIRST_AGE_MEDIAN, age.percentile(0.5) / 12.0));
                out.add(Figure.exact(RELEASE_ID, QiSetLabel.NONE, AttackerProfile.NONE, sg, Metric.EXPOSURE_FIRST_AGE_MEAN, age.mean() / 12.0));
            }
        }
        return out;
    }
}
