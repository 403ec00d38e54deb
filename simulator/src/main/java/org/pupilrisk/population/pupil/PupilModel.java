package org.pupilrisk.population.pupil;

import java.io.Serializable;
import org.pupilrisk.population.Frame;
import org.pupilrisk.population.Streams;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.geography.Geography;
import org.pupilrisk.population.geography.LocalAuthority;
import org.pupilrisk.population.school.SchoolEstate;

/**
 * Every parameter of a pupil's school career, read from the calibration targets, plus the constants that
 * {@link Calibrator} solves for so that the generated population meets the national targets in expectation.
 *
 * <p>Shapes that the reference does not publish (age profiles of SEN, relative exclusion risk by year group,
 * FSM odds by ethnic group, EAL by ethnic group) are this project's estimates and are listed in
 * docs/calibration.md. Rates are the latest published figures and are applied to every census year
 * (the simulator does not model trends).
 */
public final class PupilModel implements Serializable {

    public static final int NC = Codes.NC_YEAR.length;

    /** Share of a birth cohort on a school roll at each NC year (N1, N2 part-time; sixth form partial; Y14 special only). */
    public static final double[] PARTICIPATION = {0.09, 0.40, 0.97, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.47, 0.42, 0.004};

    // Relative SEN prevalence by NC year (ESTIMATE: support peaks near age 9, EHC plans accumulate with age).
    private static final double[] SEN_K_AGE = {0.5, 0.6, 0.6, 0.85, 1.0, 1.15, 1.2, 1.2, 1.15, 1.1, 1.05, 1.0, 0.95, 0.9, 0.6, 0.55, 0.5};
    private static final double[] SEN_E_AGE = {0.3, 0.4, 0.5, 0.7, 0.85, 0.95, 1.0, 1.1, 1.15, 1.15, 1.15, 1.15, 1.15, 1.1, 1.2, 1.3, 3.0};
    // EAL probability by minor ethnic group before calibration (ESTIMATE), order of Codes.ETHNIC_MINOR.
    private static final double[] EAL_BY_ETHNICITY = {0.004, 0.05, 0.1, 0.75, 0.85, 0.02, 0.25, 0.15, 0.3, 0.7, 0.8,
        0.9, 0.85, 0.03, 0.55, 0.3, 0.75, 0.8, 0.3};
    // FSM log-odds shift by minor ethnic group (ESTIMATE; Indian and Chinese lowest, calibration-facts §2.1).
    private static final double[] FSM_BY_ETHNICITY = {0, 0, 0.9, 0, 0.9, 0.6, 0.3, 0, 0.2, -1.2, 0.3, 0.3, 0, 0.5, 0.3,
        0.4, -1.2, 0.3, 0};
    // Ethnic profile multipliers on the national non-White-British mix (ESTIMATE), order of Codes.ETHNIC_MINOR.
    private static final double[] PROFILE_L = {0, 1, 1, 1.3, 1.2, 1.3, 1.4, 1, 1.4, 0.8, 0.4, 1.0, 1.1, 2.5, 2.2, 2.0, 1.1, 1.5, 1};
    private static final double[] PROFILE_A = {0, 0.7, 0.7, 0.6, 0.8, 0.6, 0.7, 1.2, 0.9, 1.8, 2.5, 2.0, 1.4, 0.5, 0.6, 0.6, 0.9, 1.2, 1};
    private static final double[] PROFILE_W = {0, 1.3, 1.5, 1.2, 1.5, 1.3, 0.8, 1.2, 1.0, 0.6, 0.5, 0.5, 0.8, 0.7, 0.5, 0.7, 1.0, 0.8, 1};
    // Relative risk of a state AP school place by NC year: the PRU roll by NC year (calibration-facts §1.3).
    private static final double[] AP_SCHOOL_NC = {5, 16, 30, 64, 137, 245, 301, 374, 444, 298, 1109, 2084, 3543, 6350, 284, 103, 28};
    // Relative risk of an LA-funded placement by NC year (ESTIMATE: secondary age, peaking at 15).
    private static final double[] LA_AP_NC = {0, 0.05, 0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.8, 1.0, 1.3, 1.6, 2.0, 0.6, 0.4, 0.4};
    // Relative suspension / permanent exclusion risk by NC year (ESTIMATE: highest in Y9 / Y10, Y6 highest in primary).
    private static final double[] SUSPENSION_NC = {0, 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 1.2, 1.8, 2.2, 2.1, 1.6, 0.3, 0.2, 0.2};
    private static final double[] PEX_NC = {0, 0, 0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.8, 1.5, 2.2, 2.6, 1.5, 0.2, 0.1, 0.1};

