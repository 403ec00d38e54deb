package org.pupilrisk.metric;

import java.util.Map;
import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * Zayatz's estimate of the number of population uniques from a sample.
 *
 * <p>The sample's class-size distribution stands in for the population's: the probability that a
 * sample unique is also a population unique is
 * <pre>
 *   P(F=1 | f=1) = (c_1/u * h(1; N, 1, n)) / sum_k (c_k/u * h(1; N, k, n))
 * </pre>
 * where c_k is the number of sample classes of size k, u the number of classes, n the sample size, N
 * the population size and h(1; N, K, n) the hypergeometric probability of drawing exactly one of K
 * records when n of N are sampled. Population uniques = c_1 * P(F=1 | f=1) / (n/N).
 *
 * <p>Source: Zayatz, "Estimation of the percent of unique population elements on a microdata file
 * using the sample", US Census Bureau SRD Report RR-91/08, 1991; as implemented in ARX
 * (org.deidentifier.arx.risk.ModelZayatz), whose definitions this follows.
 */
public final class ZayatzEstimator {

    public static final MetricKey METRIC = Metric.POPULATION_UNIQUENESS_ZAYATZ;

    private ZayatzEstimator() {
    }

    public static UniquesEstimate estimate(SizeHistogram h, long populationSize) {
        long n = h.records();
        long c1 = h.classes(1);
        if (c1 == 0) {
            return UniquesEstimate.of(0);
        }
        if (populationSize > Integer.MAX_VALUE) {
            return UniquesEstimate.unavailable("population too large for the hypergeometric model");
        }
        int bigN = (int) populationSize;
        double u = h.classes();
        double denominator = 0;
        for (Map.Entry<Long, Long> e : h.classesBySize().entrySet()) {
            denominator += e.getValue() / u * exactlyOne(bigN, e.getKey(), n);
        }
        double conditional = (c1 / u) * exactlyOne(bigN, 1, n) / denominator;
        return UniquesEstimate.of(c1 * conditional / ((double) n / populationSize));
    }

    /** h(1; N, K, n): probability of exactly one success when drawing n of N, K of which are successes. */
    static double exactlyOne(int bigN, long k, long n) {
        if (k > bigN) {
            return 0;
        }
        return new HypergeometricDistribution(null, bigN, (int) k, (int) n).probability(1);
    }
}
