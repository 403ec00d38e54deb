package org.pupilrisk.population.generator;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.pupilrisk.population.pupil.Codes;
import org.pupilrisk.population.school.SchoolType;
import org.pupilrisk.spark.SparkSessions;

/**
 * The validation's counts of a census year's pupil rows, one pass per partition, are Spark's aggregations of the same
 * rows: each share's numerator and denominator a conditional sum, school rolls and district sizes a group-by count,
 * the area cells a count of distinct (area, year group) pairs, the relative rates' cells a join of the pupils with
 * their exclusions grouped by sex, SEN, FSM and ethnicity, and the multiples a group-by of home and date of birth.
 */
class CensusCountsTest {

    static SparkSession spark;
    static JavaSparkContext sc;
    @TempDir
    static Path dir;
    /** Every pupil row as written, a plain read of the files (the census pass reads it as views of Parquet's batches). */
    static Dataset<Row> pupils;
    static Dataset<Row> year;
    static Dataset<Row> schools;
    static Dataset<Row> joined;
    /** Every exclusion row as written, a plain read of the files. */
    static Dataset<Row> exclusions;
    static Dataset<Row> yearExclusions;
    static Broadcast<Map<Integer, CensusCounts.School>> bySchool;
    static Broadcast<CensusCounts.ExclusionsByPupil> byPupil;

