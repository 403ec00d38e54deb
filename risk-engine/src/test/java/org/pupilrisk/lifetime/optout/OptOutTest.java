package org.pupilrisk.lifetime.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pupilrisk.lifetime.exposure.PupilHistory;

class OptOutTest {

    /** Girls opt out at 1.2x the nominal rate, boys at 0.8x; no age or LA effect. */
    static final OptOutModel BY_SEX = new OptOutModel(List.of(0.1), LocalDate.parse("2018-05-25"), true,
            Map.of("F", 1.2, "M", 0.8), 1.0, 1.0, 0.0);

    @Test
    void aRatePublishedAfterAnOptOutThatDiffersBySexIsBiased() {
        // five pupils: F on SEN support, F not, M on SEN support twice, M not. True rate 3/5 = 0.6.
        // p(F) = 0.12, p(M) = 0.08: published = (0.88 + 2 x 0.92) / (2 x 0.88 + 3 x 0.92) = 2.72 / 4.52
        PublishedRateBias b = new PublishedRateBias();
        for (String[] p : new String[][] {{"F", "K"}, {"F", "N"}, {"M", "K"}, {"M", "K"}, {"M", "N"}}) {
            b.add(p[1].equals("K"), BY_SEX.chance(child(p[0], 330), 0.1));
        }
        assertThat(b.trueRate()).isEqualTo(0.6);
        assertThat(b.publishedRate()).isCloseTo(2.72 / 4.52, within(1e-12));
        assertThat(b.bias()).isCloseTo(2.72 / 4.52 - 0.6, within(1e-12)); // +0.177 points
    }

    @Test
    void aUniformOptOutLeavesThePublishedRateUnbiased() {
        OptOutModel uniform = new OptOutModel(List.of(0.1), LocalDate.parse("2018-05-25"), false, Map.of(), 1, 1, 0.5);
        PublishedRateBias b = new PublishedRateBias();
        for (String[] p : new String[][] {{"F", "K"}, {"F", "N"}, {"M", "K"}, {"M", "K"}, {"M", "N"}}) {
            b.add(p[1].equals("K"), uniform.chance(child(p[0], 330), 0.1));
        }
        assertThat(b.bias()).isCloseTo(0.0, within(1e-15));
    }

    @Test
    void thoseWhoOptOutAtTwoPercentAlsoOptOutAtFive() {
        OptOutModel m = new OptOutModel(List.of(0.02, 0.05), LocalDate.parse("2018-05-25"), false, Map.of(), 1, 1, 0);
        int at2 = 0;
        int at5 = 0;
        for (long id = 0; id < 100_000; id++) {
            PupilHistory h = new PupilHistory(id, LocalDate.parse("2010-01-01"), "F", new int[] {2018}, new int[] {3},
                    new int[] {0}, new int[] {0}, 330, "B1", "B1 1", 1);
            boolean two = m.optsOut(h, 0.02);
            boolean five = m.optsOut(h, 0.05);
            if (two) {
                assertThat(five).isTrue();
                at2++;
            }
            at5 += five ? 1 : 0;
        }
        assertThat(at2 / 1e5).isCloseTo(0.02, within(0.0018)); // 4 binomial sd
        assertThat(at5 / 1e5).isCloseTo(0.05, within(0.0028));
    }

    @Test
    void theLaMultiplierIsLogNormalAroundOne() {
        OptOutModel m = new OptOutModel(List.of(0.05), LocalDate.parse("2018-05-25"), true, Map.of(), 1, 1, 0.5);
        double sumLog = 0;
        double sumSq = 0;
        int n = 5000;
        for (int la = 0; la < n; la++) {
            double l = Math.log(m.laMultiplier(la));
            sumLog += l;
            sumSq += l * l;
        }
        assertThat(sumLog / n).isCloseTo(0.0, within(0.03));
        assertThat(Math.sqrt(sumSq / n)).isCloseTo(0.5, within(0.03));
    }

    static PupilHistory child(String sex, int la) {
        return new PupilHistory(1, LocalDate.parse("2008-01-01"), sex, new int[] {2018}, new int[] {5}, new int[] {0},
                new int[] {0}, la, "B1", "B1 1", 1);
    }
}
