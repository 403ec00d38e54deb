package org.pupilrisk.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.calibration.Target;

/** The generator's settings file: every calibration number printed with what it is, read back exactly, strictly. */
class GeneratorSettingsTest {

    static final CalibrationTargets BUNDLED = CalibrationTargets.bundled();

    @Test
    void printedSettingsReadBackAsTheBundledCalibrationData() {
        String text = GeneratorSettings.print(BUNDLED, "test");
        assertThat(GeneratorSettings.parse(text, "printed", BUNDLED)).isEqualTo(BUNDLED);
        // and not because parsing ignores the values: a table with every value halved reads back halved
        double[] half = BUNDLED.all().stream().mapToDouble(t -> t.value() / 2).toArray();
        CalibrationTargets halved = BUNDLED.withValues(half);
        assertThat(halved).isNotEqualTo(BUNDLED);
        assertThat(GeneratorSettings.parse(GeneratorSettings.print(halved, "test"), "printed", BUNDLED)).isEqualTo(halved);
    }

    @Test
    void everyNumberHasACommentNamingItsUnitAndSource() {
        String text = GeneratorSettings.print(BUNDLED, "test");
        List<String> lines = text.lines().toList();
        long values = lines.stream().filter(l -> l.matches("\\s+(\"[^\"]*\"|[a-z0-9_A-Z]+): -?[0-9.]+")).count();
        assertThat(values).isEqualTo(BUNDLED.all().size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s+(\"[^\"]*\"|[a-z0-9_A-Z]+): -?[0-9.]+")) {
                assertThat(lines.get(i - 1).trim()).as(lines.get(i)).startsWith("# ");
            }
        }
        Target fsm = BUNDLED.get("fsm_eligible_rate", "2024/25");
        assertThat(text).contains("  fsm_eligible_rate:\n    # percent; " + fsm.source() + "\n    \"2024/25\": 25.7\n");
        assertThat(text).contains("postcode_district_size_lognormal_sd_default: ");
    }

    @Test
    void aPartialFileChangesOnlyTheValuesItGives() {
        CalibrationTargets t = GeneratorSettings.parse("calibration:\n  fsm_eligible_rate:\n    \"2024/25\": 30\n"
                + "  male_share_estimate: 50.5\n", "partial.yaml", BUNDLED);
        assertThat(t.value("fsm_eligible_rate", "2024/25")).isEqualTo(30.0);
        assertThat(t.value("fsm_eligible_rate", "2023/24")).isEqualTo(24.6);
        assertThat(t.value("male_share_estimate")).isEqualTo(50.5);
        long changed = 0;
        for (int i = 0; i < t.all().size(); i++) {
            changed += t.all().get(i).value() != BUNDLED.all().get(i).value() ? 1 : 0;
        }
        assertThat(changed).isEqualTo(2);
    }

    @Test
    void numbersPrintInPlainDecimalAndReadBackExactly() {
        assertThat(GeneratorSettings.number(9032473)).isEqualTo("9032473");
        assertThat(GeneratorSettings.number(0.0001)).isEqualTo("0.0001");
        assertThat(GeneratorSettings.number(-1.2)).isEqualTo("-1.2");
        assertThat(Double.parseDouble(GeneratorSettings.number(0.1 + 0.2))).isEqualTo(0.1 + 0.2);
    }

    @Test
    void errorsNameTheFileAndTheKeyPath() {
        assertError("calibration:\n  male_share_estimate: 50\n  male_share_estimate: 51\n", "calibration.male_share_estimate: given twice");
        assertError("calibration:\n  male_share_estimat: 50\n", "calibration.male_share_estimat: expected a quantity");
        assertError("calibraton:\n  male_share_estimate: 50\n", "calibraton: expected calibration (unknown key)");
        assertError("calibration:\n  fsm_eligible_rate:\n    \"2031/32\": 20\n", "calibration.fsm_eligible_rate.\"2031/32\": expected one of the years");
        assertError("calibration:\n  fsm_eligible_rate: 20\n", "calibration.fsm_eligible_rate: expected a mapping");
        assertError("calibration:\n  male_share_estimate: 150\n", "calibration.male_share_estimate: expected a number from 0 to 100");
        assertError("calibration:\n  male_share_estimate: fifty\n", "calibration.male_share_estimate: expected a number");
        assertError("calibration:\n  fsm_eligible_count:\n    \"2024/25\": -5\n", "calibration.fsm_eligible_count.\"2024/25\": expected a number from 0");
        assertError("calibration:\n  postcode_district_size_lognormal_sd_default: 2.5\n",
                "calibration.postcode_district_size_lognormal_sd_default: expected a number from 0 to 2");
    }

    private static void assertError(String yaml, String expected) {
        assertThatThrownBy(() -> GeneratorSettings.parse(yaml, "my-settings.yaml", BUNDLED))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("my-settings.yaml: " + expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
