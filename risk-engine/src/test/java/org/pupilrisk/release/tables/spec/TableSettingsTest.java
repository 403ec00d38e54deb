package org.pupilrisk.release.tables.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.release.tables.dp.DpTablesSettings;
import org.pupilrisk.release.tables.saferaccess.SaferAccessSettings;
import org.pupilrisk.release.tables.suppression.SuppressedTablesSettings;

class TableSettingsTest {

    private static JsonNode yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    @Test
    void defaultsAreDfeLike() {
        SuppressedTablesSettings s = SuppressedTablesSettings.defaults();
        assertThat(s.rule().threshold()).isEqualTo(10);
        assertThat(s.rule().zerosDisclosive()).isFalse();
        assertThat(s.rule().secondary()).isTrue();
        assertThat(s.tables()).extracting(TableSpec::name).containsExactly("ap-reason-by-school-year", "sen-need-by-school",
                "sen-need-by-year-la", "exclusion-reason-by-school");
        assertThat(SaferAccessSettings.defaults().rules().minCount()).isEqualTo(10);
        assertThat(DpTablesSettings.defaults().totalEpsilon()).isEqualTo(4.0);
    }

    @Test
    void readsTablesAndOptions() throws Exception {
        SuppressedTablesSettings s = SuppressedTablesSettings.fromYaml(yaml("""
                threshold: 5
                rounding: 5
                tables:
                  - name: ap-by-la
                    dimensions: [LA, APReason]
                    filter: "APReason IS NOT NULL"
                """));
        assertThat(s.rule().threshold()).isEqualTo(5);
        assertThat(s.rule().round(7)).isEqualTo(5);
        assertThat(s.rule().round(8)).isEqualTo(10);
        assertThat(s.tables()).singleElement().satisfies(t -> {
            assertThat(t.rowDimensions()).containsExactly("LA");
            assertThat(t.columnDimension()).isEqualTo("APReason");
        });
    }

    @Test
    void badKeysAndValuesAreNamed() {
        assertThatThrownBy(() -> SuppressedTablesSettings.fromYaml(yaml("treshold: 5")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("releases.suppressed-tables: unknown key 'treshold'");
        assertThatThrownBy(() -> SuppressedTablesSettings.fromYaml(yaml("threshold: ten")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("threshold: expected a whole number");
        assertThatThrownBy(() -> SuppressedTablesSettings.fromYaml(yaml("tables: [{name: a}]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tables[0]: a table needs 'name' and 'dimensions'");
        assertThatThrownBy(() -> DpTablesSettings.fromYaml(yaml("epsilon: 2\ntotal_epsilon: 3")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("total_epsilon 3.0 is less than epsilon 2.0 x 4 tables");
        assertThatThrownBy(() -> SaferAccessSettings.fromYaml(yaml("adversary_groups: [Postcode]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'Postcode' is not one of the environment's dimensions");
    }
}
