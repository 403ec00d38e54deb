package org.pupilrisk.release.tables.dp;

import java.util.SplittableRandom;

/**
 * The two-sided geometric mechanism (Ghosh, Roughgarden and Sundararajan 2009, "Universally
 * utility-maximizing privacy mechanisms", STOC): the discrete analogue of the Laplace mechanism for
 * integer counts. Adding noise Z with
 * <pre>  P(Z = k) = (1 - a) / (1 + a) * a^|k|,   a = exp(-epsilon / sensitivity)</pre>
 * to a count of L1 sensitivity {@code sensitivity} is epsilon-differentially private. Its variance is
 * {@code 2a / (1 - a)^2}.
 *
 * <p>Sampling: Z = G1 - G2 with G1, G2 independent geometric counts of failures,
 * {@code P(G = g) = (1 - a) a^g}, each drawn by inversion {@code G = floor(ln U / ln a)}. Inversion in
 * double precision is not exactly the ideal distribution in its far tail (Mironov 2012, CCS); for
 * these simulated releases that is immaterial and the sampler is tested against the closed form.
 *
 * <p>No maintained differential-privacy library for the JVM is available from the registries this
 * project uses, hence this small, tested implementation.
 */
public final class GeometricMechanism {

    private final double epsilon;
    private final double alpha;
    private final double logAlpha;

    /** @param epsilon privacy loss for one count of sensitivity 1 */
    public GeometricMechanism(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
        this.epsilon = epsilon;
        this.alpha = Math.exp(-epsilon);
        this.logAlpha = -epsilon;
    }

    public double epsilon() {
        return epsilon;
    }

    /** One draw of the noise. */
    public long noise(SplittableRandom random) {
        return geometric(random) - geometric(random);
    }

    private long geometric(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // (0, 1]
        return (long) Math.floor(Math.log(u) / logAlpha);
    }

    /** The count plus noise. */
    public long release(long count, SplittableRandom random) {
        return count + noise(random);
    }

    /** Closed-form probability that the noise equals {@code k}. */
    public double pmf(long k) {
        return (1 - alpha) / (1 + alpha) * Math.pow(alpha, Math.abs(k));
    }

    /** Closed-form variance {@code 2 e^-eps / (1 - e^-eps)^2}. */
    public double variance() {
        return 2 * alpha / ((1 - alpha) * (1 - alpha));
    }

    /** Probability the noise is exactly zero, i.e. that a published count equals the truth. */
    public double probabilityExact() {
        return pmf(0);
    }
}
