package org.pupilrisk.population.pupil;

import java.util.Arrays;

/**
 * Solves the model's free constants on the driver so that the generated population meets the national
 * targets in expectation: a sample of the run's own children (all of them in small runs) is generated three
 * times, each pass fixing the constants the next depends on:
 * <ol>
 * <li>independent-school base (from area affluence weights) and the FSM log-odds shift over state-funded pupils;</li>
 * <li>the state AP school hazard and the share of EHC-plan pupils in special schools;</li>
 * <li>LA-funded AP placements, suspensions, permanent exclusions (net of those that precede an AP placement),
 *     looked-after and child-in-need rates.</li>
 * </ol>
 * Hazards are capped at probability 1, and the caps are part of the solved expectation (bisection), so the
 * published relative risks (e.g. FSM ×4, SEN support ×4 for suspensions) can be multiplied without overshooting.
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

        Samples s2 = run(lives, n, sample);
        m.apSchoolBase = solve(s2.apSchoolMult, null, m.apSchoolTarget);
        m.specialBase = Math.min(1, m.specialTarget / Math.max(1e-9, mean(s2.ehcpState, null, s2.size)));

        Samples s3 = run(lives, n, sample);
        m.laEhcpBase = solve(s3.laEhcpMult, null, m.laEhcpTarget);
        m.laOtherBase = solve(s3.laOtherMult, null, m.laOtherTarget);
        double stateShare = mean(s3.state, null, s3.size);
        // permanent exclusions that precede an AP placement: AP-school ones (sampled) and LA-funded ones (expected;
        // their hazard is solved in this same pass)
        double[] other = m.laOtherReasonCumulative;
        double laPex = m.laOtherTarget * (other[1] - other[0]) / other[other.length - 1];
        double linked = (mean(s3.linkedPex, null, s3.size) + laPex) / Math.max(1e-9, stateShare);
        m.suspensionBase = solve(s3.suspensionMult, s3.state, m.suspensionTarget / m.suspensionsPerSuspendedPupil);
        m.pexBase = solve(s3.pexMult, s3.state, Math.max(0, m.pexTarget - linked));
        m.claBase = solve(s3.claMult, null, m.claTarget);
        m.cinBase = solve(s3.cinMult, null, Math.max(0, m.cinTarget - m.claTarget) / (1 - m.claTarget));
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
        Samples s = new Samples();
        PupilYear p = new PupilYear();
        for (long j = 0; j < sample; j++) {
            long id = sample == n ? j : j * n / sample;
            lives.live(id, p, s);
        }
        s.trim();
        return s;
    }

    /** Accumulates the calibration quantities of every generated pupil-year. */
    private static final class Samples implements PupilLives.Sink {
        int size;
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
        double[] claMult = new double[1024];
        double[] cinMult = new double[1024];

        @Override
        public void pupil(PupilYear p) {
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
        public void exclusion(PupilYear p, int category, int reason, int school, int epochDay) {
        }

        @Override
        public void yearDone(PupilYear p) {
            int i = size - 1;
            laEhcpMult[i] = p.laEhcpMult;
            laOtherMult[i] = p.laOtherMult;
            suspensionMult[i] = p.suspensionMult;
            pexMult[i] = p.pexMult;
            linkedPex[i] = p.linkedPex;
        }

        private void grow() {
            int n = state.length * 2;
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
            claMult = Arrays.copyOf(claMult, n);
            cinMult = Arrays.copyOf(cinMult, n);
        }

        void trim() {
            independentWeight = Arrays.copyOf(independentWeight, size);
            fsmLogit = Arrays.copyOf(fsmLogit, size);
            apSchoolMult = Arrays.copyOf(apSchoolMult, size);
            ehcpState = Arrays.copyOf(ehcpState, size);
            laEhcpMult = Arrays.copyOf(laEhcpMult, size);
            laOtherMult = Arrays.copyOf(laOtherMult, size);
            suspensionMult = Arrays.copyOf(suspensionMult, size);
            pexMult = Arrays.copyOf(pexMult, size);
            state = Arrays.copyOf(state, size);
            linkedPex = Arrays.copyOf(linkedPex, size);
            claMult = Arrays.copyOf(claMult, size);
            cinMult = Arrays.copyOf(cinMult, size);
        }
    }
}
