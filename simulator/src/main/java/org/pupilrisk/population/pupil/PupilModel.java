package org.pupilrisk.population.pupil;

import java.io.Serializable;
import org.pupilrisk.population.geography.Frame;
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

    /** NC-year labels of the calibration series (participation_N1 ... participation_Y14). */
    static final String[] NC_LABEL = {"N1", "N2", "R", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Y8", "Y9", "Y10",
        "Y11", "Y12", "Y13", "Y14"};

    /** The bundled calibration's participation by NC year (see {@link #participation}). */
    public static final double[] PARTICIPATION = participation(CalibrationTargets.bundled());

    /** The calibration data this model was built from (the bundled table or a settings file's values). */
    public final CalibrationTargets targets;

    /** Share of a birth cohort on a school roll at each NC year (N1, N2 part-time; sixth form partial; Y14 special only). */
    public final double[] participation;

    private final double[] profileL;
    private final double[] profileA;
    private final double[] profileW;

    /** Groups with a published relative exclusion rate: index into Codes.ETHNIC_MINOR and target-name stem. */
    public static final int[] RATE_ETHNIC_GROUP = {4, 2, 13, 5};
    public static final String[] RATE_ETHNIC_NAME = {"gypsy_roma", "traveller_irish_heritage", "black_caribbean",
        "mixed_white_black_caribbean"};

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
    public final double[] fsmBySen;
    public final double[] fsmByEthnicity;
    public final double[] apSchoolNc;
    public final double[] laApNc;
    public final double[] suspensionNc;
    public final double[] pexNc;
    // relative hazards that are shapes, not targets (calibration data, section sim)
    public final double apMale;
    public final double[] apSen;
    public final double apFsm;
    public final double laOtherMale;
    public final double[] laOtherSen;
    public final double laOtherFsm;
    public final double laEhcpMale;
    public final double laEhcpFsm;
    public final double suspensionAp;
    public final double suspensionSpecial;
    public final double pexAp;
    public final double[] claSen;
    public final double claFsm;
    public final double[] cinSen;
    public final double cinFsm;
    public final double y14Stay;
    public final double primaryAway;
    public final double secondaryAway;
    /** Cumulative number of reasons per exclusion: P(1), P(1 or 2), 1. */
    public final double[] reasonCountCumulative;

    /**
     * Relative exclusion hazards by group, [0] suspension, [1] permanent exclusion. Start at the published relative
     * rates and are then fitted by the {@link Calibrator} so that the generated marginal rate ratios equal them
     * (multiplying published marginal ratios overshoots: issue 11 measured 14 for a published 5).
     */
    public final double[] exMale = new double[2];
    public final double[][] exSen = new double[2][3];
    public final double[] exFsm = new double[2];
    public final double[][] exEthnic = new double[2][Codes.ETHNIC_MINOR.length];
    /** The published relative rates the fit aims at: [category][male, SEN support, EHC plan, FSM, ethnic groups...]. */
    public final double[][] relativeRateTarget = new double[2][4 + RATE_ETHNIC_GROUP.length];

    // births, multiples, migration, year-to-year persistence
    /** Per frame cohort: epoch day of 1 September before the cohort's academic year of birth, and cumulative day weights. */
    public final int[] cohortFirstDay;
    public final double[][] birthDayCumulative;
    /** Probability that a slot pair is twins / that a group of six slots starts with triplets. */
    public final double twinPair;
    public final double tripletGroup;
    public final double twinsSameSex;
    public final double multiplesSameSchool;
    /** Share of each cohort who arrive from abroad during Y2-Y11 and, separately, who leave England during Y1-Y10. */
    public final double migration;
    /** Year-to-year correlation of the latent behind SEN support (solved for its persistence target). */
    public final double senRho;
    /**
     * Year-to-year correlation of the family's FSM latent in a step into a primary (index 0) or secondary (1) year:
     * solved so that the criteria's yearly persistence is {@code fsm_criteria_persistence_estimate} on average over
     * the phases while the yearly exit in secondary is {@code fsm_exit_secondary_relative_estimate} times that in
     * primary (the published EverFSM6 pair shows less churn at the end of secondary than of primary).
     */
    public final double[] fsmRho = new double[2];
    /**
     * Log odds ratio of meeting the FSM criteria in secondary (Y7 on) against primary: the phase rates of 2018/19
     * (14.1% vs 15.8%), the January census after protection began, before protected pupils accumulated.
     */
    public final double fsmSecondaryLogit;
    /**
     * Universal Credit transitional protection: from census year {@code fsmProtectionFrom} a pupil recorded
     * FSM-eligible keeps FSM even when the family no longer meets the criteria: in every census up to
     * {@code fsmProtectionRolloutEnd} (the end of rollout), after it only to the end of the school phase (primary to
     * Y6, secondary from Y7) the pupil was last recorded eligible in. Applies to a share {@code fsmProtectionShare}
     * of pupils (a fixed trait; 1 = the policy as written).
     */
    public final int fsmProtectionFrom;
    public final int fsmProtectionRolloutEnd;
    public final double fsmProtectionShare;
    /** [sex][nc]: SEN support holds for a pupil without a plan when the SEN latent is below this (Phi^-1 of the rate). */
    public final double[][] senSupportThreshold = new double[2][NC];
    /** School days (epoch days, ascending) of the census years firstYear - 1 .. lastYear. */
    private final int[][] schoolDays;
    /** Share of AP-school pupils of a year whose placement began that school year (the rest continue one). */
    public final double apNewEntrantShare;
    public final double[] apSchoolReasonCumulative;
    public final double[] laOtherReasonCumulative; // over AP_REASON, EHCP_NAMED excluded
    public final double[] laSettingCumulative;
    public final double[] suspensionReasonCumulative;
    public final double[] pexReasonCumulative;
    public final double moveRate;
    /** Yearly chance that a family chooses its children's schools afresh without moving home. */
    public final double schoolSwitch;

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
        this.targets = t;
        this.participation = participation(t);
        this.profileL = series(t, "ethnic_profile_L", Codes.ETHNIC_MINOR);
        this.profileA = series(t, "ethnic_profile_A", Codes.ETHNIC_MINOR);
        this.profileW = series(t, "ethnic_profile_W", Codes.ETHNIC_MINOR);
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
        ealByEthnicity = shiftToMean(series(t, "eal_probability_before_calibration", Codes.ETHNIC_MINOR), ethnicTarget, eal);
        fsmByEthnicity = series(t, "fsm_log_odds_by_ethnicity", Codes.ETHNIC_MINOR);
        fsmBySen = new double[] {0, Math.log(t.value("fsm_odds_ratio_sen_support")), Math.log(t.value("fsm_odds_ratio_ehcp"))};
        fsmSecondaryLogit = logit(t.value("fsm_rate_secondary", "2018/19") / 100) - logit(t.value("fsm_rate_primary", "2018/19") / 100);

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
        double[] kAge = normaliseOverParticipation(series(t, "sen_support_age_profile", NC_LABEL), participation);
        double[] eAge = normaliseOverParticipation(series(t, "ehcp_age_profile", NC_LABEL), participation);
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
                    double male = t.value("male_share_within_need_" + need + "_estimate") / 100;
                    w[n] = share * (sex == 0 ? male : 1 - male);
                }
                needCumulative[status][sex] = Streams.cumulative(w);
            }
        }
        // Relative risk of a state AP school place by NC year: the PRU roll by NC year (calibration-facts §1.3;
        // Reception, not published, taken as 30).
        apSchoolNc = new double[NC];
        for (int nc = 0; nc < NC; nc++) {
            double roll = nc == Codes.NC_R ? 30 : t.value("pupils_pru_ncyear_" + NC_LABEL[nc], "2019/20");
            apSchoolNc[nc] = roll / Math.max(participation[nc], 0.004) / 1000;
        }
        laApNc = series(t, "la_ap_nc_profile", NC_LABEL);
        suspensionNc = series(t, "suspension_nc_profile", NC_LABEL);
        pexNc = series(t, "pex_nc_profile", NC_LABEL);
        apMale = t.value("ap_school_hazard_male");
        apSen = new double[] {1, t.value("ap_school_hazard_sen_support"), t.value("ap_school_hazard_ehcp")};
        apFsm = t.value("ap_school_hazard_fsm");
        laOtherMale = t.value("la_ap_other_hazard_male");
        laOtherSen = new double[] {1, t.value("la_ap_other_hazard_sen_support"), t.value("la_ap_other_hazard_ehcp")};
        laOtherFsm = t.value("la_ap_other_hazard_fsm");
        laEhcpMale = t.value("la_ap_ehcp_hazard_male");
        laEhcpFsm = t.value("la_ap_ehcp_hazard_fsm");
        suspensionAp = t.value("suspension_hazard_ap_school");
        suspensionSpecial = t.value("suspension_hazard_special_school");
        pexAp = t.value("pex_hazard_ap_school");
        claSen = new double[] {1, t.value("looked_after_hazard_sen_support"), t.value("looked_after_hazard_ehcp")};
        claFsm = t.value("looked_after_hazard_fsm");
        cinSen = new double[] {1, t.value("child_in_need_hazard_sen_support"), t.value("child_in_need_hazard_ehcp")};
        cinFsm = t.value("child_in_need_hazard_fsm");
        y14Stay = t.value("participation_y14_special_stay");
        primaryAway = t.value("primary_away_from_home_district_share") / 100;
        secondaryAway = t.value("secondary_away_from_home_district_share") / 100;
        double two = t.value("exclusion_reasons_two_share_estimate") / 100;
        double three = t.value("exclusion_reasons_three_share_estimate") / 100;
        reasonCountCumulative = new double[] {1 - two - three, 1 - three, 1};
        String[] cat = {"suspension", "pex"};
        for (int c = 0; c < 2; c++) {
            relativeRateTarget[c][0] = t.value("relative_rate_male_" + cat[c], "2022/23");
            relativeRateTarget[c][1] = t.value("relative_rate_sen_support_" + cat[c], "2022/23");
            relativeRateTarget[c][2] = t.value("relative_rate_ehcp_" + cat[c], "2022/23");
            relativeRateTarget[c][3] = t.value("relative_rate_fsm_" + cat[c], "2022/23");
            for (int g = 0; g < RATE_ETHNIC_GROUP.length; g++) {
                relativeRateTarget[c][4 + g] = t.get(relativeRateQuantity(c, g)).value();
            }
            exMale[c] = relativeRateTarget[c][0];
            exSen[c] = new double[] {1, relativeRateTarget[c][1], relativeRateTarget[c][2]};
            exFsm[c] = relativeRateTarget[c][3];
            java.util.Arrays.fill(exEthnic[c], 1);
            for (int g = 0; g < RATE_ETHNIC_GROUP.length; g++) {
                exEthnic[c][RATE_ETHNIC_GROUP[g]] = relativeRateTarget[c][4 + g];
            }
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
        suspensionReasonCumulative = dbCumulative(t, "reason_pdb_share_of_suspension_reasons", new double[] {
            t.value("suspension_reason_share_PP_estimate"), t.value("suspension_reason_share_PA_estimate"),
            t.value("suspension_reason_share_VP_estimate"), t.value("suspension_reason_share_VA_estimate"),
            t.value("suspension_reason_share_BU_estimate"), t.value("suspension_reason_share_RA_estimate"),
            t.value("suspension_reason_share_LG_estimate"), t.value("suspension_reason_share_DS_estimate"),
            t.value("suspension_reason_share_SM_estimate"), t.value("suspension_reason_share_DA_estimate"),
            t.value("suspension_reason_share_DM_estimate"), t.value("suspension_reason_share_TH_estimate"),
            t.value("suspension_reason_share_DB_estimate"), t.value("suspension_reason_share_MT_estimate"),
            t.value("suspension_reason_share_OW_estimate")});
        pexReasonCumulative = dbCumulative(t, "reason_pdb_share_of_pex_reasons", new double[] {
            t.value("pex_reason_share_PP_estimate"), t.value("pex_reason_share_PA_estimate"),
            t.value("pex_reason_share_VP_estimate"), t.value("pex_reason_share_VA_estimate"),
            t.value("pex_reason_share_BU_estimate"), t.value("pex_reason_share_RA_estimate"),
            t.value("pex_reason_share_LG_estimate"), t.value("pex_reason_share_DS_estimate"),
            t.value("pex_reason_share_SM_estimate"), t.value("pex_reason_share_DA_estimate"),
            t.value("pex_reason_share_DM_estimate"), t.value("pex_reason_share_TH_estimate"),
            t.value("pex_reason_share_DB_estimate"), t.value("pex_reason_share_MT_estimate"),
            t.value("pex_reason_share_OW_estimate")});
        moveRate = t.value("school_move_rate_estimate") / 100;
        schoolSwitch = t.value("school_switch_rate_estimate") / 100;

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

        // Births: month shares (Sep..Aug) spread over the days of each month by weekday and holiday factors.
        double sat = t.value("birth_weekday_factor_saturday_estimate");
        double sun = t.value("birth_weekday_factor_sunday_estimate");
        double xmas = t.value("birth_factor_christmas_day_estimate");
        double boxing = t.value("birth_factor_boxing_day_estimate");
        double newYear = t.value("birth_factor_new_year_day_estimate");
        cohortFirstDay = new int[frame.cohorts];
        birthDayCumulative = new double[frame.cohorts][];
        for (int c = 0; c < frame.cohorts; c++) {
            int cohort = frame.firstCohort + c;
            java.time.LocalDate start = java.time.LocalDate.of(cohort - 1, 9, 1);
            int days = (int) (java.time.LocalDate.of(cohort, 9, 1).toEpochDay() - start.toEpochDay());
            double[] w = new double[days];
            double[] monthSum = new double[12];
            for (int d = 0; d < days; d++) {
                java.time.LocalDate day = start.plusDays(d);
                double f = switch (day.getDayOfWeek()) {
                    case SATURDAY -> sat;
                    case SUNDAY -> sun;
                    default -> 1;
                };
                if (day.getMonthValue() == 12 && day.getDayOfMonth() == 25) {
                    f = xmas;
                } else if (day.getMonthValue() == 12 && day.getDayOfMonth() == 26) {
                    f = boxing;
                } else if (day.getMonthValue() == 1 && day.getDayOfMonth() == 1) {
                    f = newYear;
                }
                w[d] = f;
                monthSum[(day.getMonthValue() + 3) % 12] += f;
            }
            for (int d = 0; d < days; d++) {
                int m = (start.plusDays(d).getMonthValue() + 3) % 12;
                w[d] = months[m] * w[d] / monthSum[m]; // month shares stay exactly the targets
            }
            cohortFirstDay[c] = (int) start.toEpochDay();
            birthDayCumulative[c] = Streams.cumulative(w);
        }
        double multiple = t.value("multiple_maternity_rate_estimate") / 1000;
        double triplet = t.value("triplet_or_more_maternity_rate_estimate") / 1000;
        // share of children who are twins / triplets: 2 (3) children per such maternity
        double births = 1 + multiple + triplet;
        twinPair = 2 * (multiple - triplet) / births;
        tripletGroup = 2 * 3 * triplet / births;
        twinsSameSex = t.value("twins_same_sex_share_estimate") / 100;
        multiplesSameSchool = t.value("multiples_same_school_share_estimate") / 100;
        double in = t.value("international_in_migration_rate_estimate") / 100;
        migration = 10 * in / (1 + 10 * in);
        double kq = kRate / (1 - eRate);
        senRho = Persistence.rhoFor(kq, t.value("sen_support_persistence_estimate") / 100);
        fsmProtectionFrom = (int) t.value("fsm_transitional_protection_first_census_estimate");
        fsmProtectionRolloutEnd = (int) t.value("fsm_transitional_protection_last_rollout_census_estimate");
        fsmProtectionShare = t.value("fsm_transitional_protection_share_estimate") / 100;
        // The criteria's own yearly persistence is a fitted setting, not derived from the FSM persistence estimate
        // (which counts protected pupils and stays a validation row): derived as (target - share) / (1 - share), it
        // made the unprotected churn the more the larger the protected share (65%: 80% a year, 70% in primary), and
        // every protectable pupil the churn carried in kept FSM, so FSM rose steeply through primary.
        double unprotectedExit = 1 - t.value("fsm_criteria_persistence_estimate") / 100;
        // the overall exit is the pupil-weighted mean of the phases' (R-Y6: 7 year groups; Y7-Y11 and the staying
        // shares of Y12 and Y13: about 5.9)
        double secondaryExit = t.value("fsm_exit_secondary_relative_estimate");
        double secondaryYears = 5 + participation[Codes.NC_Y12] + participation[Codes.NC_Y12 + 1];
        double primaryWeight = 7 / (7 + secondaryYears);
        double primaryExit = Math.min(1, unprotectedExit / (primaryWeight + (1 - primaryWeight) * secondaryExit));
        fsmRho[0] = Persistence.rhoFor(fsmTarget, 1 - primaryExit);
        fsmRho[1] = Persistence.rhoFor(fsmTarget, 1 - Math.min(1, secondaryExit * primaryExit));
        for (int sex = 0; sex < 2; sex++) {
            for (int nc = 0; nc < NC; nc++) {
                senSupportThreshold[sex][nc] = Persistence.inverseNormal(senSupport[sex][nc] / (1 - ehcPlan[sex][nc]));
            }
        }
        schoolDays = new int[frame.lastYear - frame.firstYear + 2][];
        for (int y = frame.firstYear - 1; y <= frame.lastYear; y++) {
            schoolDays[y - frame.firstYear + 1] = SchoolCalendar.schoolDays(y);
        }
        apNewEntrantShare = t.value("ap_school_new_entrant_share_estimate") / 100;
    }

    private double[] dbCumulative(CalibrationTargets t, String shareQuantity, double[] weights) {
        return Streams.cumulative(reasonMixForShareOfAllReasons(weights, 12, t.value(shareQuantity, "2023/24") / 100,
                reasonCountCumulative));
    }

    /** The school days of census year {@code y} (firstYear - 1 .. lastYear). */
    public int[] schoolDays(int y) {
        return schoolDays[y - frame.firstYear + 1];
    }

    /**
     * Reweights the DB reason so that its share of all reasons given (DfE counts up to three per exclusion, each
     * distinct) equals {@code target}: the second and third reasons are drawn without DB when DB came first, which
     * dilutes a first-reason share, so the weight is solved (bisection on the exact expectation).
     */
    static double[] reasonMixForShareOfAllReasons(double[] weights, int db, double target, double[] countCumulative) {
        double p2 = countCumulative[1] - countCumulative[0];
        double p3 = 1 - countCumulative[1];
        double lo = 1e-6;
        double hi = 1e6;
        double[] w = weights.clone();
        for (int it = 0; it < 100; it++) {
            double mid = Math.sqrt(lo * hi);
            w[db] = mid;
            if (dbShare(w, db, p2, p3) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        w[db] = Math.sqrt(lo * hi);
        return w;
    }

    private static double dbShare(double[] w, int db, double p2, double p3) {
        double total = 0;
        for (double x : w) {
            total += x;
        }
        int n = w.length;
        double expectedDb = 0;
        for (int i = 0; i < n; i++) {
            double pi = w[i] / total;
            expectedDb += pi * (i == db ? 1 : 0);
            double rest = total - w[i];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double pj = w[j] / rest;
                expectedDb += pi * (p2 + p3) * pj * (j == db ? 1 : 0);
                double rest2 = rest - w[j];
                if (i != db && j != db) {
                    expectedDb += pi * p3 * pj * w[db] / rest2;
                }
            }
        }
        return expectedDb / (1 + p2 + 2 * p3);
    }

    /** The calibration-targets quantity of a published relative rate for an ethnic group (c 0 = suspension, 1 = pex). */
    public static String relativeRateQuantity(int c, int g) {
        String q = "relative_rate_" + RATE_ETHNIC_NAME[g] + "_" + (c == 0 ? "suspension" : "pex");
        return q.equals("relative_rate_mixed_white_black_caribbean_suspension") ? q + "_estimate" : q;
    }

    /** Relative birth-cohort sizes from births (academic cohort = 4/12 of the previous calendar year + 8/12 of its own),
     *  divided by 1 - migration (the share of a cohort abroad in any year), normalised to a mean of 1 over the
     *  cohorts on roll in census year 2024, so --pupils is the 2024 census size. Fixed per cohort. */
    public static java.util.function.IntToDoubleFunction cohortSizes(CalibrationTargets t) {
        double in = t.value("international_in_migration_rate_estimate") / 100;
        double away = 10 * in / (1 + 10 * in);
        double[] participation = participation(t);
        double norm = 0;
        double w = 0;
        for (int nc = 0; nc < NC; nc++) {
            norm += participation[nc] * cohortBirths(t, 2024 - 3 - nc);
            w += participation[nc];
        }
        double mean = norm / w;
        return c -> cohortBirths(t, c) / mean / (1 - away);
    }

    private static double cohortBirths(CalibrationTargets t, int cohort) {
        return (4 * births(t, cohort - 1) + 8 * births(t, cohort)) / 12;
    }

    private static double births(CalibrationTargets t, int year) {
        int y = Math.max(2000, Math.min(2023, year));
        return t.value("live_births_england_wales_" + y);
    }

    /** A series of calibration values {@code prefix_label} in label order. */
    static double[] series(CalibrationTargets t, String prefix, String[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = t.value(prefix + "_" + labels[i]);
        }
        return out;
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
        for (int k = 0; k < 2; k++) {
            exMale[k] = c.exMale[k];
            exFsm[k] = c.exFsm[k];
            System.arraycopy(c.exSen[k], 0, exSen[k], 0, 3);
            System.arraycopy(c.exEthnic[k], 0, exEthnic[k], 0, exEthnic[k].length);
        }
    }

    /** Effective number of census rows per child per birth cohort (sum of participation). */
    public static double effectiveCohorts() {
        return effectiveCohorts(CalibrationTargets.bundled());
    }

    /** Effective number of census rows per child per birth cohort under the given calibration. */
    public static double effectiveCohorts(CalibrationTargets t) {
        double s = 0;
        for (double p : participation(t)) {
            s += p;
        }
        return s;
    }

    /** Share of a birth cohort on a school roll at each NC year, from the calibration series {@code participation_*}. */
    public static double[] participation(CalibrationTargets t) {
        return series(t, "participation", NC_LABEL);
    }

    private static double[] normaliseOverParticipation(double[] w, double[] participation) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < w.length; i++) {
            num += participation[i] * w[i];
            den += participation[i];
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
    private double[][] rakeEthnicity(Geography geo, Frame frame, double[] target) {
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
                case 'L' -> profileL;
                case 'A' -> profileA;
                case 'W' -> profileW;
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
