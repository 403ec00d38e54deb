package org.pupilrisk.population.identity;

/**
 * The identifiers a named NPD record carries and the generated census files do not: a surname, a
 * forename and a unit postcode, derived deterministically from (seed, pupil matching reference) so
 * that the population's files stay exactly as {@code generate} writes them.
 *
 * <p>Names are codes (ranks in a frequency list: rank 1 the commonest), not strings. Their
 * frequencies follow a discrete power law with an offset, p(k) ∝ 1/(k + c), drawn by the inverse of
 * its continuous approximation:
 * <ul>
 *   <li>surnames: c = 6 over 1,000,000 ranks, so the commonest is ln(7.5/6.5)/ln(1,000,006.5/6.5) = 1.20%
 *       of people and the second 1.05% (Smith 1.20-1.37%, Jones 0.90-1.14%: Guild of One-Name Studies),
 *       with a long tail;</li>
 *   <li>forenames: c = 3 over 100,000 ranks per sex, the commonest 2.45%.</li>
 * </ul>
 * The unit postcode is one of {@link #UNITS_PER_SECTOR} units in the child's postcode sector
 * (1.77m unit postcodes over 12,446 sectors: ONS), fixed per (child, sector): a move to another
 * sector changes it; moves within a sector are not modelled.
 */
public final class Identity {

    public static final int SURNAME_RANKS = 1_000_000;
    public static final double SURNAME_OFFSET = 6;
    public static final int FORENAME_RANKS = 100_000;
    public static final double FORENAME_OFFSET = 3;
    public static final int UNITS_PER_SECTOR = 142;

    private Identity() {
    }

    /** Surname rank of a child (1 = commonest). */
    public static int surname(long seed, long pupil) {
        return rank(unit(seed, 0x5L, pupil), SURNAME_RANKS, SURNAME_OFFSET);
    }

    /** Forename rank of a child within its sex's list. */
    public static int forename(long seed, long pupil) {
        return rank(unit(seed, 0xF0L, pupil), FORENAME_RANKS, FORENAME_OFFSET);
    }

    /** A surname rank drawn from the same distribution by an independent uniform u (for people not in the NPD). */
    public static int surnameFor(double u) {
        return rank(u, SURNAME_RANKS, SURNAME_OFFSET);
    }

    /** A forename rank drawn by an independent uniform u. */
    public static int forenameFor(double u) {
        return rank(u, FORENAME_RANKS, FORENAME_OFFSET);
    }

    /** The child's unit postcode in {@code sector}, e.g. {@code B12 3} → {@code B12 3AB}. */
    public static String unitPostcode(long seed, long pupil, String sector) {
        long h = mix(mix(seed ^ 0x90L) ^ pupil ^ mix(sector.hashCode()));
        return unit(sector, (int) Long.remainderUnsigned(h, UNITS_PER_SECTOR));
    }

    /** Unit number {@code k} of a sector as a postcode. */
    public static String unit(String sector, int k) {
        String letters = "ABDEFGHJLNPQRSTUWXYZ"; // the 20 letters the inward code uses
        return sector + letters.charAt(k / letters.length()) + letters.charAt(k % letters.length());
    }

    /** The probability of surname rank k (the distribution's closed form). */
    public static double surnameProbability(int k) {
        return probability(k, SURNAME_RANKS, SURNAME_OFFSET);
    }

    static double probability(int k, int ranks, double c) {
        double lo = c + 0.5;
        double hi = ranks + c + 0.5;
        return Math.log((k + c + 0.5) / (k + c - 0.5)) / Math.log(hi / lo);
    }

    static int rank(double u, int ranks, double c) {
        double lo = c + 0.5;
        double hi = ranks + c + 0.5;
        double x = lo * Math.exp(u * Math.log(hi / lo));
        int k = (int) Math.floor(x - c + 0.5);
        return Math.max(1, Math.min(ranks, k));
    }

    static double unit(long seed, long stream, long pupil) {
        return (mix(mix(seed ^ mix(stream)) ^ pupil) >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