    public final long seed;
    public final Geography geo;
    public final Frame frame;
    public final SchoolEstate estate;

    public final double maleShare;
    public final double[] birthMonthCumulative; // Sep..Aug
    /** Per LA: cumulative distribution over minor ethnic groups (raked to national targets over the generated LAs). */
    public final double[][] ethnicCumulative;
    public final double[] ethnicTarget;
    public final double[] ealByEthnicity;
    public final double languageUnclassified;
    /** [sex 0=M,1=F][nc] probability of SEN support / EHC plan. */
    public final double[][] senSupport = new double[2][NC];
    public final double[][] ehcPlan = new double[2][NC];
    /** [status 1=K,2=E][sex] cumulative over needs. */
    public final double[][][] needCumulative = new double[3][2][];
    public final double[] fsmBySen = {0, Math.log(2.27), Math.log(2.73)};
    public final double[] fsmByEthnicity = FSM_BY_ETHNICITY;
    public final double[] apSchoolNc;
    public final double[] laApNc = LA_AP_NC;
    public final double[] suspensionNc = SUSPENSION_NC;
    public final double[] pexNc = PEX_NC;
    public final double[] apSchoolReasonCumulative;
    public final double[] laOtherReasonCumulative; // over AP_REASON, EHCP_NAMED excluded
    public final double[] laSettingCumulative;
    public final double[] suspensionReasonCumulative;
    public final double[] pexReasonCumulative;
    public final double moveRate;

    // Targets the calibrator meets (per pupil-year unless stated).
    public final double fsmTarget;          // share of state-funded pupils
    public final double independentTarget;
    public final double specialTarget;
    public final double apSchoolTarget;
    public final double laEhcpTarget;
    public final double laOtherTarget;
    public final double suspensionTarget;   // suspensions per state-funded pupil
    public final double pexTarget;          // permanent exclusions per state-funded pupil
    public final double claTarget;
    public final double cinTarget;
    public final double suspensionsPerSuspendedPupil;

    // Solved by the Calibrator.
    public double fsmShift;
    public double independentBase;
    public double specialBase;
    public double apSchoolBase;
    public double laEhcpBase;
    public double laOtherBase;
    public double suspensionBase;
    public double pexBase;
    public double claBase;
    public double cinBase;

