package org.pupilrisk.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A report on a user's own extract (fixture {@code report/user}, output threshold 10) follows the
 * output rules it simulates: no count below 10, no share of fewer than 10 records, no share that
 * implies fewer than 10 records.
 */
class UserDataReportTest {

    private static final int THRESHOLD = 10;
    private static final Set<String> COUNTS = Set.of("records", "pupils_label_certain", "outputs_approved",
            "pupils_disclosed_by_differencing");
    private static final Set<String> SHARES_OF_RECORDS = Set.of("sample_uniqueness", "records_at_risk_k10",
            "label_disclosure_rate.APReason");
    private static String html;
    private static Map<String, ReportPage.Row> csv;

    @BeforeAll
    static void render() throws IOException {
        Path results = ReportPage.fixture("user");
        html = BriefingReport.render(ResultsReader.read(results));
        csv = ReportPage.csv(results.resolve("figures.csv"));
    }

    /** The records behind a release × subgroup in the fixture, read from its figures.csv. */
    private static Double records(String release, String subgroup) {
        return csv.values().stream().filter(r -> r.metric().equals("records") && r.subgroup().equals(subgroup))
                .sorted((a, b) -> Boolean.compare(!a.release().equals(release), !b.release().equals(release)))
                .map(r -> Double.parseDouble(r.value())).findFirst().orElse(null);
    }

    @Test
    void everyNumberShownPassesTheThresholdRule() {
        List<ReportPage.Span> shown = ReportPage.spans(html).stream().filter(s -> s.attributes().containsKey("data-value")).toList();
        assertThat(shown).isNotEmpty();
        for (ReportPage.Span s : shown) {
            ReportPage.Row row = csv.get(s.key());
            double v = Double.parseDouble(row.value());
            if (COUNTS.contains(row.metric())) {
                assertThat(v).as("count %s", s.key()).isGreaterThanOrEqualTo(THRESHOLD);
                continue;
            }
            Double n = records(row.release(), row.subgroup());
            assertThat(n).as("denominator of %s", s.key()).isNotNull().isGreaterThanOrEqualTo((double) THRESHOLD);
            if (SHARES_OF_RECORDS.contains(row.metric())) {
                long implied = Math.round(v * n);
                long rest = Math.round((1 - v) * n);
                assertThat(implied == 0 || implied >= THRESHOLD).as("records implied by %s", s.key()).isTrue();
                assertThat(rest == 0 || rest >= THRESHOLD).as("records left out by %s", s.key()).isTrue();
            }
        }
    }

    @Test
    void chartsDrawOnlyFiguresTheTextMayShow() {
        Set<String> shown = new java.util.HashSet<>();
        ReportPage.spans(html).stream().filter(s -> s.attributes().containsKey("data-value")).forEach(s -> shown.add(s.key()));
        List<List<String>> charts = ReportPage.chartFigures(html);
        assertThat(charts).isNotEmpty();
        for (List<String> drawn : charts) {
            assertThat(shown).as("figures drawn in a chart").containsAll(drawn);
            assertThat(drawn).doesNotContain("pupil-level|dob_sex_district|neighbour|looked_after|attack_success_rate",
                    "pupil-level|dob_sex_district|neighbour|ehc_plan|attack_success_rate");
        }
    }

    @Test
    void theSmallCellsOfTheFixtureAreNotDisclosed() {
        // key -> why it must not be shown
        Map<String, String> small = Map.ofEntries(
                Map.entry("pupil-level|-|-|looked_after|records", "4 looked-after children"),
                Map.entry("pupil-level|dob_sex_district|-|looked_after|sample_uniqueness", "3 of 4 records"),
                Map.entry("pupil-level|dob_sex_district|-|looked_after|prosecutor_risk_avg", "denominator 4"),
                Map.entry("pupil-level|dob_sex_district|neighbour|looked_after|attack_success_rate", "denominator 4"),
                Map.entry("pupil-level|dob_sex_district|neighbour|ehc_plan|attack_success_rate", "denominator unknown"),
                Map.entry("pupil-level|dob_sex_district|-|fsm|sample_uniqueness", "1% of 300 = 3 records"),
                Map.entry("pupil-level|dob_sex_district|-|fsm|records_at_risk_k10", "98% of 300 leaves 6 records"),
                Map.entry("pupil-level|dob_sex_district|neighbour|ap|label_disclosure_rate.APReason", "5% of 40 = 2 pupils"),
                Map.entry("pupil-level|dob_sex_district|-|all|pupils_in_rows_label_claimed", "a metric the report does not know"),
                Map.entry("suppressed-tables(t=10)|ap_reason_by_la|-|all|pupils_label_certain", "3 pupils"),
                Map.entry("suppressed-tables(t=10)|ap_reason_by_la|-|all|outputs_approved", "0 outputs"));
        List<ReportPage.Span> spans = ReportPage.spans(html);
        small.forEach((key, why) -> {
            List<ReportPage.Span> of = spans.stream().filter(s -> s.key().equals(key)).toList();
            assertThat(of).as("%s (%s) still listed in the appendix", key, why).isNotEmpty();
            for (ReportPage.Span s : of) {
                assertThat(s.attributes()).as(key).doesNotContainKey("data-value").doesNotContainKey("data-ci-low");
                assertThat(s.text()).as(key).matches("fewer than 10|withheld \\(.*\\)");
            }
        });
        String text = ReportPage.text(html);
        // the withheld values in any spelling: 75% / 0.75, 87.5%, 88%, 50% (15–85%), 62%, 1%, 98%, "1 in 20"
        assertThat(text).doesNotContain("75%").doesNotContain("0.75").doesNotContain("88%").doesNotContain("87.5")
                .doesNotContain("15–85%").doesNotContain("62%").doesNotContain("98%").doesNotContain("1 in 20");
        assertThat(html).doesNotContain("data-value=\"4.0\"").doesNotContain("data-value=\"3.0\"")
                .doesNotContain("data-value=\"0.01\"").doesNotContain("data-value=\"0.05\"");
    }

    @Test
    void largeEnoughFiguresAreStillShownAndTheReaderIsTold() {
        Map<String, ReportPage.Span> byKey = new java.util.HashMap<>();
        ReportPage.spans(html).stream().filter(s -> s.attributes().containsKey("data-value")).forEach(s -> byKey.put(s.key(), s));
        assertThat(byKey).containsKeys("pupil-level|-|-|all|records", "pupil-level|dob_sex_district|-|ap|sample_uniqueness",
                "pupil-level|dob_sex_district|neighbour|ap|attack_success_rate",
                "suppressed-tables(t=10)|ap_reason_by_la|-|all|pupils_disclosed_by_differencing");
        assertThat(html).contains("id=\"output-rules\"").contains("no count below 10 is shown");
        String headlines = ReportPage.text(ReportPage.section(html, "headlines"));
        // the AP sentence stays, without its label clause (5% of 40 pupils = 2)
        assertThat(headlines).contains("would re-identify 55% of them (95% CI 40–69%")
                .doesNotContain("would be revealed")
                .contains("Across all pupils the figure is 31% (95% CI 29–33%).")
                // a count under the threshold is stated only as such
                .contains("20% of the suppressed cells could be worked out exactly from the other published figures, "
                        + "and the sensitive label of fewer than 10 pupils became certain.");
    }
}
