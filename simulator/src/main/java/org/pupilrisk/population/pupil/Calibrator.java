package org.pupilrisk.population.pupil;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Solves the model's free constants on the driver so that the generated population meets the national
 * targets in expectation: a sample of the run's own children (all of them in small runs) is generated three
 * times, each pass fixing the constants the next depends on:
 * <ol>
 * <li>independent-school base (from area affluence weights) and the FSM log-odds shift over state-funded pupils;</li>
 * <li>the state AP school hazard and the share of EHC-plan pupils in special schools;</li>
 * <li>LA-funded AP placements, looked-after and child-in-need rates;</li>
 * <li>suspensions and permanent exclusions (net of those that precede an AP placement), with their relative
 *     hazards by sex, SEN, FSM and ethnic group <em>fitted</em> so that the generated marginal rate ratios equal the
 *     published relative rates ({@link #fitRelativeRates}).</li>
 * </ol>
 * Hazards are capped at probability 1, and the caps are part of the solved expectation (bisection).
 */
public final class Calibrator {

    /** At most this many sampled pupil-years per pass (keeps calibration under a few seconds). */
    static final int MAX_PUPIL_YEARS = 120_000;

    private Calibrator() {
    }

    public static void calibrate(PupilModel m) {
        PupilLives lives = new PupilLives(m);
        long n = m.frame.entities();
        int years = m.frame.lastYear - m.frame.firstYear + 1;
        long sample = Math.min(n, Math.max(1000, (long) (MAX_PUPIL_YEARS * 17.0 / (13.35 * years))));

        Samples s1 = run(lives, n, sample);
        m.independentBase = solve(s1.independentWeight, null, m.independentTarget);
        double[] stateWeight = new double[s1.size];
        for (int i = 0; i < s1.size; i++) {
            stateWeight[i] = 1 - Math.min(1, m.independentBase * s1.independentWeight[i]);
        }
        m.fsmShift = solveShift(s1.fsmLogit, stateWeight, s1.size, m.fsmTarget);
        if (m.fsmProtectionShare > 0) {
            // Transitional protection keeps eligible pupils whom the criteria no longer cover, more of them the more
            // the criteria let in: the shift is bisected (below the unprotected one) so that the expected rate under
            // the criteria plus the sample's protected-only pupils is the target.
            double hi = m.fsmShift;
            double lo = hi - 6;
            for (int it = 0; it < 14; it++) {
                m.fsmShift = (lo + hi) / 2;
                Samples sp = run(lives, n, sample);
                double rate = 0;
                double state = 0;
                for (int i = 0; i < sp.size; i++) {
                    double w = 1 - Math.min(1, m.independentBase * sp.independentWeight[i]);
                    rate += w * PupilModel.logistic(sp.fsmLogit[i] + m.fsmShift) + sp.fsmProtectedOnly[i];
                    state += w;
                }
                if (rate / state < m.fsmTarget) {
                    lo = m.fsmShift;
                } else {
                    hi = m.fsmShift;
                }
            }
            m.fsmShift = (lo + hi) / 2;
        }

        Samples s2 = run(lives, n, sample);
        m.apSchoolBase = solve(s2.apSchoolMult, null, m.apSchoolTarget);
        m.specialBase = Math.min(1, m.specialTarget / Math.max(1e-9, mean(s2.ehcpState, null, s2.size)));

        Samples s3 = run(lives, n, sample);
        m.laEhcpBase = solve(s3.laEhcpMult, null, m.laEhcpTarget);
        m.laOtherBase = solve(s3.laOtherMult, null, m.laOtherTarget);
        m.claBase = solve(s3.claMult, null, m.claTarget);
        m.cinBase = solve(s3.cinMult, null, Math.max(0, m.cinTarget - m.claTarget) / (1 - m.claTarget));

        // Pass 4: the sample now holds the permanent exclusions that precede AP placements of both kinds.
        Samples s4 = run(lives, n, sample);
        double stateShare = mean(s4.state, null, s4.size);
        double linked = mean(s4.linkedPex, null, s4.size) / Math.max(1e-9, stateShare);
        // The fitted ethnic groups are small (Traveller of Irish heritage about 0.1% of pupils: ~150 pupil-years of
        // the sample), so their hazards would absorb the sample's mix of SEN and FSM in them (a national run measured
        // a ratio of 2.2 for 3.0): their expected rates come from GROUP_SAMPLE_FACTOR times as many children, and
        // so do the EHC-plan group's (see fitRelativeRates).
        Samples groups = sample == n ? s4 : run(lives, n, Math.min(n, GROUP_SAMPLE_FACTOR * sample), true);
        fitRelativeRates(m, s4, groups, 0, m.suspensionTarget / m.suspensionsPerSuspendedPupil, false);
        fitRelativeRates(m, s4, groups, 1, Math.max(0, m.pexTarget - linked), true);
    }

    /** How many times the main sample's children are lived for the fitted ethnic groups' and EHC-plan expected rates. */
    static final int GROUP_SAMPLE_FACTOR = 10;

    /**
     * Fits the relative hazards of category {@code c} (0 suspension, 1 permanent exclusion) and its base so that,
     * over the state-funded sample, the expected rate is {@code target} and each group's expected rate ratio is
     * the published relative rate: male vs female, SEN support vs no SEN, EHC plan vs no SEN, FSM vs not FSM, each
     * listed ethnic group vs all pupils. Multiplicative updates (iterative proportional fitting of a log-linear
     * hazard); the permanent exclusions linked to AP placements ({@code linked}) count in the ratios too.
     */
    static void fitRelativeRates(PupilModel m, Samples s, Samples groupSample, int c, double target, boolean withLinked) {
        double[] linked = withLinked ? s.linkedPex : null;
        int n = s.size;
        double[] mult = new double[n];
        double[] weight = new double[n];
        double[] free = new double[n];
        double[] rr = m.relativeRateTarget[c];
        int groups = rr.length;
        for (int it = 0; it < 30; it++) {
            for (int i = 0; i < n; i++) {
                weight[i] = s.state[i];
                free[i] = linked == null ? 1 : 1 - linked[i];
                mult[i] = (c == 0 ? s.suspensionShape[i] : s.pexShape[i])
                        * (s.sex[i] == 0 ? m.exMale[c] : 1) * m.exSen[c][s.sen[i]] * (s.fsm[i] ? m.exFsm[c] : 1)
                        * m.exEthnic[c][s.ethnicity[i]];
                weight[i] *= free[i];
            }
            double base = solve(mult, weight, target);
            // expected events per group: [in group, comparison group] sums and counts
            double[][] ev = new double[groups][2];
            double[][] cnt = new double[groups][2];
            double all = 0;
            double allN = 0;
            for (int i = 0; i < n; i++) {
                if (s.state[i] == 0) {
                    continue;
                }
                double e = free[i] * Math.min(1, base * mult[i]) + (linked == null ? 0 : linked[i]);
                all += e;
                allN++;
                add(ev, cnt, 0, s.sex[i] == 0 ? 0 : 1, e);
                if (s.sen[i] == 1) {
                    add(ev, cnt, 1, 0, e);
                } else if (s.sen[i] == 0) {
                    add(ev, cnt, 1, 1, e);
                    add(ev, cnt, 2, 1, e);
                } else {
                    add(ev, cnt, 2, 0, e);
                }
                add(ev, cnt, 3, s.fsm[i] ? 0 : 1, e);
            }
            // EHC-plan pupils' permanent exclusions are mostly the AP-linked ones, whose chance is concentrated in
            // few pupils: on the sample alone the fitted EHC-plan hazard carried the sample's error (at 1,000,000
            // pupils the measured ratio spread over seeds 2.8-4.5 for 3.0), so it too comes from the larger sample
            double[] ehcp = new double[2];
            for (int i = 0; i < groupSample.size; i++) {
                int g = ethnicGroup(groupSample.ethnicity[i]);
                boolean plan = groupSample.sen[i] == 2 && groupSample != s;
                if (groupSample.state[i] == 0 || (g < 0 && !plan)) {
                    continue;
                }
                double gl = withLinked ? groupSample.linkedPex[i] : 0;
                double gm = (c == 0 ? groupSample.suspensionShape[i] : groupSample.pexShape[i])
                        * (groupSample.sex[i] == 0 ? m.exMale[c] : 1) * m.exSen[c][groupSample.sen[i]]
                        * (groupSample.fsm[i] ? m.exFsm[c] : 1) * m.exEthnic[c][groupSample.ethnicity[i]];
                double e = (1 - gl) * Math.min(1, base * gm) + gl;
                if (g >= 0) {
                    add(ev, cnt, 4 + g, 0, e);
                }
                if (plan) {
                    ehcp[0] += e;
                    ehcp[1]++;
                }
            }
            if (ehcp[1] > 0) {
                ev[2][0] = ehcp[0];
                cnt[2][0] = ehcp[1];
            }
            double[] factor = new double[groups];
            for (int g = 0; g < groups; g++) {
                double inGroup = cnt[g][0] == 0 ? Double.NaN : ev[g][0] / cnt[g][0];
                double other = g >= 4 ? all / allN : cnt[g][1] == 0 ? Double.NaN : ev[g][1] / cnt[g][1];
                double achieved = inGroup / other;
                factor[g] = Double.isFinite(achieved) && achieved > 0 ? rr[g] / achieved : 1;
            }
            m.exMale[c] *= factor[0];
            m.exSen[c][1] *= factor[1];
            m.exSen[c][2] *= factor[2];
            m.exFsm[c] *= factor[3];
            for (int g = 0; g < PupilModel.RATE_ETHNIC_GROUP.length; g++) {
                m.exEthnic[c][PupilModel.RATE_ETHNIC_GROUP[g]] *= factor[4 + g];
            }
            if (c == 0) {
                m.suspensionBase = base;
            } else {
                m.pexBase = base;
            }
        }
        for (int i = 0; i < n; i++) {
            mult[i] = (c == 0 ? s.suspensionShape[i] : s.pexShape[i])
                    * (s.sex[i] == 0 ? m.exMale[c] : 1) * m.exSen[c][s.sen[i]] * (s.fsm[i] ? m.exFsm[c] : 1)
                    * m.exEthnic[c][s.ethnicity[i]];
        }
        double base = solve(mult, weight, target);
        if (c == 0) {
            m.suspensionBase = base;
        } else {
            m.pexBase = base;
        }
    }

    /** Index of a fitted ethnic group (PupilModel.RATE_ETHNIC_GROUP), -1 for other groups. */
    private static int ethnicGroup(int ethnicity) {
        for (int g = 0; g < PupilModel.RATE_ETHNIC_GROUP.length; g++) {
            if (ethnicity == PupilModel.RATE_ETHNIC_GROUP[g]) {
                return g;
            }
        }
        return -1;
    }

    private static void add(double[][] ev, double[][] cnt, int g, int side, double e) {
        ev[g][side] += e;
        cnt[g][side]++;
    }

    /** Base b with mean over (weighted) samples of min(1, b * mult) equal to {@code target}. */
    static double solve(double[] mult, double[] weight, double target) {
        int n = mult.length;
        double w = 0;
        double mm = 0;
        for (int i = 0; i < n; i++) {
            double wi = weight == null ? 1 : weight[i];
            w += wi;
            mm += wi * mult[i];
        }
        if (w == 0 || mm == 0 || target <= 0) {
            return 0;
        }
        double lo = 0;
        double hi = target / (mm / w);
        while (capped(mult, weight, hi) / w < target && hi < 1e12) {
            hi *= 2;
        }
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2;
            if (capped(mult, weight, mid) / w < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double capped(double[] mult, double[] weight, double b) {
        double s = 0;
        for (int i = 0; i < mult.length; i++) {
            s += (weight == null ? 1 : weight[i]) * Math.min(1, b * mult[i]);
        }
        return s;
    }

    static double solveShift(double[] logit, double[] weight, int n, double target) {
        double lo = -10;
        double hi = 10;
        double w = 0;
        for (int i = 0; i < n; i++) {
            w += weight[i];
        }
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2;
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += weight[i] * PupilModel.logistic(logit[i] + mid);
            }
            if (s / w < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static double mean(double[] x, double[] weight, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i];
        }
        return n == 0 ? 0 : s / n;
    }

    private static Samples run(PupilLives lives, long n, long sample) {
        return run(lives, n, sample, false);
    }

    /**
     * Lives {@code sample} children spread evenly over the n; {@code groupsOnly} keeps the rows of the fitted ethnic
     * groups and of EHC-plan pupils.
     */
    private static Samples run(PupilLives lives, long n, long sample, boolean groupsOnly) {
        // About 4.3 million lives per national model on the driver (some 20 passes over the sample, one over ten times
        // it), each independent of the others: lived in chunks on every core and joined in the children's order, the
        // rows are those of one loop, so every solved constant is the same whatever the number of cores.
        return run(lives, n, sample, groupsOnly, (int) Math.min(1 + sample / 8192, 8L * Runtime.getRuntime().availableProcessors()));
    }

    /** As {@link #run(PupilLives, long, long, boolean)}, the children lived in {@code chunks} parallel chunks. */
    static Samples run(PupilLives lives, long n, long sample, boolean groupsOnly, int chunks) {
        List<Samples> parts = IntStream.range(0, chunks).parallel().mapToObj(c -> {
            Samples s = new Samples();
            s.groupsOnly = groupsOnly;
            PupilYear p = new PupilYear();
            for (long j = sample * c / chunks; j < sample * (c + 1) / chunks; j++) {
                long id = sample == n ? j : j * n / sample;
                lives.live(id, p, s);
            }
            s.trim();
            return s;
        }).toList();
        return parts.size() == 1 ? parts.get(0) : Samples.joined(parts);
    }

    /** Accumulates the calibration quantities of every generated pupil-year. */
    static final class Samples implements PupilLives.Sink {
        int size;
        boolean groupsOnly;
        private boolean skipped;
        double[] independentWeight = new double[1024];
        double[] fsmLogit = new double[1024];
        double[] apSchoolMult = new double[1024];
        double[] ehcpState = new double[1024];
        double[] laEhcpMult = new double[1024];
        double[] laOtherMult = new double[1024];
        double[] suspensionMult = new double[1024];
        double[] pexMult = new double[1024];
        double[] state = new double[1024];
        double[] linkedPex = new double[1024];
        double[] fsmProtectedOnly = new double[1024];
        double[] claMult = new double[1024];
        double[] cinMult = new double[1024];
        double[] suspensionShape = new double[1024];
        double[] pexShape = new double[1024];
        int[] sex = new int[1024];
        int[] sen = new int[1024];
        int[] ethnicity = new int[1024];
        boolean[] fsm = new boolean[1024];

        @Override
        public void pupil(PupilYear p) {
            skipped = groupsOnly && ethnicGroup(p.ethnicity) < 0 && p.sen != 2;
            if (skipped) {
                return;
            }
            // The pupil row comes before its AP placement and exclusions; record the previous pupil-year's
            // post-event quantities lazily by writing this row now and patching linkedPex in exclusion().
            if (size == state.length) {
                grow();
            }
            int i = size++;
            independentWeight[i] = p.independentWeight;
            fsmLogit[i] = p.fsmLogit;
            apSchoolMult[i] = p.apSchoolMult;
            ehcpState[i] = p.sen == 2 && p.state ? 1 : 0;
            state[i] = p.state ? 1 : 0;
            claMult[i] = p.claMult;
            cinMult[i] = p.cinMult;
            sex[i] = p.sex;
            sen[i] = p.sen;
            ethnicity[i] = p.ethnicity;
            fsm[i] = p.fsm;
            fsmProtectedOnly[i] = p.fsmProtectedOnly ? 1 : 0;
            linkedPex[i] = 0;
            // LA placement and exclusion multipliers are computed after the pupil row; compute them here the
            // same way would duplicate logic, so they are filled in by the generator before emitting events.
            laEhcpMult[i] = 0;
            laOtherMult[i] = 0;
            suspensionMult[i] = 0;
            pexMult[i] = 0;
        }

        @Override
        public void apPlacement(PupilYear p, int reason, int setting, int apSchool, int la, int startEpochDay) {
        }

        @Override
        public void exclusion(PupilYear p, int category, int reason, int reason2, int reason3, int school, int epochDay) {
        }

        @Override
        public void yearDone(PupilYear p) {
            if (skipped) {
                return;
            }
            int i = size - 1;
            laEhcpMult[i] = p.laEhcpMult;
            laOtherMult[i] = p.laOtherMult;
            suspensionMult[i] = p.suspensionMult;
            pexMult[i] = p.pexMult;
            suspensionShape[i] = p.suspensionShape;
            pexShape[i] = p.pexShape;
            linkedPex[i] = p.linkedPexChance;
        }

        private void grow() {
            resize(state.length * 2);
        }

        /** Every column's array cut or extended to {@code n} rows. */
        private void resize(int n) {
            independentWeight = Arrays.copyOf(independentWeight, n);
            fsmLogit = Arrays.copyOf(fsmLogit, n);
            apSchoolMult = Arrays.copyOf(apSchoolMult, n);
            ehcpState = Arrays.copyOf(ehcpState, n);
            laEhcpMult = Arrays.copyOf(laEhcpMult, n);
            laOtherMult = Arrays.copyOf(laOtherMult, n);
            suspensionMult = Arrays.copyOf(suspensionMult, n);
            pexMult = Arrays.copyOf(pexMult, n);
            state = Arrays.copyOf(state, n);
            linkedPex = Arrays.copyOf(linkedPex, n);
            fsmProtectedOnly = Arrays.copyOf(fsmProtectedOnly, n);
            claMult = Arrays.copyOf(claMult, n);
            cinMult = Arrays.copyOf(cinMult, n);
            suspensionShape = Arrays.copyOf(suspensionShape, n);
            pexShape = Arrays.copyOf(pexShape, n);
            sex = Arrays.copyOf(sex, n);
            sen = Arrays.copyOf(sen, n);
            ethnicity = Arrays.copyOf(ethnicity, n);
            fsm = Arrays.copyOf(fsm, n);
        }

        /** The rows of {@code parts}, in their order (each trimmed). */
        static Samples joined(List<Samples> parts) {
            Samples s = new Samples();
            s.groupsOnly = parts.get(0).groupsOnly;
            s.size = parts.stream().mapToInt(x -> x.size).sum();
            s.independentWeight = joined(parts, x -> x.independentWeight, s.size);
            s.fsmLogit = joined(parts, x -> x.fsmLogit, s.size);
            s.apSchoolMult = joined(parts, x -> x.apSchoolMult, s.size);
            s.ehcpState = joined(parts, x -> x.ehcpState, s.size);
            s.laEhcpMult = joined(parts, x -> x.laEhcpMult, s.size);
            s.laOtherMult = joined(parts, x -> x.laOtherMult, s.size);
            s.suspensionMult = joined(parts, x -> x.suspensionMult, s.size);
            s.pexMult = joined(parts, x -> x.pexMult, s.size);
            s.state = joined(parts, x -> x.state, s.size);
            s.linkedPex = joined(parts, x -> x.linkedPex, s.size);
            s.fsmProtectedOnly = joined(parts, x -> x.fsmProtectedOnly, s.size);
            s.claMult = joined(parts, x -> x.claMult, s.size);
            s.cinMult = joined(parts, x -> x.cinMult, s.size);
            s.suspensionShape = joined(parts, x -> x.suspensionShape, s.size);
            s.pexShape = joined(parts, x -> x.pexShape, s.size);
            s.sex = joined(parts, x -> x.sex, s.size);
            s.sen = joined(parts, x -> x.sen, s.size);
            s.ethnicity = joined(parts, x -> x.ethnicity, s.size);
            s.fsm = joined(parts, x -> x.fsm, s.size);
            return s;
        }

        private static <A> A joined(List<Samples> parts, Function<Samples, A> column, int size) {
            A first = column.apply(parts.get(0));
            @SuppressWarnings("unchecked")
            A out = (A) Array.newInstance(first.getClass().getComponentType(), size);
            int at = 0;
            for (Samples part : parts) {
                System.arraycopy(column.apply(part), 0, out, at, part.size);
                at += part.size;
            }
            return out;
        }

        void trim() {
            resize(size);
        }
    }
}
