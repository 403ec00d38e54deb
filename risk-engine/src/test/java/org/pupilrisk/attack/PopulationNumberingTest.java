package org.pupilrisk.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.engine.ScenarioAssessment;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.CoveredAssessment;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.release.PopulationFixture;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;

/**
 * The population's QI values are numbered once per run, for every QI column of the scenario, and each attacker
 * profile's targets are drawn once per run: a release that publishes fewer QI columns (a k-anonymous release, seen
 * through {@link CoveredAssessment}) reuses those numbers and those targets instead of numbering the population and
 * drawing again, and its figures are those of its own QI sets, as when nothing is shared.
 */
class PopulationNumberingTest {

    @TempDir
    static Path tmp;

    static final String SCENARIO = """
            seed: 4
            extract:
              filter: "SchoolType <> 'INDEPENDENT'"
              sampling_fraction: 0.5
            qi_sets:
              - name: neighbour
                columns: [DateOfBirth, Sex, PostcodeDistrict]
              - name: school
                columns: [URN, NCyearActual, Sex]
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
              - name: school
                qi_set: school
                targets: "true"
            monte_carlo_draws: 40
            releases:
              - model: pupil-level
            """;

    @Test
    void aReleasePublishingFewerQiColumnsReusesTheRunsNumbersAndKeepsItsFigures() {
        SparkSession spark = SparkSessions.getOrCreate("local[2]", false);
        spark.conf().set("spark.sql.shuffle.partitions", "2");
        Path dir = PopulationFixture.create(800, 6, 2024).write(tmp.resolve("pop"));
        DataSource.Loaded loaded = DataSource.population(spark, dir, ScenarioLoader.parse(SCENARIO, "test"));
        List<String> neighbour = List.of("DateOfBirth", "Sex", "PostcodeDistrict");

        Counting run = new Counting(new ScenarioAssessment(spark, loaded, tmp.resolve("run"), Assessment.Progress.SILENT));
        List<Figure> whole = new ArrayList<>();
        RecordLevelRisk.assess(run, "whole", run.extract(), ValueMatcher.EXACT, whole::add);
        assertThat(run.numberings).isEqualTo(1);
        assertThat(run.draws).as("one draw per profile").isEqualTo(2);
        List<Figure> restricted = new ArrayList<>();
        RecordLevelRisk.assess(new CoveredAssessment(run, neighbour), "restricted", run.extract(), ValueMatcher.EXACT,
                restricted::add);
        assertThat(run.numberings).as("numbered again for the restricted release").isEqualTo(1);
        assertThat(run.draws).as("targets drawn again for the restricted release").isEqualTo(2);

        // the same restricted release in a run of its own, where it numbers only its own columns
        Counting alone = new Counting(new ScenarioAssessment(spark, loaded, tmp.resolve("alone"), Assessment.Progress.SILENT));
        List<Figure> own = new ArrayList<>();
        RecordLevelRisk.assess(new CoveredAssessment(alone, neighbour), "restricted", alone.extract(), ValueMatcher.EXACT,
                own::add);
        assertThat(alone.draws).isEqualTo(1);
        assertThat(restricted).isNotEmpty().isEqualTo(own);
        assertThat(restricted).anyMatch(f -> f.metric().equals(MonteCarloAttack.SUCCESS.id()));
        assertThat(restricted.stream().filter(f -> f.qiSet().equals("neighbour")).map(PopulationNumberingTest::withoutRelease))
                .containsExactlyElementsOf(whole.stream().filter(f -> f.qiSet().equals("neighbour"))
                        .map(PopulationNumberingTest::withoutRelease).toList());
    }

    private static List<Object> withoutRelease(Figure f) {
        return java.util.Arrays.asList(f.qiSet(), f.profile(), f.subgroup(), f.metric(), f.value(), f.ciLow(), f.ciHigh(), f.note());
    }

    /**
     * A run's assessment that counts how often the population's numbering and a profile's targets are computed for its
     * shared store (thread-safe: the targets are drawn on a thread of their own).
     */
    private static final class Counting implements Assessment {
        private final ScenarioAssessment inner;
        private final Map<Object, Object> shared = new HashMap<>();
        int numberings;
        int draws;

        Counting(ScenarioAssessment inner) {
            this.inner = inner;
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized <T> T shared(Object key, Supplier<T> compute) {
            if (!shared.containsKey(key)) {
                T value = compute.get();
                if (value instanceof org.pupilrisk.metric.PopulationCodes) {
                    numberings++;
                }
                if (value instanceof MonteCarloAttack.Targets) {
                    draws++;
                }
                shared.put(key, value);
            }
            return (T) shared.get(key);
        }

        @Override public boolean keepsShared() { return true; }
        @Override public SparkSession spark() { return inner.spark(); }
        @Override public Dataset<Row> extract() { return inner.extract(); }
        @Override public Optional<Dataset<Row>> population() { return inner.population(); }
        @Override public OptionalLong populationSize() { return inner.populationSize(); }
        @Override public List<QiSet> qiSets() { return inner.qiSets(); }
        @Override public List<String> sensitiveAttributes() { return inner.sensitiveAttributes(); }
        @Override public List<Subgroup> subgroups() { return inner.subgroups(); }
        @Override public boolean userData() { return inner.userData(); }
        @Override public int outputThreshold() { return inner.outputThreshold(); }
        @Override public long seed() { return inner.seed(); }
        @Override public Path artefactDirectory(String releaseId) { return inner.artefactDirectory(releaseId); }
        @Override public Progress progress() { return inner.progress(); }
        @Override public List<org.pupilrisk.scenario.Scenario.Profile> profiles() { return inner.profiles(); }
        @Override public int monteCarloDraws() { return inner.monteCarloDraws(); }
    }
}
