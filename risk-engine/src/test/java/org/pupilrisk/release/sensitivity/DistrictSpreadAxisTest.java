package org.pupilrisk.release.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.engine.ScenarioAssessment;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.population.GeneratorVersion;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.PopulationManifest;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.release.pupillevel.PupilLevelRelease;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;

/**
 * The sensitivity grid's district-size axis: the census year is generated afresh with each spread from the
 * population's recorded settings. At the population's own spread the census year drawn afresh (one year, not
 * the panel) is the assessed one row for row, so the grid uses the assessed one there, and the grid's figure
 * must equal the pupil-level release's attack figure exactly (a second path to the same number: the grid's pool
 * and draw instead of the release's); another spread gives another census.
 */
class DistrictSpreadAxisTest {

    @TempDir
    static Path tmp;

    static final double OWN = 0.6;
    static final double HIGH = 1.4;
    static final List<Figure> figures = new ArrayList<>();
    static ScenarioAssessment assessment;

    static final String SCENARIO = """
            seed: 5
            census_year: 2024
            extract:
              filter: "SchoolType <> 'INDEPENDENT'"
              sampling_fraction: 0.5
            monte_carlo_draws: 150
            qi_sets:
              - name: neighbour
                columns: [DateOfBirth, Sex, PostcodeDistrict]
            sensitive: [APReason]
            subgroups:
              - name: all
                filter: "true"
              - name: ap
                filter: "APReason IS NOT NULL"
            profiles:
              - name: neighbour
                qi_set: neighbour
                targets: "true"
            releases:
              - model: pupil-level
              - model: sensitivity
                profile: neighbour
                sampling_fraction: [0.5]
                subgroups: [all, ap]
                draws: 150
                district_spread: [%s, %s]
            """.formatted(OWN, HIGH);

    @BeforeAll
    static void setUp() {
        SparkSession spark = SparkSessions.getOrCreate("local[2]", false);
        spark.conf().set("spark.sql.shuffle.partitions", "2");
        Path pop = tmp.resolve("pop");
        // a two-year panel: the axis regenerates the assessed year alone, which must equal the panel's year
        PopulationGenerator.generate(spark, new PopulationSettings(3000, 2023, 2024, 9, OutputFormat.PARQUET, pop, 0, OWN),
                msg -> { });
        Scenario s = ScenarioLoader.parse(SCENARIO, "test");
        assessment = new ScenarioAssessment(spark, DataSource.population(spark, pop, s), tmp.resolve("out"),
                Assessment.Progress.SILENT);
        new PupilLevelRelease("pupil-level", true).assess(assessment, figures::add);
        SensitivityGrid.fromScenario(s.releases().get(1).params(), s).get(0).assess(assessment, figures::add);
    }

    static Figure success(String release, String subgroup) {
        return figures.stream().filter(f -> f.release().equals(release) && f.profile().equals("neighbour")
                        && f.subgroup().equals(subgroup) && f.metric().equals("attack_success_rate"))
                .findFirst().orElseThrow(() -> new AssertionError(release + " " + subgroup));
    }

    @Test
    void theGeneratorRecordsTheSpreadItUsed() {
        assertThat(PopulationManifest.read(tmp.resolve("pop"))).contains(new PopulationManifest(3000, 2023, 2024, 9, OWN));
        assertThat(assessment.districtSpread().getAsDouble()).isEqualTo(OWN);
    }

    @Test
    void atThePopulationsOwnSpreadTheGridReproducesThePupilLevelFigure() {
        for (String g : List.of("all", "ap")) {
            Figure release = success("pupil-level", g);
            Figure grid = success(SensitivityGrid.spreadReleaseId(OWN), g);
            assertThat(release.value()).as(g).isNotNull();
            assertThat(grid.value()).as(g).isEqualTo(release.value());
            assertThat(grid.ciLow()).as(g).isEqualTo(release.ciLow());
            assertThat(grid.ciHigh()).as(g).isEqualTo(release.ciHigh());
        }
    }

    /**
     * The grid's extracts are read from one dataset of every pupil the extract's filter selects, each marked by
     * whether a fraction's draw releases it: at the scenario's own fraction, knowing the profile's own columns, the
     * grid's attack is the pupil-level release's (the same targets, the same extract), rate and interval.
     */
    @Test
    void atTheScenariosOwnFractionTheGridReproducesThePupilLevelFigure() {
        for (String g : List.of("all", "ap")) {
            for (String metric : List.of("attack_success_rate", "attack_claims_rate", "label_disclosure_rate")) {
                Figure release = figure("pupil-level", g, metric);
                Figure grid = figure(SensitivityGrid.releaseId(0.5), g, metric);
                assertThat(release.value()).as(g + " " + metric).isNotNull();
                assertThat(List.of(grid.value(), grid.ciLow(), grid.ciHigh())).as(g + " " + metric)
                        .isEqualTo(List.of(release.value(), release.ciLow(), release.ciHigh()));
            }
        }
    }

