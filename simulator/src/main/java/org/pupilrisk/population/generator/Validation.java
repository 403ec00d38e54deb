package org.pupilrisk.population.generator;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.calibration.Target;
import org.pupilrisk.population.geography.Frame;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.pupil.Codes;
import org.pupilrisk.population.pupil.PupilModel;
import org.pupilrisk.population.school.SchoolType;

/**
 * The validation table: every calibrated quantity measured by Spark on the datasets as written (read back from disk),
 * never from the generator's parameters, for the last census year of the run: the year's pupil rows counted in one
 * pass ({@link CensusCounts}), its multiples in another ({@link MultipleBirths}), its AP placements and exclusions in a
 * pass each ({@link EventCounts}; the exclusions' before the census pass, which needs each pupil's), its year-to-year
 * transitions by Spark aggregations.
 *
 * <p>The counts that need neither the census pass nor one another (the multiples, the datasets' row counts, the AP
 * placements) run as Spark jobs from a thread of their own while the census pass runs:
 * their tasks take the cores the pass leaves idle (while the driver collects the exclusions per pupil, and at the
 * pass's last tasks), where one after the other each waited for the last. The rows are added in the same order, from
 * the same counts, whatever finishes first.
 */
public final class Validation {

    private final List<ValidationRow> rows = new ArrayList<>();
    private final long pupilRows;
    private final long apRows;
    private final long exclusionRows;

