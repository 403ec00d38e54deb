package org.pupilrisk.population.school;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.pupilrisk.population.geography.Frame;
import org.pupilrisk.population.Streams;
import org.pupilrisk.population.geography.Geography;

/**
 * The schools of the generated area, built on the driver from the expected number of children in each taken
 * postcode district, with published size distributions (calibration-facts §1.5–1.6):
 * <ul>
 * <li>primary schools serve their own postcode district, secondaries a pair of neighbouring districts of the LA;
 *     urban primaries are 1–4 forms of entry (210–840), rural ones small (median ≈125, many under 100);
 *     secondaries follow the 2012 size bands;</li>
 * <li>nursery schools exist in some districts;</li>
 * <li>independent, special (mean ≈150) and AP schools (mean ≈50) serve the whole LA, or — where the generated
 *     part of an LA is too small to fill one — a pool of the region's generated districts, or, where even that is
 *     too small, one national pool, so rolls do not shrink with the run's size.</li>
 * </ul>
 * Pupils choose a school of a catchment group with probability proportional to its planned size, so rolls
 * come out near the planned sizes.
 */
public final class SchoolEstate implements Serializable {

    public static final int FIRST_URN = 100001;
    /** Shares of pupils outside mainstream state schools, used to size mainstream schools. */
    static final double INDEPENDENT_SHARE = 0.0653;
    static final double SPECIAL_SHARE = 0.0172;
    static final double AP_SHARE = 0.00175;

    public final int[] urn;
    public final SchoolType[] type;
    public final int[] la;
    public final int[] lsoa;
    public final double[] plannedSize;
    public final String[] name;
    /** Per group: school indices and their cumulative planned sizes. */
    public final int[][] groupSchools;
    public final double[][] groupCumulative;
    /** [type ordinal][taken district position] -> group, or -1 when the district has no such school. */
    public final int[][] groupOf;
    /** Share of a taken district's nursery-age pupils who attend its nursery school (0 if none). */
    public final double[] nurserySchoolShare;

    private SchoolEstate(int[] urn, SchoolType[] type, int[] la, int[] lsoa, double[] plannedSize, String[] name,
                         int[][] groupSchools, double[][] groupCumulative, int[][] groupOf, double[] nurserySchoolShare) {
        this.urn = urn;
        this.type = type;
        this.la = la;
        this.lsoa = lsoa;
        this.plannedSize = plannedSize;
        this.name = name;
        this.groupSchools = groupSchools;
        this.groupCumulative = groupCumulative;
        this.groupOf = groupOf;
        this.nurserySchoolShare = nurserySchoolShare;
    }

    public int size() {
        return urn.length;
    }

    /** The school a pupil picks from {@code group} given a uniform draw. */
    public int choose(int group, double u) {
        return groupSchools[group][Streams.pick(groupCumulative[group], u)];
    }

    /** Builds the estate for the taken districts of {@code frame}. */
    public static SchoolEstate build(Geography geo, Frame frame, double[] participation, long seed) {
        Builder b = new Builder(geo, frame, seed);
        int n = frame.districts.length;
        double nurseryRate = participation[0] + participation[1];
        double primaryRate = 0;
        for (int i = 2; i <= 8; i++) {
            primaryRate += participation[i];
        }
        double secondaryRate = 0;
        for (int i = 9; i <= 15; i++) {
            secondaryRate += participation[i];
        }
        double mainstream = 1 - INDEPENDENT_SHARE - SPECIAL_SHARE - AP_SHARE;
        double[] nurseryShare = new double[n];
        for (int s = 0; s < n; s++) {
            int d = frame.districts[s];
            boolean rural = geo.districtRural[d];
            UniformRandomProvider rng = Streams.of(seed, 0x5C4L, d);
            double k = frame.children[s];
            double nurseryAge = k * nurseryRate * mainstream;
            if (rng.nextDouble() < (rural ? 0.03 : 0.17)) {
                double cap = clip(90 * Math.exp(0.35 * Streams.gaussian(rng)), 20, 250);
                cap = Math.min(cap, 0.7 * nurseryAge);
                if (cap >= 8) {
                    nurseryShare[s] = cap / nurseryAge;
                    b.group(SchoolType.NURSERY, new int[] {s}, List.of(cap), rng);
                }
            }
            double primaryDemand = mainstream * k * primaryRate + nurseryAge * (1 - nurseryShare[s]);
            // forms of entry size reception to Y6; an urban primary's roll also holds its nursery class
            double withNursery = primaryDemand / (mainstream * k * primaryRate);
            b.group(SchoolType.PRIMARY, new int[] {s},
                    fill(primaryDemand, () -> primarySize(rural, rng) * (rural ? 1 : withNursery)), rng);
        }
        // Secondaries serve pairs of neighbouring districts of an LA (a district alone holds only ~1.5 schools' worth).
        for (int a = 0; a < geo.las.length; a++) {
            int[] ds = frame.laDistricts[a];
            for (int i = 0; i < ds.length; i += 2) {
                int[] served = i + 2 == ds.length - 1 ? new int[] {ds[i], ds[i + 1], ds[i + 2]}
                        : i + 1 < ds.length ? new int[] {ds[i], ds[i + 1]} : new int[] {ds[i]};
                double demand = 0;
                boolean rural = true;
                for (int x : served) {
                    demand += mainstream * frame.children[x] * secondaryRate;
                    rural &= geo.districtRural[frame.districts[x]];
                }
                boolean r = rural;
                UniformRandomProvider rng = Streams.of(seed, 0x5C7L, frame.districts[ds[i]]);
                b.group(SchoolType.SECONDARY, served, fill(demand, () -> secondarySize(r, rng)), rng);
                if (served.length == 3) {
                    break;
                }
            }
        }
        double effective = 0;
        for (double p : participation) {
            effective += p;
        }
        b.pooled(SchoolType.INDEPENDENT, INDEPENDENT_SHARE, 150, effective, lognormalMean(180, 0.8),
                rng -> clip(180 * Math.exp(0.8 * Streams.gaussian(rng)), 15, 1500));
        b.pooled(SchoolType.SPECIAL, SPECIAL_SHARE, 130, effective, lognormalMean(135, 0.45),
                rng -> clip(135 * Math.exp(0.45 * Streams.gaussian(rng)), 20, 450));
        b.pooled(SchoolType.AP, AP_SHARE, 45, effective, lognormalMean(40, 0.55),
                rng -> clip(40 * Math.exp(0.55 * Streams.gaussian(rng)), 5, 200));
        return b.build(nurseryShare);
    }

