package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.scenario.GeneratorSettings;

/** The configuration one command away: the default scenario and the generator's settings, printed and read back. */
class ScenarioCommandTest {

    static final Path SHIPPED = Path.of("src/main/resources/scenarios/default.yaml");

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = PupilRisk.execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void scenarioPrintsTheShippedDefaultExactly() throws Exception {
        Outcome o = run("scenario");
        assertThat(o.code()).isZero();
        assertThat(o.out()).isEqualTo(Files.readString(SHIPPED));
        assertThat(o.err()).isEmpty();
    }

    @Test
    void scenarioOutWritesTheFileAndNeverReplacesOne() throws Exception {
        Path file = dir.resolve("my-scenario.yaml");
        assertThat(run("scenario", "--out", file.toString()).code()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(SHIPPED));
        Files.writeString(file, "name: mine\n");
        Outcome again = run("scenario", "--out", file.toString());
        assertThat(again.code()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(again.err().lines().count()).isEqualTo(1);
        assertThat(again.err()).startsWith("pupilrisk: --out ").contains("was not written by pupilrisk");
        assertThat(Files.readString(file)).isEqualTo("name: mine\n");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no temporary left").containsExactly(file);
        }
    }

    @Test
    void printSettingsPrintsEveryCalibrationNumberAndSettingsReadsItBack() throws Exception {
        Outcome o = run("generate", "--print-settings");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("calibration:\n").contains("fsm_eligible_rate");
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, o.out());
        CalibrationTargets bundled = CalibrationTargets.bundled();
        assertThat(GeneratorSettings.load(file, bundled)).isEqualTo(bundled);
        // --print-settings with --settings shows the file's values merged over the defaults
        Files.writeString(file, "calibration:\n  male_share_estimate: 50.5\n");
        Outcome merged = run("generate", "--settings", file.toString(), "--print-settings");
        assertThat(merged.code()).isZero();
        assertThat(merged.out()).contains("  male_share_estimate: 50.5\n");
    }

    @Test
    void aBadSettingsFileIsOneLineNamingFileAndKeyWithNothingWritten() throws Exception {
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, "calibration:\n  fsm_eligible_rate:\n    \"2024/25\": 125.7\n");
        Path out = dir.resolve("pop");
        Outcome o = run("generate", "--settings", file.toString(), "--pupils", "1000", "--out", out.toString());
        assertThat(o.code()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(o.err().lines().count()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).startsWith("pupilrisk: " + file + ": calibration.fsm_eligible_rate.\"2024/25\": expected a number from 0 to 100");
        assertThat(out).doesNotExist();
        Outcome missing = run("generate", "--settings", dir.resolve("nope.yaml").toString(), "--out", out.toString());
        assertThat(missing.code()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(missing.err()).startsWith("pupilrisk: --settings ").contains("not a readable file");
    }
}
