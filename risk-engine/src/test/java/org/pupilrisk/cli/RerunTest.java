package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.release.PopulationFixture;
import org.pupilrisk.spark.SparkSessions;

/**
 * A results folder is enough to run the assessment again (issue #16, reproducibility): run.json names the tool
 * version and commit, every input file with its SHA-256, the resolved scenario and the seed; scenario.yaml is the
 * scenario as run; {@code assess --rerun RESULTS} gives figures.csv byte for byte, and refuses a changed input.
 */
class RerunTest {

    @TempDir
    static Path tmp;

    @BeforeAll
    static void spark() {
        SparkSessions.getOrCreate("local[2]", false);
    }

    /** A small scenario on NPD columns, with an attacker who errs (random draws that a rerun must repeat). */
    static final String SCENARIO = """
            name: rerun
            seed: 5
            extract:
              sampling_fraction: 0.5
            qi_sets:
              - name: neighbour
                columns: [DateOfBirth, Sex, PostcodeDistrict]
            subgroups:
              - name: all
                filter: "true"
              - name: girls
                filter: "Sex = 'F'"
            profiles:
              - name: broker
                qi_set: neighbour
                errors: {DateOfBirth: 0.2}
                missing: {PostcodeDistrict: 0.1}
            monte_carlo_draws: 100
            releases:
              - model: pupil-level
              - model: k-anonymous
                k: 5
                qi: [DateOfBirth, Sex, PostcodeDistrict]
              - model: k-anonymous
                id: k5-star
                k: 5
                qi: [DateOfBirth, Sex, PostcodeDistrict]
                suppressed_records: star
            """;

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void aSyntheticPopulationsResultsRerunToByteIdenticalFigures() throws Exception {
        Path pop = PopulationFixture.create(400, 3, 2024).write(tmp.resolve("pop"));
        Path scenario = Files.writeString(tmp.resolve("rerun.yaml"), SCENARIO);
        Path first = tmp.resolve("first");
        AssessCommandTest.Result r = UserScenarioTest.run("assess", "--population", pop.toString(), "--scenario",
                scenario.toString(), "--out", first.toString(), "--master", "local[2]");
        assertThat(r.rc()).as(r.err()).isZero();

        JsonNode run = new ObjectMapper().readTree(first.resolve("run.json").toFile());
        assertThat(run.at("/tool/version").asText()).isNotBlank();
        assertThat(run.at("/tool/commit").asText()).isNotBlank();
        assertThat(run.at("/seed").asLong()).isEqualTo(5);
        assertThat(run.at("/timings_seconds/total").isNumber()).isTrue();
        // every parameter, defaults filled in: the sampling fraction, the attacker's errors, each release's settings
        assertThat(run.at("/scenario/extract/sampling_fraction").asDouble()).isEqualTo(0.5);
        assertThat(run.at("/scenario/extract/filter").asText()).isEqualTo("true");
        assertThat(run.at("/scenario/profiles/0/errors/DateOfBirth").asDouble()).isEqualTo(0.2);
        assertThat(run.at("/scenario/profiles/0/missing/PostcodeDistrict").asDouble()).isEqualTo(0.1);
        assertThat(run.at("/scenario/profiles/0/targets").asText()).isEqualTo("true");
        assertThat(run.at("/scenario/monte_carlo_draws").asInt()).isEqualTo(100);
        assertThat(run.at("/scenario/releases/1/id").asText()).isEqualTo("k-anonymous(k=5)");
        assertThat(run.at("/scenario/releases/1/settings/suppression_limit").asDouble()).isEqualTo(0.05);
        assertThat(run.at("/scenario/releases/1/settings/measure").asText()).isEqualTo("loss");
        // two k-anonymous releases, one given its own id, are both assessed
        assertThat(run.at("/scenario/releases/2/id").asText()).isEqualTo("k5-star");
        assertThat(run.at("/scenario/releases/2/model").asText()).isEqualTo("k-anonymous");
        assertThat(run.at("/scenario/releases/2/settings/suppressed_records").asText()).isEqualTo("star");
        // every input file, with its size and checksum
        JsonNode inputs = run.get("inputs");
        assertThat(inputs.size()).isGreaterThan(1);
        for (JsonNode f : inputs) {
            Path p = Path.of(f.get("path").asText());
            assertThat(f.get("bytes").asLong()).isEqualTo(Files.size(p));
            assertThat(f.get("sha256").asText()).isEqualTo(sha256(p));
        }
        assertThat(inputs).anyMatch(f -> f.get("role").asText().equals("scenario")
                && f.get("path").asText().equals(scenario.toAbsolutePath().toString()));
        assertThat(first.resolve("scenario.yaml")).exists();

        Path second = tmp.resolve("second");
        AssessCommandTest.Result again = UserScenarioTest.run("assess", "--rerun", first.toString(), "--out", second.toString(),
                "--master", "local[2]");
        assertThat(again.rc()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(second.resolve("figures.csv"))).isEqualTo(Files.readAllBytes(first.resolve("figures.csv")));
        assertThat(Files.readAllLines(first.resolve("figures.csv"))).anyMatch(l -> l.startsWith("k5-star,"))
                .anyMatch(l -> l.startsWith("pupil-level,neighbour,broker,girls,attack_success_rate,"));
    }

    @Test
    void aUsersCsvRerunsToByteIdenticalFiguresAndAChangedInputIsRefused() throws Exception {
        Path csv = Files.copy(Path.of("..", "examples", "extract.csv"), tmp.resolve("extract.csv"));
        Path first = tmp.resolve("user-first");
        AssessCommandTest.Result r = UserScenarioTest.run("assess", "--data", csv.toString(), "--scenario",
                Path.of("..", "examples", "scenario.yaml").toString(), "--population-size", "9000000",
                "--out", first.toString(), "--master", "local[2]");
        assertThat(r.rc()).as(r.err()).isZero();
        JsonNode run = new ObjectMapper().readTree(first.resolve("run.json").toFile());
        assertThat(run.at("/input/encoding").asText()).isEqualTo("UTF-8");
        assertThat(run.at("/input/population_size").asLong()).isEqualTo(9_000_000L);
        assertThat(run.at("/inputs/0/role").asText()).isEqualTo("data");
        assertThat(run.at("/inputs/0/sha256").asText()).isEqualTo(sha256(csv));

        Path second = tmp.resolve("user-second");
        AssessCommandTest.Result again = UserScenarioTest.run("assess", "--rerun", first.toString(), "--out", second.toString(),
                "--master", "local[2]");
        assertThat(again.rc()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(second.resolve("figures.csv"))).isEqualTo(Files.readAllBytes(first.resolve("figures.csv")));

        // one value changed (same size): the checksum differs, and the rerun is refused with one line
        String text = Files.readString(csv);
        Files.writeString(csv, text.replaceFirst(",M,", ",F,"));
        Path third = tmp.resolve("user-third");
        AssessCommandTest.Result refused = UserScenarioTest.run("assess", "--rerun", first.toString(), "--out", third.toString(),
                "--master", "local[2]");
        assertThat(refused.rc()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        List<String> errors = refused.err().lines().filter(l -> l.startsWith("pupilrisk: ")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("--rerun " + first + ": input " + csv.toAbsolutePath()
                + " has changed since the run (its SHA-256 differs from run.json's)");
        assertThat(third).doesNotExist();
    }
}
