package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.attack.RecordLevelRisk;
import org.pupilrisk.metric.FiguresWriter;
import org.pupilrisk.release.PopulationFixture;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;
import picocli.CommandLine;

/** `pupilrisk assess` end to end on a small generated-like population. */
class AssessCommandTest {

    @TempDir
    static Path tmp;

    static Path population;

    @BeforeAll
    static void setUp() {
        SparkSessions.getOrCreate("local[2]", false);
        population = PopulationFixture.create(1500, 7, 2023, 2024).write(tmp.resolve("pop"));
    }

    static Result run(String... args) {
        CommandLine cli = PupilRisk.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute(args);
        return new Result(rc, err.toString());
    }

    record Result(int rc, String err) {
    }

    @Test
    void everyListedMetricAppearsForEveryDefaultQiSetAndSubgroup() throws Exception {
        Path out = tmp.resolve("res");
        Result r = run("assess", "--population", population.toString(), "--out", out.toString(), "--master", "local[2]");
        System.err.println(r.err());
        Files.copy(out.resolve("figures.csv"), Path.of("/tmp/engine-figures.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("figures.csv"));
        assertThat(csv.get(0)).isEqualTo(FiguresWriter.CSV_HEADER);
        Set<String> seen = new HashSet<>();
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).hasSize(8);
            seen.add(f[1] + "|" + f[2] + "|" + f[3] + "|" + f[4]);
        }
        Scenario s = ScenarioLoader.defaults();
        for (Scenario.QiSet q : s.qiSets()) {
            for (Scenario.Subgroup g : s.subgroups()) {
                for (String m : RecordLevelRisk.classMetricNames(s.sensitive())) {
                    assertThat(seen).as(q.name() + " " + g.name() + " " + m).contains(q.name() + "|-|" + g.name() + "|" + m);
                }
            }
        }
        for (Scenario.Profile p : s.profiles()) {
            for (Scenario.Subgroup g : s.subgroups()) {
                for (String m : List.of("attack_success_rate", "attack_claims_rate", "attack_precision", "label_disclosure_rate")) {
                    assertThat(seen).contains(p.qiSet() + "|" + p.name() + "|" + g.name() + "|" + m);
                }
            }
        }
        assertThat(seen).contains("-|-|all|records", "linked_2023-2024|-|all|label_carried_rate",
                "linked_2023-2024_schools|-|all|sample_uniqueness");

        JsonNode figures = new ObjectMapper().readTree(out.resolve("figures.json").toFile());
        assertThat(figures.size()).isEqualTo(csv.size() - 1);
        assertThat(figures.get(0).has("note")).isTrue();
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(run.at("/input/kind").asText()).isEqualTo("synthetic");
        assertThat(run.at("/input/census_year").asInt()).isEqualTo(2024);
        assertThat(run.at("/input/census_years").toString()).isEqualTo("[2023,2024]");
        assertThat(run.at("/scenario/qi_sets").size()).isEqualTo(4);
        assertThat(run.at("/scenario/releases/0/id").asText()).isEqualTo("pupil-level");
        assertThat(run.at("/seed").asLong()).isEqualTo(s.seed());
        assertThat(r.err()).contains("pupilrisk assess");
    }
}
