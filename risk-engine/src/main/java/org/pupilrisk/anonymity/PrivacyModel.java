package org.pupilrisk.anonymity;

/**
 * The privacy models a {@code k-anonymous} release must satisfy, as ARX defines them, and the record
 * suppression limit.
 *
 * <p>An equivalence class (records equal on every generalised quasi-identifier) satisfies the model when
 * <ul>
 *   <li>k-anonymity: it has at least {@code k} records (Sweeney 2002, ARX {@code KAnonymity});</li>
 *   <li>distinct l-diversity: its sensitive attribute takes at least {@code l} distinct values
 *       (Machanavajjhala et al. 2007, ARX {@code DistinctLDiversity}). "No label" (a null: not in AP, no
 *       SEN need) is not a value an attacker learns anything sensitive from, so when the data have it, only
 *       labels count: a class with a labelled pupil needs at least {@code l} different labels (a class
 *       {PREGNANCY, none x 4} fails: whoever knows the pupil has a label learns it), and a class with no
 *       labelled pupil discloses none and passes. ARX counts "no label" as a value;</li>
 *   <li>entropy l-diversity: the Shannon entropy of its sensitive values is at least {@code ln l}, i.e.
 *       {@code sum f ln f <= n (ln n - ln l)} (ARX {@code EntropyLDiversity}, Shannon estimator);</li>
 *   <li>equal-distance t-closeness: the earth mover's distance between its sensitive distribution P and
 *       the whole data's distribution Q, with every pair of values at ground distance 1, is at most
 *       {@code t}; that distance is {@code 1/2 sum_i |p_i - q_i|} (Li, Li &amp; Venkatasubramanian 2007,
 *       ARX {@code EqualDistanceTCloseness}).</li>
 * </ul>
 * A class that fails is suppressed; a transformation is admissible when at most
 * {@code floor(suppressionLimit * n)} records are suppressed (ARX's outlier limit).
 *
 * <p>Monotonicity (what the search may prune): merging classes keeps a class of at least k records at
 * least k, and keeps at least l distinct values, so k-anonymity and distinct l-diversity stay satisfied
 * under generalisation, with or without suppression (suppressed records only ever become fewer). Entropy
 * and the equal-distance EMD are concave/convex in the distribution, so a merge of two satisfying classes
 * satisfies too, but a merge of a satisfying with a failing class may fail: those two are monotone only
 * without suppression (ARX marks them the same way).
 *
 * @param k                minimum class size (1 disables)
 * @param diversity        which l-diversity, if any
 * @param l                l (ignored when {@code diversity == NONE})
 * @param t                t for equal-distance t-closeness, or {@code null} when not required
 * @param suppressionLimit share of records that may be suppressed, in [0, 1]
 */
public record PrivacyModel(int k, Diversity diversity, double l, Double t, double suppressionLimit) {

    /** The l-diversity variant. */
    public enum Diversity { NONE, DISTINCT, ENTROPY }

    public PrivacyModel {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        if (diversity == null) {
            diversity = Diversity.NONE;
        }
        if (diversity != Diversity.NONE && !(l >= 1)) {
            throw new IllegalArgumentException("l must be at least 1, was " + l);
        }
        if (t != null && !(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("t must be in [0, 1], was " + t);
        }
        if (!(suppressionLimit >= 0 && suppressionLimit <= 1)) {
            throw new IllegalArgumentException("suppression limit must be in [0, 1], was " + suppressionLimit);
        }
    }

    /** k-anonymity alone. */
    public static PrivacyModel kAnonymity(int k, double suppressionLimit) {
        return new PrivacyModel(k, Diversity.NONE, 0, null, suppressionLimit);
    }

    /** Whether the model needs each class's distribution of the sensitive attribute. */
    public boolean needsSensitive() {
        return diversity != Diversity.NONE || t != null;
    }

    /** ARX's outlier limit: the most records that may be suppressed out of {@code n}. */
    public long maxSuppressed(long n) {
        return (long) Math.floor(suppressionLimit * n);
    }

    /**
     * Whether "a class fails at a transformation" implies "it fails at every specialisation" with suppression,
     * so that a single-attribute projection failing proves the class's records suppressed (see class doc):
     * true for k-anonymity and distinct l-diversity only.
     */
    public boolean failureInheritedBySubclasses() {
        return diversity != Diversity.ENTROPY && t == null;
    }

    /**
     * Whether one class satisfies the model.
     *
     * @param size       records in the class
     * @param freq       sensitive value frequencies (only entries {@code from..to-1} of {@code freq} are used)
     * @param global     the whole data's sensitive distribution, indexed by value code (for t-closeness)
     * @param values     sensitive value codes matching {@code freq}
     */
    public boolean satisfied(long size, int[] values, int[] freq, int from, int to, double[] global) {
        return satisfied(size, values, freq, from, to, global, -1);
    }

    /**
     * As {@link #satisfied(long, int[], int[], int, int, double[])}, with {@code noLabel} the value code of
     * "no label" (-1 when the data have none): distinct l-diversity then counts labels only (class comment).
     */
    public boolean satisfied(long size, int[] values, int[] freq, int from, int to, double[] global, int noLabel) {
        if (size < k) {
            return false;
        }
        if (diversity == Diversity.DISTINCT) {
            int labels = 0;
            for (int i = from; i < to; i++) {
                labels += values[i] == noLabel ? 0 : 1;
            }
            boolean unlabelled = noLabel >= 0 && labels == 0;
            if (!unlabelled && labels < l) {
                return false;
            }
        }
        if (diversity == Diversity.ENTROPY && !entropyDiverse(freq, from, to, size, l)) {
            return false;
        }
        return t == null || equalDistanceEmd(values, freq, from, to, size, global) <= t;
    }

    /** Entropy l-diversity in ARX's form: {@code sum f ln f <= n (ln n - ln l)}. */
    public static boolean entropyDiverse(int[] freq, int from, int to, long size, double l) {
        if (to - from < l) {
            return false;
        }
        double c = size * (Math.log(size) - Math.log(l));
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += freq[i] * Math.log(freq[i]);
        }
        return sum <= c + 1e-9 * Math.max(1, Math.abs(c));
    }

    /** Shannon entropy (natural log) of a frequency vector. */
    public static double entropy(int[] freq, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += freq[i];
        }
        double h = 0;
        for (int i = from; i < to; i++) {
            double p = (double) freq[i] / n;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /** Equal-distance EMD {@code 1/2 sum_i |p_i - q_i|} between a class's distribution and the global one. */
    public static double equalDistanceEmd(int[] values, int[] freq, int from, int to, long size, double[] global) {
        double covered = 0;   // sum over values present in the class of |p - q|
        double globalPresent = 0;
        for (int i = from; i < to; i++) {
            double q = global[values[i]];
            covered += Math.abs((double) freq[i] / size - q);
            globalPresent += q;
        }
        // values absent from the class contribute |0 - q| each
        double absent = Math.max(0, 1 - globalPresent);
        return (covered + absent) / 2;
    }

    /** The id fragment, e.g. {@code k=5} or {@code k=5,l=2} or {@code k=5,entropy-l=2,t=0.2}. */
    public String label() {
        StringBuilder b = new StringBuilder("k=").append(k);
        if (diversity == Diversity.DISTINCT) {
            b.append(",l=").append(num(l));
        } else if (diversity == Diversity.ENTROPY) {
            b.append(",entropy-l=").append(num(l));
        }
        if (t != null) {
            b.append(",t=").append(num(t));
        }
        return b.toString();
    }

    private static String num(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }
}
