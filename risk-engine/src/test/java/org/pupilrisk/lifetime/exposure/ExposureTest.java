package org.pupilrisk.lifetime.exposure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.lifetime.ledger.Coverage;
import org.pupilrisk.lifetime.ledger.Delivery;
import org.pupilrisk.lifetime.ledger.RequesterType;
import org.pupilrisk.lifetime.ledger.Share;
import org.pupilrisk.lifetime.ledger.Tier;
import org.pupilrisk.metric.Figure;

/** A hand-worked ledger of three shares over five children: every count is worked out below by hand. */
class ExposureTest {

    /** A: Tier 1 to a commercial firm, KS2 of 2013-2014. B: Tier 2 to a university, every NC year of 2014-2015.
     *  C: Tier 4 to the same firm as A, KS4 of 2018. */
    static final List<Share> LEDGER = List.of(
            share("A", "2014-07-01", Tier.TIER1, RequesterType.COMMERCIAL, "com-1", 2013, 2014, "KS2"),
            share("B", "2016-03-01", Tier.TIER2, RequesterType.ACADEMIC, "aca-1", 2014, 2015, "ALL"),
            share("C", "2019-01-10", Tier.TIER4, RequesterType.COMMERCIAL, "com-1", 2018, 2018, "KS4"));

    static final int SEN = PupilHistory.LABEL_SEN_TYPE;

    static final PupilHistory P1 = child(1, "2002-10-01", new int[] {2013, 2014, 2015}, new int[] {5, 6, 7},
            new int[] {0, SEN, 0}, new int[] {0, PupilHistory.FLAG_SEN_SUPPORT, 0});
    static final PupilHistory P2 = child(2, "2001-11-15", new int[] {2018}, new int[] {11},
            new int[] {PupilHistory.LABEL_EXCLUSION_REASON}, new int[] {PupilHistory.FLAG_EXCLUDED});
    static final PupilHistory P3 = child(3, "2004-01-01", new int[] {2012}, new int[] {3}, new int[] {0}, new int[] {0});
    static final PupilHistory P4 = child(4, "2002-12-01", new int[] {2014, 2018}, new int[] {6, 11},
            new int[] {PupilHistory.LABEL_AP_REASON, 0}, new int[] {PupilHistory.FLAG_AP, 0});
    static final PupilHistory P5 = child(5, "2010-05-05", new int[] {2015}, new int[] {0}, new int[] {SEN},
            new int[] {PupilHistory.FLAG_EHC_PLAN});

    @Test
    void eachChildsSharesAreCountedByRule() {
        ShareIndex index = new ShareIndex(LEDGER, 1);
        // P1: A (2014 at NC 6, SEN label that year) and B (2014, 2015); not C.
        PupilExposure e1 = PupilExposure.of(P1, index, null);
        assertThat(new int[] {e1.releases(), e1.sentAsFile(), e1.identifying(), e1.withLabel(), e1.recipients(),
            e1.commercialRecipients()}).containsExactly(2, 2, 1, 2, 2, 1);
        assertThat(e1.firstAge()).isCloseTo(4291 / 365.25, within(1e-9)); // 2002-10-01 to 2014-07-01 = 4291 days
        assertThat(e1.shares()).containsExactly(0, 1);
        // P2: only C, Tier 4 carries no label.
        PupilExposure e2 = PupilExposure.of(P2, index, null);
        assertThat(new int[] {e2.releases(), e2.identifying(), e2.withLabel(), e2.recipients(), e2.commercialRecipients()})
                .containsExactly(1, 0, 0, 1, 1);
        // P3: 2012 at NC 3 is in no share.
        PupilExposure e3 = PupilExposure.of(P3, index, null);
        assertThat(e3.releases()).isZero();
        assertThat(e3.firstAge()).isNaN();
        // P4: A, B and C; the firm behind A and C counts once; the AP reason of 2014 goes out in A and B.
        PupilExposure e4 = PupilExposure.of(P4, index, null);
        assertThat(new int[] {e4.releases(), e4.identifying(), e4.withLabel(), e4.recipients(), e4.commercialRecipients()})
                .containsExactly(3, 1, 2, 2, 1);
        // P5: B only (Reception in 2015), with its SEN type.
        PupilExposure e5 = PupilExposure.of(P5, index, null);
        assertThat(new int[] {e5.releases(), e5.withLabel(), e5.recipients(), e5.commercialRecipients()})
                .containsExactly(1, 1, 1, 0);
    }

