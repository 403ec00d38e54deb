package org.pupilrisk.metric;

import java.util.Map;
import java.util.OptionalDouble;
import org.apache.commons.math3.special.Gamma;

/**
 * Pitman's estimate of the number of population uniques (Hoshino's Pitman model).
 *
 * <p>Class sizes follow the Pitman sampling formula with parameters theta and alpha (0 &lt; alpha &lt; 1,
 * theta &gt; -alpha), fitted by maximum likelihood on the sample. With u sample classes, n records and
 * c_k classes of size k the likelihood equations are
 * <pre>
 *   g1 = sum_{i=1}^{u-1} 1/(theta + i*alpha) - sum_{i=1}^{n-1} 1/(theta + i)                    = 0
 *   g2 = sum_{i=1}^{u-1} i/(theta + i*alpha) - sum_{k>=2} c_k * sum_{j=1}^{k-1} 1/(j - alpha)     = 0
 * </pre>
 * solved by Newton-Raphson (the sums in closed form via digamma/trigamma), starting from Hoshino's
 * moment guess. Population uniques = Gamma(theta+1)/Gamma(theta+alpha) * N^alpha.
 *
 * <p>A fit that leaves the parameter space, does not settle, or gives a count outside [0, N] is
 * reported as "did not converge", never as 0. Source: Hoshino, "Applying Pitman's sampling formula to
 * microdata disclosure risk assessment", Journal of Official Statistics 17(4), 2001; definitions as in
 * ARX (org.deidentifier.arx.risk.ModelPitman).
 */
public final class PitmanEstimator {

    public static final MetricKey METRIC = Metric.POPULATION_UNIQUENESS_PITMAN;

    private static final int MAX_ITERATIONS = 300;
    private static final double TOLERANCE = 1e-9;

    private PitmanEstimator() {
    }

    /** Fitted (theta, alpha), or null when the fit did not converge. */
    public record Fit(double theta, double alpha) {
    }

    public static UniquesEstimate estimate(SizeHistogram h, long populationSize) {
        if (h.classes(1) == 0) {
            return UniquesEstimate.of(0);
        }
        Fit fit = fit(h);
        if (fit == null) {
            OptionalDouble ewens = ewensBoundary(h);
            return UniquesEstimate.unavailable(ewens.isPresent()
                    ? String.format(java.util.Locale.ROOT, "did not converge: no maximum with 0 < alpha < 1; the likelihood "
                            + "rises towards alpha = 0 (the Ewens model, theta = %.0f), outside Hoshino's estimator",
                            ewens.getAsDouble())
                    : "did not converge");
        }
        double uniques = uniques(fit, populationSize);
        if (!(uniques >= 0 && uniques <= populationSize)) {
            return UniquesEstimate.unavailable("did not converge (estimate outside [0, N])");
        }
        return UniquesEstimate.of(uniques);
    }

