package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.spark.SparkSessions;
import picocli.CommandLine;

/**
 * {@code assess --data FILE --scenario my.yaml} honours the scenario (issue #16 item 8): its QI sets,
 * subgroups (filters over the file's columns) and attacker profiles, on the shipped example extract.
 */
class UserScenarioTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void spark() {
        SparkSessions.getOrCreate("local[2]", false);
    }

    static AssessCommandTest.Result run(String... args) {
        CommandLine cli = PupilRisk.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute(args);
        return new AssessCommandTest.Result(rc, err.toString());
    }

    /** The example extract as records, read here with commons-csv (independently of the tool's reader). */
    static List<CSVRecord> extract() throws Exception {
        try (Reader in = Files.newBufferedReader(EXAMPLES.resolve("extract.csv"), StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
        }
    }

    /** Share of the subgroup's records whose values of {@code qi} no other record of the file shares. */
    static double sampleUniqueness(List<CSVRecord> records, List<String> qi, String sex) {
        Map<List<String>, Integer> sizes = new HashMap<>();
        for (CSVRecord r : records) {
            sizes.merge(key(r, qi), 1, Integer::sum);
        }
        int in = 0;
        int unique = 0;
        for (CSVRecord r : records) {
            if (sex == null || r.get("Sex").equals(sex)) {
                in++;
                unique += sizes.get(key(r, qi)) == 1 ? 1 : 0;
            }
        }
        return (double) unique / in;
    }

    private static List<String> key(CSVRecord r, List<String> qi) {
        List<String> k = new ArrayList<>();
        qi.forEach(c -> k.add(r.get(c)));
        return k;
    }

    static double figure(List<String> csv, String prefix) {
        String line = csv.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + prefix));
        return Double.parseDouble(line.substring(prefix.length()).split(",")[0]);
    }

    @Test
    void everyQiSetSubgroupAndAttackerOfTheScenarioHasFiguresAndTheHeadlineNamesTheAttackersKnowledge() throws Exception {
        Path out = tmp.resolve("example");
        AssessCommandTest.Result r = run("assess", "--data", EXAMPLES.resolve("extract.csv").toString(), "--scenario",
                EXAMPLES.resolve("scenario.yaml").toString(), "--population-size", "9000000", "--out", out.toString(),
                "--master", "local[2]");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("figures.csv"));

        List<CSVRecord> records = extract();
        assertThat(records).hasSize(300);
        // class sizes: each QI set's figure for all records and for girls equals a plain count
        for (String subgroup : List.of("all", "girls")) {
            String sex = subgroup.equals("girls") ? "F" : null;
            assertThat(figure(csv, "pupil-level,neighbour,-," + subgroup + ",sample_uniqueness,"))
                    .isCloseTo(sampleUniqueness(records, List.of("DateOfBirth", "Sex", "Postcode"), sex), within(1e-9));
            assertThat(figure(csv, "pupil-level,classmate_parent,-," + subgroup + ",sample_uniqueness,"))
                    .isCloseTo(sampleUniqueness(records, List.of("SchoolCode", "YearGroup", "Sex"), sex), within(1e-9));
            // both attackers, in both subgroups
            assertThat(csv).anyMatch(l -> l.startsWith("pupil-level,neighbour,neighbour," + subgroup + ",attack_success_rate,"));
            assertThat(csv).anyMatch(l -> l.startsWith("pupil-level,classmate_parent,classmate_parent," + subgroup
                    + ",attack_success_rate,"));
        }
        assertThat(csv).noneMatch(l -> l.contains(",user,") || l.contains("exact_match"));
        // the erring neighbour (a wrong date one time in ten, no postcode one time in five) singles out fewer
        // pupils than the exact class sizes allow: success is at most the share of unique records plus noise
        double exactSuccess = sampleUniqueness(records, List.of("DateOfBirth", "Sex", "Postcode"), null);
        assertThat(figure(csv, "pupil-level,neighbour,neighbour,all,attack_success_rate,")).isLessThan(exactSuccess);

        Path report = tmp.resolve("example.html");
        AssessCommandTest.Result rep = run("report", "--results", out.toString(), "--out", report.toString());
        assertThat(rep.rc()).as(rep.err()).isZero();
        String html = Files.readString(report);
        assertThat(html).contains("someone who knows date of birth, sex and home postcode district (the “neighbour” attacker)")
                .doesNotContain("columns given with --qi");
    }

    @Test
    void qiIsShorthandForOneQiSetAndKeepsTheScenariosSubgroups() throws Exception {
        Path out = tmp.resolve("shorthand");
        AssessCommandTest.Result r = run("assess", "--data", EXAMPLES.resolve("extract.csv").toString(), "--scenario",
                EXAMPLES.resolve("scenario.yaml").toString(), "--qi", "Postcode,Sex", "--out", out.toString(),
                "--master", "local[2]");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("figures.csv"));
        assertThat(figure(csv, "pupil-level,user,-,girls,sample_uniqueness,"))
                .isCloseTo(sampleUniqueness(extract(), List.of("Postcode", "Sex"), "F"), within(1e-9));
        assertThat(csv).anyMatch(l -> l.startsWith("pupil-level,user,exact_match,girls,attack_success_rate,"));
        assertThat(csv).noneMatch(l -> l.contains(",neighbour,"));
    }

    @Test
    void aSectionNamingAColumnTheFileLacksIsOneLineNamingTheSectionAndTheColumn() throws Exception {
        String scenario = Files.readString(EXAMPLES.resolve("scenario.yaml"));
        Path badSubgroup = Files.writeString(tmp.resolve("bad-subgroup.yaml"), scenario.replace("Sex = 'F'", "Gender = 'F'"));
        Path badQi = Files.writeString(tmp.resolve("bad-qi.yaml"), scenario.replace("[SchoolCode, YearGroup, Sex]",
                "[URN, YearGroup, Sex]"));
        Path badTargets = Files.writeString(tmp.resolve("bad-targets.yaml"), scenario.replace(
                "    qi_set: classmate_parent\n", "    qi_set: classmate_parent\n    targets: \"SENprovision = 'E'\"\n"));
        String[][] cases = {
            {badSubgroup.toString(), "bad-subgroup.yaml: subgroups.girls.filter: column `Gender` is not in"},
            {badQi.toString(), "bad-qi.yaml: qi_sets.classmate_parent.columns: column 'URN' is not in"},
            {badTargets.toString(), "bad-targets.yaml: profiles.classmate_parent.targets: column `SENprovision` is not in"},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve("never");
            AssessCommandTest.Result r = run("assess", "--data", EXAMPLES.resolve("extract.csv").toString(),
                    "--scenario", c[0], "--out", out.toString(), "--master", "local[2]");
            assertThat(r.rc()).as(r.err()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
            List<String> errors = r.err().lines().filter(l -> l.startsWith("pupilrisk: ")).toList();
            assertThat(errors).as(r.err()).hasSize(1);
            assertThat(errors.get(0)).contains(c[1]);
            assertThat(out).doesNotExist();
        }
    }
}
