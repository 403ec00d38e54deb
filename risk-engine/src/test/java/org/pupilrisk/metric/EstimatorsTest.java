package org.pupilrisk.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.util.CombinatoricsUtils;
import org.junit.jupiter.api.Test;

/** The population-uniqueness estimators against closed forms and second computations. */
class EstimatorsTest {

    @Test
    void zayatzMatchesAHandComputationFromHypergeometricProbabilities() {
        // sample: classes of size 1, 1, 2 (n = 4, u = 3, c1 = 2); population N = 8; fraction 1/2
        // h(1; N, K, n) = K * C(N-K, n-1) / C(N, n), C(8,4) = 70
        //   K = 1: 1 * C(7,3) / 70 = 35/70 = 0.5
        //   K = 2: 2 * C(6,3) / 70 = 40/70
        // P(F=1|f=1) = (2/3 * 0.5) / (2/3 * 0.5 + 1/3 * 40/70) = (1/3) / (1/3 + 4/21) = 7/11
        // uniques = c1 * 7/11 / (n/N) = 2 * 7/11 * 2 = 28/11
        UniquesEstimate e = ZayatzEstimator.estimate(SizeHistogram.ofClassSizes(1, 1, 2), 8);
        assertThat(e.uniques()).isCloseTo(28.0 / 11, within(1e-12));
        assertThat(ZayatzEstimator.exactlyOne(8, 2, 4))
                .isCloseTo(2.0 * CombinatoricsUtils.binomialCoefficient(6, 3) / CombinatoricsUtils.binomialCoefficient(8, 4), within(1e-12));
    }

    @Test
    void everyEstimatorReturnsTheSampleUniquesWhenTheSampleIsThePopulation() {
        SizeHistogram h = SizeHistogram.ofClassSizes(1, 1, 1, 2, 3, 5);
        assertThat(ZayatzEstimator.estimate(h, h.records()).uniques()).isCloseTo(3, within(1e-12));
        assertThat(SnbEstimator.estimate(h, h.records()).uniques()).isEqualTo(3);
    }

    @Test
    void noSampleUniquesMeansNoEstimatedPopulationUniques() {
        SizeHistogram h = SizeHistogram.ofClassSizes(2, 2, 3);
        assertThat(PitmanEstimator.estimate(h, 100).uniques()).isZero();
        assertThat(DankarRule.estimate(h, 100).uniques()).isZero();
    }

    @Test
    void snbMomentEquationsMatchADirectSumOverTheNegativeBinomialModel() {
        // F = 1 + X, X ~ NB(alpha, beta): P(X = x) = Gamma(x+alpha)/(x! Gamma(alpha)) beta^alpha (1-beta)^x;
        // each record sampled with probability f. E c_k = K * sum_F P(F) * C(F, k) f^k (1-f)^(F-k).
        double k = 1000;
        double f = 0.3;
        double alpha = 0.7;
        double beta = 0.4;
        double e1 = 0;
        double e2 = 0;
        for (int x = 0; x < 2000; x++) {
            double px = Math.exp(org.apache.commons.math3.special.Gamma.logGamma(x + alpha)
                    - CombinatoricsUtils.factorialLog(x) - org.apache.commons.math3.special.Gamma.logGamma(alpha)
                    + alpha * Math.log(beta) + x * Math.log(1 - beta));
            int bigF = 1 + x;
            e1 += px * bigF * f * Math.pow(1 - f, bigF - 1);
            e2 += px * bigF * (bigF - 1) / 2.0 * f * f * Math.pow(1 - f, bigF - 2);
        }
        double[] closed = SnbEstimator.expected(k, f, alpha, beta);
        assertThat(closed[0]).isCloseTo(k * e1, within(1e-6));
        assertThat(closed[1]).isCloseTo(k * e2, within(1e-6));
    }

    @Test
    void snbRecoversTheParametersThatGeneratedItsMoments() {
        double k = 5000;
        double f = 0.2;
        double[] c = SnbEstimator.expected(k, f, 1.3, 0.35);
        SnbEstimator.Fit fit = SnbEstimator.solve(k, f, c[0], c[1]);
        assertThat(fit).isNotNull();
        assertThat(fit.alpha()).isCloseTo(1.3, within(1e-5));
        assertThat(fit.beta()).isCloseTo(0.35, within(1e-6));
    }

    @Test
    void shlosserMatchesAHandComputation() {
        // classes 1, 1, 2 and f = 0.5:
        //   sum k f^2 (1-f^2)^(k-1) c_k = 1*0.25*1*2 + 2*0.25*0.75*1 = 0.5 + 0.375 = 0.875
        //   sum (1-f)^k ((1+f)^k - 1) c_k = 0.5*0.5*2 + 0.25*(2.25-1)*1 = 0.5 + 0.3125 = 0.8125
        //   sum (1-f)^k c_k = 0.5*2 + 0.25 = 1.25
        //   sum k f (1-f)^(k-1) c_k = 1*0.5*1*2 + 2*0.5*0.5*1 = 1 + 0.5 = 1.5
        //   K = 3 + 2 * (0.875/0.8125) * (1.25/1.5)^2 = 3 + 2 * 1.0769231 * 0.6944444 = 4.4957265
        assertThat(SnbEstimator.shlosser(SizeHistogram.ofClassSizes(1, 1, 2), 0.5)).isCloseTo(4.4957265, within(1e-6));
    }

    /** A histogram shaped like real microdata: many uniques, a long tail of larger classes. */
    static SizeHistogram tailed() {
        TreeMap<Long, Long> m = new TreeMap<>();
        m.put(1L, 600L);
        m.put(2L, 150L);
        m.put(3L, 60L);
        m.put(4L, 30L);
        m.put(5L, 15L);
        m.put(8L, 10L);
        m.put(20L, 5L);
        return SizeHistogram.of(m);
    }

