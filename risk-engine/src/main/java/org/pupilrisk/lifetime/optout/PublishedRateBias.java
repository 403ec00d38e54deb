package org.pupilrisk.lifetime.optout;

/**
 * The cost of an opt-out to research: a rate published from the data that remain (e.g. the share of
 * pupils on SEN support) drifts from the true rate when groups opt out at different rates.
 *
 * <p>In expectation over who opts out: true rate R = Σ yᵢ / N; published rate
 * R' = Σ (1 − pᵢ) yᵢ / Σ (1 − pᵢ), pᵢ child i's chance of opting out and yᵢ ∈ {0, 1} whether it has
 * the characteristic. Bias = R' − R (a proportion; ×100 for percentage points). Uniform opt-out
 * (all pᵢ equal) gives no bias; a group that opts out more than average is under-counted.
 */
public final class PublishedRateBias {

    private double n;
    private double y;
    private double kept;
    private double keptY;

    public void add(boolean has, double chance) {
        n += 1;
        kept += 1 - chance;
        if (has) {
            y += 1;
            keptY += 1 - chance;
        }
    }

    public double trueRate() {
        return y / n;
    }

    public double publishedRate() {
        return keptY / kept;
    }

    public double bias() {
        return publishedRate() - trueRate();
    }

    public boolean empty() {
        return n == 0 || kept == 0;
    }
}
