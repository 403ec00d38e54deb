package org.pupilrisk.population.pupil;

/**
 * Year-to-year persistence of a status defined by a threshold on a latent that follows a stationary Gaussian
 * AR(1) process, {@code z(y) = rho z(y-1) + sqrt(1 - rho^2) e(y)}: the status holds when {@code Phi(z) < q}, so
 * its prevalence is {@code q} every year (the marginal targets are untouched) while {@code rho} sets how many
 * keep it the next year: {@code P(Z1 < a, Z2 < a) / q} with {@code a = Phi^-1(q)} for a bivariate normal of
 * correlation {@code rho}.
 */
public final class Persistence {

    private Persistence() {
    }

    /** Share of holders in one year who hold the status the next year. */
    public static double persistence(double q, double rho) {
        if (rho >= 1) {
            return 1;
        }
        double a = inverseNormal(q);
        double s = Math.sqrt(1 - rho * rho);
        // P(Z1 < a, Z2 < a) = integral over x < a of phi(x) Phi((a - rho x) / s): Simpson's rule on [-9, a]
        int n = 2000;
        double lo = -9;
        double h = (a - lo) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double x = lo + i * h;
            double f = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * normal((a - rho * x) / s);
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return sum * h / 3 / q;
    }

    /** The correlation that gives {@code target} persistence at prevalence {@code q} (bisection; persistence rises with rho). */
    public static double rhoFor(double q, double target) {
        double lo = 0;
        double hi = 0.99999;
        if (target <= q) {
            return 0;
        }
        for (int it = 0; it < 50; it++) {
            double mid = (lo + hi) / 2;
            if (persistence(q, mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Standard normal CDF (Zelen and Severo 26.2.17, absolute error below 7.5e-8). */
    public static double normal(double x) {
        if (x < -9) {
            return 0;
        }
        if (x > 9) {
            return 1;
        }
        double t = 1 / (1 + 0.2316419 * Math.abs(x));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * poly;
        return x >= 0 ? 1 - tail : tail;
    }

    /** Inverse of {@link #normal} by bisection (driver-side only). */
    public static double inverseNormal(double p) {
        double lo = -9;
        double hi = 9;
        for (int it = 0; it < 80; it++) {
            double mid = (lo + hi) / 2;
            if (normal(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
