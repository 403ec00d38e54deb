package org.pupilrisk.release.kanonymity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.anonymity.Measure;
import org.pupilrisk.anonymity.PrivacyModel;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.StrictYaml;

/** A k-anonymous entry read strictly, and written back (scenario.yaml, which --rerun replays) as equal settings. */
class KAnonymitySettingsTest {

    private static KAnonymitySettings read(String yaml) {
        return KAnonymitySettings.fromYaml(StrictYaml.tree(yaml, "test"));
    }

    @Test
    void anEntryWithEveryKeyIsReadAsWritten() {
        KAnonymitySettings s = read("""
                k: [3, 7]
                qi: [DateOfBirth, Sex]
                sensitive: Reason
                l_diversity: entropy
                l: 1.5
                t: 0.3
                suppression_limit: 0.1
                measure: discernibility
                hierarchies: hier
                suppressed_records: star
                format: csv
                other_columns: keep
                """);
        assertThat(s).isEqualTo(new KAnonymitySettings(List.of(3, 7), null, List.of("DateOfBirth", "Sex"), "Reason",
                PrivacyModel.Diversity.ENTROPY, 1.5, 0.3, 0.1, Measure.DISCERNIBILITY, Path.of("hier"),
                GeneralisedRelease.SuppressedRecords.STAR, GeneralisedRelease.Format.CSV, GeneralisedRelease.OtherColumns.KEEP));
    }

    @Test
    void anEmptyEntryIsTheDefaults() {
        assertThat(read("{}")).isEqualTo(KAnonymitySettings.defaults());
        assertThat(KAnonymitySettings.defaults().ks()).containsExactly(2, 5, 10);
        assertThat(KAnonymitySettings.defaults().suppressionLimit()).isEqualTo(0.05);
    }

    @Test
    void lAloneMeansDistinctLDiversity() {
        assertThat(read("sensitive: Reason\nl: 2\n").diversity()).isEqualTo(PrivacyModel.Diversity.DISTINCT);
    }

    @Test
    void theTreeReadsBackIntoEqualSettings() {
        KAnonymitySettings flags = KAnonymitySettings.defaults().withKs(List.of(5)).withSuppressionLimit(0.02)
                .withHierarchies(Path.of("examples/hierarchies")).withQiColumns(List.of("DateOfBirth", "Sex", "Postcode"))
                .withFormat(GeneralisedRelease.Format.CSV);
        assertThat(KAnonymitySettings.fromYaml(flags.toTree().without("model"))).isEqualTo(flags);
        KAnonymitySettings full = read("k: 4\nqi: neighbour\nsensitive: Reason\nl_diversity: entropy\nl: 2\nt: 0.2\n"
                + "measure: discernibility\nsuppressed_records: star\nother_columns: keep\n");
        assertThat(KAnonymitySettings.fromYaml(full.toTree().without("model"))).isEqualTo(full);
        assertThat(KAnonymitySettings.fromYaml(KAnonymitySettings.defaults().toTree().without("model")))
                .isEqualTo(KAnonymitySettings.defaults());
    }

    @Test
    void aWrongChoiceNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> read("suppressed_records: blank\n")).isInstanceOf(SettingsException.class)
                .hasMessage("scenario: releases.k-anonymous: suppressed_records must be drop or star, got 'blank'");
        assertThatThrownBy(() -> read("l_diversity: none\nl: 2\nsensitive: Reason\n"))
                .hasMessageContaining("releases.k-anonymous.l_diversity: expected distinct or entropy");
        assertThatThrownBy(() -> read("l_diversity: distinct\nsensitive: Reason\n"))
                .hasMessageContaining("releases.k-anonymous.l: expected a number (l_diversity needs l)");
    }
}