    @Test
    void anOptOutLeavesOutLaterSharesOnly() {
        ShareIndex index = new ShareIndex(LEDGER, 1);
        assertThat(PupilExposure.of(P4, index, LocalDate.parse("2015-01-01")).releases()).isEqualTo(1); // A only
        assertThat(PupilExposure.of(P4, index, LocalDate.parse("2019-01-10")).releases()).isEqualTo(2); // C is on the day
    }

    @Test
    void distributionsOverTheFiveChildren() {
        ShareIndex index = new ShareIndex(LEDGER, 1);
        ExposureFigures figures = new ExposureFigures();
        for (PupilHistory h : List.of(P1, P2, P3, P4, P5)) {
            figures.add(h, PupilExposure.of(h, index, null));
        }
        // releases: P1..P5 = 2, 1, 0, 3, 1 -> sorted 0 1 1 2 3: mean 7/5, median (3rd) 1, p90 (5th) 3, max 3
        List<Figure> all = figures.figures().stream().filter(f -> f.subgroup().equals("all")).toList();
        assertThat(value(all, "children")).isEqualTo(5);
        assertThat(value(all, "exposure_releases_mean")).isCloseTo(1.4, within(1e-12));
        assertThat(value(all, "exposure_releases_median")).isEqualTo(1);
        assertThat(value(all, "exposure_releases_p90")).isEqualTo(3);
        assertThat(value(all, "exposure_releases_max")).isEqualTo(3);
        assertThat(value(all, "exposure_share_any")).isEqualTo(0.8);
        // with a label: 2, 0, 0, 2, 1 -> mean 1, median 1
        assertThat(value(all, "exposure_releases_with_label_mean")).isEqualTo(1.0);
        // the AP subgroup is P4 alone
        List<Figure> ap = figures.figures().stream().filter(f -> f.subgroup().equals("ap")).toList();
        assertThat(value(ap, "children")).isEqualTo(1);
        assertThat(value(ap, "exposure_releases_max")).isEqualTo(3);
        // first exposure of P4: 2002-12-01 to 2014-07-01 = 4230 days = 11.58 years -> 138 whole months -> 11.5
        assertThat(value(ap, "exposure_first_age_median")).isEqualTo(138 / 12.0);
    }

    @Test
    void aSampledShareDrawsItsFractionIndependentlyOfOtherShares() {
        List<Share> two = List.of(
                new Share("X", LocalDate.parse("2016-01-01"), Tier.TIER2, RequesterType.ACADEMIC, "a", Delivery.FILE,
                        new Coverage(2015, 2015, "ALL", 0.3), 0),
                new Share("Y", LocalDate.parse("2016-02-01"), Tier.TIER2, RequesterType.ACADEMIC, "b", Delivery.FILE,
                        new Coverage(2015, 2015, "ALL", 0.5), 0));
        ShareIndex index = new ShareIndex(two, 9);
        int n = 100_000;
        int x = 0;
        int y = 0;
        int both = 0;
        for (int i = 0; i < n; i++) {
            PupilExposure e = PupilExposure.of(child(i, "2008-01-01", new int[] {2015}, new int[] {2}, new int[] {0},
                    new int[] {0}), index, null);
            boolean hasX = e.shares().length > 0 && e.shares()[0] == 0;
            boolean hasY = e.shares().length > 0 && e.shares()[e.shares().length - 1] == 1;
            x += hasX ? 1 : 0;
            y += hasY ? 1 : 0;
            both += hasX && hasY ? 1 : 0;
        }
        // binomial standard errors at n = 100,000: about 0.0015; 4 of them as tolerance
        assertThat(x / (double) n).isCloseTo(0.3, within(0.006));
        assertThat(y / (double) n).isCloseTo(0.5, within(0.006));
        assertThat(both / (double) n).isCloseTo(0.15, within(0.006));
    }

    static double value(List<Figure> figures, String metric) {
        return figures.stream().filter(f -> f.metric().equals(metric)).findFirst().orElseThrow().value();
    }

    static Share share(String id, String date, Tier tier, RequesterType type, String recipient, int from, int to,
                       String stages) {
        return new Share(id, LocalDate.parse(date), tier, type, recipient, Delivery.FILE,
                new Coverage(from, to, stages, 1.0), 0);
    }

    static PupilHistory child(long id, String dob, int[] years, int[] nc, int[] labels, int[] flags) {
        return new PupilHistory(id, LocalDate.parse(dob), "F", years, nc, flags, labels, 330, "B12", "B12 3", 100001);
    }
}
