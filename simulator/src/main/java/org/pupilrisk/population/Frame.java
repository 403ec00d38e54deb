package org.pupilrisk.population;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pupilrisk.population.geography.Geography;

/**
 * Which part of England a run generates, and how its children are laid out as entity ids.
 *
 * <p>Scale: below national size the run generates a spread-out subset of whole postcode districts (taken in a
 * low-discrepancy order over the national list, which is sorted by region and LA, so every region is
 * represented in proportion) rather than shrinking every school or area. That keeps what drives
 * re-identification realistic at any N: pupils per LSOA, sector and district per year group, school sizes.
 * Only the last district taken is partial (some of its LSOAs are left out) so the total lands on N.
 * Above national size every LSOA is scaled up.
 *
 * <p>Layout: entity ids 0..{@link #entities()} run over blocks (sampled district, birth cohort), each block
 * holding that district's children per cohort. A child's whole school career derives from its id.
 */
public final class Frame implements Serializable {

    private static final double GOLDEN = 0.6180339887498949;

    public final int firstYear;
    public final int lastYear;
    /** Birth cohort c = academic year of birth ending in August of c; a child of cohort c is in Reception in census year c+5. */
    public final int firstCohort;
    public final int cohorts;
    /** National district indices taken, ascending. */
    public final int[] districts;
    /** LSOAs kept per taken district (all but possibly the last). */
    public final int[] keptLsoas;
    /** Children per birth cohort per taken district. */
    public final int[] children;
    /** Cumulative LSOA weights per taken district (over kept LSOAs). */
    public final double[][] lsoaCumulative;
    /** For each LA: positions (in {@link #districts}) of its taken districts; empty if none. */
    public final int[][] laDistricts;
    private final long[] blockStart;

    private Frame(int firstYear, int lastYear, int[] districts, int[] keptLsoas, int[] children,
                  double[][] lsoaCumulative, int[][] laDistricts) {
        this.firstYear = firstYear;
        this.lastYear = lastYear;
        this.firstCohort = firstYear - 19;
        this.cohorts = lastYear - firstYear + 17;
        this.districts = districts;
        this.keptLsoas = keptLsoas;
        this.children = children;
        this.lsoaCumulative = lsoaCumulative;
        this.laDistricts = laDistricts;
        this.blockStart = new long[districts.length * cohorts + 1];
        long s = 0;
        for (int d = 0; d < districts.length; d++) {
            for (int c = 0; c < cohorts; c++) {
                blockStart[d * cohorts + c] = s;
                s += children[d];
            }
        }
        blockStart[blockStart.length - 1] = s;
    }

    /**
     * Chooses the districts for {@code pupils} pupils per census year.
     *
     * @param effectiveCohorts expected census rows per child per year of birth cohorts (participation N1..Y14)
     */
    public static Frame of(Geography geo, long pupils, int firstYear, int lastYear, double effectiveCohorts, long seed) {
        double total = 0;
        for (double p : geo.lsoaPupils) {
            total += p;
        }
        int nd = geo.districts();
        List<Integer> taken = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        double scale = 1;
        if (pupils >= total) {
            scale = pupils / total;
            for (int d = 0; d < nd; d++) {
                taken.add(d);
                kept.add(geo.districtLsoaCount[d]);
            }
        } else {
            double u = Streams.of(seed, 0xF4A3EL, 0).nextDouble();
            Integer[] order = new Integer[nd];
            double[] key = new double[nd];
            for (int d = 0; d < nd; d++) {
                order[d] = d;
                double k = d * GOLDEN + u;
                key[d] = k - Math.floor(k);
            }
            Arrays.sort(order, (a, b) -> Double.compare(key[a], key[b]));
            double sum = 0;
            for (int i = 0; i < nd && sum < pupils; i++) {
                int d = order[i];
                double dp = 0;
                int first = geo.districtFirstLsoa[d];
                int n = geo.districtLsoaCount[d];
                int keep = 0;
                while (keep < n && sum + dp < pupils) {
                    dp += geo.lsoaPupils[first + keep];
                    keep++;
                }
                taken.add(d);
                kept.add(keep);
                sum += dp;
            }
        }
        Integer[] idx = new Integer[taken.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Integer.compare(taken.get(a), taken.get(b)));
        int n = idx.length;
        int[] districts = new int[n];
        int[] keptLsoas = new int[n];
        int[] children = new int[n];
        double[][] cum = new double[n][];
        List<List<Integer>> byLa = new ArrayList<>();
        for (int a = 0; a < geo.las.length; a++) {
            byLa.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            int d = taken.get(idx[i]);
            districts[i] = d;
            keptLsoas[i] = kept.get(idx[i]);
            int first = geo.districtFirstLsoa[d];
            double[] w = new double[keptLsoas[i]];
            double dp = 0;
            for (int l = 0; l < w.length; l++) {
                w[l] = geo.lsoaPupils[first + l];
                dp += w[l];
            }
            cum[i] = Streams.cumulative(w);
            children[i] = (int) Math.max(1, Math.round(dp * scale / effectiveCohorts));
            byLa.get(geo.districtLa[d]).add(i);
        }
        int[][] laDistricts = new int[geo.las.length][];
        for (int a = 0; a < laDistricts.length; a++) {
            laDistricts[a] = byLa.get(a).stream().mapToInt(Integer::intValue).toArray();
        }
        return new Frame(firstYear, lastYear, districts, keptLsoas, children, cum, laDistricts);
    }

    /** Number of entity ids (children over all taken districts and cohorts). */
    public long entities() {
        return blockStart[blockStart.length - 1];
    }

    /** The block (taken district * cohorts + cohort index) holding entity {@code id}. */
    public int block(long id) {
        int lo = 0;
        int hi = blockStart.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (blockStart[mid] <= id) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        // skip empty blocks cannot happen: every district has >= 1 child per cohort
        return lo;
    }

    /** First entity id of a block. */
    public long blockStart(int block) {
        return blockStart[block];
    }

    /**
     * The child's identity, independent of the run's year range and of how ids are laid out:
     * (national district index, birth cohort, index within the block). Random streams and the pupil matching
     * reference derive from it, so a 2018-2024 panel's 2024 census equals a 2024-only run's.
     */
    public long identity(long id) {
        int b = block(id);
        long index = id - blockStart[b];
        return ((long) districts[sampledDistrictOfBlock(b)] << 40) | ((long) (cohortOfBlock(b) - 1900) << 28) | index;
    }

    public int sampledDistrictOfBlock(int block) {
        return block / cohorts;
    }

    public int cohortOfBlock(int block) {
        return firstCohort + block % cohorts;
    }

    /** Expected children per year over all taken districts and one cohort. */
    public long childrenPerCohort() {
        long s = 0;
        for (int c : children) {
            s += c;
        }
        return s;
    }
}
