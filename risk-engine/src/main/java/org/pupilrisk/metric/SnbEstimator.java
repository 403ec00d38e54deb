package org.pupilrisk.metric;

import java.util.Map;

/**
 * The slide negative binomial (SNB) estimate of the number of population uniques.
 *
 * <p>Model: the K non-empty population classes have sizes F = 1 + X with X negative binomial
 * (alpha, beta), and each record is sampled with probability f = n/N. With d = (1-f)(1-beta) the
 * expected numbers of sample classes of size 1 and 2 are
 * <pre>
 *   E c_1 = K f (beta/(1-d))^alpha (1 + alpha d/(1-d))
 *   E c_2 = K f^2 alpha beta^alpha (1-beta) (2 - (1-alpha) d) / (2 (1-d)^(alpha+2))
 * </pre>
 * (derived from the probability generating function of X). alpha and beta solve E c_1 = c_1 and
 * E c_2 = c_2 by Newton-Raphson (numerical Jacobian, several fixed starting points); population
 * uniques = K P(F=1) = K beta^alpha. K is estimated with Haas &amp; Stokes' third Shlosser-type
 * estimator:
 * <pre>
 *   K = u + c_1 * [sum_k k f^2 (1-f^2)^(k-1) c_k / sum_k (1-f)^k ((1+f)^k - 1) c_k]
 *             * [sum_k (1-f)^k c_k / sum_k k f (1-f)^(k-1) c_k]^2
 * </pre>
 * ARX (org.deidentifier.arx.risk.ModelSNB) implements the same model; two expressions there differ
 * from the formulas above by operator precedence (the second moment equation multiplies by
 * (1-d)^(alpha+2) where its own derivative divides; the Shlosser denominator subtracts 1 per class
 * outside the product). This class follows the formulas as derived and as published.
 *
 * <p>Sources: Chen &amp; Keller-McNulty, "Estimation of identification disclosure risk in microdata",
 * Journal of Official Statistics 14(1), 1998; Haas &amp; Stokes, "Estimating the number of classes in a
 * finite population", JASA 93(444), 1998.
 */
public final class SnbEstimator {

    public static final MetricKey METRIC = Metric.POPULATION_UNIQUENESS_SNB;

    private SnbEstimator() {
    }

    /** Fitted (alpha, beta) and the estimated number of non-empty population classes K. */
    public record Fit(double alpha, double beta, double classes) {
    }

    public static UniquesEstimate estimate(SizeHistogram h, long populationSize) {
        if (h.classes(1) == 0) {
            return UniquesEstimate.of(0);
        }
        double f = (double) h.records() / populationSize;
        if (f >= 1) {
            return UniquesEstimate.of(h.classes(1)); // the sample is the population
        }
        double k = shlosser(h, f);
        Fit fit = solve(k, f, h.classes(1), h.classes(2));
        if (fit == null) {
            return UniquesEstimate.unavailable("did not converge");
        }
        double uniques = k * Math.pow(fit.beta(), fit.alpha());
        if (!(uniques >= 0 && uniques <= populationSize)) {
            return UniquesEstimate.unavailable("did not converge (estimate outside [0, N])");
        }
        return UniquesEstimate.of(uniques);
    }

    /** Haas &amp; Stokes' Shlosser-type estimate of the number of non-empty population classes. */
    public static double shlosser(SizeHistogram h, double f) {
        double num1 = 0;
        double den1 = 0;
        double num2 = 0;
        double den2 = 0;
        for (Map.Entry<Long, Long> e : h.classesBySize().entrySet()) {
            double k = e.getKey();
            double ck = e.getValue();
            num1 += k * f * f * Math.pow(1 - f * f, k - 1) * ck;
            den1 += Math.pow(1 - f, k) * (Math.pow(1 + f, k) - 1) * ck;
            num2 += Math.pow(1 - f, k) * ck;
            den2 += k * f * Math.pow(1 - f, k - 1) * ck;
        }
        return h.classes() + h.classes(1) * (num1 / den1) * (num2 / den2) * (num2 / den2);
    }

    /** Expected (c_1, c_2) under the model; package-private so tests can check it by direct summation. */
    static double[] expected(double k, double f, double alpha, double beta) {
        double d = (1 - f) * (1 - beta);
        double e1 = k * f * Math.pow(beta / (1 - d), alpha) * (1 + alpha * d / (1 - d));
        double e2 = k * f * f * alpha * Math.pow(beta, alpha) * (1 - beta) * (2 - (1 - alpha) * d)
                / (2 * Math.pow(1 - d, alpha + 2));
        return new double[] {e1, e2};
    }

    /** Solves E c_1 = c1, E c_2 = c2 for (alpha, beta); null when Newton-Raphson does not converge. */
    public static Fit solve(double k, double f, double c1, double c2) {
        double[] alphas = {1, 0.5, 2, 0.1, 5, 20};
        double[] betas = {0.5, 0.1, 0.9, 0.01, 0.99};
        for (double a0 : alphas) {
            for (double b0 : betas) {
                Fit fit = newton(k, f, c1, c2, a0, b0);
                if (fit != null) {
                    return fit;
                }
            }
        }
        return null;
    }

    private static Fit newton(double k, double f, double c1, double c2, double a, double b) {
        for (int it = 0; it < 200; it++) {
            double[] g = residual(k, f, c1, c2, a, b);
            double ha = 1e-7 * Math.max(1, Math.abs(a));
            double hb = 1e-7 * Math.max(1e-3, Math.min(b, 1 - b));
            double[] ga1 = residual(k, f, c1, c2, a + ha, b);
            double[] ga0 = residual(k, f, c1, c2, a - ha, b);
            double[] gb1 = residual(k, f, c1, c2, a, b + hb);
            double[] gb0 = residual(k, f, c1, c2, a, b - hb);
            double j11 = (ga1[0] - ga0[0]) / (2 * ha);
            double j21 = (ga1[1] - ga0[1]) / (2 * ha);
            double j12 = (gb1[0] - gb0[0]) / (2 * hb);
            double j22 = (gb1[1] - gb0[1]) / (2 * hb);
            double det = j11 * j22 - j12 * j21;
            if (!Double.isFinite(det) || det == 0) {
                return null;
            }
            double da = (g[0] * j22 - g[1] * j12) / det;
            double db = (j11 * g[1] - j21 * g[0]) / det;
            double step = 1;
            while (step > 1e-8 && !inDomain(a - step * da, b - step * db)) {
                step /= 2;
            }
            if (!inDomain(a - step * da, b - step * db)) {
                return null;
            }
            a -= step * da;
            b -= step * db;
            if (Math.abs(step * da) < 1e-10 * (1 + a) && Math.abs(step * db) < 1e-12) {
                double[] r = residual(k, f, c1, c2, a, b);
                boolean ok = Math.abs(r[0]) < 1e-6 * Math.max(1, c1) && Math.abs(r[1]) < 1e-6 * Math.max(1, c1);
                return ok ? new Fit(a, b, k) : null;
            }
        }
        return null;
    }

    private static boolean inDomain(double a, double b) {
        return a > 0 && a < 1e6 && b > 0 && b < 1;
    }

    private static double[] residual(double k, double f, double c1, double c2, double a, double b) {
        double[] e = expected(k, f, a, b);
        return new double[] {e[0] - c1, e[1] - c2};
    }
}
