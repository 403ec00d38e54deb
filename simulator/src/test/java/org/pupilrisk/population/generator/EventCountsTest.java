package org.pupilrisk.population.generator;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.population.school.SchoolType;
import org.pupilrisk.spark.SparkSessions;

/**
 * The validation's counts of a census year's AP placements and exclusions, one pass per partition, are Spark's
 * aggregations of the same rows (the SQL the validation ran before, kept here as the second method): conditional sums
 * over the placements joined to their schools, and over the exclusions with their reasons and weekdays; a missing
 * value matches nothing, as in SQL.
 */
class EventCountsTest {

    static SparkSession spark;
    static JavaSparkContext sc;
    @TempDir
    static Path dir;
    static Dataset<Row> placements;
    static Dataset<Row> exclusions;
    static Dataset<Row> schools;
    static Broadcast<Map<Integer, CensusCounts.School>> bySchool;

    @BeforeAll
    static void population() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path out = dir.resolve("population");
        PopulationGenerator.generate(spark, new PopulationSettings(12_000, 2023, 2024, 5, OutputFormat.PARQUET, out, 2),
                line -> { });
        schools = spark.read().parquet(out.resolve(NpdColumns.SCHOOLS).toString())
                .select(col(NpdColumns.URN).as("s_urn"), col(NpdColumns.SCHOOL_TYPE).as("s_type"),
                        col(NpdColumns.POSTCODE_DISTRICT).as("s_district"));
        placements = spark.read().parquet(out.resolve(NpdColumns.AP_PLACEMENTS).toString());
        exclusions = spark.read().parquet(out.resolve(NpdColumns.EXCLUSIONS).toString());
        bySchool = sc.broadcast(CensusCounts.schools(schools));
    }

    private static Column n(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    /** The placements counted by Spark SQL: the year's rows left-joined to the schools by the setting's URN. */
    static EventCounts.Placements placementsBySql(Dataset<Row> allAp, Dataset<Row> schools, int year) {
        Dataset<Row> ap = allAp.filter(col(NpdColumns.CENSUS_YEAR).equalTo(year))
                .join(broadcast(schools), col(NpdColumns.AP_URN).equalTo(col("s_urn")), "left");
        Column atApSchool = col("s_type").equalTo("AP");
        Column laFunded = col("s_type").isNull().or(col("s_type").notEqual("AP"));
        Column reason = col(NpdColumns.AP_REASON);
        Column older = col(NpdColumns.NC_YEAR).isin("10", "11");
        Row r = ap.agg(n(atApSchool), n(laFunded), n(laFunded.and(reason.equalTo("EHCP_NAMED"))),
                n(laFunded.and(reason.equalTo("PERM_EXCLUDED"))), n(laFunded.and(reason.isin("PREGNANCY", "OTHER"))),
                n(atApSchool.and(col(NpdColumns.SEX).equalTo("M"))),
                n(atApSchool.and(col(NpdColumns.SEN_PROVISION).notEqual("N"))),
                n(atApSchool.and(col(NpdColumns.FSM))), n(atApSchool.and(older))).first();
        return new EventCounts.Placements(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4),
                r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8));
    }

    /** The exclusions counted by Spark SQL (a sum over no rows is missing: none). */
    static EventCounts.Exclusions exclusionsBySql(Dataset<Row> allEx, int year) {
        Dataset<Row> yearEx = allEx.filter(col(NpdColumns.CENSUS_YEAR).equalTo(year));
        Column susp = col(NpdColumns.EXCLUSION_CATEGORY).equalTo("SUSPENSION");
        Column pex = col(NpdColumns.EXCLUSION_CATEGORY).equalTo("PERMANENT");
        Column reasons = lit(1L).plus(when(col(NpdColumns.EXCLUSION_REASON_2).isNotNull(), 1L).otherwise(0L))
                .plus(when(col(NpdColumns.EXCLUSION_REASON_3).isNotNull(), 1L).otherwise(0L));
        Column db = col(NpdColumns.EXCLUSION_REASON).equalTo("DB").or(col(NpdColumns.EXCLUSION_REASON_2).equalTo("DB"))
                .or(col(NpdColumns.EXCLUSION_REASON_3).equalTo("DB"));
        Column dow = dayofweek(col(NpdColumns.EXCLUSION_START)); // 1 = Sunday
        Row r = yearEx.agg(n(susp), n(pex), n(susp.and(db)), n(pex.and(db)),
                sum(when(susp, reasons).otherwise(0L)), sum(when(pex, reasons).otherwise(0L)),
                n(dow.equalTo(2)), n(dow.equalTo(3)), n(dow.equalTo(4)), n(dow.equalTo(5)), n(dow.equalTo(6)),
                n(dow.isin(1, 7))).first();
        long[] v = new long[12];
        for (int i = 0; i < 12; i++) {
            v[i] = r.isNullAt(i) ? 0 : r.getLong(i);
        }
        return new EventCounts.Exclusions(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    }

    @Test
    void theYearsPlacementsAreSparksAggregationOfThemJoinedToTheirSchools() {
        EventCounts.Placements sql = placementsBySql(placements, schools, 2024);
        assertThat(sql.atApSchools()).as("placements at AP schools").isGreaterThan(10);
        assertThat(sql.laFunded()).as("LA-funded placements").isGreaterThan(10);
        assertThat(EventCounts.placements(placements, 2024, bySchool)).as("Parquet's batches").isEqualTo(sql);
        assertThat(EventCounts.placements(placements.repartition(3), 2024, bySchool)).as("Spark's rows").isEqualTo(sql);
        assertThat(EventCounts.placements(placements, 2023, bySchool)).as("the year before")
                .isEqualTo(placementsBySql(placements, schools, 2023));
    }

    @Test
    void theYearsExclusionsAreSparksAggregationOfThem() {
        EventCounts.Exclusions sql = exclusionsBySql(exclusions, 2024);
        assertThat(sql.suspensions()).as("suspensions").isGreaterThan(100);
        assertThat(sql.suspensionsWithDb()).as("suspensions for persistent disruptive behaviour").isPositive();
        assertThat(EventCounts.exclusions(exclusions, 2024).counted()).as("Parquet's batches").isEqualTo(sql);
        assertThat(EventCounts.exclusions(exclusions.repartition(3), 2024).counted()).as("Spark's rows").isEqualTo(sql);
    }

    /**
     * Hand-worked, 2024 (1 January a Monday): a suspension for DB on Monday 1st; a suspension with DB as its second of
     * two reasons on Saturday 6th; a permanent exclusion without a pupil id, DB third of three reasons, Tuesday 2nd; a
     * permanent exclusion for one other reason without a date; an exclusion of no category with DB on Wednesday 3rd, and
     * one of another category on Friday 5th; the second pupil suspended again, for one other reason, on Thursday 4th;
     * and a 2023 suspension, not of the year. So: 3 suspensions (2 with DB, 4 reasons), 2 permanent exclusions (1 with
     * DB, 4 reasons), one exclusion on each weekday and one at a weekend; pupil 1 suspended once, pupil 2 twice, pupil 4
     * permanently excluded, pupils 5 and 6 excluded in no counted category.
     */
    @Test
    void aMissingValueMatchesNothingAndEveryDatedRowHasItsWeekday() {
        StructType schema = new StructType().add(NpdColumns.PUPIL_ID, DataTypes.LongType, true)
                .add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType, true)
                .add(NpdColumns.EXCLUSION_CATEGORY, DataTypes.StringType, true)
                .add(NpdColumns.EXCLUSION_REASON, DataTypes.StringType, true)
                .add(NpdColumns.EXCLUSION_REASON_2, DataTypes.StringType, true)
                .add(NpdColumns.EXCLUSION_REASON_3, DataTypes.StringType, true)
                .add(NpdColumns.EXCLUSION_START, DataTypes.DateType, true);
        List<Row> rows = List.of(
                RowFactory.create(1L, 2024, "SUSPENSION", "DB", null, null, Date.valueOf("2024-01-01")),
                RowFactory.create(2L, 2024, "SUSPENSION", "PA", "DB", null, Date.valueOf("2024-01-06")),
                RowFactory.create(null, 2024, "PERMANENT", "PA", "VA", "DB", Date.valueOf("2024-01-02")),
                RowFactory.create(4L, 2024, "PERMANENT", "PA", null, null, null),
                RowFactory.create(5L, 2024, null, "DB", null, null, Date.valueOf("2024-01-03")),
                RowFactory.create(6L, 2024, "OTHER", "PA", null, null, Date.valueOf("2024-01-05")),
                RowFactory.create(2L, 2023, "SUSPENSION", "DB", null, null, Date.valueOf("2023-01-04")),
                RowFactory.create(2L, 2024, "SUSPENSION", "PA", null, null, Date.valueOf("2024-01-04")));
        Dataset<Row> ex = spark.createDataFrame(rows, schema).repartition(3);
        EventCounts.YearExclusions got = EventCounts.exclusions(ex, 2024);
        EventCounts.Exclusions expected = new EventCounts.Exclusions(3, 2, 2, 1, 4, 4, 1, 1, 1, 1, 1, 1);
        assertThat(got.counted()).isEqualTo(expected).isEqualTo(exclusionsBySql(ex, 2024));
        Map<Long, List<Long>> byPupil = new HashMap<>();
        for (int i = 0; i < got.byPupil().pupils().length; i++) {
            byPupil.put(got.byPupil().pupils()[i], List.of(got.byPupil().suspensions()[i], got.byPupil().permanent()[i]));
        }
        assertThat(byPupil).isEqualTo(Map.of(1L, List.of(1L, 0L), 2L, List.of(2L, 0L), 4L, List.of(0L, 1L),
                5L, List.of(0L, 0L), 6L, List.of(0L, 0L)));
    }

    /**
     * Hand-worked: at the AP school (URN 1) a boy in Year 10 with SEN support and FSM, and a girl in Year 7 without SEN
     * whose FSM is missing; LA-funded, a place named in an EHC plan at a mainstream school (URN 2), one after a permanent
     * exclusion with no school, one for pregnancy at a school not in the schools (URN 9), and one whose reason is
     * missing. So 2 at AP schools (1 boy, 1 with SEN, 1 with FSM, 1 in Years 10-11) and 4 LA-funded (1, 1, 1 by
     * reason).
     */
    @Test
    void aPlacementAtAnAPSchoolIsCountedThereAndAnyOtherIsLaFunded() {
        StructType schema = new StructType().add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType, true)
                .add(NpdColumns.AP_URN, DataTypes.IntegerType, true).add(NpdColumns.AP_REASON, DataTypes.StringType, true)
                .add(NpdColumns.SEX, DataTypes.StringType, true).add(NpdColumns.SEN_PROVISION, DataTypes.StringType, true)
                .add(NpdColumns.FSM, DataTypes.BooleanType, true).add(NpdColumns.NC_YEAR, DataTypes.StringType, true);
        List<Row> rows = List.of(
                RowFactory.create(2024, 1, "PERM_EXCLUDED", "M", "K", true, "10"),
                RowFactory.create(2024, 1, "OTHER", "F", "N", null, "7"),
                RowFactory.create(2024, 2, "EHCP_NAMED", "F", "E", false, "9"),
                RowFactory.create(2024, null, "PERM_EXCLUDED", "M", "N", true, "11"),
                RowFactory.create(2024, 9, "PREGNANCY", "F", "N", false, "11"),
                RowFactory.create(2024, 2, null, "M", null, false, "11"),
                RowFactory.create(2023, 1, "OTHER", "M", "K", true, "10"));
        Dataset<Row> ap = spark.createDataFrame(rows, schema).repartition(2);
        Broadcast<Map<Integer, CensusCounts.School>> two = sc.broadcast(Map.of(
                1, new CensusCounts.School(SchoolType.AP, null), 2, new CensusCounts.School(SchoolType.SECONDARY, null)));
        Dataset<Row> twoSchools = spark.createDataFrame(List.of(RowFactory.create(1, "AP"), RowFactory.create(2, "SECONDARY")),
                new StructType().add("s_urn", DataTypes.IntegerType).add("s_type", DataTypes.StringType));
        EventCounts.Placements expected = new EventCounts.Placements(2, 4, 1, 1, 1, 1, 1, 1, 1);
        assertThat(EventCounts.placements(ap, 2024, two)).isEqualTo(expected).isEqualTo(placementsBySql(ap, twoSchools, 2024));
    }
}
