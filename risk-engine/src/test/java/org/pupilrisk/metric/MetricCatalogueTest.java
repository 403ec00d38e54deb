package org.pupilrisk.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The catalogue and the documentation say the same thing: every metric the catalogue defines is
 * documented (docs/metrics.md for record-level figures; docs/k-anonymity.md and docs/table-releases.md
 * for the figures of those releases), and every metric a documentation table lists is in the catalogue.
 */
class MetricCatalogueTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final List<String> PAGES = List.of("metrics.md", "k-anonymity.md", "table-releases.md");
    private static final Pattern FIRST_NAME = Pattern.compile("^\\| `([a-z0-9_.<>]+)`");

    @Test
    void everyCatalogueMetricIsDocumented() throws IOException {
        String docs = allPages();
        for (Metric m : Metric.values()) {
            assertThat(docs).as("docs/ documents `%s`", m.id()).contains("`" + m.id() + "`");
        }
    }

    @Test
    void everyMetricInTheMetricsTablesIsInTheCatalogue() throws IOException {
        List<String> listed = new ArrayList<>();
        boolean inMetricTable = false;
        for (String line : Files.readAllLines(DOCS.resolve("metrics.md"))) {
            if (line.startsWith("| metric |")) {
                inMetricTable = true;
            } else if (!line.startsWith("|")) {
                inMetricTable = false;
            } else if (inMetricTable) {
                Matcher m = FIRST_NAME.matcher(line);
                if (m.find()) {
                    listed.add(m.group(1));
                }
            }
        }
        assertThat(listed).contains("sample_uniqueness", "attack_success_rate", "label_carried_rate");
        for (String name : listed) {
            assertThat(Metric.lookup(name)).as("docs/metrics.md lists `%s`", name).isPresent();
        }
    }

    @Test
    void familiesAreNamedAsTheEngineWritesThem() {
        assertThat(Metric.recordsAtRisk(5).id()).isEqualTo("records_at_risk_k5");
        assertThat(Metric.lookup("records_at_risk_k5").orElseThrow().kind()).isEqualTo(Metric.Kind.SHARE_OF_RECORDS);
        assertThat(Metric.labelDisclosure("APReason").id()).isEqualTo("label_disclosure_rate.APReason");
        assertThat(Metric.labelOf(Metric.labelDisclosure("APReason").id())).contains("APReason");
        assertThat(Metric.lookup("no_such_metric")).isEmpty();
    }

    @Test
    void familyFactoriesBuildOnlyNamesTheCatalogueDefines() {
        assertThat(Metric.kanonInformationLoss("Sex").id()).isEqualTo("kanon_information_loss_Sex");
        assertThat(Metric.exposure("releases", "p90").id()).isEqualTo("exposure_releases_p90");
        assertThat(Metric.lookup(Metric.exposure("recipients", "max").id()).orElseThrow().kind()).isEqualTo(Metric.Kind.NUMBER);
        assertThat(Metric.labelCarried("APReason").id()).isEqualTo("label_carried_rate.APReason");
        assertThatThrownBy(() -> Metric.exposure("pupils", "mean")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exposure_pupils_mean");
        assertThat(Metric.SAMPLE_UNIQUENESS.toString()).isEqualTo("sample_uniqueness");
    }

    @Test
    void theReportReadsAFamilyNameBackThroughTheCatalogue() {
        assertThat(Metric.kanonLevelColumn(Metric.kanonLevel("DateOfBirth").id())).contains("DateOfBirth");
        assertThat(Metric.kanonLevelColumn("kanon_level_PostcodeDistrict")).contains("PostcodeDistrict");
        assertThat(Metric.kanonLevelColumn(Metric.kanonInformationLoss("Sex").id())).isEmpty();
        assertThat(Metric.kanonLevelColumn("sample_uniqueness")).isEmpty();
        assertThat(Metric.isAttack(Metric.ATTACK_SUCCESS_RATE.id())).isTrue();
        assertThat(Metric.isAttack("attack_precision")).isTrue();
        assertThat(Metric.isAttack(Metric.LABEL_DISCLOSURE_RATE.id())).isFalse();
        assertThat(Metric.isAttack("composition_reidentified_rate.stable_pseudonym")).isFalse();
    }

    private static String allPages() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String page : PAGES) {
            b.append(Files.readString(DOCS.resolve(page))).append('\n');
        }
        return b.toString();
    }
}
