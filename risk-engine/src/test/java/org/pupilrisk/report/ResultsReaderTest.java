package org.pupilrisk.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;

/** Reading a results directory: the figures and the run as written, and one-line errors for anything else. */
class ResultsReaderTest {

    private static final String HEADER = "release,qi_set,profile,subgroup,metric,value,ci_low,ci_high";
    private static final String RUN = "{\"input\":{\"kind\":\"synthetic\"}}";

    @TempDir
    Path dir;

    private Path results(String csv, String run) throws IOException {
        if (csv != null) {
            Files.writeString(dir.resolve("figures.csv"), csv);
        }
        if (run != null) {
            Files.writeString(dir.resolve("run.json"), run);
        }
        return dir;
    }

    @Test
    void readsFiguresWithQuotedReleaseIdsAndEmptyValues() throws IOException {
        RunResults r = ResultsReader.read(results(String.join("\n", HEADER,
                "\"k-anonymous(k=5,l=2)\",dob_sex_district,-,all,sample_uniqueness,0.25,,",
                "pupil-level,q,neighbour,ap,attack_success_rate,0.5,0.4,0.6",
                "pupil-level,q,-,all,population_uniqueness_zayatz,,,") + "\n", RUN));
        assertThat(r.figures()).containsExactly(
                Figure.exact(ReleaseId.of("k-anonymous(k=5,l=2)"), QiSetLabel.of("dob_sex_district"), AttackerProfile.NONE, SubgroupLabel.ALL,
                        Metric.SAMPLE_UNIQUENESS, 0.25),
                Figure.withInterval(ReleaseId.of("pupil-level"), QiSetLabel.of("q"), AttackerProfile.of("neighbour"), SubgroupLabel.of("ap"),
                        Metric.ATTACK_SUCCESS_RATE, 0.5, 0.4, 0.6),
                new Figure("pupil-level", "q", "-", "all", "population_uniqueness_zayatz", null, null, null, null));
    }

    @Test
    void takesNotesFromFiguresJson() throws IOException {
        results(HEADER + "\npupil-level,q,-,all,population_uniqueness_zayatz,,,\n", RUN);
        Files.writeString(dir.resolve("figures.json"), "[{\"release\":\"pupil-level\",\"qi_set\":\"q\",\"profile\":\"-\","
                + "\"subgroup\":\"all\",\"metric\":\"population_uniqueness_zayatz\",\"value\":null,\"note\":\"did not converge\"}]");
        assertThat(ResultsReader.read(dir).figures().get(0).note()).isEqualTo("did not converge");
    }

    @Test
    void readsTheRunDescription() {
        RunInfo run = ResultsReader.read(ReportPage.fixture("synthetic")).run();
        assertThat(run.seed()).isEqualTo("20260101");
        assertThat(run.userData()).isFalse();
        assertThat(run.input().censusYears()).containsExactly(2019, 2020, 2021, 2022);
        assertThat(run.scenario().profiles()).extracting(RunInfo.Profile::name)
                .containsExactly("neighbour", "classmate_parent", "journalist", "data_broker");
        assertThat(run.scenario().qiSet("dob_sex_district").orElseThrow().description())
                .isEqualTo("date of birth, sex and home postcode district");
        assertThat(run.timingsSeconds()).containsEntry("attacks", 122.7);
        assertThat(run.scenario().monteCarloDraws()).isEqualTo(2000);
    }

    @Test
    void keepsTheStepsInTheOrderTheyRan() throws IOException {
        // Ten steps: Map.copyOf's order for ten keys is not their insertion order, so a report
        // rendered twice from one run.json could list them differently.
        StringBuilder t = new StringBuilder();
        List<String> steps = List.of("load", "pupil-level", "sensitivity", "k-anonymous", "tables", "safer-access",
                "linked", "pseudonyms", "writing", "total");
        for (int i = 0; i < steps.size(); i++) {
            t.append(i == 0 ? "" : ",").append('"').append(steps.get(i)).append("\":").append(i + 1);
        }
        RunInfo run = ResultsReader.read(results(HEADER + "\n",
                "{\"input\":{\"kind\":\"synthetic\"},\"timings_seconds\":{" + t + "}}")).run();
        assertThat(run.timingsSeconds().keySet()).containsExactlyElementsOf(steps);
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ResultsReader.read(missing)).isInstanceOf(InvalidInputException.class)
                .hasMessage("--results " + missing + ": not a directory (expected the output of pupilrisk assess)");
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> ResultsReader.read(results(null, RUN))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve("figures.csv") + ": not found");
        Files.delete(dir.resolve("run.json"));
        assertThatThrownBy(() -> ResultsReader.read(results(HEADER + "\n", null)))
                .hasMessageStartingWith(dir.resolve("run.json") + ": not found");
    }

    @Test
    void malformedFilesGiveOneLineNamingFileAndPlace() throws IOException {
        List<List<String>> cases = List.of(
                List.of("release,qi,profile\n", RUN, "figures.csv: header is release,qi,profile; expected exactly " + HEADER),
                List.of(HEADER + "\npupil-level,q,-,all,records,12\n", RUN, "figures.csv line 2: 6 fields; expected 8"),
                List.of(HEADER + "\npupil-level,q,-,all,records,twelve,,\n", RUN, "figures.csv line 2: value 'twelve' is not a finite number"),
                List.of(HEADER + "\npupil-level,q,-,all,records,1,0.5,\n", RUN, "figures.csv line 2: ci_low and ci_high must both be given"),
                List.of(HEADER + "\n\"pupil-level,q,-,all,records,1,,\n", RUN, "figures.csv line 2: unterminated quoted field"),
                List.of(HEADER + "\n", "{\"input\": {\"kind\": ", "run.json: not valid JSON (line 1"),
                List.of(HEADER + "\n", "{\"input\":{\"kind\":\"real\"}}", "run.json: input.kind is 'real'; expected synthetic or user"),
                List.of(HEADER + "\n", "{\"input\":{\"kind\":\"user\"}}", "run.json: output_threshold (a whole number >= 1) is required when input.kind is user"),
                List.of(HEADER + "\n", "{\"input\":{\"kind\":\"synthetic\",\"records\":\"many\"}}", "run.json: 'input.records' must be a whole number"),
                List.of(HEADER + "\n", "{\"input\":{\"kind\":\"synthetic\"},\"scenario\":{\"qi_sets\":{}}}", "run.json: 'scenario.qi_sets' must be a list"));
        for (List<String> c : cases) {
            results(c.get(0), c.get(1));
            assertThatThrownBy(() -> ResultsReader.read(dir)).as(c.get(2)).isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                    .hasMessageContaining(c.get(2));
        }
    }
}
