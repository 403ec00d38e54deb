package org.pupilrisk.population.generator;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.population.generator.ValidationRow;
import org.pupilrisk.population.pupil.Codes;
import org.pupilrisk.population.pupil.PupilLives;
import org.pupilrisk.population.pupil.PupilModel;
import org.pupilrisk.population.pupil.PupilYear;
import org.pupilrisk.population.school.SchoolType;
import org.pupilrisk.spark.SparkSessions;

/** The Spark job end to end: datasets as written, the validation table, and the multi-year panel. */
class PopulationGeneratorTest {

    static final long PUPILS = 20_000;
    static SparkSession spark;
    @TempDir
    static Path dir;
    static Path out;
    static PopulationGenerator.Result result;
    static Map<String, ValidationRow> validation;

    @BeforeAll
    static void generate() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        out = dir.resolve("population");
        result = PopulationGenerator.generate(spark,
                new PopulationSettings(PUPILS, 2024, 2024, 5, OutputFormat.PARQUET, out, 3), line -> { });
        validation = result.validation().stream().collect(Collectors.toMap(ValidationRow::quantity, Function.identity()));
    }

    static Dataset<Row> read(String dataset) {
        return spark.read().parquet(out.resolve(dataset).toString());
    }

    @Test
    void writesEveryDatasetWithTheSharedColumnNames() {
        assertThat(out.resolve(NpdColumns.VALIDATION)).exists();
        assertThat(read(NpdColumns.PUPILS).columns()).contains(NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR,
                NpdColumns.DATE_OF_BIRTH, NpdColumns.SEX, NpdColumns.ETHNIC_MINOR, NpdColumns.ETHNIC_MAJOR,
                NpdColumns.FIRST_LANGUAGE, NpdColumns.FSM, NpdColumns.SEN_PROVISION, NpdColumns.SEN_TYPE, NpdColumns.LSOA,
                NpdColumns.POSTCODE_SECTOR, NpdColumns.POSTCODE_DISTRICT, NpdColumns.POSTCODE_AREA, NpdColumns.URN,
                NpdColumns.LA, NpdColumns.NC_YEAR, NpdColumns.LOOKED_AFTER, NpdColumns.CHILD_IN_NEED);
        assertThat(read(NpdColumns.AP_PLACEMENTS).columns()).contains(NpdColumns.AP_REASON, NpdColumns.AP_SETTING,
                NpdColumns.AP_URN, NpdColumns.AP_START_DATE);
        assertThat(read(NpdColumns.EXCLUSIONS).columns()).contains(NpdColumns.EXCLUSION_CATEGORY,
                NpdColumns.EXCLUSION_REASON, NpdColumns.EXCLUSION_START);
        assertThat(read(NpdColumns.SCHOOLS).count()).isEqualTo(result.schools());
        assertThat(read(NpdColumns.GEOGRAPHY).count()).isEqualTo(result.lsoas());
        assertThat(read(NpdColumns.PUPILS).count()).isEqualTo(result.pupilRows());
        // no temporary left beside the output
        assertThat(dir.toFile().list()).noneMatch(name -> name.startsWith("."));
    }

    @Test
    void theUnwrittenRowsAreTheRowsWritten() {
        // other partitions than the written run's: the rows depend on the entity ids alone
        try (PopulationGenerator.Unwritten rows = PopulationGenerator.unwritten(spark,
                new PopulationSettings(PUPILS, 2024, 2024, 5, OutputFormat.PARQUET, dir.resolve("unused"), 2))) {
            Map<String, Dataset<Row>> unwritten = Map.of(NpdColumns.PUPILS, rows.pupils(),
                    NpdColumns.AP_PLACEMENTS, rows.apPlacements(), NpdColumns.EXCLUSIONS, rows.exclusions(),
                    NpdColumns.SCHOOLS, rows.schools());
            for (Map.Entry<String, Dataset<Row>> e : unwritten.entrySet()) {
                Dataset<Row> written = read(e.getKey());
                assertThat(e.getValue().columns()).as(e.getKey()).containsExactly(written.columns());
                assertThat(e.getValue().count()).as(e.getKey()).isEqualTo(written.count()).isPositive();
                // as multisets: no row of either side is missing from the other, with its multiplicity
                assertThat(e.getValue().exceptAll(written).count()).as(e.getKey()).isZero();
                assertThat(written.exceptAll(e.getValue()).count()).as(e.getKey()).isZero();
            }
            assertThat(new java.io.File(dir.resolve("unused").toString())).doesNotExist();
        }
    }

    @Test
    void theEventsAreLivedForTheChildrenWithAnApPlacementOrExclusionAndNoOthers() {
        // the events' rows are those of a pass over every child (theUnwrittenRowsAreTheRowsWritten); here, only the
        // children with some are lived for them: one pupil id per child
        long withEither = read(NpdColumns.AP_PLACEMENTS).select(NpdColumns.PUPIL_ID)
                .union(read(NpdColumns.EXCLUSIONS).select(NpdColumns.PUPIL_ID)).distinct().count();
        assertThat(result.childrenWithEvents()).isEqualTo(withEither).isPositive().isLessThan(result.entities() / 10);
    }

    @Test
    void aCsvRunWritesTheEventsAParquetRunDoes() {
        // a CSV dataset is sorted before it is written: the pupils' pass runs twice (the sort samples it first), and
        // both runs note the same children with events
        Path csv = dir.resolve("csv");
        PopulationGenerator.Result r = PopulationGenerator.generate(spark,
                new PopulationSettings(PUPILS, 2024, 2024, 5, OutputFormat.CSV, csv, 3), line -> { });
        assertThat(r.childrenWithEvents()).isEqualTo(result.childrenWithEvents());
        for (String[] d : new String[][] {{NpdColumns.AP_PLACEMENTS, NpdColumns.AP_START_DATE, "start_day"},
            {NpdColumns.EXCLUSIONS, NpdColumns.EXCLUSION_START, "start_day"}}) {
            Dataset<Row> written = PopulationGenerator.read(spark, csv.resolve(d[0]), OutputFormat.CSV,
                    d[0].equals(NpdColumns.AP_PLACEMENTS) ? PopulationGenerator.AP_RAW : PopulationGenerator.EXCLUSIONS_RAW,
                    d[1], d[2]);
            Dataset<Row> parquet = read(d[0]);
            assertThat(written.count()).as(d[0]).isEqualTo(parquet.count()).isPositive();
            assertThat(written.exceptAll(parquet).count()).as(d[0]).isZero();
            assertThat(parquet.exceptAll(written).count()).as(d[0]).isZero();
        }
    }

    @Test
    void thePupilsLabelledInTheirOwnPassCarryTheLabelsTheEventsGiveThem() {
        // Second method: NpdPopulation.labelled joins each pupil-year's labels from the AP placements and
        // exclusions datasets; the labelled pupils carry them from the same life. Three years, three partitions.
        try (PopulationGenerator.Unwritten rows = PopulationGenerator.unwritten(spark,
                new PopulationSettings(PUPILS, 2022, 2024, 5, OutputFormat.PARQUET, dir.resolve("unused"), 3))) {
            Dataset<Row> joined = org.pupilrisk.population.NpdPopulation.labelled(rows.pupils(),
                    java.util.Optional.of(rows.apPlacements()), java.util.Optional.of(rows.exclusions()),
                    java.util.Optional.of(rows.schools()));
            Dataset<Row> inline = org.pupilrisk.population.NpdPopulation.labelled(rows.labelledPupils(),
                    java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of(rows.schools()));
            assertThat(inline.columns()).containsExactly(joined.columns());
            assertThat(inline.count()).isEqualTo(joined.count()).isEqualTo(rows.pupils().count());
            assertThat(inline.exceptAll(joined).count()).isZero();
            assertThat(joined.exceptAll(inline).count()).isZero();
            // the comparison covers both labels and the exclusion's order: labelled pupil-years of each kind, and
            // pupil-years with several exclusions whose first reasons differ
            assertThat(inline.where(col(NpdColumns.AP_REASON).isNotNull()).count()).isPositive();
            assertThat(inline.where(col(NpdColumns.EXCLUSION_REASON).isNotNull()).count()).isPositive();
            assertThat(rows.exclusions().groupBy(col(NpdColumns.PUPIL_ID), col(NpdColumns.CENSUS_YEAR))
                    .agg(countDistinct(col(NpdColumns.EXCLUSION_REASON)).as("reasons"))
                    .where(col("reasons").geq(2)).count()).isPositive();
        }
    }

    @Test
    void sparkOutputEqualsAPlainInMemoryGenerationOfTheSameModel() {
        // Second method: generate the same entities on the driver without Spark and count.
        PupilModel model = PopulationGenerator.model(PUPILS, 2024, 2024, 5);
        long[] c = new long[3];
        livedOnDriver(model, p -> {
            c[0]++;
            if (p.fsm) {
                c[1]++;
            }
            if (model.estate.type[p.school].stateFunded()) {
                c[2]++;
            }
        });
        assertThat(result.pupilRows()).isEqualTo(c[0]);
        assertThat(read(NpdColumns.PUPILS).filter(col(NpdColumns.FSM)).count()).isEqualTo(c[1]);
        assertThat(validation.get("fsm_eligible_rate").generated()).isCloseTo(100.0 * c[1] / c[2], within(1e-9));
    }

    @Test
    void everyPupilRowWrittenIsThePupilYearLivedOnTheDriverInTheCodeLists() {
        // Second method for each value: the pupil-years lived without Spark, each written out field by field from the
        // code lists and the geography, against the rows as written (the date of birth as days since 1970)
        PupilModel model = PopulationGenerator.model(PUPILS, 2024, 2024, 5);
        List<Row> expected = new java.util.ArrayList<>();
        livedOnDriver(model, p -> {
            int d = model.geo.lsoaDistrict[p.lsoa];
            expected.add(org.apache.spark.sql.RowFactory.create(p.pupilId, p.censusYear, p.dobEpochDay,
                    p.sex == 0 ? "M" : "F", Codes.ETHNIC_MINOR[p.ethnicity], Codes.ETHNIC_MAJOR_OF[p.ethnicity],
                    Codes.LANGUAGE[p.language], p.fsm, Codes.SEN_PROVISION[p.sen],
                    p.need < 0 ? null : Codes.SEN_NEED[p.need], p.uprn, model.geo.lsoaCode[p.lsoa],
                    model.geo.lsoaSector[p.lsoa], model.geo.districtCode[d],
                    org.pupilrisk.population.geography.Geography.postcodeArea(model.geo.districtCode[d]),
                    model.estate.urn[p.school], model.geo.las[model.estate.la[p.school]].number(),
                    Codes.NC_YEAR[p.nc], p.lookedAfter, p.childInNeed, p.everFsm6));
        });
        Dataset<Row> lived = spark.createDataFrame(expected, PopulationGenerator.PUPILS_RAW);
        Dataset<Row> written = read(NpdColumns.PUPILS).withColumn(NpdColumns.DATE_OF_BIRTH,
                expr("unix_date(" + NpdColumns.DATE_OF_BIRTH + ")"));
        assertThat(java.util.Arrays.stream(read(NpdColumns.PUPILS).schema().fields()).map(f -> f.name() + " " + f.dataType()))
                .containsExactlyElementsOf(java.util.Arrays.stream(PopulationGenerator.PUPILS_WRITTEN.fields())
                        .map(f -> f.name() + " " + f.dataType()).toList())
                .contains(NpdColumns.DATE_OF_BIRTH + " DateType");
        assertThat(written.count()).isEqualTo(expected.size()).isPositive();
        assertThat(written.exceptAll(lived).count()).isZero();
        assertThat(lived.exceptAll(written).count()).isZero();
    }

    /** Every child of the model lived on the driver, without Spark: each pupil-year given to {@code onPupil}. */
    private static void livedOnDriver(PupilModel model, java.util.function.Consumer<PupilYear> onPupil) {
        PupilLives lives = new PupilLives(model);
        PupilLives.Sink sink = new PupilLives.Sink() {
            @Override
            public void pupil(PupilYear p) {
                onPupil.accept(p);
            }

            @Override
            public void apPlacement(PupilYear p, int reason, int setting, int apSchool, int la, int start) {
            }

            @Override
            public void exclusion(PupilYear p, int category, int reason, int reason2, int reason3, int school, int day) {
            }
        };
        PupilYear p = new PupilYear();
        for (long id = 0; id < model.frame.entities(); id++) {
            lives.live(id, p, sink);
        }
    }

    /**
     * Multiples are pupils sharing a home and a date of birth; a twin pair is same-sex when its two members' sexes are
     * one distinct value. Counted here the plain way, with a count of distinct sexes per set, from the written rows.
     */
    @Test
    void multiplesRowsCountSetsSharingAHomeAndABirthDate() {
        Dataset<Row> pupils = read(NpdColumns.PUPILS).filter(col(NpdColumns.CENSUS_YEAR).equalTo(2024))
                .join(read(NpdColumns.SCHOOLS).select(NpdColumns.URN), NpdColumns.URN, "left_semi");
        MultipleBirths.Count plain = CensusCountsTest.multiplesByGroupBy(pupils);
        assertThat(plain.pairs()).as("twin pairs in a 20,000-pupil year").isGreaterThan(50);
        assertThat(plain.sameSexPairs()).isBetween(1L, plain.pairs() - 1);
        assertThat(validation.get("children_who_are_multiples_share").generated())
                .isCloseTo(100.0 * plain.pupilsInSets() / pupils.count(), within(1e-9));
        assertThat(validation.get("twins_same_sex_share_estimate").generated())
                .isCloseTo(100.0 * plain.sameSexPairs() / plain.pairs(), within(1e-9));
    }

    @Test
    void validationTableMeetsTheRateTargets() {
        for (String q : List.of("male_share_estimate", "fsm_eligible_rate", "eal_rate", "sen_support_rate", "ehcp_rate",
                "ethnicity_major_WHIT_share", "ethnicity_major_ASIA_share", "ethnicity_major_BLAC_share",
                "ethnicity_major_MIXD_share")) {
            ValidationRow r = validation.get(q);
            assertThat(Math.abs(r.deviation())).as(q).isLessThan(1.5);
        }
        assertThat(validation.get("pupils_per_census_year").generated()).isCloseTo(PUPILS, within(PUPILS * 0.03));
    }

    @Test
    void birthDatesLieInsideTheAcademicCohortOfTheYearGroup() {
        Dataset<Row> p = read(NpdColumns.PUPILS).withColumn("nc", expr(
                "CASE NCyearActual WHEN 'N1' THEN -2 WHEN 'N2' THEN -1 WHEN 'R' THEN 0 ELSE CAST(NCyearActual AS INT) END"))
                .withColumn("cohort", expr("CensusYear - 5 - nc"));
        long outside = p.filter(expr("DateOfBirth < make_date(cohort - 1, 9, 1) OR DateOfBirth > make_date(cohort, 8, 31)")).count();
        assertThat(outside).isZero();
        assertThat(p.filter(expr("month(DateOfBirth) = 9")).count()).isPositive();
    }

    @Test
    void apSchoolPupilsHaveAPupilRowAtThatApSchool() {
        Dataset<Row> schools = read(NpdColumns.SCHOOLS);
        Dataset<Row> ap = read(NpdColumns.AP_PLACEMENTS)
                .join(schools.select(col(NpdColumns.URN).as("u"), col(NpdColumns.SCHOOL_TYPE)), col(NpdColumns.AP_URN).equalTo(col("u")))
                .filter(col(NpdColumns.SCHOOL_TYPE).equalTo(SchoolType.AP.name()));
        long apSchool = ap.count();
        assertThat(apSchool).isPositive();
        Dataset<Row> pupils = read(NpdColumns.PUPILS).select(col(NpdColumns.PUPIL_ID).as("pid"), col(NpdColumns.URN).as("purn"),
                col(NpdColumns.CENSUS_YEAR).as("py"));
        long matched = ap.join(pupils, col(NpdColumns.PUPIL_ID).equalTo(col("pid")).and(col("u").equalTo(col("purn")))
                .and(col(NpdColumns.CENSUS_YEAR).equalTo(col("py")))).count();
        assertThat(matched).isEqualTo(apSchool);
    }

    @Test
    void permanentExclusionPrecedesAnApPlacementGivenThatReason() {
        // placements that began in the census's school year (others continue one begun, with its exclusion, earlier)
        Dataset<Row> ap = read(NpdColumns.AP_PLACEMENTS).filter(col(NpdColumns.AP_REASON).equalTo("PERM_EXCLUDED")
                .and(col(NpdColumns.AP_START_DATE).geq(java.sql.Date.valueOf("2023-09-01"))));
        Dataset<Row> pex = read(NpdColumns.EXCLUSIONS).filter(col(NpdColumns.EXCLUSION_CATEGORY).equalTo("PERMANENT"))
                .select(col(NpdColumns.PUPIL_ID).as("id"), col(NpdColumns.EXCLUSION_START));
        long n = ap.count();
        assertThat(n).isPositive();
        long preceded = ap.join(pex, col(NpdColumns.PUPIL_ID).equalTo(col("id"))
                .and(col(NpdColumns.EXCLUSION_START).lt(col(NpdColumns.AP_START_DATE)))).select(NpdColumns.PUPIL_ID).distinct().count();
        assertThat(preceded).isEqualTo(ap.select(NpdColumns.PUPIL_ID).distinct().count());
    }

    @Test
    void aPanelAgesItsPupilsAndAgreesWithTheSingleYearRun() {
        Path panel = dir.resolve("panel");
        PopulationGenerator.generate(spark, new PopulationSettings(PUPILS, 2022, 2024, 5, OutputFormat.PARQUET, panel, 4),
                line -> { });
        Dataset<Row> p = spark.read().parquet(panel.resolve(NpdColumns.PUPILS).toString());
        // traits are stable across years
        Row stable = p.groupBy(NpdColumns.PUPIL_ID).agg(countDistinct(NpdColumns.DATE_OF_BIRTH).as("d"),
                countDistinct(NpdColumns.SEX).as("s"), countDistinct(NpdColumns.ETHNIC_MINOR).as("e"))
                .agg(max("d"), max("s"), max("e")).first();
        assertThat(stable.getLong(0)).isEqualTo(1);
        assertThat(stable.getLong(1)).isEqualTo(1);
        assertThat(stable.getLong(2)).isEqualTo(1);
        // pupils in Y1..Y11 go up one year group per census year
        Dataset<Row> school = p.filter(col(NpdColumns.NC_YEAR).isin("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"))
                .withColumn("k", expr("CAST(NCyearActual AS INT) - CensusYear"));
        assertThat(school.groupBy(NpdColumns.PUPIL_ID).agg(countDistinct("k").as("k")).filter(col("k").gt(1)).count()).isZero();
        // new reception cohorts arrive, Year 11s leave: each year has its own pupils
        assertThat(p.filter(col(NpdColumns.CENSUS_YEAR).equalTo(2024)).count()).isCloseTo(PUPILS, within((long) (PUPILS * 0.03)));
        assertThat(p.groupBy(NpdColumns.PUPIL_ID).count().filter(col("count").equalTo(3)).count())
                .isLessThan(p.select(NpdColumns.PUPIL_ID).distinct().count());
        // Same seed and size: the panel's 2024 census is exactly the single-year run's
        Dataset<Row> single = read(NpdColumns.PUPILS);
        Dataset<Row> last = p.filter(col(NpdColumns.CENSUS_YEAR).equalTo(2024))
                .select(java.util.Arrays.stream(single.columns()).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
        assertThat(last.except(single).count()).isZero();
        assertThat(single.except(last).count()).isZero();
        Row range = p.agg(min(NpdColumns.CENSUS_YEAR), max(NpdColumns.CENSUS_YEAR)).first();
        assertThat(range.getInt(0)).isEqualTo(2022);
        assertThat(range.getInt(1)).isEqualTo(2024);
        assertThat(Files.exists(panel.resolve(NpdColumns.VALIDATION))).isTrue();
        // year-to-year churn, from the same pupils' rows in 2023 and 2024
        Dataset<Row> y23 = p.filter(col(NpdColumns.CENSUS_YEAR).equalTo(2023)).select(col(NpdColumns.PUPIL_ID).as("id23"),
                col(NpdColumns.SEN_PROVISION).as("sen23"), col(NpdColumns.NC_YEAR).as("nc23"));
        Dataset<Row> y24 = p.filter(col(NpdColumns.CENSUS_YEAR).equalTo(2024));
        Dataset<Row> both = y23.join(y24, col("id23").equalTo(col(NpdColumns.PUPIL_ID)));
        double k23 = both.filter(col("sen23").equalTo("K")).count();
        double kept = both.filter(col("sen23").equalTo("K").and(col(NpdColumns.SEN_PROVISION).equalTo("K"))).count();
        assertThat(kept / k23).isBetween(0.68, 0.84); // target 76% (estimate)
        Dataset<Row> mid = y24.filter(col(NpdColumns.NC_YEAR).isin("2", "3", "4", "5", "6", "7", "8", "9", "10", "11"));
        double arrived = mid.join(y23, col(NpdColumns.PUPIL_ID).equalTo(col("id23")), "left_anti").count();
        assertThat(arrived / mid.count()).isBetween(0.003, 0.012); // in-migration 0.7% a year (estimate)
    }

    // Structural properties, each measured by a plain pass over the rows as written (not the generator's counters).

    @Test
    void aboutThreePercentOfPupilsAreMultiplesWhoShareBirthdayHomeAndUsuallySchool() {
        List<Row> sets = read(NpdColumns.PUPILS).groupBy(NpdColumns.UPRN, NpdColumns.DATE_OF_BIRTH)
                .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("k"),
                        countDistinct(NpdColumns.LSOA).as("lsoas"), countDistinct(NpdColumns.URN).as("schools"),
                        countDistinct(NpdColumns.SEX).as("sexes"))
                .filter(col("k").geq(2)).collectAsList();
        long children = sets.stream().mapToLong(r -> r.getLong(2)).sum();
        double share = (double) children / result.pupilRows();
        // ONS: about 14.5 multiple maternities per 1,000 -> 2.9% of children (estimate); 3 SE at 20k ~ 0.4 points
        assertThat(share).isBetween(0.022, 0.036);
        assertThat(sets).allMatch(r -> r.getLong(3) == 1); // same home area
        long sameSchool = sets.stream().filter(r -> r.getLong(4) == 1).count();
        assertThat((double) sameSchool / sets.size()).isGreaterThan(0.8);
        long sameSex = sets.stream().filter(r -> r.getLong(2) == 2 && r.getLong(5) == 1).count();
        long pairs = sets.stream().filter(r -> r.getLong(2) == 2).count();
        assertThat((double) sameSex / pairs).isBetween(0.5, 0.8); // 65% expected (a third identical)
    }

    @Test
    void everyGeneratedLaHasSeveralDistrictsAndPupilsCrossDistrictsForSchool() {
        Dataset<Row> pupils = read(NpdColumns.PUPILS);
        List<Row> perLa = pupils.groupBy(NpdColumns.LA).agg(countDistinct(NpdColumns.POSTCODE_DISTRICT).as("d")).collectAsList();
        // LAs with so few districts of their own that a cluster is smaller (City of London, Isles of Scilly, ...) aside
        assertThat(perLa.stream().filter(r -> r.getLong(1) >= 2).count()).isGreaterThanOrEqualTo((long) (0.8 * perLa.size()));
        Dataset<Row> schools = read(NpdColumns.SCHOOLS).select(col(NpdColumns.URN).as("u"),
                col(NpdColumns.POSTCODE_DISTRICT).as("sd"), col(NpdColumns.SCHOOL_TYPE).as("st"));
        Dataset<Row> secondary = pupils.join(schools, col(NpdColumns.URN).equalTo(col("u"))).filter(col("st").equalTo("SECONDARY"));
        double away = (double) secondary.filter(col("sd").notEqual(col(NpdColumns.POSTCODE_DISTRICT))).count() / secondary.count();
        assertThat(away).isBetween(0.3, 0.7); // estimate: half of secondary pupils leave their district for school
    }

    @Test
    void exclusionsFallOnSchoolDaysWithoutAMondayPileUp() {
        Dataset<Row> ex = read(NpdColumns.EXCLUSIONS).withColumn("dow", expr("dayofweek(ExclusionStartDate)"));
        long n = ex.count();
        assertThat(n).isGreaterThan(1000);
        assertThat(ex.filter(col("dow").isin(1, 7)).count()).isZero();
        assertThat(ex.filter(expr("month(ExclusionStartDate) = 8 OR (month(ExclusionStartDate) = 12 AND day(ExclusionStartDate) >= 25)")).count()).isZero();
        for (int d = 2; d <= 6; d++) {
            assertThat((double) ex.filter(col("dow").equalTo(d)).count() / n).as("weekday " + d).isBetween(0.17, 0.23);
        }
        // up to three distinct reasons
        Dataset<Row> more = ex.filter(col(NpdColumns.EXCLUSION_REASON_2).isNotNull());
        assertThat(more.count()).isPositive();
        assertThat(more.filter(col(NpdColumns.EXCLUSION_REASON_2).equalTo(col(NpdColumns.EXCLUSION_REASON))).count()).isZero();
        assertThat(ex.filter(col(NpdColumns.EXCLUSION_REASON_3).isNotNull().and(col(NpdColumns.EXCLUSION_REASON_2).isNull())).count()).isZero();
    }

    @Test
    void birthsAreFewerAtWeekendsAndOnChristmasDayAndYearGroupsDifferInSize() {
        Dataset<Row> p = read(NpdColumns.PUPILS);
        double n = p.count();
        double weekend = p.filter(expr("dayofweek(DateOfBirth) IN (1, 7)")).count() / n;
        assertThat(weekend).isBetween(0.22, 0.27); // uniform would be 2/7 = 0.286
        double christmas = p.filter(expr("month(DateOfBirth) = 12 AND day(DateOfBirth) = 25")).count();
        double december = p.filter(expr("month(DateOfBirth) = 12")).count() / 31.0;
        assertThat(christmas).isLessThan(0.8 * december);
        // Y7 (born 2011/12, the birth peak) outnumbers Y1 (born 2017/18) by about 9%
        assertThat(p.filter(col(NpdColumns.NC_YEAR).equalTo("7")).count())
                .isGreaterThan(p.filter(col(NpdColumns.NC_YEAR).equalTo("1")).count());
    }
}
