package org.pupilrisk.lifetime.linkage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.lifetime.exposure.LifetimeSubgroup;
import org.pupilrisk.lifetime.exposure.PupilHistory;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * A recipient — or a data broker buying several commercial extracts — links the shares it holds.
 * It holds the first k of a list of shares (in a lifetime run: the pupil-level shares sent as files
 * to the commercial recipient that received most, in date order). Two ways to link:
 * <ul>
 *   <li>{@code pseudonym}: the shares carry the same pupil reference (the NPD's anonymised PMR is stable,
 *       Tier 1 carries names): every child held by two or more of them is linked;</li>
 *   <li>{@code dob_sex_district}: only quasi-identifiers are shared; a child's records link when its
 *       (date of birth, sex, postcode district) is unique in every held share that holds it — then no
 *       other record can be confused with it.</li>
 * </ul>
 * Figures for k = 2, 3, 5, 10, 20 (those not above the number of shares listed):
 * {@code linkage_children_in_two_or_more} (children held by at least two of the k),
 * {@code linkage_linked_share} (of those, the share the broker links across all the shares holding
 * them), {@code linkage_labels_accumulated_mean} (over linked children, the distinct kinds of
 * sensitive label — SEN type, exclusion reason, AP reason — gathered on one record) and
 * {@code linkage_labels_single_mean} (over the same children, the most kinds any single share gave).
 */
public final class BrokerLinkage {

    public static final List<Integer> K = List.of(2, 3, 5, 10, 20);

    /** One child as the broker's shares see it: which of the listed shares hold it and what each reveals. */
    public record Held(PupilHistory child, String key, int heldMask, int[] labelsPerShare) {
    }

    private final int shares;
    private final List<Held> held = new ArrayList<>();

    /** @param shares how many shares the broker's list has (at most 31) */
    public BrokerLinkage(int shares) {
        if (shares > 31) {
            throw new IllegalArgumentException("at most 31 linked shares");
        }
        this.shares = shares;
    }

    /** @param heldMask bit j: share j of the list holds the child; {@code labels[j]}: LABEL_* bits it reveals */
    public void add(PupilHistory child, int heldMask, int[] labels) {
        if (heldMask != 0) {
            held.add(new Held(child, child.dateOfBirth() + "|" + child.sex() + "|" + child.district(), heldMask, labels.clone()));
        }
    }

    /** Figures for k shares linked; {@code byQuasiIdentifiers} false links on the pseudonym. */
    public Result link(int k, boolean byQuasiIdentifiers, LifetimeSubgroup g) {
        int mask = (1 << k) - 1;
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            counts.add(new HashMap<>());
        }
        for (Held h : held) {
            for (int j = 0; j < k; j++) {
                if ((h.heldMask() & (1 << j)) != 0) {
                    counts.get(j).merge(h.key(), 1, Integer::sum);
                }
            }
        }
        long inTwo = 0;
        long linked = 0;
        double accumulated = 0;
        double single = 0;
        for (Held h : held) {
            int m = h.heldMask() & mask;
            if (Integer.bitCount(m) < 2 || !g.contains(h.child())) {
                continue;
            }
            inTwo++;
            boolean ok = true;
            if (byQuasiIdentifiers) {
                for (int j = 0; j < k; j++) {
                    if ((m & (1 << j)) != 0 && counts.get(j).get(h.key()) != 1) {
                        ok = false;
                    }
                }
            }
            if (!ok) {
                continue;
            }
            linked++;
            int all = 0;
            int best = 0;
            for (int j = 0; j < k; j++) {
                if ((m & (1 << j)) != 0) {
                    all |= h.labelsPerShare()[j];
                    best = Math.max(best, Integer.bitCount(h.labelsPerShare()[j]));
                }
            }
            accumulated += Integer.bitCount(all);
            single += best;
        }
        return new Result(k, inTwo, linked, linked == 0 ? Double.NaN : accumulated / linked,
                linked == 0 ? Double.NaN : single / linked);
    }

    /** What linking k shares gives. */
    public record Result(int k, long inTwoOrMore, long linked, double labelsAccumulatedMean, double labelsSingleMean) {
        public double linkedShare() {
            return inTwoOrMore == 0 ? Double.NaN : (double) linked / inTwoOrMore;
        }
    }

    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (int k : K) {
            if (k > shares) {
                break;
            }
            ReleaseId rel = ReleaseId.of("lifetime-linkage(k=" + k + ")");
            for (boolean qi : List.of(false, true)) {
                QiSetLabel qiSet = QiSetLabel.of(qi ? "dob_sex_district" : "pseudonym");
                for (LifetimeSubgroup g : LifetimeSubgroup.values()) {
                    Result r = link(k, qi, g);
                    SubgroupLabel sg = SubgroupLabel.of(g.code());
                    out.add(Figure.exact(rel, qiSet, AttackerProfile.NONE, sg, Metric.LINKAGE_CHILDREN_IN_TWO_OR_MORE, r.inTwoOrMore()));
                    if (r.inTwoOrMore() == 0) {
                        continue;
                    }
                    out.add(Figure.exact(rel, qiSet, AttackerProfile.NONE, sg, Metric.LINKAGE_LINKED_SHARE, r.linkedShare()));
                    if (r.linked() > 0) {
                        out.add(Figure.exact(rel, qiSet, AttackerProfile.NONE, sg, Metric.LINKAGE_LABELS_ACCUMULATED_MEAN,
                                r.labelsAccumulatedMean()));
                        out.add(Figure.exact(rel, qiSet, AttackerProfile.NONE, sg, Metric.LINKAGE_LABELS_SINGLE_MEAN,
                                r.labelsSingleMean()));
                    }
                }
            }
        }
        return out;
    }
}
