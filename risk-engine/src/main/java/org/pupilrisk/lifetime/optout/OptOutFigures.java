package org.pupilrisk.lifetime.optout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pupilrisk.lifetime.exposure.LifetimeSubgroup;
import org.pupilrisk.lifetime.exposure.PupilExposure;
import org.pupilrisk.lifetime.exposure.PupilHistory;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * Opt-out figures at each configured rate, in expectation over who opts out (so they carry no
 * sampling noise), except residual uniqueness, which needs the realised set of those who remain:
 * <ul>
 *   <li>{@code optout_share}: expected share of children who opt out, Σ pᵢ / N;</li>
 *   <li>{@code optout_exposure_avoided_share}: Σ pᵢ (Eᵢ − E'ᵢ) / Σ Eᵢ, Eᵢ the shares that held child i,
 *       E'ᵢ those dated before the opt-out date (what still holds it after opting out);</li>
 *   <li>{@code optout_residual_uniqueness}: among the children on the last census who remain, the share
 *       unique on date of birth, sex and postcode district among those who remain (opting out thins the
 *       crowd the others hide in);</li>
 *   <li>{@code optout_published_rate_bias.<rate>}: {@link PublishedRateBias} of the share of children
 *       on the last census with the characteristic.</li>
 * </ul>
 */
public final class OptOutFigures {

    /** The QI set the residual uniqueness is measured on (as the broker linkage names it). */
    private static final QiSetLabel DOB_SEX_DISTRICT = QiSetLabel.of("dob_sex_district");
    static final List<String> RATES_PUBLISHED = List.of("sen_support", "ehc_plan", "fsm", "excluded", "ap");

    private final OptOutModel model;
    private final int lastYear;
    private final Map<LifetimeSubgroup, double[][]> avoided = new LinkedHashMap<>(); // [rate] -> {Σ p(E-E'), Σ E, Σ p, n}
    private final List<Map<String, PublishedRateBias>> bias = new ArrayList<>();
    private final List<PupilHistory> lastYearChildren = new ArrayList<>();

    public OptOutFigures(OptOutModel model, int lastYear) {
        this.model = model;
        this.lastYear = lastYear;
        for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
            avoided.put(g, new double[model.rates().size()][4]);
        }
        for (int r = 0; r < model.rates().size(); r++) {
            Map<String, PublishedRateBias> m = new LinkedHashMap<>();
            RATES_PUBLISHED.forEach(k -> m.put(k, new PublishedRateBias()));
            bias.add(m);
        }
    }

    /** {@code full}: the child's exposure without opt-out; {@code kept}: with shares from the opt-out date left out. */
    public void add(PupilHistory h, PupilExposure full, PupilExposure kept) {
        for (int r = 0; r < model.rates().size(); r++) {
            double p = model.chance(h, model.rates().get(r));
            for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
                if (g.contains(h)) {
                    double[] a = avoided.get(g)[r];
                    a[0] += p * (full.releases() - kept.releases());
                    a[1] += full.releases();
                    a[2] += p;
                    a[3] += 1;
                }
            }
            int last = h.last();
            if (h.years()[last] == lastYear) {
                int f = h.flags()[last];
                Map<String, PublishedRateBias> m = bias.get(r);
                m.get("sen_support").add((f & PupilHistory.FLAG_SEN_SUPPORT) != 0, p);
                m.get("ehc_plan").add((f & PupilHistory.FLAG_EHC_PLAN) != 0, p);
                m.get("fsm").add((f & PupilHistory.FLAG_FSM) != 0, p);
                m.get("excluded").add((f & PupilHistory.FLAG_EXCLUDED) != 0, p);
                m.get("ap").add((f & PupilHistory.FLAG_AP) != 0, p);
            }
        }
        if (h.years()[h.last()] == lastYear) {
            lastYearChildren.add(h);
        }
    }

    public static String release(double rate, boolean byGroup) {
        return String.format(Locale.ROOT, "lifetime-optout(rate=%s,%s)", trim(rate), byGroup ? "by_group" : "uniform");
    }

    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (int r = 0; r < model.rates().size(); r++) {
            double rate = model.rates().get(r);
            String rel = release(rate, model.byGroup());
            for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
                double[] a = avoided.get(g)[r];
                if (a[3] == 0) {
                    continue;
                }
                out.add(Figure.exact(ReleaseId.of(rel), QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.of(g.code()), Metric.OPTOUT_SHARE, a[2] / a[3]));
                out.add(a[1] == 0 ? Figure.unavailable(ReleaseId.of(rel), QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.of(g.code()), Metric.OPTOUT_EXPOSURE_AVOIDED_SHARE,
                        "no child of this subgroup was in any share")
                        : Figure.exact(ReleaseId.of(rel), QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.of(g.code()), Metric.OPTOUT_EXPOSURE_AVOIDED_SHARE, a[0] / a[1]));
            }
            for (Map.Entry<String, PublishedRateBias> e : bias.get(r).entrySet()) {
                if (!e.getValue().empty()) {
                    out.add(Figure.exact(ReleaseId.of(rel), QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.optoutPublishedRateBias(e.getKey()),
                            e.getValue().bias()));
                }
            }
            double u = residualUniqueness(rate);
            out.add(Double.isNaN(u) ? Figure.unavailable(ReleaseId.of(rel), DOB_SEX_DISTRICT, AttackerProfile.NONE, SubgroupLabel.ALL,
                    Metric.OPTOUT_RESIDUAL_UNIQUENESS, "no child remains on the last census")
                    : Figure.exact(ReleaseId.of(rel), DOB_SEX_DISTRICT, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.OPTOUT_RESIDUAL_UNIQUENESS, u));
        }
        return out;
    }

    /** Share of remaining last-census children unique on (date of birth, sex, district) among those remaining. */
    double residualUniqueness(double rate) {
        Map<String, Integer> counts = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (PupilHistory h : lastYearChildren) {
            if (model.optsOut(h, rate)) {
                continue;
            }
            String k = h.dateOfBirth() + "|" + h.sex() + "|" + h.district();
            keys.add(k);
            counts.merge(k, 1, Integer::sum);
        }
        if (keys.isEmpty()) {
            return Double.NaN;
        }
        long unique = keys.stream().filter(k -> counts.get(k) == 1).count();
        return (double) unique / keys.size();
    }

    public PublishedRateBias bias(int rateIndex, String characteristic) {
        return bias.get(rateIndex).get(characteristic);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