    public PupilModel(CalibrationTargets t, Geography geo, Frame frame, SchoolEstate estate, long seed) {
        this.seed = seed;
        this.geo = geo;
        this.frame = frame;
        this.estate = estate;
        maleShare = t.value("male_share_estimate") / 100;
        double[] months = new double[12];
        for (int m = 0; m < 12; m++) {
            int calendar = (m + 8) % 12 + 1; // Sep..Aug
            months[m] = t.value(String.format("birth_month_share_%02d", calendar));
        }
        birthMonthCumulative = Streams.cumulative(months);

        ethnicTarget = new double[Codes.ETHNIC_MINOR.length];
        double s = 0;
        for (int g = 0; g < ethnicTarget.length; g++) {
            String q = Codes.ETHNIC_TARGET[g];
            ethnicTarget[g] = q.equals("ethnicity_white_british_share") ? t.value(q, "2024/25") : t.value(q);
            s += ethnicTarget[g];
        }
        for (int g = 0; g < ethnicTarget.length; g++) {
            ethnicTarget[g] /= s;
        }
        ethnicCumulative = rakeEthnicity(geo, frame, ethnicTarget);

        languageUnclassified = t.value("first_language_unclassified_share") / 100;
        double eal = t.value("eal_rate", "2023/24") / 100 / (1 - languageUnclassified);
        ealByEthnicity = shiftToMean(EAL_BY_ETHNICITY, ethnicTarget, eal);

        // SEN: sex-specific rates (PQ 76537), scaled to the national rates, times the age profile.
        double pm = maleShare;
        double kRate = t.value("sen_support_rate", "2024/25") / 100;
        double eRate = t.value("ehcp_rate", "2024/25") / 100;
        double km = t.value("sen_support_rate_male") / 100;
        double kf = t.value("sen_support_rate_female") / 100;
        double em = t.value("ehcp_rate_male") / 100;
        double ef = t.value("ehcp_rate_female") / 100;
        double ks = kRate / (pm * km + (1 - pm) * kf);
        double es = eRate / (pm * em + (1 - pm) * ef);
        double[] kAge = normaliseOverParticipation(SEN_K_AGE);
        double[] eAge = normaliseOverParticipation(SEN_E_AGE);
        for (int nc = 0; nc < NC; nc++) {
            senSupport[0][nc] = km * ks * kAge[nc];
            senSupport[1][nc] = kf * ks * kAge[nc];
            ehcPlan[0][nc] = Math.min(0.9, em * es * eAge[nc]);
            ehcPlan[1][nc] = Math.min(0.9, ef * es * eAge[nc]);
        }
        for (int status = 1; status <= 2; status++) {
            for (int sex = 0; sex < 2; sex++) {
                double[] w = new double[Codes.SEN_NEED.length];
                for (int n = 0; n < w.length; n++) {
                    String need = Codes.SEN_NEED[n];
                    double share = t.value((status == 1 ? "sen_support_need_" : "ehcp_need_") + need + "_share", "2023/24");
                    double male = need.equals("NSA") ? 0.6 : t.value("male_share_within_need_" + need + "_estimate") / 100;
                    w[n] = share * (sex == 0 ? male : 1 - male);
                }
                needCumulative[status][sex] = Streams.cumulative(w);
            }
        }
        apSchoolNc = new double[NC];
        for (int nc = 0; nc < NC; nc++) {
            apSchoolNc[nc] = AP_SCHOOL_NC[nc] / Math.max(PARTICIPATION[nc], 0.004) / 1000;
        }
        apSchoolReasonCumulative = Streams.cumulative(new double[] {
            t.value("ap_school_reason_ehcp_named_share_estimate"), t.value("ap_school_reason_perm_excluded_share_estimate"),
            t.value("ap_school_reason_pregnancy_share_estimate"), t.value("ap_school_reason_mental_health_share_estimate"),
            t.value("ap_school_reason_young_offender_share_estimate"), t.value("ap_school_reason_medical_share_estimate"),
            t.value("ap_school_reason_sen_other_share_estimate"), t.value("ap_school_reason_other_share_estimate")});
        laOtherReasonCumulative = Streams.cumulative(new double[] {0,
            t.value("la_ap_reason_permanent_exclusion_share", "2023/24"), t.value("la_ap_reason_pregnancy_share_estimate"),
            t.value("la_ap_reason_mental_health_share_estimate"), t.value("la_ap_reason_young_offender_share_estimate"),
            t.value("la_ap_reason_medical_share_estimate"), t.value("la_ap_reason_sen_other_share_estimate"),
            t.value("la_ap_reason_other_share_estimate")});
        laSettingCumulative = Streams.cumulative(new double[] {t.value("la_ap_setting_urn_share_estimate"),
            t.value("la_ap_setting_ukprn_share_estimate"), t.value("la_ap_setting_oot_share_estimate"),
            t.value("la_ap_setting_oth_share_estimate"), 0});
        // Exclusion reasons (ESTIMATE shares; the remaining "other codes" spread over the less common codes).
        // order PP, PA, VP, VA, BU, RA, LG, DS, SM, DA, DM, TH, DB, MT, OW
        suspensionReasonCumulative = Streams.cumulative(new double[] {
            t.value("suspension_reason_share_PP_estimate"), t.value("suspension_reason_share_PA_estimate"),
            t.value("suspension_reason_share_VP_estimate"), t.value("suspension_reason_share_VA_estimate"),
            1.5, 1, 0.5, 0.5, 1, 3, 2.5, 1, t.value("suspension_reason_share_DB_estimate"), 1.5, 1.5});
        pexReasonCumulative = Streams.cumulative(new double[] {
            t.value("pex_reason_share_PP_estimate"), t.value("pex_reason_share_PA_estimate"), 3,
            t.value("pex_reason_share_VA_estimate"), 1, 1, 0.5, 1, 2.5, t.value("pex_reason_share_DA_estimate"), 1.5, 1,
            t.value("pex_reason_share_DB_estimate"), 1.5, t.value("pex_reason_share_OW_estimate")});
        moveRate = t.value("school_move_rate_estimate") / 100;

        double national = t.value("pupils_all_schools", "2023/24");
        fsmTarget = t.value("fsm_eligible_rate", "2024/25") / 100;
        independentTarget = t.value("pupils_independent", "2023/24") / national;
        specialTarget = t.value("pupils_sf_special", "2023/24") / national;
        apSchoolTarget = t.value("pupils_sf_ap_schools", "2023/24") / national;
        double la = t.value("la_funded_placements_non_state_ap", "2023/24") / national;
        double named = t.value("la_ap_reason_named_in_ehcp_share", "2023/24") / 100;
        laEhcpTarget = la * named;
        laOtherTarget = la * (1 - named);
        suspensionTarget = t.value("suspension_rate", "2023/24") / 100;
        pexTarget = t.value("permanent_exclusion_rate", "2023/24") / 100;
        claTarget = t.value("looked_after_rate") / 100;
        cinTarget = t.value("child_in_need_rate") / 100;
        suspensionsPerSuspendedPupil = t.value("fixed_period_exclusion_rate", "2016/17")
                / t.value("pupils_with_1plus_fpe_rate", "2016/17");
    }