    /**
     * Whether the likelihood's maximum lies on the boundary alpha = 0 (the Ewens sampling formula) rather
     * than inside the parameter space: typical of samples in which nearly every class is unique. At
     * alpha = 0 the likelihood in theta is maximised where (u-1)/theta = sum_{i=1}^{n-1} 1/(theta+i); the
     * boundary is a maximum over alpha when the partial derivative there,
     * {@code dL/dalpha = sum_{i=1}^{u-1} i/theta - sum_k c_k sum_{j=1}^{k-1} 1/j}, is not positive.
     *
     * @return that theta when both hold; empty otherwise (every class unique: no finite theta either)
     */
    static OptionalDouble ewensBoundary(SizeHistogram h) {
        double n = h.records();
        double u = h.classes();
        if (u >= n || u < 2) {
            return OptionalDouble.empty();
        }
        // (u-1)/theta - (digamma(theta+n) - digamma(theta+1)) falls from +inf to below 0: bisect on log theta
        double lo = Math.log(1e-9);
        double hi = Math.log(1e15);
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            double t = Math.exp(mid);
            double g = (u - 1) / t - (Gamma.digamma(t + n) - Gamma.digamma(t + 1));
            if (g > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double theta = Math.exp((lo + hi) / 2);
        double harmonic = 0;
        for (Map.Entry<Long, Long> e : h.classesBySize().entrySet()) {
            if (e.getKey() > 1) {
                harmonic += e.getValue() * (Gamma.digamma(e.getKey()) - Gamma.digamma(1)); // c_k * H_{k-1}
            }
        }
        double dAlpha = (u - 1) * u / 2 / theta - harmonic;
        return dAlpha <= 0 ? OptionalDouble.of(theta) : OptionalDouble.empty();
    }

    /** Expected population uniques under the fitted model: Gamma(theta+1)/Gamma(theta+alpha) * N^alpha. */
    public static double uniques(Fit fit, long populationSize) {
        return Math.exp(Gamma.logGamma(fit.theta() + 1) - Gamma.logGamma(fit.theta() + fit.alpha())
                + fit.alpha() * Math.log(populationSize));
    }

    /** Maximum-likelihood fit, or null when Newton-Raphson does not converge inside the parameter space. */
    public static Fit fit(SizeHistogram h) {
        double n = h.records();
        double u = h.classes();
        double c1 = h.classes(1);
        double c2 = Math.max(1, h.classes(2)); // no pairs: overestimate, as Hoshino's guess needs c2 > 0
        double c = c1 * (c1 - 1) / c2;
        double t0 = (n * u * c - c1 * (n - 1) * (2 * u + c)) / (2 * c1 * u + c1 * c - n * c);
        double a0 = (t0 * (c1 - n) + (n - 1) * c1) / (n * u);
        double[][] starts = {{t0, a0}, {1, 0.5}, {10, 0.5}, {100, 0.5}, {1, 0.1}, {1, 0.9}, {1000, 0.3}};
        for (double[] s : starts) {
            if (!inDomain(s[0], s[1])) {
                continue;
            }
            Fit f = newton(h, u, n, s[0], s[1]);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static boolean inDomain(double t, double a) {
        return Double.isFinite(t) && a > 0 && a < 1 && t > -a;
    }

    private static Fit newton(SizeHistogram h, double u, double n, double t, double a) {
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] g = equations(h, u, n, t, a);
            // Jacobian, see class comment; d1..d5 as in Hoshino's second derivatives
            double r = t / a;
            double s1 = (Gamma.digamma(r + u) - Gamma.digamma(r + 1)) / a;          // sum 1/(t+ia)
            double d1 = (Gamma.trigamma(r + 1) - Gamma.trigamma(r + u)) / (a * a);  // sum 1/(t+ia)^2
            double d2 = Gamma.trigamma(t + 1) - Gamma.trigamma(t + n);             // sum 1/(t+i)^2
            double d5 = (s1 - t * d1) / a;                                          // sum i/(t+ia)^2
            double s3 = ((u - 1) - t * s1) / a;                                      // sum i/(t+ia)
            double d3 = (s3 - t * d5) / a;                                          // sum i^2/(t+ia)^2
            double d4 = 0;                                                           // sum c_k sum 1/(j-a)^2
            for (Map.Entry<Long, Long> e : h.classesBySize().entrySet()) {
                if (e.getKey() > 1) {
                    d4 += e.getValue() * (Gamma.trigamma(1 - a) - Gamma.trigamma(e.getKey() - a));
                }
            }
            double j11 = d2 - d1;
            double j12 = -d5;
            double j21 = -d5;
            double j22 = -d3 - d4;
            double det = j11 * j22 - j12 * j21;
            if (!Double.isFinite(det) || det == 0) {
                return null;
            }
            double dt = (g[0] * j22 - g[1] * j12) / det;
            double da = (j11 * g[1] - j21 * g[0]) / det;
            // damp the step so that it stays inside the parameter space
            double step = 1;
            while (step > 1e-6 && !inDomain(t - step * dt, a - step * da)) {
                step /= 2;
            }
            if (!inDomain(t - step * dt, a - step * da)) {
                return null;
            }
            t -= step * dt;
            a -= step * da;
            if (Math.abs(step * dt) <= TOLERANCE * (1 + Math.abs(t)) && Math.abs(step * da) <= TOLERANCE) {
                double[] check = equations(h, u, n, t, a);
                // the equations are sums of up to n terms: accept residuals small against that scale
                double scale = 1e-6 * (1 + u);
                return Math.abs(check[0]) < scale && Math.abs(check[1]) < scale ? new Fit(t, a) : null;
            }
        }
        return null;
    }

    /** The likelihood equations (g1, g2) in closed form. Package-private for the tests. */
    static double[] equations(SizeHistogram h, double u, double n, double t, double a) {
        double r = t / a;
        double s1 = (Gamma.digamma(r + u) - Gamma.digamma(r + 1)) / a;
        double o2 = Gamma.digamma(t + n) - Gamma.digamma(t + 1);
        double s3 = ((u - 1) - t * s1) / a;
        double o4 = 0;
        for (Map.Entry<Long, Long> e : h.classesBySize().entrySet()) {
            if (e.getKey() > 1) {
                o4 += e.getValue() * (Gamma.digamma(e.getKey() - a) - Gamma.digamma(1 - a));
            }
        }
        return new double[] {s1 - o2, s3 - o4};
    }
}
