package org.pupilrisk.population.geography;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pupilrisk.population.Streams;
import org.pupilrisk.population.geography.Geography;

/**
 * Which part of England a run generates, and how its children are laid out as entity ids.
 *
 * <p>Scale: below national size the run generates a spread-out subset of clusters of neighbouring postcode
 * districts of one LA (taken in a low-discrepancy order over the national list, which is sorted by region and
 * LA, so every region is represented in proportion) rather than shrinking every school or area. That keeps what
 * drives re-identification realistic at any N: several districts per LA with pupils crossing them for school,
 * pupils per LSOA, sector and district per year group, school sizes. Only the last cluster taken is partial (the
 * same share of each of its districts' LSOAs) so the total lands on N. Above national size every LSOA is scaled up.
 * Birth cohorts differ in size (births by year), fixed per cohort.
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

    /** Relative size of each birth cohort of the frame (index = cohort - firstCohort); 1 = the reference size. */
    public final double[] cohortFactor;

    private Frame(int firstYear, int lastYear, int[] districts, int[] keptLsoas, int[] children,
                  double[][] lsoaCumulative, int[][] laDistricts, java.util.function.IntToDoubleFunction cohortSize) {
        this.firstYear = firstYear;
        this.lastYear = lastYear;
        this.firstCohort = firstYear - 19;
        this.cohorts = lastYear - firstYear + 17;
        this.districts = districts;
        this.keptLsoas = keptLsoas;
        this.children = children;
        this.lsoaCumulative = lsoaCumulative;
        this.laDistricts = laDistricts;
        this.cohortFactor = new double[cohorts];
        for (int c = 0; c < cohorts; c++) {
            cohortFactor[c] = cohortSize.applyAsDouble(firstCohort + c);
        }
        this.blockStart = new long[districts.length * cohorts + 1];
        long s = 0;
        for (int d = 0; d < districts.length; d++) {
            for (int c = 0; c < cohorts; c++) {
                blockStart[d * cohorts + c] = s;
                // a block's size depends only on (district, cohort), never on the run's year range
                s += Math.max(1, Math.round(children[d] * cohortFactor[c]));
            }
        }
        blockStart[blockStart.length - 1] = s;
    }

    /** Equal cohorts (tests and benchmarks that need the plain layout). */
    public static Frame of(Geography geo, long pupils, int firstYear, int lastYear, double effectiveCohorts, long seed) {
        return of(geo, pupils, firstYear, lastYear, effectiveCohorts, seed, c -> 1, 4);
    }

    /**
     * Chooses the districts for {@code pupils} pupils per census year.
     *
     * <p>Below national size the sampling unit is a cluster of up to {@code clusterSize} neighbouring postcode
     * districts of one LA, so every generated LA has several districts (pupils can go to school in a
     * neighbouring district) at any N. Clusters are taken in a low-discrepancy order over the national list
     * (sorted by region and LA); the last one taken is cut by keeping the same share of LSOAs in each of its
     * districts, so even a 5,000-pupil run has several (smaller) districts.
     *
     * @param effectiveCohorts expected census rows per child per year of birth cohorts (participation N1..Y14)
     * @param cohortSize       relative size of a birth cohort (births), fixed per cohort
     * @param clusterSize      districts per sampled cluster
     */
    public static Frame of(Geography geo, long pupils, int firstYear, int lastYear, double effectiveCohorts, long seed,
                           java.util.function.IntToDoubleFunction cohortSize, int clusterSize) {
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
            // clusters: consecutive districts of one LA (districts are numbered LA by LA)
            List<int[]> clusters = new ArrayList<>();
            int start = 0;
            while (start < nd) {
                int end = start;
                while (end < nd && geo.districtLa[end] == geo.districtLa[start]) {
                    end++;
                }
                int n = end - start;
                int k = Math.max(1, (int) Math.round((double) n / clusterSize));
                for (int j = 0; j < k; j++) {
                    clusters.add(new int[] {start + j * n / k, start + (j + 1) * n / k});
                }
                start = end;
            }
            int nc = clusters.size();
            double u = Streams.of(seed, 0xF4A3EL, 0).nextDouble();
            Integer[] order = new Integer[nc];
            double[] key = new double[nc];
            for (int c = 0; c < nc; c++) {
                order[c] = c;
                double k = c * GOLDEN + u;
                key[c] = k - Math.floor(k);
            }
            Arrays.sort(order, (a, b) -> Double.compare(key[a], key[b]));
            double sum = 0;
            // stop within half an LSOA of N (another cluster would add at least one LSOA per district); the first
            // cluster is always taken, so the smallest runs (--pupils 100) get one cut cluster, not an empty frame
            for (int i = 0; i < nc && (i == 0 || pupils - sum > 150); i++) {
                int[] cl = clusters.get(order[i]);
                double cp = 0;
                for (int d = cl[0]; d < cl[1]; d++) {
                    cp += districtPupils(geo, d, geo.districtLsoaCount[d]);
                }
                double share = Math.min(1, (pupils - sum) / cp);
                for (int d = cl[0]; d < cl[1]; d++) {
                    int first = geo.districtFirstLsoa[d];
                    int n = geo.districtLsoaCount[d];
                    double want = share * districtPupils(geo, d, n);
                    double dp = 0;
                    int keep = 0;
                    // nearest LSOA boundary to the wanted share (at least one LSOA), so the cut cluster lands on N
                    while (keep < n && (keep == 0 || dp + geo.lsoaPupils[first + keep] / 2 < want)) {
                        dp += geo.lsoaPupils[first + keep];
                        keep++;
                    }
                    taken.add(d);
                    kept.add(keep);
                    sum += dp;
                }
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
        return new Frame(firstYear, lastYear, districts, keptLsoas, children, cum, laDistricts, cohortSize);
    }

    private static double districtPupils(Geography geo, int d, int lsoas) {
        double s = 0;
        for (int l = 0; l < lsoas; l++) {
            s += geo.lsoaPupils[geo.districtFirstLsoa[d] + l];
        }
        return s;
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

    /** Children in a block (taken district, cohort). */
    public long blockSize(int block) {
        return blockStart[block + 1] - blockStart[block];
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
