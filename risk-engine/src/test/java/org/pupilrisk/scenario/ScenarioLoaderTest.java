package org.pupilrisk.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.engine.ReleaseModels;
import org.pupilrisk.metric.Subgroup;

class ScenarioLoaderTest {

    static final String MINIMAL = """
            qi_sets:
              - name: q
                columns: [DateOfBirth, Sex]
            releases:
              - model: pupil-level
            """;

    @Test
    void theBuiltInScenarioHasTheFourProfilesAndSixSubgroupsOfTheDomain() {
        Scenario s = ScenarioLoader.defaults();
        assertThat(s.profiles()).extracting(Scenario.Profile::name)
                .containsExactly("neighbour", "classmate_parent", "journalist", "data_broker");
        assertThat(s.subgroups()).extracting(Subgroup::name)
                .containsExactly("all", "ap", "sen_support", "ehc_plan", "fsm", "looked_after");
        assertThat(s.sensitive()).containsExactly("APReason", "PrimarySENtype", "ExclusionReason");
        assertThat(s.outputThreshold()).isEqualTo(10);
        assertThat(s.extract().samplingFraction()).isLessThan(1.0);
        Scenario.Profile broker = s.profiles().get(3);
        assertThat(broker.errors()).isNotEmpty();
        assertThat(broker.missing()).isNotEmpty();
        assertThat(s.qiSet("journalist").columns()).contains("DateOfBirth", "URN");
        assertThat(ReleaseModels.builtIn().create(s, "default")).extracting(r -> r.id()).containsExactly("pupil-level",
                "k-anonymous(k=2)", "k-anonymous(k=5)", "k-anonymous(k=10)", "k-anonymous(k=5,l=2)",
                "suppressed-tables(t=10)", "safer-access(per-output)", "dp-tables(epsilon=1.0)", "sensitivity");
    }

    @Test
    void everyKeyOfTheBuiltInScenarioIsPrecededByAComment() throws Exception {
        List<String> lines = new String(ScenarioLoader.class.getResourceAsStream(ScenarioLoader.DEFAULT_RESOURCE).readAllBytes())
                .lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("^[a-z_]+:.*")) {
                assertThat(lines.get(i - 1)).as("comment above " + lines.get(i)).startsWith("#");
            }
        }
    }

    @Test
    void omittedKeysTakeTheirDefaults() {
        Scenario s = ScenarioLoader.parse(MINIMAL, "min.yaml");
        assertThat(s.monteCarloDraws()).isEqualTo(1000);
        assertThat(s.outputThreshold()).isEqualTo(10);
        assertThat(s.subgroups()).extracting(Subgroup::name).containsExactly("all");
        assertThat(s.censusYear()).isEmpty();
        assertThat(s.extract().samplingFraction()).isEqualTo(1.0);
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheKeyAndTheFile() {
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "monte_carlo_drawz: 5\n", "s.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("s.yaml").hasMessageContaining("monte_carlo_drawz");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL.replace("columns:", "colums:"), "s.yaml"))
                .hasMessageContaining("qi_sets[0].colums");
    }

    @Test
    void badValuesNameTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "monte_carlo_draws: many\n", "s.yaml"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("monte_carlo_draws").hasMessageContaining("whole number");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "extract:\n  sampling_fraction: 1.5\n", "s.yaml"))
                .hasMessageContaining("extract.sampling_fraction");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "profiles:\n  - name: p\n    qi_set: nope\n", "s.yaml"))
                .hasMessageContaining("profiles.p.qi_set");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "profiles:\n  - name: p\n    qi_set: q\n    errors: {Sex: 2}\n", "s.yaml"))
                .hasMessageContaining("profiles.p.errors.Sex");
        assertThatThrownBy(() -> ScenarioLoader.parse("qi_sets: [ {name: q, columns: [a]} \n", "s.yaml"))
                .hasMessageContaining("s.yaml: not valid YAML");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingItsPathNotTheLastOneWinning() {
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "seed: 1\nseed: 2\n", "s.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("s.yaml: seed: given twice");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "    k: 5\n    k: 10\n", "s.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("s.yaml: releases[0].k: given twice");
    }

    @Test
    void aNumberBeyondItsRangeIsAnErrorNotWrappedRound() {
        // 2^32 + 1 used to become 1 when cast to int
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "monte_carlo_draws: 4294967297\n", "s.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("monte_carlo_draws: expected a whole number up to 2147483647, not 4294967297");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL + "seed: 99999999999999999999\n", "s.yaml"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("seed: expected a whole number from");
    }

    @Test
    void anUnknownReleaseModelNamesTheEntryAndTheChoices() {
        Scenario s = ScenarioLoader.parse(MINIMAL.replace("pupil-level", "pupil-levle"), "s.yaml");
        assertThatThrownBy(() -> ReleaseModels.builtIn().create(s, "s.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("releases[0].model").hasMessageContaining("pupil-level");
        Scenario bad = ScenarioLoader.parse(MINIMAL + "    k: 5\n", "s.yaml");
        assertThatThrownBy(() -> ReleaseModels.builtIn().create(bad, "s.yaml")).hasMessageContaining("releases[0].k");
    }

    @Test
    void releaseEntriesKeepTheirOwnParametersForTheirModel() {
        Scenario s = ScenarioLoader.parse(MINIMAL + "  - model: k-anonymous\n    id: k5\n    k: 5\n", "s.yaml");
        assertThat(s.releases().get(1).params().get("k").asInt()).isEqualTo(5);
        assertThat(s.releases().get(1).id()).isEqualTo("k5");
    }

    @Test
    void anUnreadableScenarioFileIsAnError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("missing.yaml")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing.yaml");
        Path f = Files.writeString(dir.resolve("s.yaml"), MINIMAL);
        assertThat(ScenarioLoader.load(f).qiSets()).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void theScenarioAsRunReadsBackAsTheSameScenario() throws Exception {
        // the copy in a results folder must give --rerun exactly the scenario that ran
        Scenario defaults = ScenarioLoader.defaults();
        org.assertj.core.api.Assertions.assertThat(ScenarioLoader.parse(ScenarioLoader.toYaml(defaults, "a comment\nof two lines"),
                "copy")).isEqualTo(defaults);
        Scenario example = ScenarioLoader.load(java.nio.file.Path.of("..", "examples", "scenario.yaml"))
                .forUserData(true, null, null);
        org.assertj.core.api.Assertions.assertThat(ScenarioLoader.parse(ScenarioLoader.toYaml(example, "c"), "copy"))
                .isEqualTo(example);
        Scenario shorthand = example.forUserData(true, java.util.List.of("Post.code", "Sex"), java.util.List.of("Reason"));
        org.assertj.core.api.Assertions.assertThat(ScenarioLoader.parse(ScenarioLoader.toYaml(shorthand, "c"), "copy"))
                .isEqualTo(shorthand);
    }
}
