package org.pupilrisk.attack;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * 95% Wilson score interval of a rate estimated from Monte-Carlo draws.
 *
 * <p>For p = x/n and z = 1.96: centre (p + z^2/2n) / (1 + z^2/n), half-width
 * z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n). Source: Wilson, "Probable inference, the law of
 * succession, and statistical inference", JASA 22(158), 1927; computed by Commons Math's
 * {@link WilsonScoreInterval}.
 */
public record RateInterval(double low, double high) {

    public static final double CONFIDENCE = 0.95;

    /** Interval for {@code successes} out of {@code trials} (trials &gt; 0). */
    public static RateInterval of(long trials, long successes) {
        if (trials <= 0 || successes < 0 || successes > trials || trials > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(successes + " of " + trials);
        }
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval((int) trials, (int) successes, CONFIDENCE);
        return new RateInterval(Math.max(0, ci.getLowerBound()), Math.min(1, ci.getUpperBound()));
    }

    /**
     * Interval for the mean of per-draw probabilities in [0, 1] (e.g. success probabilities 1/|C|):
     * the Wilson interval of the nearest whole number of successes. A mean of values in [0, 1] has
     * variance at most that of Bernoulli draws with the same mean, so this errs on the wide side.
     */
    public static RateInterval ofMean(long trials, double sumOfProbabilities) {
        return of(trials, Math.min(trials, Math.round(sumOfProbabilities)));
    }
}