    @BeforeAll
    static void population() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path out = dir.resolve("population");
        PopulationGenerator.generate(spark, new PopulationSettings(12_000, 2023, 2024, 11, OutputFormat.PARQUET, out, 2),
                line -> { });
        // the year's rows over five partitions, in an order unlike the written one, less a school's rows so that some
        // pupil rows have no school (they are not counted, as an inner join with the schools drops them)
        Dataset<Row> allSchools = spark.read().parquet(out.resolve(NpdColumns.SCHOOLS).toString());
        int dropped = allSchools.orderBy(NpdColumns.URN).first().getInt(0);
        schools = allSchools.filter(col(NpdColumns.URN).notEqual(dropped)).select(col(NpdColumns.URN).as("s_urn"),
                col(NpdColumns.SCHOOL_TYPE).as("s_type"), col(NpdColumns.POSTCODE_DISTRICT).as("s_district"));
        pupils = spark.read().parquet(out.resolve(NpdColumns.PUPILS).toString());
        year = pupils
                .filter(col(NpdColumns.CENSUS_YEAR).equalTo(2024)).repartition(5);
        joined = year.join(schools, col(NpdColumns.URN).equalTo(col("s_urn")));
        exclusions = spark.read().parquet(out.resolve(NpdColumns.EXCLUSIONS).toString());
        yearExclusions = exclusions
                .filter(col(NpdColumns.CENSUS_YEAR).equalTo(2024));
        bySchool = sc.broadcast(CensusCounts.schools(schools));
        byPupil = sc.broadcast(EventCounts.exclusions(exclusions, 2024).byPupil());
        assertThat(year.join(schools, col(NpdColumns.URN).equalTo(col("s_urn")), "left_anti").count())
                .as("pupil rows without a school").isPositive();
    }

    private static Column n(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    @Test
    void eachShareIsTheConditionalSumsOfTheRowsWithASchool() {
        CensusCounts.Tally t = CensusCounts.count(pupils, 2024, bySchool, byPupil);
        Column state = col("s_type").notEqual("INDEPENDENT");
        Column male = col(NpdColumns.SEX).equalTo("M");
        Column k = col(NpdColumns.SEN_PROVISION).equalTo("K");
        Column e = col(NpdColumns.SEN_PROVISION).equalTo("E");
        Column fsm = col(NpdColumns.FSM);
        Column home = col(NpdColumns.POSTCODE_DISTRICT).equalTo(col("s_district"));
        Column primary = col("s_type").equalTo("PRIMARY").and(col(NpdColumns.NC_YEAR).isin("R", "1", "2", "3", "4", "5", "6"));
        Column secondary = col("s_type").equalTo("SECONDARY").and(col(NpdColumns.NC_YEAR).isin("7", "8", "9", "10", "11"));
        List<Column> sums = new ArrayList<>(List.of(n(male), n(state), n(state.and(fsm)),
                n(col(NpdColumns.FIRST_LANGUAGE).equalTo("OTH")), n(k), n(e), n(k.and(male)), n(e.and(male)),
                n(col(NpdColumns.ETHNIC_MINOR).equalTo("WBRI")), n(e.and(col(NpdColumns.SEN_TYPE).equalTo("ASD"))),
                n(k.and(col(NpdColumns.SEN_TYPE).equalTo("SLCN"))), n(col(NpdColumns.LOOKED_AFTER)),
                n(col(NpdColumns.CHILD_IN_NEED)), n(primary), n(primary.and(home)), n(secondary), n(secondary.and(home))));
        for (SchoolType type : SchoolType.values()) {
            sums.add(n(col("s_type").equalTo(type.name())));
            sums.add(n(col("s_type").equalTo(type.name()).and(fsm)));
        }
        for (String nc : CensusCounts.COHORTS) {
            Column cohort = state.and(col(NpdColumns.NC_YEAR).equalTo(nc));
            sums.addAll(List.of(n(cohort), n(cohort.and(fsm)), n(cohort.and(col(NpdColumns.EVER_FSM_6)))));
        }
        for (String major : Codes.ETHNIC_MAJOR) {
            sums.add(n(col(NpdColumns.ETHNIC_MAJOR).equalTo(major)));
        }
        Row r = joined.agg(count(lit(1)), sums.toArray(new Column[0])).first();
        List<Long> counted = new ArrayList<>(List.of(t.pupils, t.male, t.stateFunded, t.stateFsm, t.eal, t.senSupport,
                t.ehcp, t.senSupportMale, t.ehcpMale, t.whiteBritish, t.ehcpAsd, t.senSupportSlcn, t.lookedAfter,
                t.childInNeed, t.primaryPhase, t.primaryPhaseAtHome, t.secondaryPhase, t.secondaryPhaseAtHome));
        for (int s = 0; s < SchoolType.values().length; s++) {
            counted.add(t.bySchoolType[s]);
            counted.add(t.fsmBySchoolType[s]);
        }
        for (long[] g : t.stateYearGroup) {
            counted.addAll(List.of(g[0], g[1], g[2]));
        }
        Arrays.stream(t.ethnicMajor).forEach(counted::add);
        List<Long> aggregated = new ArrayList<>();
        for (int i = 0; i < r.length(); i++) {
            aggregated.add(r.getLong(i));
        }
        assertThat(counted).isEqualTo(aggregated);
        assertThat(t.primaryPhaseAtHome).as("some pupils schooled in their home district").isPositive();
        assertThat(t.stateYearGroup[2][0]).as("reception pupils").isPositive();
    }

    @Test
    void rollsDistrictsBirthsAndAreaCellsAreTheGroupBysOfTheSameRows() {
        CensusCounts.Tally t = CensusCounts.count(pupils, 2024, bySchool, byPupil);
        Map<Integer, Long> rolls = new HashMap<>();
        joined.groupBy(NpdColumns.URN).count().collectAsList().forEach(r -> rolls.put(r.getInt(0), r.getLong(1)));
        assertThat(t.rolls).isEqualTo(rolls);
        Map<String, Long> districts = new HashMap<>();
        joined.groupBy(NpdColumns.POSTCODE_DISTRICT).count().collectAsList()
                .forEach(r -> districts.put(r.getString(0), r.getLong(1)));
        assertThat(t.districts).isEqualTo(districts);

        Dataset<Row> core = joined.filter(col(NpdColumns.NC_YEAR).isin("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"));
        List<Column> births = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            births.add(n(month(col(NpdColumns.DATE_OF_BIRTH)).equalTo(m)));
        }
        births.add(n(dayofweek(col(NpdColumns.DATE_OF_BIRTH)).isin(1, 7)));
        for (int nc = 1; nc <= 11; nc++) {
            births.add(n(col(NpdColumns.NC_YEAR).equalTo(String.valueOf(nc))));
        }
        Row b = core.agg(count(lit(1)), births.toArray(new Column[0])).first();
        assertThat(t.core).isEqualTo(b.getLong(0));
        for (int m = 0; m < 12; m++) {
            assertThat(t.birthMonth[m]).as("month " + (m + 1)).isEqualTo(b.getLong(1 + m));
        }
        assertThat(t.weekendBirths).isEqualTo(b.getLong(13));
        for (int nc = 1; nc <= 11; nc++) {
            assertThat(t.coreYear[nc - 1]).as("Year " + nc).isEqualTo(b.getLong(13 + nc));
        }

        assertThat(t.lsoaCells()).isEqualTo(core.select(NpdColumns.LSOA, NpdColumns.POSTCODE_SECTOR,
                NpdColumns.POSTCODE_DISTRICT, NpdColumns.NC_YEAR).distinct().count());
        assertThat(t.sectorCells()).isEqualTo(core.select(NpdColumns.POSTCODE_SECTOR, NpdColumns.NC_YEAR).distinct().count());
        assertThat(t.districtCells()).isEqualTo(core.select(NpdColumns.POSTCODE_DISTRICT, NpdColumns.NC_YEAR).distinct().count());
        assertThat(t.lsoaCells()).isGreaterThan(t.sectorCells()).isGreaterThan(t.districtCells());
    }

    @Test
    void theRelativeRatesCellsAreTheStateFundedPupilsJoinedToTheirExclusionsAndGrouped() {
        CensusCounts.Tally t = CensusCounts.count(pupils, 2024, bySchool, byPupil);
        Dataset<Row> perPupil = yearExclusions.groupBy(col(NpdColumns.PUPIL_ID).as("e_id"))
                .agg(n(col(NpdColumns.EXCLUSION_CATEGORY).equalTo("SUSPENSION")).as("e_s"),
                        n(col(NpdColumns.EXCLUSION_CATEGORY).equalTo("PERMANENT")).as("e_p"));
        Map<CensusCounts.RateGroup, List<Long>> expected = new HashMap<>();
        joined.filter(col("s_type").notEqual("INDEPENDENT"))
                .join(perPupil, col(NpdColumns.PUPIL_ID).equalTo(col("e_id")), "left")
                .groupBy(NpdColumns.SEX, NpdColumns.SEN_PROVISION, NpdColumns.FSM, NpdColumns.ETHNIC_MINOR)
                .agg(count(lit(1)), sum(coalesce(col("e_s"), lit(0L))), sum(coalesce(col("e_p"), lit(0L))))
                .collectAsList().forEach(r -> expected.put(
                        new CensusCounts.RateGroup(r.getString(0), r.getString(1), r.getBoolean(2), r.getString(3)),
                        List.of(r.getLong(4), r.getLong(5), r.getLong(6))));
        Map<CensusCounts.RateGroup, List<Long>> counted = new HashMap<>();
        t.rateGroups.forEach((g, c) -> counted.put(g, List.of(c[0], c[1], c[2])));
        assertThat(counted).isEqualTo(expected);
        assertThat(counted.values().stream().mapToLong(c -> c.get(2)).sum()).as("permanent exclusions").isPositive();
    }

    @Test
    void eachExcludedPupilOnceWithTheirSuspensionsAndPermanentExclusionsAsSparksGroupByCountsThem() {
        Map<Long, List<Long>> expected = new HashMap<>();
        yearExclusions.groupBy(NpdColumns.PUPIL_ID)
                .agg(n(col(NpdColumns.EXCLUSION_CATEGORY).equalTo("SUSPENSION")), n(col(NpdColumns.EXCLUSION_CATEGORY).equalTo("PERMANENT")))
                .collectAsList().forEach(r -> expected.put(r.getLong(0), List.of(r.getLong(1), r.getLong(2))));
        for (CensusCounts.ExclusionsByPupil got : List.of(EventCounts.exclusions(exclusions, 2024).byPupil(),
                EventCounts.exclusions(yearExclusions.repartition(3), 2024).byPupil())) {
            Map<Long, List<Long>> counted = new HashMap<>();
            for (int i = 0; i < got.pupils().length; i++) {
                assertThat(counted.put(got.pupils()[i], List.of(got.suspensions()[i], got.permanent()[i]))).isNull();
            }
            assertThat(counted).isEqualTo(expected);
            assertThat(got.pupils()).isSorted();
        }
        assertThat(expected.values().stream().filter(c -> c.get(0) > 1).count()).as("pupils suspended twice or more").isPositive();
    }

    @Test
    void theCountsAreTheSameFromSparksRowsInFiveOrOnePartition() {
        CensusCounts.Tally views = CensusCounts.count(pupils, 2024, bySchool, byPupil);
        CensusCounts.Tally five = CensusCounts.count(year, 2024, bySchool, byPupil);
        CensusCounts.Tally one = CensusCounts.count(year.coalesce(1), 2024, bySchool, byPupil);
        assertThat(five).usingRecursiveComparison().isEqualTo(views);
        assertThat(one).usingRecursiveComparison().isEqualTo(views);
    }

    /**
     * Multiples counted the plain way: sets of two or more pupils sharing a home and a date of birth (a group-by), a
     * pair of one sex when its members' sexes are one distinct value.
     */
    static MultipleBirths.Count multiplesByGroupBy(Dataset<Row> pupils) {
        List<Row> sets = pupils.groupBy(NpdColumns.UPRN, NpdColumns.DATE_OF_BIRTH)
                .agg(count(lit(1)).as("k"), countDistinct(NpdColumns.SEX).as("sexes"))
                .filter(col("k").geq(2)).collectAsList();
        long inSets = 0;
        long pairs = 0;
        long sameSex = 0;
        for (Row s : sets) {
            inSets += s.getLong(2);
            if (s.getLong(2) == 2) {
                pairs++;
                sameSex += s.getLong(3) == 1 ? 1 : 0;
            }
        }
        return new MultipleBirths.Count(inSets, pairs, sameSex);
    }

    @Test
    void multiplesAreTheGroupByOfHomeAndDateOfBirthWhateverTheBuckets() {
        MultipleBirths.Count plain = multiplesByGroupBy(joined);
        assertThat(plain.pairs()).as("twin pairs").isGreaterThan(20);
        assertThat(plain.sameSexPairs()).isBetween(1L, plain.pairs() - 1);
        for (int buckets : new int[] {1, 3, 8}) {
            assertThat(MultipleBirths.count(pupils, 2024, bySchool, buckets)).as(buckets + " buckets").isEqualTo(plain);
            assertThat(MultipleBirths.count(year, 2024, bySchool, buckets)).as(buckets + " buckets, Spark's rows")
                    .isEqualTo(plain);
        }
    }

    /**
     * Hand-worked: a mixed pair, a pair of boys, girl triplets, a home with two children born on different days, a pair whose
     * home is missing, a pair whose date is missing, a pair of unrecorded sex, and a pair one of whose school is not
     * in the schools; beside them, single children whose keys are near those (a home numbered 0, a date at day 0, a
     * home with forty children born on forty days): 2 + 2 + 3 + 2 + 2 + 2 = 13 pupils in sets, five pairs, two of one sex (the boys and the
     * homeless pair of boys; a pair of unrecorded sex is of no sex).
     */
    @Test
    void aMissingHomeOrDateIsAValueOfItsOwnAndARowWithoutASchoolIsNotCounted() {
        StructType schema = new StructType().add(NpdColumns.URN, DataTypes.IntegerType, true)
                .add(NpdColumns.UPRN, DataTypes.LongType, true).add(NpdColumns.DATE_OF_BIRTH, DataTypes.DateType, true)
                .add(NpdColumns.SEX, DataTypes.StringType, true);
        Date d1 = Date.valueOf("2015-03-01");
        Date d2 = Date.valueOf("2015-03-02");
        List<Row> rows = List.of(
                RowFactory.create(1, 10L, d1, "M"), RowFactory.create(1, 10L, d1, "F"),
                RowFactory.create(1, 11L, d1, "M"), RowFactory.create(1, 11L, d1, "M"),
                RowFactory.create(1, 12L, d2, "F"), RowFactory.create(1, 12L, d2, "F"), RowFactory.create(1, 12L, d2, "F"),
                RowFactory.create(1, 13L, d1, "F"), RowFactory.create(1, 13L, d2, "F"),
                RowFactory.create(1, null, d1, "M"), RowFactory.create(1, null, d1, "M"),
                RowFactory.create(1, 14L, null, "F"), RowFactory.create(1, 14L, null, "M"),
                RowFactory.create(1, 16L, d1, null), RowFactory.create(1, 16L, d1, null),
                RowFactory.create(2, 15L, d1, "M"), RowFactory.create(1, 15L, d1, "M"),
                // beside the missing ones, a home numbered 0 and a date at day 0, each with one child
                RowFactory.create(1, 0L, d1, "M"), RowFactory.create(1, 14L, Date.valueOf("1970-01-01"), "F"));
        rows = new ArrayList<>(rows);
        for (int day = 0; day < 40; day++) { // a home with forty children born on forty days: no set
            rows.add(RowFactory.create(1, 17L, Date.valueOf(java.time.LocalDate.of(2014, 1, 1).plusDays(day)), "F"));
        }
        Dataset<Row> pupils = spark.createDataFrame(rows, schema).repartition(3);
        Broadcast<Map<Integer, CensusCounts.School>> one = sc.broadcast(Map.of(1, new CensusCounts.School(SchoolType.PRIMARY, null)));
        for (int buckets : new int[] {1, 2, 5}) {
            assertThat(MultipleBirths.count(pupils.withColumn(NpdColumns.CENSUS_YEAR, lit(2024)), 2024, one, buckets)).as(buckets + " buckets")
                    .isEqualTo(new MultipleBirths.Count(13, 5, 2));
        }
    }
}
