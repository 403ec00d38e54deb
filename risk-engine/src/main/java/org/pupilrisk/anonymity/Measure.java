package org.pupilrisk.anonymity;

/**
 * Information-loss measures the search minimises, following ARX's definitions.
 *
 * <p>{@link #LOSS}: ARX's "Loss" ({@code MetricMDNMLoss}, generalisation/suppression factor 0.5), after
 * Iyengar's loss metric (Iyengar, KDD 2002). For quasi-identifier j with a hierarchy of D_j values, a
 * record released with label v at the node's level costs {@code share(v)} = (values under v) / D_j, and
 * a suppressed record costs 1. Summed over the n records, it is normalised to [0, 1] between the
 * ungeneralised minimum n/D_j and the maximum n: {@code L_j = (sum - n/D_j) / (n - n/D_j)}. The
 * per-attribute losses are aggregated as ARX's default does, by the geometric mean with 1 added
 * (equal weights): {@code L = (prod_j (1 + L_j))^(1/d) - 1}.
 *
 * <p>{@link #DISCERNIBILITY}: ARX's non-monotonic discernibility ({@code MetricSDNMDiscernability},
 * Bayardo &amp; Agrawal 2005): each retained record costs the size of its class, each suppressed record
 * costs n: {@code DM = sum_{retained classes} |E|^2 + n * suppressed}.
 */
public enum Measure {
    LOSS, DISCERNIBILITY
}
