package org.pupilrisk.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pupilrisk.input.InvalidInputException;

/** The one strict reading of a settings mapping: every refusal names the file, the key path and what was expected. */
class SettingsReaderTest {

    enum Mode { DROP, STAR, BY_GROUP }

    private static JsonNode yaml(String text) {
        return StrictYaml.tree(text, "test.yaml");
    }

    @Test
    void readsTheValuesAsWrittenAndTheFallbacksForKeysLeftOut() {
        SettingsReader r = SettingsReader.of(yaml("k: [2, 5]\nlimit: 0.1\nmode: star\nname: ' x '\n"), "f.yaml", "releases.m",
                Set.of("k", "limit", "mode", "name", "other"));
        assertThat(r.integers("k", List.of(9), 1, 10)).containsExactly(2, 5);
        assertThat(r.numberFrom("limit", 0, 1)).isEqualTo(0.1);
        assertThat(r.choice("mode", Mode.DROP, Mode.class)).isEqualTo(Mode.STAR);
        assertThat(r.text("name", null)).isEqualTo("x");
        assertThat(r.integers("other", List.of(9), 1, 10)).containsExactly(9);
        assertThat(r.choice("other", Mode.DROP, Mode.class)).isEqualTo(Mode.DROP);
    }

    @Test
    void oneWholeNumberIsAListOfOne() {
        SettingsReader r = SettingsReader.of(yaml("k: 5\n"), "f.yaml", "releases.m", Set.of("k"));
        assertThat(r.integers("k", List.of(), 1, 10)).containsExactly(5);
    }

    @Test
    void anEnumIsWrittenInLowerCaseWithHyphenOrUnderscore() {
        assertThat(SettingsReader.of(yaml("mode: by-group\n"), "f", "w", null).choice("mode", Mode.DROP, Mode.class))
                .isEqualTo(Mode.BY_GROUP);
        assertThat(SettingsReader.of(yaml("mode: BY_GROUP\n"), "f", "w", null).choice("mode", Mode.DROP, Mode.class))
                .isEqualTo(Mode.BY_GROUP);
        assertThat(SettingsReader.name(Mode.BY_GROUP)).isEqualTo("by_group");
    }

    @Test
    void aWrongValueNamesTheFileTheKeyPathAndTheChoices() {
        SettingsReader r = SettingsReader.of(yaml("mode: both\nk: [2, 0]\n"), "f.yaml", "releases.m", Set.of("mode", "k"));
        assertThatThrownBy(() -> r.choice("mode", Mode.DROP, Mode.class))
                .isInstanceOf(SettingsException.class)
                .hasMessage("f.yaml: releases.m: mode must be drop, star or by_group, got 'both'");
        assertThatThrownBy(() -> r.integers("k", List.of(), 1, 10))
                .hasMessage("f.yaml: releases.m.k: expected a whole number from 1 to 10 (or a list of them), got '0'");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKeysTheMappingTakes() {
        assertThatThrownBy(() -> SettingsReader.of(yaml("treshold: 5\n"), "scenario", "releases.t", Set.of("threshold", "rounding")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("scenario: releases.t: unknown key 'treshold' (expected one of rounding, threshold)");
    }

    @Test
    void aReleaseEntrysErrorGainsItsPlaceAndFileOnTheWayUp() {
        SettingsException e = new SettingsException("linkage", "true or false");
        assertThat(e.source()).isNull();
        assertThat(e.under("releases[2]").in("my.yaml"))
                .hasMessage("my.yaml: releases[2].linkage: expected true or false")
                .satisfies(x -> assertThat(x.key()).isEqualTo("releases[2].linkage"));
        assertThatThrownBy(() -> SettingsReader.of(yaml("kk: 1\n"), null, "", Set.of("k")))
                .isInstanceOfSatisfying(SettingsException.class, x -> assertThat(x.under("releases[0]").in("my.yaml"))
                        .hasMessage("my.yaml: unknown key 'releases[0].kk' (expected one of k)"));
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingItsPathAndLine() {
        assertThatThrownBy(() -> StrictYaml.tree("a:\n  b: 1\n  b: 2\n", "s.yaml"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("s.yaml: a.b: given twice (line 3); keep one");
    }
}
