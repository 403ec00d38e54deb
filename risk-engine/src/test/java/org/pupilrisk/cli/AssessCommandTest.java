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
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.population.GeneratorVersion;
import org.pupilrisk.population.PopulationManifest;
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
        // the manifest a generator writes, naming another generator; a settings-file calibration, so that the
        // sensitivity grid does not try to draw this hand-made population again
        new PopulationManifest(1500, 2023, 2024, 7, 0.45, false, DREW).write(population);
    }

    static final GeneratorVersion DREW = new GeneratorVersion("0.1.0", "0123456789abcdef0123456789abcdef01234567");

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
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("figures.csv"));
        assertThat(csv.get(0)).isEqualTo(FiguresWriter.CSV_HEADER);
        Set<String> seen = new HashSet<>();
        for (String line : csv.subList(1, csv.size())) {
            // RFC 4180: ids such as k-anonymous(k=5,l=2) are quoted; split on commas outside quotes
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            assertThat(f).as(line).hasSize(8);
            seen.add(f[1] + "|" + f[2] + "|" + f[3] + "|" + f[4]);
        }
        Scenario s = ScenarioLoader.defaults();
        for (QiSet q : s.qiSets()) {
            for (Subgroup g : s.subgroups()) {
                for (MetricKey m : RecordLevelRisk.classMetricNames(s.sensitive())) {
                    assertThat(seen).as(q.name() + " " + g.name() + " " + m).contains(q.name() + "|-|" + g.name() + "|" + m);
                }
            }
        }
        for (Scenario.Profile p : s.profiles()) {
            for (Subgroup g : s.subgroups()) {
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
        // the population's own record of what drew it, beside the running tool's
        assertThat(run.at("/input/district_spread").asDouble()).isEqualTo(0.45);
        assertThat(run.at("/input/population_generator").asText())
                .isEqualTo("0.1.0 (commit 0123456789abcdef0123456789abcdef01234567)");
        assertThat(run.at("/tool/commit").asText()).isNotEqualTo(DREW.commit());
        assertThat(run.at("/scenario/qi_sets").size()).isEqualTo(4);
        assertThat(run.at("/scenario/releases/0/id").asText()).isEqualTo("pupil-level");
        assertThat(run.at("/seed").asLong()).isEqualTo(s.seed());
        assertThat(r.err()).contains("pupilrisk assess");
    }

    @Test
    void aPlainCsvWithAHeaderIsAssessedWithEstimatorsOnly() throws Exception {
        // 8 records on (a, b): classes (1,x) x3, (2,x) x2, (3,y), (4,y), (5,z) -> 3 sample uniques of 8
        Path csv = Files.writeString(tmp.resolve("mine.csv"),
                "a,b,label\n1,x,P\n1,x,P\n1,x,P\n2,x,Q\n2,x,\n3,y,P\n4,y,Q\n5,z,\n");
        Path out = tmp.resolve("mine-out");
        Result r = run("assess", "--data", csv.toString(), "--qi", "a,b", "--sensitive", "label",
                "--population-size", "80", "--out", out.toString(), "--master", "local[2]");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> csvOut = Files.readAllLines(out.resolve("figures.csv"));
        assertThat(csvOut).contains("pupil-level,user,-,all,sample_uniqueness,0.375,,");
        // (3 * 1/3 + 2 * 1/2 + 1 + 1 + 1) / 8 = 5 classes / 8 records
        assertThat(csvOut).contains("pupil-level,user,-,all,prosecutor_risk_avg,0.625,,");
        // class (1,x) is homogeneous in P: 3 of 6 labelled records, plus uniques 3 and 4: 5 of 6
        assertThat(csvOut).anyMatch(l -> l.startsWith("pupil-level,user,-,all,label_disclosure_rate.label,0.8333"));
        assertThat(csvOut).anyMatch(l -> l.startsWith("pupil-level,user,-,all,population_uniqueness_zayatz,0."));
        JsonNode figures = new ObjectMapper().readTree(out.resolve("figures.json").toFile());
        boolean journalistUnavailable = false;
        for (JsonNode f : figures) {
            if (f.get("metric").asText().equals("journalist_risk_avg")) {
                journalistUnavailable = f.get("value").isNull() && f.get("note").asText().contains("population unknown");
            }
        }
        assertThat(journalistUnavailable).isTrue();
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(run.at("/input/kind").asText()).isEqualTo("user");
        assertThat(run.at("/input/records").asLong()).isEqualTo(8);
        assertThat(run.at("/input/population_size").asLong()).isEqualTo(80);
    }

    @Test
    void aUsersCsvIsReleasedKAnonymousWithTheirOwnHierarchy() throws Exception {
        // The 8 records of the test above, on (a, b). Hierarchy of a: {1,2} -> "1-2", {3,4,5} -> "3-5" -> *;
        // b has none, so the built-in one applies (value -> *). With k = 2 and no suppression allowed:
        //   (a0,b0): (3,y) alone  (a1,b0): (3-5,z) alone  (a0,b1): (3,*) alone  (a2,b0): (*,z) alone
        //   (a1,b1): (1-2,*) x5, (3-5,*) x3  -> the only 2-anonymous node below (a2,b1) and (a1,b2)...
        // so the optimum is a at level 1, b at level 1: 2 classes, nothing suppressed, largest risk 1/3.
        Path csv = Files.writeString(tmp.resolve("mine-k.csv"),
                "a,b,label\n1,x,P\n1,x,P\n1,x,P\n2,x,Q\n2,x,\n3,y,P\n4,y,Q\n5,z,\n");
        Path hierarchies = Files.createDirectories(tmp.resolve("hier"));
        Files.writeString(hierarchies.resolve("a.csv"), "1;1-2;*\n2;1-2;*\n3;3-5;*\n4;3-5;*\n5;3-5;*\n");
        Path out = tmp.resolve("mine-k-out");
        Result r = run("assess", "--data", csv.toString(), "--qi", "a,b", "--sensitive", "label",
                "--release", "k-anonymous", "--k", "2", "--suppression-limit", "0",
                "--hierarchies", hierarchies.toString(), "--out", out.toString(), "--master", "local[2]");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> figures = Files.readAllLines(out.resolve("figures.csv"));
        assertThat(figures).contains(
                "k-anonymous(k=2),k-anonymous-qi,-,all,kanon_level_a,1.0,,",
                "k-anonymous(k=2),k-anonymous-qi,-,all,kanon_level_b,1.0,,",
                "k-anonymous(k=2),k-anonymous-qi,-,all,kanon_classes,2.0,,",
                "k-anonymous(k=2),k-anonymous-qi,-,all,kanon_suppressed_share,0.0,,",
                "k-anonymous(k=2),user,-,all,sample_uniqueness,0.0,,",
                "pupil-level,user,-,all,sample_uniqueness,0.375,,");
        // 5 records at 1/5 and 3 at 1/3: largest 1/3; the release is written as CSV, like its input
        assertThat(figures).anyMatch(l -> l.startsWith("k-anonymous(k=2),user,-,all,prosecutor_risk_max,0.333"));
        try (var files = Files.walk(out.resolve("releases"))) {
            List<String> released = files.filter(f -> f.toString().endsWith(".csv")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().skip(1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(released).hasSize(8).allMatch(l -> l.contains("1-2") || l.contains("3-5"));
        }
    }

    @Test
    void badInputGivesOneLineNamingTheProblemAndLeavesNoOutput() throws Exception {
        Path out = tmp.resolve("never");
        Path scenario = Files.writeString(tmp.resolve("bad.yaml"), "qi_sets: []\nmonte_carlo_drawz: 3\n");
        Path unknownColumn = Files.writeString(tmp.resolve("unknown.yaml"),
                "qi_sets:\n  - name: q\n    columns: [Shoe]\nreleases:\n  - model: pupil-level\n");
        Path csv = Files.writeString(tmp.resolve("t.csv"), "a,b\n1,2\n");
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "a,b\n");
        Path emptyPop = tmp.resolve("emptypop");
        Files.createDirectories(emptyPop.resolve("pupils"));
        Files.writeString(emptyPop.resolve("pupils/part-0.csv"), "PupilMatchingRefAnonymous,CensusYear,DateOfBirth\n");
        String[][] cases = {
            {"bad.yaml", "--population", population.toString(), "--scenario", scenario.toString()},
            {"qi_sets.q.columns: column 'Shoe'", "--population", population.toString(), "--scenario", unknownColumn.toString()},
            {"--qi: column 'zz'", "--data", csv.toString(), "--qi", "a,zz"},
            {"no records", "--data", empty.toString(), "--qi", "a"},
            {"not a readable file", "--data", tmp.resolve("nope.csv").toString(), "--qi", "a"},
            {"no pupils/ folder", "--population", tmp.toString()},
            // its pupils lack the default scenario's columns: checked from the schema, before the first job
            {"qi_sets.neighbour.columns: column 'Sex' is not in population", "--population", emptyPop.toString()},
            {"--qi: required", "--data", csv.toString()},
            {"census_year: 1999", "--population", population.toString(), "--scenario",
                Files.writeString(tmp.resolve("y.yaml"), "census_year: 1999\nqi_sets:\n  - name: q\n    columns: [Sex]\n"
                        + "releases:\n  - model: pupil-level\n").toString()},
        };
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("assess", "--out", out.toString(), "--master", "local[2]"));
            args.addAll(List.of(c).subList(1, c.length));
            Result r = run(args.toArray(String[]::new));
            assertThat(r.rc()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
            List<String> errors = r.err().lines().filter(l -> l.startsWith("pupilrisk: ")).toList();
            assertThat(errors).as(r.err()).hasSize(1);
            assertThat(errors.get(0)).contains(c[0]);
            assertThat(out).doesNotExist();
            try (var siblings = Files.list(tmp)) {
                assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".never"));
            }
        }
    }
}