    @Test
    void pitmanFitSolvesTheLikelihoodEquationsSummedTermByTerm() {
        SizeHistogram h = tailed();
        PitmanEstimator.Fit fit = PitmanEstimator.fit(h);
        assertThat(fit).isNotNull();
        double t = fit.theta();
        double a = fit.alpha();
        // Hoshino's equations, written as plain sums (a second computation of the closed forms)
        double u = h.classes();
        double n = h.records();
        double g1 = 0;
        double g2 = 0;
        for (int i = 1; i < u; i++) {
            g1 += 1 / (t + i * a);
            g2 += i / (t + i * a);
        }
        for (int i = 1; i < n; i++) {
            g1 -= 1 / (t + i);
        }
        for (Map.Entry<Long, Long> e : h.classesBySize().entrySet()) {
            for (int j = 1; j < e.getKey(); j++) {
                g2 -= e.getValue() / (j - a);
            }
        }
        assertThat(g1).isCloseTo(0, within(1e-7));
        assertThat(g2).isCloseTo(0, within(1e-5));
        assertThat(a).isBetween(0.0, 1.0);
        // uniques = Gamma(t+1)/Gamma(t+a) * N^a, by logGamma
        double expected = Math.exp(org.apache.commons.math3.special.Gamma.logGamma(t + 1)
                - org.apache.commons.math3.special.Gamma.logGamma(t + a)) * Math.pow(20000, a);
        assertThat(PitmanEstimator.estimate(h, 20000).uniques()).isCloseTo(expected, within(1e-6 * expected));
    }

    @Test
    void pitmanThatCannotFitSaysSoInsteadOfReturningZero() {
        // every class unique: the likelihood has no maximum with alpha < 1
        UniquesEstimate e = PitmanEstimator.estimate(SizeHistogram.ofClassSizes(1, 1, 1, 1, 1, 1), 1000);
        assertThat(e.available()).isFalse();
        assertThat(e.note()).contains("did not converge");
    }

    /**
     * A sample in which nearly every class is unique (as on date of birth, sex and postcode): the Pitman
     * likelihood, evaluated term by term on a grid, is highest at the smallest alpha, and its best theta
     * at alpha = 0 is the one the note reports.
     */
    @Test
    void pitmanOnNearlyAllUniqueSamplesSaysTheMaximumIsAtAlphaZero() {
        TreeMap<Long, Long> m = new TreeMap<>(Map.of(1L, 2170L, 2L, 90L, 3L, 3L));
        SizeHistogram h = new SizeHistogram(m);
        UniquesEstimate e = PitmanEstimator.estimate(h, 10_000);
        assertThat(e.available()).isFalse();
        assertThat(e.note()).contains("rises towards alpha = 0");
        double theta = PitmanEstimator.ewensBoundary(h).orElseThrow();
        double atBoundary = Double.NEGATIVE_INFINITY;
        for (double t = theta * 0.5; t <= theta * 1.5; t += theta / 1000) {
            atBoundary = Math.max(atBoundary, logLikelihood(m, t, 0));
        }
        // the reported theta maximises the alpha = 0 likelihood (to the grid's resolution)
        assertThat(logLikelihood(m, theta, 0)).isGreaterThanOrEqualTo(atBoundary - 1e-6);
        for (double alpha : new double[] {0.05, 0.2, 0.5, 0.8}) {
            double best = Double.NEGATIVE_INFINITY;
            for (double lt = -2; lt < 14; lt += 0.01) {
                best = Math.max(best, logLikelihood(m, Math.exp(lt), alpha));
            }
            assertThat(best).as("alpha %s", alpha).isLessThan(atBoundary);
        }
        // a sample whose fit lies inside the parameter space: no boundary claim
        assertThat(PitmanEstimator.fit(tailed())).isNotNull();
        assertThat(PitmanEstimator.ewensBoundary(tailed())).isEmpty();
    }

    /** Pitman's log-likelihood summed term by term (constant terms in n dropped). */
    static double logLikelihood(Map<Long, Long> classesBySize, double theta, double alpha) {
        long u = 0;
        long n = 0;
        for (Map.Entry<Long, Long> e : classesBySize.entrySet()) {
            u += e.getValue();
            n += e.getKey() * e.getValue();
        }
        double l = 0;
        for (int i = 1; i < u; i++) {
            l += Math.log(theta + i * alpha);
        }
        for (int i = 1; i < n; i++) {
            l -= Math.log(theta + i);
        }
        for (Map.Entry<Long, Long> e : classesBySize.entrySet()) {
            for (int j = 1; j < e.getKey(); j++) {
                l += e.getValue() * Math.log(j - alpha);
            }
        }
        return l;
    }

    @Test
    void dankarUsesPitmanForSmallSamplingFractionsAndTheSmallerOfZayatzAndSnbOtherwise() {
        SizeHistogram h = tailed(); // n = 1000 + 10*8 ... see records()
        long small = h.records() * 20; // fraction 0.05
        assertThat(DankarRule.estimate(h, small).uniques()).isEqualTo(PitmanEstimator.estimate(h, small).uniques());
        assertThat(DankarRule.estimate(h, small).note()).contains("Pitman");
        long large = h.records() * 2; // fraction 0.5
        double z = ZayatzEstimator.estimate(h, large).uniques();
        UniquesEstimate snb = SnbEstimator.estimate(h, large);
        double expected = snb.available() ? Math.min(z, snb.uniques()) : z;
        assertThat(DankarRule.estimate(h, large).uniques()).isEqualTo(expected);
    }
}
