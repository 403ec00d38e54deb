package org.pupilrisk.population.calibration;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.PopulationGenerator;
import org.pupilrisk.population.pupil.Codes;
import org.pupilrisk.population.pupil.PupilModel;

/**
 * The validation table: every calibrated quantity measured by Spark aggregation on the datasets as written
 * (read back from disk), never from the generator's parameters, for the last census year of the run.
 */
public final class Validation {

    private final List<ValidationRow> rows = new ArrayList<>();
    private final long pupilRows;
    private final long apRows;
    private final long exclusionRows;

    public Validation(SparkSession spark, Path dir, OutputFormat format, PupilModel model, long requestedPupils) {
        CalibrationTargets t = CalibrationTargets.bundled();
        int year = model.frame.lastYear;
        Dataset<Row> schools = PopulationGenerator.read(spark, dir.resolve(NpdColumns.SCHOOLS), format,
                PopulationGenerator.SCHOOLS, null, null)
                .select(col(NpdColumns.URN).as("s_urn"), col(NpdColumns.SCHOOL_TYPE).as("s_type"),
                        col(NpdColumns.POSTCODE_DISTRICT).as("s_district"));
        Dataset<Row> allPupils = PopulationGenerator.read(spark, dir.resolve(NpdColumns.PUPILS), format,
                PopulationGenerator.PUPILS_RAW, NpdColumns.DATE_OF_BIRTH, "dob_day");
        Dataset<Row> pupils = allPupils.filter(col(NpdColumns.CENSUS_YEAR).equalTo(year))
                .join(broadcast(schools), col(NpdColumns.URN).equalTo(col("s_urn")));
        Column state = col("s_type").notEqual("INDEPENDENT");
        Column male = col(NpdColumns.SEX).equalTo("M");
        Column k = col(NpdColumns.SEN_PROVISION).equalTo("K");
        Column e = col(NpdColumns.SEN_PROVISION).equalTo("E");
        List<Column> aggs = new ArrayList<>(List.of(
                n(male), n(state), n(state.and(col(NpdColumns.FSM))), n(col(NpdColumns.FIRST_LANGUAGE).equalTo("OTH")),
                n(k), n(e), n(k.and(male)), n(e.and(male)),
                n(col(NpdColumns.ETHNIC_MINOR).equalTo("WBRI")),
                n(e.and(col(NpdColumns.SEN_TYPE).equalTo("ASD"))), n(k.and(col(NpdColumns.SEN_TYPE).equalTo("SLCN"))),
                n(col("s_type").equalTo("SPECIAL")), n(col("s_type").equalTo("AP")), n(col("s_type").equalTo("INDEPENDENT")),
                n(col(NpdColumns.LOOKED_AFTER)), n(col(NpdColumns.CHILD_IN_NEED)),
                n(col(NpdColumns.POSTCODE_DISTRICT).equalTo(col("s_district")))));
        for (String major : Codes.ETHNIC_MAJOR) {
            aggs.add(n(col(NpdColumns.ETHNIC_MAJOR).equalTo(major)));
        }
        Row r = pupils.agg(count(lit(1)), aggs.toArray(new Column[0])).first();
        double total = r.getLong(0);
        double nMale = r.getLong(1);
        double nState = r.getLong(2);
        double nFemale = total - nMale;
        int i = 3;
        double fsmState = r.getLong(i++);
        double eal = r.getLong(i++);
        double nk = r.getLong(i++);
        double ne = r.getLong(i++);
        double nkMale = r.getLong(i++);
        double neMale = r.getLong(i++);
        double wbri = r.getLong(i++);
        double asdE = r.getLong(i++);
        double slcnK = r.getLong(i++);
        double special = r.getLong(i++);
        double apSchool = r.getLong(i++);
        double independent = r.getLong(i++);
        double cla = r.getLong(i++);
        double cin = r.getLong(i++);
        double sameDistrict = r.getLong(i++);
        double[] major = new double[Codes.ETHNIC_MAJOR.length];
        for (int m = 0; m < major.length; m++) {
            major[m] = r.getLong(i++);
        }
        pupilRows = allPupils.count();

        add("pupils_per_census_year", "pupils", requestedPupils, total, "requested (--pupils/--scale)", "this run", false);
        pct(t.get("male_share_estimate"), nMale / total);
        pct(t.get("fsm_eligible_rate", "2024/25"), fsmState / nState, "percent of state-funded pupils");
        pct(t.get("eal_rate", "2023/24"), eal / total);
        pct(t.get("sen_support_rate", "2024/25"), nk / total);
        pct(t.get("ehcp_rate", "2024/25"), ne / total);
        pct(t.get("sen_support_rate_male"), nkMale / nMale);
        pct(t.get("sen_support_rate_female"), (nk - nkMale) / nFemale);
        pct(t.get("ehcp_rate_male"), neMale / nMale);
        pct(t.get("ehcp_rate_female"), (ne - neMale) / nFemale);
        pct(t.get("ethnicity_white_british_share", "2024/25"), wbri / total);
        for (int m = 0; m < major.length; m++) {
            double target = 0;
            for (int g = 0; g < Codes.ETHNIC_MINOR.length; g++) {
                if (Codes.ETHNIC_MAJOR_OF[g].equals(Codes.ETHNIC_MAJOR[m])) {
                    target += model.ethnicTarget[g];
                }
            }
            add("ethnicity_major_" + Codes.ETHNIC_MAJOR[m] + "_share", "percent", 100 * target, 100 * major[m] / total,
                    "2024/25", "sum of the minor-group targets (calibration-targets.csv ethnicity_*), normalised to 100%", true);
        }
        pct(t.get("ehcp_need_ASD_share", "2023/24"), asdE / ne, "percent of EHC plan pupils");
        pct(t.get("sen_support_need_SLCN_share", "2023/24"), slcnK / nk, "percent of SEN support pupils");
        double national = t.value("pupils_all_schools", "2023/24");
        per100(t.get("pupils_sf_special", "2023/24"), national, special / total, "special-school pupils per 100 pupils");
        per100(t.get("pupils_sf_ap_schools", "2023/24"), national, apSchool / total, "AP-school pupils per 100 pupils");
        per100(t.get("pupils_independent", "2023/24"), national, independent / total, "independent-school pupils per 100 pupils");
        pct(t.get("looked_after_rate"), cla / total);
        pct(t.get("child_in_need_rate"), cin / total);
        add("pupils_at_school_in_home_postcode_district", "percent", Double.NaN, 100 * sameDistrict / total, "",
                "descriptive (no published target)", false);

        // School rolls (a small aggregate: one row per school).
        List<Row> rolls = pupils.groupBy("s_type", NpdColumns.URN).count().collectAsList();
        double[] sum = new double[6];
        double[] cnt = new double[6];
        double smallPrimaries = 0;
        for (Row roll : rolls) {
            int ti = org.pupilrisk.population.school.SchoolType.valueOf(roll.getString(0)).ordinal();
            sum[ti] += roll.getLong(2);
            cnt[ti]++;
            if (ti == 1 && roll.getLong(2) <= 200) {
                smallPrimaries++;
            }
        }
        add("mean_primary_school_size", "pupils", t.value("avg_primary_size", "2015/16"), sum[1] / cnt[1], "2015/16",
                t.get("avg_primary_size", "2015/16").source(), false);
        add("mean_secondary_school_size", "pupils", t.value("avg_secondary_size", "2018/19"), sum[2] / cnt[2], "2018/19",
                t.get("avg_secondary_size", "2018/19").source(), false);
        add("mean_special_school_size", "pupils", t.value("mean_special_school_size_derived"), sum[3] / Math.max(1, cnt[3]),
                "2023/24", t.get("mean_special_school_size_derived").source(), false);
        add("mean_ap_school_size", "pupils", t.value("mean_ap_school_size_derived"), sum[4] / Math.max(1, cnt[4]),
                "2023/24", t.get("mean_ap_school_size_derived").source(), false);
        add("primaries_le200_pupils_share", "percent", 100 * t.value("primaries_le200_pupils", "2018")
                / t.value("schools_sf_primary", "2018/19"), 100 * smallPrimaries / Math.max(1, cnt[1]), "2018",
                "derived: primaries_le200_pupils (2018) / schools_sf_primary (2018/19)", false);

        // Pupils per home area per year group (Y1-Y11, full participation): drives uniqueness on DOB + sex + area.
        Dataset<Row> core = pupils.filter(col(NpdColumns.NC_YEAR).isin("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"));
        double[] cells = meanCells(core);
        add("pupils_per_lsoa_per_year_group", "pupils", t.value("pupils_per_lsoa2021_per_year_group_estimate"),
                cells[0], "2024/25", t.get("pupils_per_lsoa2021_per_year_group_estimate").source(), true);
        add("pupils_per_postcode_sector_per_year_group", "pupils",
                t.value("pupils_per_postcode_sector_per_year_group_estimate"), cells[1],
                "2024/25", t.get("pupils_per_postcode_sector_per_year_group_estimate").source(), true);
        add("pupils_per_postcode_district_per_year_group", "pupils",
                t.value("pupils_per_postcode_district_estimate") / PupilModel.effectiveCohorts(),
                cells[2], "2024/25",
                "derived: pupils_per_postcode_district_estimate / year groups on roll", true);

        // AP placements: state AP-school pupils and LA-funded placements.
        Dataset<Row> allAp = PopulationGenerator.read(spark, dir.resolve(NpdColumns.AP_PLACEMENTS), format,
                PopulationGenerator.AP_RAW, NpdColumns.AP_START_DATE, "start_day");
        apRows = allAp.count();
        Dataset<Row> ap = allAp.filter(col(NpdColumns.CENSUS_YEAR).equalTo(year))
                .join(broadcast(schools), col(NpdColumns.AP_URN).equalTo(col("s_urn")), "left");
        Column atApSchool = col("s_type").equalTo("AP");
        Column laFunded = col("s_type").isNull().or(col("s_type").notEqual("AP"));
        Column reason = col(NpdColumns.AP_REASON);
        Column older = col(NpdColumns.NC_YEAR).isin("10", "11");
        Row a = ap.agg(n(atApSchool), n(laFunded), n(laFunded.and(reason.equalTo("EHCP_NAMED"))),
                n(laFunded.and(reason.equalTo("PERM_EXCLUDED"))), n(laFunded.and(reason.isin("PREGNANCY", "OTHER"))),
                n(atApSchool.and(col(NpdColumns.SEX).equalTo("M"))),
                n(atApSchool.and(col(NpdColumns.SEN_PROVISION).notEqual("N"))),
                n(atApSchool.and(col(NpdColumns.FSM))), n(atApSchool.and(older))).first();
        double apPupils = a.getLong(0);
        double la = a.getLong(1);
        per100(t.get("la_funded_placements_non_state_ap", "2023/24"), national, la / total, "LA-funded AP placements per 100 pupils");
        pct(t.get("la_ap_reason_named_in_ehcp_share", "2023/24"), a.getLong(2) / la, "percent of LA-funded placements");
        pct(t.get("la_ap_reason_permanent_exclusion_share", "2023/24"), a.getLong(3) / la, "percent of LA-funded placements");
        pct(t.get("la_ap_reason_other_incl_pregnancy_childcare_share", "2023/24"), a.getLong(4) / la, "percent of LA-funded placements");
        pct(t.get("ap_male_share_estimate"), a.getLong(5) / apPupils, "percent of AP-school pupils");
        pct(t.get("ap_school_sen_share_estimate"), a.getLong(6) / apPupils, "percent of AP-school pupils");
        pct(t.get("fsm_rate_sf_ap_national_estimate"), a.getLong(7) / apPupils, "percent of AP-school pupils");
        double pruTotal = 0;
        for (String nc : new String[] {"N1", "N2", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Y8", "Y9", "Y10", "Y11", "Y12", "Y13", "Y14"}) {
            pruTotal += t.value("pupils_pru_ncyear_" + nc, "2019/20");
        }
        add("ap_school_pupils_in_years_10_11_share", "percent of AP-school pupils",
                100 * (t.value("pupils_pru_ncyear_Y10", "2019/20") + t.value("pupils_pru_ncyear_Y11", "2019/20")) / pruTotal,
                100 * a.getLong(8) / apPupils, "2019/20", "derived: pupils_pru_ncyear_Y10+Y11 / all PRU pupils by NC year", false);

        // Exclusions in the academic year ending in the census year.
        Dataset<Row> allEx = PopulationGenerator.read(spark, dir.resolve(NpdColumns.EXCLUSIONS), format,
                PopulationGenerator.EXCLUSIONS_RAW, NpdColumns.EXCLUSION_START, "start_day");
        exclusionRows = allEx.count();
        Column susp = col(NpdColumns.EXCLUSION_CATEGORY).equalTo("SUSPENSION");
        Column pex = col(NpdColumns.EXCLUSION_CATEGORY).equalTo("PERMANENT");
        Column db = col(NpdColumns.EXCLUSION_REASON).equalTo("DB");
        Row x = allEx.filter(col(NpdColumns.CENSUS_YEAR).equalTo(year))
                .agg(n(susp), n(pex), n(susp.and(db)), n(pex.and(db))).first();
        double ns = x.getLong(0);
        double np = x.getLong(1);
        add("suspension_rate", "per 100 state-funded pupils", t.value("suspension_rate", "2023/24"), 100 * ns / nState,
                "2023/24", t.get("suspension_rate", "2023/24").source(), false);
        add("permanent_exclusion_rate", "per 100 state-funded pupils", t.value("permanent_exclusion_rate", "2023/24"),
                100 * np / nState, "2023/24", t.get("permanent_exclusion_rate", "2023/24").source(), false);
        pct(t.get("reason_pdb_share_of_suspension_reasons", "2023/24"), ns == 0 ? 0 : x.getLong(2) / ns, "percent of suspensions");
        pct(t.get("reason_pdb_share_of_pex_reasons", "2023/24"), np == 0 ? 0 : x.getLong(3) / np, "percent of permanent exclusions");
    }

    /** Mean pupils per (area, NC year) cell for LSOA, sector and district, from one LSOA-level aggregate. */
    private static double[] meanCells(Dataset<Row> core) {
        Dataset<Row> lsoa = core.groupBy(NpdColumns.LSOA, NpdColumns.POSTCODE_SECTOR, NpdColumns.POSTCODE_DISTRICT,
                NpdColumns.NC_YEAR).count().persist();
        try {
            double[] out = new double[3];
            out[0] = lsoa.agg(avg("count")).first().getDouble(0);
            out[1] = lsoa.groupBy(NpdColumns.POSTCODE_SECTOR, NpdColumns.NC_YEAR).agg(sum("count").as("n"))
                    .agg(avg("n")).first().getDouble(0);
            out[2] = lsoa.groupBy(NpdColumns.POSTCODE_DISTRICT, NpdColumns.NC_YEAR).agg(sum("count").as("n"))
                    .agg(avg("n")).first().getDouble(0);
            return out;
        } finally {
            lsoa.unpersist();
        }
    }

    private static Column n(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    private void pct(Target t, double share) {
        pct(t, share, t.unit());
    }

    private void pct(Target t, double share, String unit) {
        add(t.quantity(), unit, t.value(), 100 * share, t.year(), t.source(), t.estimate());
    }

    private void per100(Target t, double national, double share, String unit) {
        add(t.quantity() + "_per_100_pupils", unit, 100 * t.value() / national, 100 * share, t.year(),
                "derived: " + t.quantity() + " / pupils_all_schools 2023/24; " + t.source(), t.estimate());
    }

    private void add(String q, String unit, double target, double generated, String year, String source, boolean estimate) {
        rows.add(new ValidationRow(q, unit, target, generated, year, source, estimate));
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

    /** Writes validation.csv: quantity, unit, target, generated, deviation, target_year, estimate, source. */
    public static void writeCsv(List<ValidationRow> rows, Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("quantity,unit,target,generated,deviation,target_year,estimate,source\n");
            for (ValidationRow r : rows) {
                w.write(String.join(",", r.quantity(), quote(r.unit()), r.hasTarget() ? fmt(r.target()) : "",
                        fmt(r.generated()), r.hasTarget() ? fmt(r.deviation()) : "", quote(r.targetYear()),
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
