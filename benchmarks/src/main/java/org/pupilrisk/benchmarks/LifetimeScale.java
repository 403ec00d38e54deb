package org.pupilrisk.benchmarks;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.lifetime.exposure.CountDistribution;
import org.pupilrisk.lifetime.exposure.ExposureFigures;
import org.pupilrisk.lifetime.exposure.LifetimeSubgroup;
import org.pupilrisk.lifetime.exposure.PupilExposure;
import org.pupilrisk.lifetime.exposure.PupilHistory;
import org.pupilrisk.lifetime.exposure.ShareIndex;
import org.pupilrisk.lifetime.ledger.LedgerGenerator;
import org.pupilrisk.lifetime.ledger.LedgerSettings;
import org.pupilrisk.lifetime.ledger.Share;

/**
 * Times the ledger and the per-child exposure count at a given number of children (default: the
 * national NPD over 2012-2024, 30 birth cohorts of 600,000). Children are laid out by rule, not
 * read from a generated population, so that the count itself is what is timed: child i is in birth
 * cohort 1994 + (i mod 30), on every census 2012-2024 from Reception to Year 11, in nursery and the
 * sixth form with probability 1/2 (by a hash), with SEN support 12% / EHC plan 4% of records carrying
 * a type of need (by a hash).
 *
 * <pre>java -Xmx4g -cp ... org.pupilrisk.benchmarks.LifetimeScale [children]</pre>
 */
public final class LifetimeScale {

    private LifetimeScale() {
    }

    public static void main(String[] args) {
        long children = args.length > 0 ? Long.parseLong(args[0]) : 18_000_000L;
        long t0 = System.nanoTime();
        LifetimeSettings settings = LifetimeSettings.defaults();
        List<Share> shares = LedgerGenerator.generate(LedgerSettings.from(settings));
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "ledger: %,d shares in %.2f s%n", shares.size(), (t1 - t0) / 1e9);
        ShareIndex index = new ShareIndex(shares, 1);
        ExposureFigures figures = new ExposureFigures();
        long t2 = System.nanoTime();
        for (long i = 0; i < children; i++) {
            PupilHistory h = child(i);
            if (h != null) {
                figures.add(h, PupilExposure.of(h, index, null));
            }
            if ((i + 1) % 2_000_000 == 0) {
                System.out.printf(Locale.ROOT, "  %,d children, %.1f s%n", i + 1, (System.nanoTime() - t2) / 1e9);
            }
        }
        long t3 = System.nanoTime();
        CountDistribution all = figures.distribution(LifetimeSubgroup.ALL, "releases");
        System.out.printf(Locale.ROOT, "exposure: %,d children in %.1f s (%,.0f children/s); shares per child: median %d, "
                        + "p90 %d, max %d, mean %.1f%n", all.n(), (t3 - t2) / 1e9, all.n() / ((t3 - t2) / 1e9),
                all.percentile(0.5), all.percentile(0.9), all.max(), all.mean());
    }

    static PupilHistory child(long i) {
        int birth = 1994 + (int) (i % 30);
        int[] years = new int[13];
        int[] nc = new int[13];
        int[] flags = new int[13];
        int[] labels = new int[13];
        int n = 0;
        long h = ShareIndex.mix(i * 0x9E3779B97F4A7C15L + 17);
        boolean nursery = (h & 1) == 0;
        boolean sixth = (h & 2) == 0;
        int sen = (int) ((h >>> 8) % 100);
        for (int y = 2012; y <= 2024; y++) {
            int ncYear = y - birth - 5;
            boolean present = (ncYear >= 0 && ncYear <= 11) || (ncYear >= -2 && ncYear < 0 && nursery)
                    || (ncYear >= 12 && ncYear <= 13 && sixth);
            if (!present) {
                continue;
            }
            years[n] = y;
            nc[n] = ncYear;
            flags[n] = sen < 12 ? PupilHistory.FLAG_SEN_SUPPORT : sen < 16 ? PupilHistory.FLAG_EHC_PLAN : 0;
            labels[n] = sen < 16 ? PupilHistory.LABEL_SEN_TYPE : 0;
            n++;
        }
        if (n == 0) {
            return null;
        }
        return new PupilHistory(i, LocalDate.of(birth, 9, 1).plusDays(h >>> 40 & 0xFF), (h & 4) == 0 ? "F" : "M",
                java.util.Arrays.copyOf(years, n), java.util.Arrays.copyOf(nc, n), java.util.Arrays.copyOf(flags, n),
                java.util.Arrays.copyOf(labels, n), 330, "B1", "B1 1", 100001);
    }
}