    static double primarySize(boolean rural, UniformRandomProvider rng) {
        if (rural) {
            return clip(125 * Math.exp(0.45 * Streams.gaussian(rng)), 10, 420);
        }
        double u = rng.nextDouble();
        double forms = u < 0.30 ? 1 : u < 0.50 ? 1.5 : u < 0.85 ? 2 : u < 0.98 ? 3 : 4;
        return 210 * forms * (0.95 + 0.15 * rng.nextDouble());
    }

    static double secondarySize(boolean rural, UniformRandomProvider rng) {
        double u = rng.nextDouble();
        if (rural) {
            return 450 + 850 * u;
        }
        // 2012 size bands of state-funded mainstream secondaries (calibration-facts §1.6)
        if (u < 0.097) {
            return 150 + 350 * rng.nextDouble();
        } else if (u < 0.527) {
            return 500 + 500 * rng.nextDouble();
        } else if (u < 0.902) {
            return 1000 + 500 * rng.nextDouble();
        }
        return 1500 + 600 * rng.nextDouble();
    }

    /**
     * Splits {@code demand} pupils into schools: sizes are drawn until they cover the demand, the count is the
     * one whose drawn total is nearest the demand, and sizes are then scaled to sum to it exactly, so the mean
     * school size stays that of the size distribution (no slivers from a remainder).
     */
    static List<Double> fill(double demand, java.util.function.DoubleSupplier size) {
        List<Double> out = new ArrayList<>();
        double sum = 0;
        while (sum < demand) {
            double s = size.getAsDouble();
            out.add(s);
            sum += s;
        }
        double last = out.get(out.size() - 1);
        if (out.size() > 1 && Math.abs(sum - last - demand) < Math.abs(sum - demand)) {
            out.remove(out.size() - 1);
            sum -= last;
        }
        double scale = demand / sum;
        out.replaceAll(x -> Math.max(1, x * scale));
        return out;
    }

    /** Mean of a lognormal with the given median and sd of the log. */
    static double lognormalMean(double median, double sd) {
        return median * Math.exp(sd * sd / 2);
    }

    /**
     * Schools for a pool's demand: as many as the demand holds at the mean size (at least one), sizes drawn and
     * scaled to the demand. Unlike {@link #fill}, whose last school rounds the count up about half the time, the
     * count is unbiased, which matters where pools hold one to three schools (AP rolls came out 37 against 48).
     */
    static List<Double> fillCount(double demand, double meanSize, java.util.function.DoubleSupplier size) {
        long k = Math.max(1, Math.round(demand / meanSize));
        List<Double> out = new ArrayList<>();
        double sum = 0;
        for (long i = 0; i < k; i++) {
            double s = size.getAsDouble();
            out.add(s);
            sum += s;
        }
        double scale = demand / sum;
        out.replaceAll(x -> Math.max(1, x * scale));
        return out;
    }