    /** Takes the solved constants of a model calibrated on another frame of the same population. */
    public void copyCalibration(PupilModel c) {
        fsmShift = c.fsmShift;
        independentBase = c.independentBase;
        specialBase = c.specialBase;
        apSchoolBase = c.apSchoolBase;
        laEhcpBase = c.laEhcpBase;
        laOtherBase = c.laOtherBase;
        suspensionBase = c.suspensionBase;
        pexBase = c.pexBase;
        claBase = c.claBase;
        cinBase = c.cinBase;
    }

    /** Effective number of census rows per child per birth cohort (sum of participation). */
    public static double effectiveCohorts() {
        double s = 0;
        for (double p : PARTICIPATION) {
            s += p;
        }
        return s;
    }

    private static double[] normaliseOverParticipation(double[] w) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < w.length; i++) {
            num += PARTICIPATION[i] * w[i];
            den += PARTICIPATION[i];
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * den / num;
        }
        return out;
    }

    /** Shifts probabilities on the logit scale by one constant so their mean under {@code weights} is {@code mean}. */
    static double[] shiftToMean(double[] p, double[] weights, double mean) {
        double lo = -10;
        double hi = 10;
        for (int it = 0; it < 80; it++) {
            double mid = (lo + hi) / 2;
            double m = 0;
            for (int i = 0; i < p.length; i++) {
                m += weights[i] * logistic(logit(p[i]) + mid);
            }
            if (m < mean) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = logistic(logit(p[i]) + (lo + hi) / 2);
        }
        return out;
    }

    /**
     * Each LA starts from its White British share and a profile-weighted national mix of the other groups;
     * iterative proportional fitting over the generated LAs (weighted by their generated pupils) then makes the
     * generated national mix equal the targets, whichever LAs a run includes.
     */
    static double[][] rakeEthnicity(Geography geo, Frame frame, double[] target) {
        int nla = geo.las.length;
        int ng = target.length;
        double[][] q = new double[nla][ng];
        double[] weight = new double[nla];
        for (int a = 0; a < nla; a++) {
            for (int s : frame.laDistricts[a]) {
                weight[a] += frame.children[s];
            }
            LocalAuthority la = geo.las[a];
            double[] prof = switch (la.profile()) {
                case 'L' -> PROFILE_L;
                case 'A' -> PROFILE_A;
                case 'W' -> PROFILE_W;
                default -> null;
            };
            double rest = 0;
            for (int g = 1; g < ng; g++) {
                q[a][g] = target[g] * (prof == null ? 1 : prof[g]);
                rest += q[a][g];
            }
            q[a][0] = la.whiteBritish();
            for (int g = 1; g < ng; g++) {
                q[a][g] *= (1 - la.whiteBritish()) / rest;
            }
        }
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        for (int it = 0; it < 60 && total > 0; it++) {
            double[] m = new double[ng];
            for (int a = 0; a < nla; a++) {
                for (int g = 0; g < ng; g++) {
                    m[g] += weight[a] * q[a][g] / total;
                }
            }
            for (int a = 0; a < nla; a++) {
                double rs = 0;
                for (int g = 0; g < ng; g++) {
                    q[a][g] *= m[g] > 0 ? target[g] / m[g] : 1;
                    rs += q[a][g];
                }
                for (int g = 0; g < ng; g++) {
                    q[a][g] /= rs;
                }
            }
        }
        double[][] cum = new double[nla][];
        for (int a = 0; a < nla; a++) {
            cum[a] = Streams.cumulative(q[a]);
        }
        return cum;
    }

    public static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    public static double logit(double p) {
        double q = Math.min(1 - 1e-9, Math.max(1e-9, p));
        return Math.log(q / (1 - q));
    }
}
