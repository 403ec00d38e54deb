package org.pupilrisk.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.PopulationFixture.Pupil;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;
import org.pupilrisk.engine.ScenarioAssessment;
import org.pupilrisk.release.pupillevel.PupilLevelRelease;

/**
 * The Spark engine against a plain in-memory Java count on a generated-like population: labels
 * attached by the data source, class-size figures and linked-history figures.
 */
class SecondMethodTest {

    @TempDir
    static Path tmp;

    static PopulationFixture fixture;
    static DataSource.Loaded loaded;
    static List<Figure> figures = new ArrayList<>();
    static Set<Long> released = new HashSet<>();

    static final String SCENARIO = """
            seed: 11
            extract:
              filter: "SchoolType <> 'INDEPENDENT'"
              sampling_fraction: 0.5
            qi_sets:
              - name: neighbour
                columns: [DateOfBirth, Sex, PostcodeDistrict]
            sensitive: [APReason, ExclusionReason]
            subgroups:
              - name: all
                filter: "true"
              - name: ap
                filter: "APReason IS NOT NULL"
            releases:
              - model: pupil-level
            """;

    @BeforeAll
    static void setUp() {
        SparkSession spark = SparkSessions.getOrCreate("local[2]", false);
        spark.conf().set("spark.sql.shuffle.partitions", "2");
        fixture = PopulationFixture.create(1200, 3, 2023, 2024);
        Path dir = fixture.write(tmp.resolve("pop"));
        Scenario s = ScenarioLoader.parse(SCENARIO, "test");
        loaded = DataSource.population(spark, dir, s);
        ScenarioAssessment a = new ScenarioAssessment(spark, loaded, tmp, Assessment.Progress.SILENT);
        new PupilLevelRelease("pupil-level", true).assess(a, figures::add);
        // test-only: which pupils the seeded sample released (a few hundred ids)
        for (Row r : loaded.extract().select(NpdColumns.PUPIL_ID).collectAsList()) {
            released.add(r.getLong(0));
        }
    }

    static double figure(String qi, String subgroup, String metric) {
        return figures.stream().filter(f -> f.qiSet().equals(qi) && f.subgroup().equals(subgroup) && f.metric().equals(metric))
                .findFirst().orElseThrow(() -> new AssertionError(qi + " " + subgroup + " " + metric)).value();
    }

    @Test
    void labelsFollowTheDocumentedRule() {
        Map<Long, Row> byId = new HashMap<>();
        for (Row r : loaded.population().orElseThrow()
                .select(NpdColumns.PUPIL_ID, NpdColumns.AP_REASON, NpdColumns.EXCLUSION_REASON).collectAsList()) {
            byId.put(r.getLong(0), r);
        }
        for (Pupil p : fixture.year(2024)) {
            Row r = byId.get(p.id());
            // the alphabetically first AP reason (never the decoy ZZ_OTHER); the permanent exclusion before the suspension AAA
            assertThat(r.getString(1)).isEqualTo(p.apReason());
            assertThat(r.getString(2)).isEqualTo(p.exclusionReason());
        }
    }

    @Test
    void theExtractIsTheSeededHalfOfStateFundedPupils() {
        List<Pupil> stateFunded = fixture.year(2024).stream().filter(p -> p.urn() != PopulationFixture.INDEPENDENT_URN).toList();
        assertThat(stateFunded.stream().map(Pupil::id).toList()).containsAll(released);
        assertThat((double) released.size() / stateFunded.size()).isBetween(0.42, 0.58);
    }

    @Test
    void classSizeFiguresEqualAPlainJavaCount() {
        List<Pupil> population = fixture.year(2024);
        List<Pupil> extract = population.stream().filter(p -> released.contains(p.id())).toList();
        Map<String, Integer> f = new HashMap<>();
        Map<String, Integer> bigF = new HashMap<>();
        Map<String, Set<String>> apLabels = new HashMap<>();
        Map<String, Integer> apUnlabelled = new HashMap<>();
        for (Pupil p : extract) {
            f.merge(key(p), 1, Integer::sum);
            apLabels.computeIfAbsent(key(p), k -> new HashSet<>()).add(p.apReason());
        }
        population.forEach(p -> bigF.merge(key(p), 1, Integer::sum));
        for (String sub : List.of("all", "ap")) {
            Predicate<Pupil> in = sub.equals("all") ? p -> true : p -> p.apReason() != null;
            List<Pupil> e = extract.stream().filter(in).toList();
            List<Pupil> pop = population.stream().filter(in).toList();
            double n = e.size();
            assertThat(figure("neighbour", sub, "sample_uniqueness"))
                    .isCloseTo(e.stream().filter(p -> f.get(key(p)) == 1).count() / n, within(1e-12));
            assertThat(figure("neighbour", sub, "records_at_risk_k3"))
                    .isCloseTo(e.stream().filter(p -> f.get(key(p)) < 3).count() / n, within(1e-12));
            assertThat(figure("neighbour", sub, "prosecutor_risk_avg"))
                    .isCloseTo(e.stream().mapToDouble(p -> 1.0 / f.get(key(p))).sum() / n, within(1e-12));
            assertThat(figure("neighbour", sub, "journalist_risk_avg"))
                    .isCloseTo(e.stream().mapToDouble(p -> 1.0 / bigF.get(key(p))).sum() / n, within(1e-12));
            assertThat(figure("neighbour", sub, "population_uniqueness"))
                    .isCloseTo((double) pop.stream().filter(p -> bigF.get(key(p)) == 1).count() / pop.size(), within(1e-12));
            long labelled = e.stream().filter(p -> p.apReason() != null).count();
            long disclosed = e.stream().filter(p -> p.apReason() != null && apLabels.get(key(p)).size() == 1).count();
            assertThat(figure("neighbour", sub, "label_disclosure_rate.APReason"))
                    .isCloseTo((double) disclosed / labelled, within(1e-12));
        }
        assertThat(figure("-", "all", "records")).isEqualTo(extract.size());
    }

    @Test
    void linkedHistoriesEqualAPlainJavaCount() {
        Map<Long, Pupil> y2023 = new HashMap<>();
        fixture.year(2023).forEach(p -> y2023.put(p.id(), p));
        List<Pupil> y2024 = fixture.year(2024);
        Map<String, Integer> histories = new HashMap<>();
        for (Pupil p : y2024) {
            histories.merge(p.dob() + p.sex() + y2023.get(p.id()).urn() + "|" + p.urn(), 1, Integer::sum);
        }
        long unique = y2024.stream().filter(p -> histories.get(p.dob() + p.sex() + y2023.get(p.id()).urn() + "|" + p.urn()) == 1).count();
        assertThat(figure("linked_2023-2024_schools", "all", "sample_uniqueness"))
                .isCloseTo((double) unique / y2024.size(), within(1e-12));
        // carried: a label (AP reason or exclusion reason) recorded in 2023 that the 2024 record does not show
        long carried = y2024.stream().filter(p -> carries(y2023.get(p.id()).apReason(), p.apReason())
                || carries(y2023.get(p.id()).exclusionReason(), p.exclusionReason())).count();
        assertThat(figure("linked_2023-2024", "all", "label_carried_rate"))
                .isCloseTo((double) carried / y2024.size(), within(1e-12));
    }

    private static boolean carries(String earlier, String now) {
        return earlier != null && !earlier.equals(now);
    }

    private static String key(Pupil p) {
        return p.dob() + "|" + p.sex() + "|" + p.district();
    }
}