    static double clip(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    private static final class Builder {
        final Geography geo;
        final Frame frame;
        final long seed;
        final List<Integer> urn = new ArrayList<>();
        final List<SchoolType> type = new ArrayList<>();
        final List<Integer> la = new ArrayList<>();
        final List<Integer> lsoa = new ArrayList<>();
        final List<Double> size = new ArrayList<>();
        final List<String> name = new ArrayList<>();
        final List<int[]> groups = new ArrayList<>();
        final List<double[]> cums = new ArrayList<>();
        final int[][] groupOf;
        final Map<String, Integer> counter = new LinkedHashMap<>();

        Builder(Geography geo, Frame frame, long seed) {
            this.geo = geo;
            this.frame = frame;
            this.seed = seed;
            groupOf = new int[SchoolType.values().length][frame.districts.length];
            for (int[] g : groupOf) {
                java.util.Arrays.fill(g, -1);
            }
        }

        /** Adds schools of the given sizes hosted in the group's districts, serving all of them. */
        void group(SchoolType t, int[] served, List<Double> sizes, UniformRandomProvider rng) {
            int[] members = new int[sizes.size()];
            double[] w = new double[sizes.size()];
            // a school stands in one of the districts it serves, more likely in the one with more children (where
            // a school is needed): a secondary serving a big and a small district usually stands in the big one
            double[] hostWeight = new double[served.length];
            for (int i = 0; i < served.length; i++) {
                hostWeight[i] = Math.max(1e-9, frame.children[served[i]]);
            }
            double[] hostCum = Streams.cumulative(hostWeight);
            for (int i = 0; i < sizes.size(); i++) {
                int host = served[Streams.pick(hostCum, rng.nextDouble())];
                int d = frame.districts[host];
                int l = geo.districtFirstLsoa[d] + rng.nextInt(frame.keptLsoas[host]);
                int a = geo.districtLa[d];
                members[i] = urn.size();
                w[i] = sizes.get(i);
                int number = counter.merge(a + ":" + t, 1, Integer::sum);
                urn.add(FIRST_URN + urn.size());
                type.add(t);
                la.add(a);
                lsoa.add(l);
                size.add(sizes.get(i));
                name.add(geo.las[a].name() + " " + label(t) + " " + number);
            }
            int g = groups.size();
            groups.add(members);
            cums.add(Streams.cumulative(w));
            for (int s : served) {
                groupOf[t.ordinal()][s] = g;
            }
        }

        /** LA-wide schools; LAs whose generated part is too small to fill one are pooled by region. */
        void pooled(SchoolType t, double share, double minDemand, double effective, double meanSize,
                    java.util.function.ToDoubleFunction<UniformRandomProvider> sizer) {
            int regions = Geography.REGION_CODES.length;
            List<List<Integer>> regionPool = new ArrayList<>();
            double[] regionDemand = new double[regions];
            for (int r = 0; r < regions; r++) {
                regionPool.add(new ArrayList<>());
            }
            for (int a = 0; a < geo.las.length; a++) {
                int[] ds = frame.laDistricts[a];
                if (ds.length == 0) {
                    continue;
                }
                double demand = 0;
                for (int s : ds) {
                    demand += frame.children[s] * effective * share;
                }
                if (demand >= minDemand) {
                    UniformRandomProvider rng = Streams.of(seed, 0x5C5L + t.ordinal(), a);
                    group(t, ds, fillCount(demand, meanSize, () -> sizer.applyAsDouble(rng)), rng);
                } else {
                    int r = geo.las[a].region();
                    for (int s : ds) {
                        regionPool.get(r).add(s);
                    }
                    regionDemand[r] += demand;
                }
            }
            // Regions whose generated part is still too small share one national pool, so school rolls keep their
            // published size at small N instead of shrinking with --pupils (issue 11: AP rolls of 11 at 50k).
            List<Integer> national = new ArrayList<>();
            double nationalDemand = 0;
            for (int r = 0; r < regions; r++) {
                if (regionPool.get(r).isEmpty()) {
                    continue;
                }
                if (regionDemand[r] < minDemand) {
                    national.addAll(regionPool.get(r));
                    nationalDemand += regionDemand[r];
                    continue;
                }
                UniformRandomProvider rng = Streams.of(seed, 0x5C6L + t.ordinal(), r);
                int[] served = regionPool.get(r).stream().mapToInt(Integer::intValue).toArray();
                group(t, served, fillCount(regionDemand[r], meanSize, () -> sizer.applyAsDouble(rng)), rng);
            }
            if (!national.isEmpty()) {
                UniformRandomProvider rng = Streams.of(seed, 0x5C8L + t.ordinal(), 0);
                int[] served = national.stream().mapToInt(Integer::intValue).toArray();
                group(t, served, fillCount(nationalDemand, meanSize, () -> sizer.applyAsDouble(rng)), rng);
            }
        }

        static String label(SchoolType t) {
            return switch (t) {
                case NURSERY -> "Nursery School";
                case PRIMARY -> "Primary School";
                case SECONDARY -> "Secondary School";
                case SPECIAL -> "Special School";
                case AP -> "Alternative Provision";
                case INDEPENDENT -> "Independent School";
            };
        }

        SchoolEstate build(double[] nurseryShare) {
            return new SchoolEstate(urn.stream().mapToInt(Integer::intValue).toArray(), type.toArray(new SchoolType[0]),
                    la.stream().mapToInt(Integer::intValue).toArray(), lsoa.stream().mapToInt(Integer::intValue).toArray(),
                    size.stream().mapToDouble(Double::doubleValue).toArray(), name.toArray(new String[0]),
                    groups.toArray(new int[0][]), cums.toArray(new double[0][]), groupOf, nurseryShare);
        }
    }
}