    public Validation(SparkSession spark, Path dir, OutputFormat format, PupilModel model, long requestedPupils) {
        CalibrationTargets t = model.targets;
        int year = model.frame.lastYear;
        Dataset<Row> schools = PopulationGenerator.read(spark, dir.resolve(NpdColumns.SCHOOLS), format,
                PopulationGenerator.SCHOOLS, null, null)
                .select(col(NpdColumns.URN).as("s_urn"), col(NpdColumns.SCHOOL_TYPE).as("s_type"),
                        col(NpdColumns.POSTCODE_DISTRICT).as("s_district"));
        Dataset<Row> allPupils = PopulationGenerator.read(spark, dir.resolve(NpdColumns.PUPILS), format,
                PopulationGenerator.PUPILS_RAW, NpdColumns.DATE_OF_BIRTH, "dob_day");
        // the year's exclusions: counted, and per pupil for the relative rates' cells, which the pupils' pass counts
        Dataset<Row> allEx = PopulationGenerator.read(spark, dir.resolve(NpdColumns.EXCLUSIONS), format,
                PopulationGenerator.EXCLUSIONS_RAW, NpdColumns.EXCLUSION_START, "start_day");
        Dataset<Row> allAp = PopulationGenerator.read(spark, dir.resolve(NpdColumns.AP_PLACEMENTS), format,
                PopulationGenerator.AP_RAW, NpdColumns.AP_START_DATE, "start_day");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<Integer, CensusCounts.School> schoolsByUrn = CensusCounts.schools(schools);
        Broadcast<Map<Integer, CensusCounts.School>> bySchool = sc.broadcast(schoolsByUrn);
        // as many buckets as Spark's shuffle partitions: each bucket's table holds its share of the year's keys
        int buckets = Math.max(1, Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")));
        EventCounts.YearExclusions exclusions;
        CensusCounts.Tally c;
        Independent b;
        try (Beside<Independent> beside = Beside.start("pupilrisk-validation", () -> new Independent(
                MultipleBirths.count(allPupils, year, bySchool, buckets), allPupils.count(), allAp.count(),
                EventCounts.placements(allAp, year, bySchool), allEx.count()))) {
            exclusions = EventCounts.exclusions(allEx, year);
            Broadcast<CensusCounts.ExclusionsByPupil> byPupil = sc.broadcast(exclusions.byPupil());
            try {
                c = CensusCounts.count(allPupils, year, bySchool, byPupil);
            } finally {
                byPupil.destroy();
            }
            b = beside.result();
        } finally {
            bySchool.destroy();
        }
        double total = c.pupils;
        double nMale = c.male;
        double nState = c.stateFunded;
        double nFemale = total - nMale;
        double eal = c.eal;
        double nk = c.senSupport;
        double ne = c.ehcp;
        double nkMale = c.senSupportMale;
        double neMale = c.ehcpMale;
        double special = c.bySchoolType[SchoolType.SPECIAL.ordinal()];
        double apSchool = c.bySchoolType[SchoolType.AP.ordinal()];
        double independent = c.bySchoolType[SchoolType.INDEPENDENT.ordinal()];
        // primary schools' pupils, FSM; secondary schools' pupils, FSM
        double[] phaseFsm = {c.bySchoolType[SchoolType.PRIMARY.ordinal()], c.fsmBySchoolType[SchoolType.PRIMARY.ordinal()],
                c.bySchoolType[SchoolType.SECONDARY.ordinal()], c.fsmBySchoolType[SchoolType.SECONDARY.ordinal()]};
        // state-funded [Y6, Y11, R][pupils, FSM now, EverFSM6]
        double[][] yearGroup = java.util.Arrays.stream(c.stateYearGroup).map(g -> java.util.Arrays.stream(g).asDoubleStream().toArray())
                .toArray(double[][]::new);
        double[] major = java.util.Arrays.stream(c.ethnicMajor).asDoubleStream().toArray();
        pupilRows = b.pupilRows();

        Frame frame = model.frame;
        add("pupils_per_census_year", "pupils", requestedPupils, total, "requested (--pupils/--scale)", "this run", false,
                0.03 * requestedPupils, "");
        share(t.get("male_share_estimate"), nMale, total);
        share(t.get("fsm_eligible_rate", "2024/25"), c.stateFsm, nState, "percent of state-funded pupils");
        everFsm6(t, "primary", "Y6", yearGroup[0], phaseFsm[1], phaseFsm[0]);
        everFsm6(t, "secondary", "Y11", yearGroup[1], phaseFsm[3], phaseFsm[2]);
        phaseFsmRatio(t, phaseFsm);
        year6ToReception(t, yearGroup[0], yearGroup[2]);
        share(t.get("eal_rate", "2023/24"), eal, total);
        share(t.get("sen_support_rate", "2024/25"), nk, total);
        share(t.get("ehcp_rate", "2024/25"), ne, total);
        share(t.get("sen_support_rate_male"), nkMale, nMale);
        share(t.get("sen_support_rate_female"), nk - nkMale, nFemale);
        share(t.get("ehcp_rate_male"), neMale, nMale);
        share(t.get("ehcp_rate_female"), ne - neMale, nFemale);
        share(t.get("ethnicity_white_british_share", "2024/25"), c.whiteBritish, total);
        for (int m = 0; m < major.length; m++) {
            double target = 0;
            for (int g = 0; g < Codes.ETHNIC_MINOR.length; g++) {
                if (Codes.ETHNIC_MAJOR_OF[g].equals(Codes.ETHNIC_MAJOR[m])) {
                    target += model.ethnicTarget[g];
                }
            }
            add("ethnicity_major_" + Codes.ETHNIC_MAJOR[m] + "_share", "percent", 100 * target, 100 * major[m] / total,
                    "2024/25", "sum of the minor-group targets (calibration-targets.csv ethnicity_*), normalised to 100%", true,
                    1 + 3 * se(major[m], total), "");
        }
        share(t.get("ehcp_need_ASD_share", "2023/24"), c.ehcpAsd, ne, "percent of EHC plan pupils");
        share(t.get("sen_support_need_SLCN_share", "2023/24"), c.senSupportSlcn, nk, "percent of SEN support pupils");
        double national = t.value("pupils_all_schools", "2023/24");
        per100(t.get("pupils_sf_special", "2023/24"), national, special, total, "special-school pupils per 100 pupils");
        per100(t.get("pupils_sf_ap_schools", "2023/24"), national, apSchool, total, "AP-school pupils per 100 pupils");
        per100(t.get("pupils_independent", "2023/24"), national, independent, total, "independent-school pupils per 100 pupils");
        share(t.get("looked_after_rate"), c.lookedAfter, total);
        share(t.get("child_in_need_rate"), c.childInNeed, total);
        share(t.get("pupils_schooled_in_home_district_primary_share_estimate"), c.primaryPhaseAtHome, c.primaryPhase,
                "percent of primary-school pupils (R-Y6)");
        share(t.get("pupils_schooled_in_home_district_secondary_share_estimate"), c.secondaryPhaseAtHome, c.secondaryPhase,
                "percent of secondary-school pupils (Y7-Y11)");

        long generatedLas = java.util.Arrays.stream(frame.laDistricts).filter(x -> x.length > 0).count();
        // Below national scale whole clusters of an LA's districts are sampled; with few LAs, which LAs were drawn
        // (urban or rural, big or small districts) decides sizes more than the model does.
        String fewLas = generatedLas < 20 ? "only " + generatedLas
                + " LAs generated: which LAs were drawn decides school, area and district sizes (20 needed)" : "";
        // School rolls (a small aggregate: one row per school).
        double[] sum = new double[6];
        double[] cnt = new double[6];
        double smallPrimaries = 0;
        for (Map.Entry<Integer, Long> roll : c.rolls.entrySet()) {
            int ti = schoolsByUrn.get(roll.getKey()).type().ordinal();
            sum[ti] += roll.getValue();
            cnt[ti]++;
            if (ti == 1 && roll.getValue() <= 200) {
                smallPrimaries++;
            }
        }
        add("mean_primary_school_size", "pupils", t.value("avg_primary_size", "2015/16"), sum[1] / cnt[1], "2015/16",
                t.get("avg_primary_size", "2015/16").source(), false, 0.15 * t.value("avg_primary_size", "2015/16"), fewLas);
        add("mean_secondary_school_size", "pupils", t.value("avg_secondary_size", "2018/19"), sum[2] / cnt[2], "2018/19",
                t.get("avg_secondary_size", "2018/19").source(), false, 0.15 * t.value("avg_secondary_size", "2018/19"),
                !fewLas.isEmpty() ? fewLas : cnt[2] < 5 ? "fewer than 5 secondary schools (" + (int) cnt[2] + ")" : "");
        double specialRoll = t.value("mean_special_school_size_derived");
        add("mean_special_school_size", "pupils", specialRoll, sum[3] / Math.max(1, cnt[3]),
                "2023/24", t.get("mean_special_school_size_derived").source(), false, 0.2 * specialRoll,
                special < 2 * specialRoll ? String.format(Locale.ROOT, "%.0f special-school pupils, fewer than two schools' worth", special) : "");
        double apRoll = t.value("mean_ap_school_size_derived");
        add("mean_ap_school_size", "pupils", apRoll, sum[4] / Math.max(1, cnt[4]),
                "2023/24", t.get("mean_ap_school_size_derived").source(), false, 0.2 * apRoll,
                apSchool < 2 * apRoll ? String.format(Locale.ROOT, "%.0f AP-school pupils, fewer than two schools' worth", apSchool) : "");
        double primaries = Math.max(1, cnt[1]);
        add("primaries_le200_pupils_share", "percent", 100 * t.value("primaries_le200_pupils", "2018")
                / t.value("schools_sf_primary", "2018/19"), 100 * smallPrimaries / primaries, "2018",
                "derived: primaries_le200_pupils (2018) / schools_sf_primary (2018/19)", false,
                5 + 3 * se(smallPrimaries, primaries), fewLas);

        // Pupils per home area per year group (Y1-Y11, full participation): drives uniqueness on DOB + sex + area.
        // mean pupils per cell: the pupils of the cells (every Y1-Y11 pupil is in one) over the cells with a pupil
        double[] cells = {(double) c.core / c.lsoaCells(), (double) c.core / c.sectorCells(), (double) c.core / c.districtCells()};
        double lsoaCell = t.value("pupils_per_lsoa2021_per_year_group_estimate");
        add("pupils_per_lsoa_per_year_group", "pupils", lsoaCell,
                cells[0], "2024/25", t.get("pupils_per_lsoa2021_per_year_group_estimate").source(), true, 0.15 * lsoaCell, "");
        // per year group on roll, as the district row: the reference's 60 divides 840 pupils per sector by 14 year
        // groups, but the cells compared are Y1-Y11, which are full year groups (N1, N2, Y12, Y13 are not)
        double sectorCell = t.value("pupils_per_postcode_sector_estimate") / PupilModel.effectiveCohorts(t);
        add("pupils_per_postcode_sector_per_year_group", "pupils", sectorCell, cells[1],
                "2024/25", "derived: pupils_per_postcode_sector_estimate / year groups on roll; "
                        + t.get("pupils_per_postcode_sector_estimate").source(), true, 0.15 * sectorCell, fewLas);
        double districtCell = t.value("pupils_per_postcode_district_estimate") / PupilModel.effectiveCohorts(t);
        add("pupils_per_postcode_district_per_year_group", "pupils", districtCell,
                cells[2], "2024/25",
                "derived: pupils_per_postcode_district_estimate / year groups on roll", true, 0.2 * districtCell,
                !fewLas.isEmpty() ? fewLas : wholeDistricts(frame, model) < 20 ? "fewer than 20 whole postcode districts at this size" : "");

        structure(allPupils, c, b.multiples(), model, year, total, fewLas);

        // AP placements: state AP-school pupils and LA-funded placements.
        apRows = b.apRows();
        EventCounts.Placements a = b.ap();
        double apPupils = a.atApSchools();
        double la = a.laFunded();
        per100(t.get("la_funded_placements_non_state_ap", "2023/24"), national, la, total, "LA-funded AP placements per 100 pupils");
        share(t.get("la_ap_reason_named_in_ehcp_share", "2023/24"), a.laNamedInEhcPlan(), la, "percent of LA-funded placements");
        share(t.get("la_ap_reason_permanent_exclusion_share", "2023/24"), a.laAfterPermanentExclusion(), la, "percent of LA-funded placements");
        share(t.get("la_ap_reason_other_incl_pregnancy_childcare_share", "2023/24"), a.laPregnancyOrOther(), la, "percent of LA-funded placements");
        share(t.get("ap_male_share_estimate"), a.apSchoolBoys(), apPupils, "percent of AP-school pupils");
        share(t.get("ap_school_sen_share_estimate"), a.apSchoolSen(), apPupils, "percent of AP-school pupils");
        share(t.get("fsm_rate_sf_ap_national_estimate"), a.apSchoolFsm(), apPupils, "percent of AP-school pupils");
        double pruTotal = 0;
        for (String nc : new String[] {"N1", "N2", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Y8", "Y9", "Y10", "Y11", "Y12", "Y13", "Y14"}) {
            pruTotal += t.value("pupils_pru_ncyear_" + nc, "2019/20");
        }
        add("ap_school_pupils_in_years_10_11_share", "percent of AP-school pupils",
                100 * (t.value("pupils_pru_ncyear_Y10", "2019/20") + t.value("pupils_pru_ncyear_Y11", "2019/20")) / pruTotal,
                100 * a.apSchoolYears10And11() / Math.max(1, apPupils), "2019/20", "derived: pupils_pru_ncyear_Y10+Y11 / all PRU pupils by NC year", false,
                3 + 3 * se(a.apSchoolYears10And11(), apPupils), apPupils < 20 ? "fewer than 20 AP-school pupils" : "");

        // Exclusions in the academic year ending in the census year.
        exclusionRows = b.exclusionRows();
        EventCounts.Exclusions x = exclusions.counted();
        double ns = x.suspensions();
        double np = x.permanent();
        double nsReasons = x.suspensionReasons();
        double npReasons = x.permanentReasons();
        add("suspension_rate", "per 100 state-funded pupils", t.value("suspension_rate", "2023/24"), 100 * ns / nState,
                "2023/24", t.get("suspension_rate", "2023/24").source(), false,
                0.1 * t.value("suspension_rate", "2023/24") + 3 * 100 * Math.sqrt(Math.max(1, ns)) / nState, "");
        add("permanent_exclusion_rate", "per 100 state-funded pupils", t.value("permanent_exclusion_rate", "2023/24"),
                100 * np / nState, "2023/24", t.get("permanent_exclusion_rate", "2023/24").source(), false,
                0.1 * t.value("permanent_exclusion_rate", "2023/24") + 3 * 100 * Math.sqrt(Math.max(1, np)) / nState,
                np < 10 ? "fewer than 10 permanent exclusions at this size" : "");
        // DfE reports reason shares over all reasons given (up to three per exclusion)
        share(t.get("reason_pdb_share_of_suspension_reasons", "2023/24"), x.suspensionsWithDb(), nsReasons, "percent of suspension reasons");
        share(t.get("reason_pdb_share_of_pex_reasons", "2023/24"), x.permanentWithDb(), npReasons, "percent of permanent exclusion reasons");
        double two = t.value("exclusion_reasons_two_share_estimate");
        double three = t.value("exclusion_reasons_three_share_estimate");
        double meanReasons = 1 + (two + 2 * three) / 100;
        add("reasons_per_suspension", "reasons", meanReasons, ns == 0 ? 0 : nsReasons / ns, "",
                "derived: exclusion_reasons_two/three_share_estimate; " + E, true,
                0.02 + 3 * 0.6 / Math.sqrt(Math.max(1, ns)), ns < 100 ? "fewer than 100 suspensions" : "");
        // Weekday shares of exclusion dates: exclusions fall on school days, so each weekday's share is its share of
        // the year's school days (bank holidays and term dates make Mondays a little fewer).
        int[] days = model.schoolDays(year);
        double[] weekday = new double[7];
        for (int d : days) {
            weekday[java.time.LocalDate.ofEpochDay(d).getDayOfWeek().getValue() - 1]++;
        }
        double nEx = ns + np;
        String[] names = {"monday", "tuesday", "wednesday", "thursday", "friday"};
        for (int w = 0; w < 5; w++) {
            double target = 100 * weekday[w] / days.length;
            add("exclusions_on_" + names[w] + "_share", "percent of exclusion dates", target,
                    100 * x.onWeekday(w) / Math.max(1, nEx), String.valueOf(year),
                    "derived: share of the school-day calendar (docs/calibration.md, Exclusions)", true,
                    0.5 + 3 * se(x.onWeekday(w), nEx), nEx < 100 ? "fewer than 100 exclusions" : "");
        }
        add("exclusions_at_weekends_share", "percent of exclusion dates", 0, 100 * x.atWeekends() / Math.max(1, nEx),
                String.valueOf(year), "exclusions happen on school days", false, 0, "");

        relativeRates(c, exclusions.byPupil(), t);
    }

    private static final String E = "ESTIMATE (pupilrisk; reasoning in docs/calibration.md)";

    private static int wholeDistricts(Frame frame, PupilModel model) {
        int n = 0;
        for (int s = 0; s < frame.districts.length; s++) {
            if (frame.keptLsoas[s] == model.geo.districtLsoaCount[frame.districts[s]]) {
                n++;
            }
        }
        return n;
    }

    /**
     * District sizes, multiples, births and year groups, and year-to-year transitions, each from the written rows:
     * district sizes from a count of pupil rows per postcode district; multiples from pupils sharing a home
     * (UPRN) and a date of birth; birth months and weekdays from the dates of birth; transitions from the same
     * pupil's rows in consecutive census years.
     */
    private void structure(Dataset<Row> allPupils, CensusCounts.Tally c, MultipleBirths.Count multiples, PupilModel model,
                           int year, double total, String fewLas) {
        CalibrationTargets t = model.targets;
        Frame frame = model.frame;
        // district sizes (whole districts only: the last cluster of a sub-national run is cut at LSOA boundaries)
        java.util.Set<String> whole = new java.util.HashSet<>();
        for (int s = 0; s < frame.districts.length; s++) {
            int d = frame.districts[s];
            if (frame.keptLsoas[s] == model.geo.districtLsoaCount[d]) {
                whole.add(model.geo.districtCode[d]);
            }
        }
        List<Double> sizes = new ArrayList<>();
        c.districts.forEach((district, pupilsThere) -> {
            if (whole.contains(district)) {
                sizes.add((double) pupilsThere);
            }
        });
        java.util.Collections.sort(sizes);
        double[] national = new double[model.geo.districts()];
        for (int l = 0; l < model.geo.lsoas(); l++) {
            national[model.geo.lsoaDistrict[l]] += model.geo.lsoaPupils[l];
        }
        java.util.Arrays.sort(national);
        double natScale = frame.districts.length == model.geo.districts() ? total / model.geo.nationalPupils : 1;
        String spread = "the national geography's districts at the run's spread setting (lognormal sd; default "
                + t.value("postcode_district_size_lognormal_sd_default") + ", " + E + ")";
        for (int q : new int[] {10, 50, 90}) {
            double target = natScale * quantile(national, q / 100.0);
            double got = sizes.isEmpty() ? Double.NaN : quantile(sizes.stream().mapToDouble(Double::doubleValue).toArray(), q / 100.0);
            add("pupils_per_postcode_district_p" + q, "pupils", target, got, "2024/25", spread, true, 0.25 * target,
                    !fewLas.isEmpty() ? fewLas
                            : sizes.size() < 20 ? "only " + sizes.size() + " whole postcode districts at this size (20 needed)" : "");
        }
        add("postcode_districts_per_generated_la", "districts", Double.NaN, (double) frame.districts.length
                        / java.util.Arrays.stream(frame.laDistricts).filter(x -> x.length > 0).count(),
                "", "descriptive", false);

        // multiples: pupils sharing a home and a date of birth (co-multiples; nobody else shares a UPRN)
        double inSets = multiples.pupilsInSets();
        double pairs = multiples.pairs();
        double sameSexPairs = multiples.sameSexPairs();
        double multiple = t.value("multiple_maternity_rate_estimate") / 1000;
        double triplet = t.value("triplet_or_more_maternity_rate_estimate") / 1000;
        double childrenShare = 100 * (2 * (multiple - triplet) + 3 * triplet) / (1 + multiple + triplet);
        add("children_who_are_multiples_share", "percent of pupils", childrenShare, 100 * inSets / total, "2019-2022",
                "derived: multiple_maternity_rate_estimate, triplet_or_more_maternity_rate_estimate; "
                        + t.get("multiple_maternity_rate_estimate").source(), true,
                0.3 + 3 * se(inSets, total), "");
        share(t.get("twins_same_sex_share_estimate"), sameSexPairs, pairs, "percent of twin pairs on roll together");

        // month of birth (Y1-Y11: whole cohorts) and births at weekends
        double coreN = c.core;
        double monthSum = 0;
        for (int m = 1; m <= 12; m++) {
            monthSum += t.value(String.format("birth_month_share_%02d", m));
        }
        for (int m = 1; m <= 12; m++) {
            Target mt = t.get(String.format("birth_month_share_%02d", m));
            add(mt.quantity(), "percent of Y1-Y11 pupils", 100 * mt.value() / monthSum, 100 * c.birthMonth[m - 1] / coreN,
                    mt.year(), mt.source(), true, 0.3 + 3 * se(c.birthMonth[m - 1], coreN), "");
        }
        double sat = t.value("birth_weekday_factor_saturday_estimate");
        double sun = t.value("birth_weekday_factor_sunday_estimate");
        add("births_at_weekends_share", "percent of Y1-Y11 pupils", 100 * (sat + sun) / (5 + sat + sun),
                100 * c.weekendBirths / coreN, "2010s", "derived: birth_weekday_factor_saturday/sunday_estimate; " + E, true,
                0.5 + 3 * se(c.weekendBirths, coreN), "");
        // year-group sizes relative to the mean of Y1-Y11: births of each cohort (ONS) less migration
        java.util.function.IntToDoubleFunction cohortSize = PupilModel.cohortSizes(t);
        double mean = 0;
        for (int nc = 1; nc <= 11; nc++) {
            mean += cohortSize.applyAsDouble(year - 5 - nc) / 11;
        }
        for (int nc = 1; nc <= 11; nc++) {
            double target = 100 * cohortSize.applyAsDouble(year - 5 - nc) / mean;
            double got = 100 * c.coreYear[nc - 1] / (coreN / 11);
            add("year_group_size_Y" + nc + "_relative", "percent of the mean Y1-Y11 year group", target, got,
                    String.valueOf(year - 5 - nc), "derived: live_births_england_wales_* of the cohort's birth years; "
                            + t.get("live_births_england_wales_2010").source(), true,
                    1.5 + 3 * 100 * Math.sqrt(Math.max(1, c.coreYear[nc - 1])) / (coreN / 11), "");
        }

        // year-to-year transitions: the last two census years of the run
        String two = "needs two consecutive census years (e.g. --years " + (year - 1) + "-" + year + ")";
        boolean panel = frame.firstYear < year;
        Dataset<Row> prev = allPupils.filter(col(NpdColumns.CENSUS_YEAR).equalTo(year - 1)).select(
                col(NpdColumns.PUPIL_ID).as("q_id"), col(NpdColumns.SEN_PROVISION).as("q_sen"), col(NpdColumns.FSM).as("q_fsm"),
                col(NpdColumns.URN).as("q_urn"), col(NpdColumns.NC_YEAR).as("q_nc"), col(NpdColumns.UPRN).as("q_uprn"));
        double[] tr = new double[12];
        if (panel) {
            Dataset<Row> cur = allPupils.filter(col(NpdColumns.CENSUS_YEAR).equalTo(year)).select(
                    col(NpdColumns.PUPIL_ID), col(NpdColumns.SEN_PROVISION), col(NpdColumns.FSM), col(NpdColumns.URN),
                    col(NpdColumns.NC_YEAR), col(NpdColumns.UPRN));
            Dataset<Row> j = prev.join(cur, col("q_id").equalTo(col(NpdColumns.PUPIL_ID)), "full_outer");
            Column both = col("q_id").isNotNull().and(col(NpdColumns.PUPIL_ID).isNotNull());
            Column midPrev = col("q_nc").isin("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            Column midCur = col(NpdColumns.NC_YEAR).isin("2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
            // no transition point between the two years: not R->Y1 (same school), Y6->Y7, nor a year with a new school phase
            Column sameSchoolPhase = midCur.and(col(NpdColumns.NC_YEAR).notEqual("7"));
            Row tt = j.agg(n(both.and(col("q_sen").equalTo("K"))), n(both.and(col("q_sen").equalTo("K"))
                            .and(col(NpdColumns.SEN_PROVISION).equalTo("K"))),
                    n(both.and(col("q_fsm")).and(sameSchoolPhase)), n(both.and(col("q_fsm")).and(sameSchoolPhase).and(col(NpdColumns.FSM))),
                    n(both.and(sameSchoolPhase)), n(both.and(sameSchoolPhase).and(col("q_urn").notEqual(col(NpdColumns.URN)))),
                    n(midCur), n(midCur.and(col("q_id").isNull())),
                    n(midPrev), n(midPrev.and(col(NpdColumns.PUPIL_ID).isNull())),
                    n(both.and(sameSchoolPhase).and(col("q_uprn").notEqual(col(NpdColumns.UPRN))))).first();
            for (int i = 0; i < 11; i++) {
                tr[i] = tt.isNullAt(i) ? 0 : tt.getLong(i);
            }
        }
        String why = panel ? "" : two;
        transition(t.get("sen_support_persistence_estimate"), tr[1], tr[0], why);
        transition(t.get("fsm_persistence_estimate"), tr[3], tr[2], why);
        transition(t.get("non_standard_school_move_rate_estimate"), tr[5], tr[4], why);
        transition(t.get("international_in_migration_rate_estimate"), tr[7], tr[6], why);
        transition(t.get("international_out_migration_rate_estimate"), tr[9], tr[8], why);
        Target moveRate = t.get("school_move_rate_estimate");
        transition(moveRate, tr[10], tr[4], why);
    }

    /** Model allowance of a share row: 1 point (3 for an estimated target), and at most 25% of a small target. */
    private static double floor(Target t) {
        return Math.min(t.estimate() ? 3 : 1, 0.25 * t.value());
    }

    private void transition(Target t, double num, double den, String why) {
        double v = den == 0 ? Double.NaN : 100 * num / den;
        double floor = floor(t);
        add(t.quantity(), t.unit(), t.value(), v, t.year(), t.source(), t.estimate(),
                floor + 3 * se(num, den), why.isEmpty() && den < 50 ? "fewer than 50 pupils in the base" : why);
    }

    /**
     * Relative suspension and permanent exclusion rates, each as DfE publishes it: events per pupil in the group
     * over events per pupil in the comparison group (female, no SEN, not FSM) or, for ethnic groups, over all
     * pupils. State-funded pupils of the census year; counts from the exclusion rows joined to the pupil rows.
     * Tolerance: 10% of the target (the published figures are rounded and from several years) plus three standard
     * errors of the ratio (Poisson counts inflated by the events' clustering in pupils, delta method on the log).
     */
    private void relativeRates(CensusCounts.Tally counts, CensusCounts.ExclusionsByPupil byPupil, CalibrationTargets t) {
        // Events cluster in pupils (a suspended pupil has about two suspensions), so a group's event count varies
        // more than a Poisson count: its variance is inflated by sum(n^2)/sum(n) over the pupils' event counts n.
        long[][] perPupil = {byPupil.suspensions(), byPupil.permanent()};
        double[] dispersion = new double[2];
        for (int c = 0; c < 2; c++) {
            long events = 0;
            long squares = 0;
            for (long n : perPupil[c]) {
                events += n;
                squares += n * n;
            }
            dispersion[c] = events == 0 ? 1 : Math.max(1, (double) squares / events);
        }
        String[] labels = {"male", "sen_support", "ehcp", "fsm"};
        for (int c = 0; c < 2; c++) {
            // [group][in, comparison][pupils, events]
            double[][][] g = new double[4 + PupilModel.RATE_ETHNIC_GROUP.length][2][2];
            double allPupils = 0;
            double allEvents = 0;
            for (Map.Entry<CensusCounts.RateGroup, long[]> cell : counts.rateGroups.entrySet()) {
                CensusCounts.RateGroup r = cell.getKey();
                boolean male = r.sex().equals("M");
                String sen = r.senProvision();
                boolean fsm = r.fsm();
                String eth = r.ethnicMinor();
                double np = cell.getValue()[0];
                double ne = cell.getValue()[1 + c];
                allPupils += np;
                allEvents += ne;
                put(g[0][male ? 0 : 1], np, ne);
                if (sen.equals("K")) {
                    put(g[1][0], np, ne);
                } else if (sen.equals("E")) {
                    put(g[2][0], np, ne);
                } else {
                    put(g[1][1], np, ne);
                    put(g[2][1], np, ne);
                }
                put(g[3][fsm ? 0 : 1], np, ne);
                for (int k = 0; k < PupilModel.RATE_ETHNIC_GROUP.length; k++) {
                    if (eth.equals(Codes.ETHNIC_MINOR[PupilModel.RATE_ETHNIC_GROUP[k]])) {
                        put(g[4 + k][0], np, ne);
                    }
                }
            }
            for (int k = 0; k < g.length; k++) {
                String q;
                Target tg;
                if (k < 4) {
                    q = "relative_rate_" + labels[k] + "_" + (c == 0 ? "suspension" : "pex");
                    tg = t.get(q, "2022/23");
                } else {
                    q = PupilModel.relativeRateQuantity(c, k - 4);
                    tg = t.get(q);
                }
                double a = g[k][0][1];
                double b = k < 4 ? g[k][1][1] : allEvents;
                double ratio = (a / Math.max(1, g[k][0][0])) / ((k < 4 ? b / Math.max(1, g[k][1][0]) : allEvents / allPupils));
                double seLog = Math.sqrt(dispersion[c] * (1 / Math.max(1, a) + 1 / Math.max(1, b)));
                String why = a < 10 ? String.format(Locale.ROOT, "%.0f events in the group at this size (10 needed)", a) : "";
                add(q, "ratio (" + (k < 4 ? "group vs comparison group" : "group vs all pupils") + ")", tg.value(),
                        a == 0 && !why.isEmpty() ? Double.NaN : ratio, tg.year(), tg.source(), tg.estimate(),
                        tg.value() * (0.1 + 3 * seLog), why);
            }
        }
    }

    private static void put(double[] cell, double pupils, double events) {
        cell[0] += pupils;
        cell[1] += events;
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /** Standard error, in percentage points, of a share num/den. */
    private static double se(double num, double den) {
        if (den <= 0) {
            return 0;
        }
        double p = num / den;
        return 100 * Math.sqrt(p * (1 - p) / den);
    }

    /**
     * The counts run beside the census pass: the year's multiples, the pupils', AP placements' and exclusions' rows, and
     * the year's AP placements counted ({@link EventCounts#placements}).
     */
    private record Independent(MultipleBirths.Count multiples, long pupilRows, long apRows, EventCounts.Placements ap,
                               long exclusionRows) {
    }

    private static Column n(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    private void share(Target t, double num, double den) {
        share(t, num, den, t.unit());
    }

    /**
     * A share row: tolerance = 1 point for a published target (3 for an estimated one, whose own uncertainty is
     * larger; at most a quarter of a small target) plus three binomial standard errors of the measured share.
     */
    private void share(Target t, double num, double den, String unit) {
        double floor = floor(t);
        add(t.quantity(), unit, t.value(), den == 0 ? Double.NaN : 100 * num / den, t.year(), t.source(), t.estimate(),
                floor + 3 * se(num, den), den < 20 ? String.format(Locale.ROOT, "%.0f pupils in the base (20 needed)", den) : "");
    }

    /** A rate per 100 pupils: tolerance 10% of the target plus three Poisson standard errors. */
    /**
     * The published quantity, like for like: the EverFSM6 share (FSM at any of the last six censuses) of a year group's
     * state-funded pupils at the end of the phase (Year 6 / Year 11, as the EPI's KS2 / KS4 cohorts) over the FSM rate
     * of the phase's state-funded schools (primary / secondary schools, all year groups on roll, as the phase rates
     * are published and as {@code fsm_rate_secondary_to_primary} counts them). A ratio, because the generator applies
     * the 2024/25 FSM rate to every year and the published pair is from 2022/23. Tolerance: the share rows' 1 point on
     * each published figure carried to the ratio (1/29 + 1/24.0 of it at Year 6), plus three standard errors of the
     * ratio (binomial shares, delta method).
     */
    private void everFsm6(CalibrationTargets t, String phase, String year, double[] group, double phaseFsm, double phasePupils) {
        Target ever = t.get("everfsm6_share_end_of_" + phase);
        Target now = t.get("fsm_rate_" + phase, ever.year());
        double target = ever.value() / now.value();
        double e = group[0] == 0 ? Double.NaN : group[2] / group[0];
        double f = phasePupils == 0 ? Double.NaN : phaseFsm / phasePupils;
        double relSe = Math.sqrt((1 - e) / Math.max(1, group[2]) + (1 - f) / Math.max(1, phaseFsm));
        add("everfsm6_share_to_phase_fsm_rate_" + year, "ratio (EverFSM6 share of state-funded " + year
                        + " pupils / FSM rate of state-funded " + phase + " schools)", target, e / f,
                ever.year(), "derived: " + ever.quantity() + " / " + now.quantity() + " " + now.year() + "; "
                        + ever.source() + "; " + now.source(), false,
                target * (1 / ever.value() + 1 / now.value() + 3 * relSe),
                group[2] < 20 ? String.format(Locale.ROOT, "%.0f EverFSM6 pupils in %s (20 needed)", group[2], year) : "");
    }

    /**
     * FSM's gradient within primary: the FSM rate of state-funded Year 6 pupils over that of reception pupils, against
     * an estimate (no published FSM rate by year group in the reference; reasoning in docs/calibration.md). Tolerance:
     * half the range the published pair allows a linear rise through the seven primary year groups around the primary
     * rate p (Year 6 between p and the EverFSM6 share e, which its own rate cannot exceed: 1 to e / (2p - e), 1.53 in
     * 2022/23), plus three standard errors of the ratio.
     */
    private void year6ToReception(CalibrationTargets targets, double[] y6, double[] reception) {
        Target t = targets.get("fsm_rate_year6_to_reception_estimate");
        Target ever = targets.get("everfsm6_share_end_of_primary");
        double p = targets.get("fsm_rate_primary", ever.year()).value();
        // a settings file's figures may leave no linear rise within the bound (EverFSM6 share at least twice the
        // rate): then the ratio is unbounded above and the row only reports (tolerance the target itself)
        double halfRange = 2 * p > ever.value() ? (ever.value() / (2 * p - ever.value()) - 1) / 2 : t.value();
        double a = y6[0] == 0 ? Double.NaN : y6[1] / y6[0];
        double b = reception[0] == 0 ? Double.NaN : reception[1] / reception[0];
        double relSe = Math.sqrt((1 - a) / Math.max(1, y6[1]) + (1 - b) / Math.max(1, reception[1]));
        add(t.quantity(), t.unit(), t.value(), a / b, t.year(), t.source(), t.estimate(),
                halfRange + 3 * t.value() * relSe,
                Math.min(y6[1], reception[1]) < 20 ? "fewer than 20 FSM pupils in Year 6 or reception" : "");
    }

    /**
     * FSM rate of state-funded secondary schools' pupils over that of primary schools' (all year groups on roll, as
     * the phase rates are published): the independent check of FSM's age gradient, which transitional protection
     * shapes (older pupils have had more censuses since 2019 in which to be protected). A ratio, because the
     * generator applies the 2024/25 rate to every year and the published pair is from 2022/23. Tolerance: the share
     * rows' 1 point on each published rate, carried to the ratio (1/22.7 + 1/24.0 of it), plus three standard
     * errors of the ratio (binomial shares, delta method).
     */
    private void phaseFsmRatio(CalibrationTargets t, double[] c) {
        Target primary = t.get("fsm_rate_primary", "2022/23");
        Target secondary = t.get("fsm_rate_secondary", "2022/23");
        double target = secondary.value() / primary.value();
        double p = c[0] == 0 ? Double.NaN : c[1] / c[0];
        double s = c[2] == 0 ? Double.NaN : c[3] / c[2];
        double ratio = s / p;
        double relSe = Math.sqrt((1 - p) / Math.max(1, c[1]) + (1 - s) / Math.max(1, c[3]));
        add("fsm_rate_secondary_to_primary", "ratio (FSM rate, state-funded secondary / primary schools)", target, ratio,
                primary.year(), "derived: fsm_rate_secondary / fsm_rate_primary " + primary.year() + "; " + primary.source(),
                false, target * (1 / secondary.value() + 1 / primary.value() + 3 * relSe),
                Math.min(c[1], c[3]) < 20 ? "fewer than 20 FSM pupils in a phase" : "");
    }

    private void per100(Target t, double national, double count, double total, String unit) {
        double target = 100 * t.value() / national;
        add(t.quantity() + "_per_100_pupils", unit, target, 100 * count / total, t.year(),
                "derived: " + t.quantity() + " / pupils_all_schools 2023/24; " + t.source(), t.estimate(),
                0.1 * target + 3 * 100 * Math.sqrt(Math.max(1, count)) / total, "");
    }

    private void add(String q, String unit, double target, double generated, String year, String source, boolean estimate) {
        rows.add(new ValidationRow(q, unit, target, generated, year, source, estimate));
    }

    private void add(String q, String unit, double target, double generated, String year, String source, boolean estimate,
                     double tolerance, String unattainable) {
        rows.add(new ValidationRow(q, unit, target, generated, year, source, estimate, tolerance, unattainable));
    }

    public List<ValidationRow> rows() {
        return rows;
    }

    public long pupilRows() {
        return pupilRows;
    }

    public long apRows() {
        return apRows;
    }

    public long exclusionRows() {
        return exclusionRows;
    }

    /** Writes validation.csv: quantity, unit, target, generated, deviation, tolerance, status, target_year, estimate, source. */
    public static void writeCsv(List<ValidationRow> rows, Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("quantity,unit,target,generated,deviation,tolerance,status,target_year,estimate,source\n");
            for (ValidationRow r : rows) {
                boolean judged = r.hasTarget() && !Double.isNaN(r.generated());
                w.write(String.join(",", r.quantity(), quote(r.unit()), r.hasTarget() ? fmt(r.target()) : "",
                        Double.isNaN(r.generated()) ? "" : fmt(r.generated()), judged ? fmt(r.deviation()) : "",
                        Double.isNaN(r.tolerance()) ? "" : fmt(r.tolerance()), quote(r.status()), quote(r.targetYear()),
                        String.valueOf(r.estimate()), quote(r.source())));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
