package org.pupilrisk.lifetime.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which records a share holds, as a rule rather than a list of pupils: the census years it covers,
 * the national curriculum years (key stages) within them, and the fraction of those pupils drawn.
 *
 * <p>Because a share is a rule, whether a pupil is in it follows from the pupil's own census records
 * (years present, NC year in each): exposure is counted per pupil without materialising
 * (pupil, share) pairs. A fraction below 1 stands for a project subset (some LAs, a survey sample);
 * which pupils it holds is decided by a seeded hash of (share, pupil), so it is reproducible and does
 * not depend on how the data are partitioned.
 *
 * @param fromYear  first census year covered (January census)
 * @param toYear    last census year covered
 * @param stages    the NC years as written in ledger.csv: {@code ALL}, {@code EY}, {@code KS1},
 *                  {@code KS2}, {@code KS4}, {@code KS5}, or a list such as {@code 6|7}
 * @param fraction  share of the covered pupils included, in (0, 1]
 */
public record Coverage(int fromYear, int toYear, String stages, double fraction) {

    /** NC years as integers: N1 = -2, N2 = -1, R = 0, then 1 to 14. */
    public static final int NC_MIN = -2;
    public static final int NC_MAX = 14;

    public Coverage {
        if (toYear < fromYear) {
            throw new IllegalArgumentException("census years " + fromYear + "-" + toYear + " run backwards");
        }
        if (!(fraction > 0) || fraction > 1) {
            throw new IllegalArgumentException("sample fraction " + fraction + " is not in (0, 1]");
        }
        ncMask(stages); // validates
    }

    /** Whether a pupil recorded in census {@code year} at NC year {@code nc} is covered (before sampling). */
    public boolean covers(int year, int nc) {
        return year >= fromYear && year <= toYear && (ncMask(stages) & bit(nc)) != 0;
    }

    /** Number of census years covered. */
    public int years() {
        return toYear - fromYear + 1;
    }

    /** Number of NC years covered. */
    public int ncYearCount() {
        return Long.bitCount(ncMask(stages));
    }

    /** The bit of NC year {@code nc} in {@link #ncMask}. */
    public static long bit(int nc) {
        return nc < NC_MIN || nc > NC_MAX ? 0 : 1L << (nc - NC_MIN);
    }

    /** The NC years a stages label stands for, as a bit mask. */
    public static long ncMask(String stages) {
        String s = stages.trim().toUpperCase(Locale.ROOT);
        return switch (s) {
            case "ALL" -> range(NC_MIN, NC_MAX);
            case "EY" -> range(-2, 0);
            case "KS1" -> range(1, 2);
            case "KS2" -> range(6, 6);
            case "KS3" -> range(7, 9);
            case "KS4" -> range(11, 11);
            case "KS5" -> range(12, 13);
            default -> list(s);
        };
    }

    /** An NC year as the census writes it ({@code N1}, {@code N2}, {@code R}, {@code 1}…{@code 14}) as an integer; null if not one. */
    public static Integer ncYear(String census) {
        if (census == null) {
            return null;
        }
        String s = census.trim().toUpperCase(Locale.ROOT);
        switch (s) {
            case "N1":
                return -2;
            case "N2":
                return -1;
            case "R":
                return 0;
            default:
                try {
                    int v = Integer.parseInt(s);
                    return v >= 1 && v <= NC_MAX ? v : null;
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    private static long list(String s) {
        long mask = 0;
        List<String> bad = new ArrayList<>();
        for (String part : s.split("\\|")) {
            Integer nc = ncYear(part);
            if (nc == null) {
                bad.add(part);
            } else {
                mask |= bit(nc);
            }
        }
        if (!bad.isEmpty() || mask == 0) {
            throw new IllegalArgumentException("'" + s + "' is not ALL, EY, KS1, KS2, KS3, KS4, KS5 or a list of NC years like 6|7");
        }
        return mask;
    }

    private static long range(int from, int to) {
        long mask = 0;
        for (int nc = from; nc <= to; nc++) {
            mask |= bit(nc);
        }
        return mask;
    }
}