    static Figure figure(String release, String subgroup, String metric) {
        return figures.stream().filter(f -> f.release().equals(release) && f.profile().equals("neighbour")
                        && f.subgroup().equals(subgroup) && f.metric().equals(metric))
                .findFirst().orElseThrow(() -> new AssertionError(release + " " + subgroup + " " + metric));
    }

    /**
     * Why the grid may use the assessed census year at the population's own spread instead of drawing it again:
     * drawn afresh by the same generator (one year, not the panel), it is the same rows.
     */
    @Test
    void atThePopulationsOwnSpreadTheCensusYearDrawnAfreshIsTheAssessedOneRowForRow() {
        Dataset<Row> assessed = assessment.population().orElseThrow();
        try (Assessment.Regenerated afresh = assessment.generateAfresh(OWN).orElseThrow()) {
            Dataset<Row> again = afresh.census().select(java.util.Arrays.stream(assessed.columns())
                    .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
            assertThat(again.count()).isEqualTo(assessed.count()).isPositive();
            assertThat(assessed.exceptAll(again).count()).isZero();
            assertThat(again.exceptAll(assessed).count()).isZero();
        }
        // used as it is only when this build is known to be the generator that drew it (a build from a changed
        // working tree is not: it draws afresh and its figures carry the regeneration note)
        try (Assessment.Regenerated own = assessment.regenerate(OWN).orElseThrow()) {
            assertThat(own.census() == assessed).isEqualTo(assessment.regenerationNote().isEmpty());
        }
    }

    /**
     * A census drawn afresh for one step (the spread axis' attack) is cached with only the columns the step reads
     * and those its filters read, as Spark resolves them (here a back-quoted name in another case), and the extract's
     * filter: on those columns it is the whole census drawn afresh, row for row.
     */
    @Test
    void aCensusDrawnAfreshForOneStepKeepsWhatItAndItsFiltersReadAndTheSameRows() {
        try (Assessment.Regenerated whole = assessment.generateAfresh(HIGH).orElseThrow();
             Assessment.Regenerated cut = assessment.regenerate(HIGH, List.of("Sex", "DateOfBirth"),
                     List.of("`apreason` IS NOT NULL")).orElseThrow()) {
            assertThat(cut.census().columns()).containsExactly(NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR,
                    "DateOfBirth", "Sex", NpdColumns.AP_REASON, NpdColumns.SCHOOL_TYPE);
            Dataset<Row> expected = whole.census().select(java.util.Arrays.stream(cut.census().columns())
                    .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
            assertThat(cut.census().count()).isEqualTo(expected.count()).isPositive();
            assertThat(cut.census().exceptAll(expected).count()).isZero();
            assertThat(expected.exceptAll(cut.census()).count()).isZero();
        }
    }

    @Test
    void anotherSpreadIsAnotherCensusYear() {
        try (Assessment.Regenerated high = assessment.regenerate(HIGH).orElseThrow()) {
            long districtsOwn = assessment.population().orElseThrow().select("PostcodeDistrict").distinct().count();
            long districtsHigh = high.census().select("PostcodeDistrict").distinct().count();
            // a wider spread makes a few districts large and many small: the same number of pupils fills a
            // different number of districts
            assertThat(districtsHigh).isNotEqualTo(districtsOwn);
        }
        assertThat(success(SensitivityGrid.spreadReleaseId(HIGH), "all").value()).isNotNull();
    }

    @Test
    void aPopulationDrawnByAnotherGeneratorGetsANoteOnEverySpreadFigure() throws Exception {
        Path pop = tmp.resolve("pop");
        PopulationManifest own = PopulationManifest.read(pop).orElseThrow();
        byte[] written = java.nio.file.Files.readAllBytes(pop.resolve(PopulationManifest.FILE));
        GeneratorVersion other = new GeneratorVersion("0.1.0", "0123456789012345678901234567890123456789");
        try {
            new PopulationManifest(own.pupils(), own.firstYear(), own.lastYear(), own.seed(), own.districtSpread(), true,
                    other).write(pop);
            String note = assessment.regenerationNote().orElseThrow();
            assertThat(note).contains("generator 0.1.0 (commit 0123456789012345678901234567890123456789)")
                    .contains("regenerated by generator " + GeneratorVersion.running());
            // figures of their own, not the grid's: those already carry a note when this build's tree is changed
            List<Figure> noted = new ArrayList<>();
            Figure plain = new Figure(SensitivityGrid.spreadReleaseId(HIGH), "neighbour", "neighbour", "all",
                    "attack_success_rate", 0.25, 0.2, 0.3, null);
            SensitivityGrid.withNote(noted::add, note).accept(plain);
            SensitivityGrid.withNote(noted::add, note).accept(new Figure("r", "q", "-", "all", "m", null, null, null,
                    "no targets"));
            assertThat(noted.get(0).note()).isEqualTo(note);
            assertThat(noted.get(0).value()).isEqualTo(plain.value());
            assertThat(noted.get(1).note()).isEqualTo("no targets; " + note);
        } finally {
            java.nio.file.Files.write(pop.resolve(PopulationManifest.FILE), written);
        }
    }
}
