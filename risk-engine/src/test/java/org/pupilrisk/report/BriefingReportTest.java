package org.pupilrisk.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The briefing report made from a synthetic run (fixture {@code report/synthetic}): one file that
 * works offline, whose headline numbers are exactly the run's figures.
 */
class BriefingReportTest {

    private static final Path RESULTS = ReportPage.fixture("synthetic");
    private static String html;
    private static Map<String, ReportPage.Row> csv;

    @BeforeAll
    static void render(@TempDir Path tmp) throws IOException {
        Path out = BriefingReport.write(RESULTS, tmp.resolve("report.html"));
        html = ReportPage.read(out);
        csv = ReportPage.csv(RESULTS.resolve("figures.csv"));
    }

    @Test
    void isOneSelfContainedFile() {
        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("@font-face")
                .doesNotContain("//fonts.");
        assertThat(html).contains("<style>").contains("@media print").contains("break-before: page");
        Matcher src = Pattern.compile("(?:src|href)=\"([^\"#][^\"]*)\"").matcher(html);
        while (src.find()) {
            assertThat(src.group(1)).as("every src/href is embedded").startsWith("data:image/png;base64,");
        }
    }

    @Test
    void chartsAreEmbeddedPngsWithTitlesAndDescriptions() throws IOException {
        Matcher img = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" alt=\"([^\"]+)\"").matcher(html);
        int charts = 0;
        while (img.find()) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(img.group(1))));
            assertThat(png).as("a decodable PNG").isNotNull();
            assertThat(png.getWidth()).isGreaterThan(800);
            assertThat(img.group(2)).isNotBlank();
            charts++;
        }
        // attack success by release (all pupils, AP pupils), the sensitivity grid, by subgroup, risk-utility, years linked
        assertThat(charts).isEqualTo(6);
        List<List<String>> drawn = ReportPage.chartFigures(html);
        assertThat(drawn).hasSize(6);
        // the sensitivity grid for AP pupils: 2 kinds of knowledge x 2 sampling fractions
        assertThat(drawn.get(2)).containsExactlyInAnyOrder("sensitivity(f=0.1)|district|neighbour|ap|attack_success_rate",
                "sensitivity(f=0.1)|school_year_group|neighbour|ap|attack_success_rate",
                "sensitivity(f=1.0)|district|neighbour|ap|attack_success_rate",
                "sensitivity(f=1.0)|school_year_group|neighbour|ap|attack_success_rate");
        // by release, all pupils: 3 record-level releases x 4 attacker profiles, each a figure of figures.csv
        assertThat(drawn.get(0)).hasSize(12).allSatisfy(k -> assertThat(csv).containsKey(k))
                .contains("k-anonymous(k=5,l=2)|broker|data_broker|all|attack_success_rate");
        // risk against utility: information loss and attack success of the two k-anonymous releases
        assertThat(drawn.get(4)).containsExactlyInAnyOrder(
                "k-anonymous(k=5)|dob_sex_district|-|all|kanon_information_loss",
                "k-anonymous(k=5)|dob_sex_district|neighbour|all|attack_success_rate",
                "k-anonymous(k=5,l=2)|dob_sex_district|-|all|kanon_information_loss",
                "k-anonymous(k=5,l=2)|dob_sex_district|neighbour|all|attack_success_rate");
        assertThat(html).contains("<figcaption>Attack success by release — all pupils.");
    }

    @Test
    void everyHeadlineNumberIsTheFigureInFiguresCsv() {
        String headlines = ReportPage.section(html, "headlines");
        List<ReportPage.Span> spans = ReportPage.spans(headlines);
        assertThat(spans).hasSizeGreaterThan(15);
        for (ReportPage.Span s : spans) {
            ReportPage.Row row = csv.get(s.key());
            assertThat(row).as("figure %s is in figures.csv", s.key()).isNotNull();
            if (s.cssClass().equals("fig")) {
                assertThat(Double.parseDouble(s.attr("data-value"))).as(s.key()).isEqualTo(Double.parseDouble(row.value()));
                assertWritten(s.text(), List.of(Double.parseDouble(row.value())), s.attr("data-style"), s.key());
            } else {
                double low = Double.parseDouble(row.ciLow());
                double high = Double.parseDouble(row.ciHigh());
                assertThat(Double.parseDouble(s.attr("data-ci-low"))).isEqualTo(low);
                assertThat(Double.parseDouble(s.attr("data-ci-high"))).isEqualTo(high);
                assertWritten(s.text(), s.attr("data-style").equals("one-in") ? List.of(high, low) : List.of(low, high),
                        s.attr("data-style"), s.key());
            }
        }
    }

    /** The text shows each value to the precision it is written with (percent, "1 in N" or count). */
    private static void assertWritten(String text, List<Double> values, String style, String key) {
        List<Double> shown = ReportPage.numbers(text);
        List<Integer> decimals = ReportPage.decimals(text);
        assertThat(shown).as("numbers in '%s' for %s", text, key).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            double n = shown.get(i);
            switch (style) {
                case "percent" -> assertThat(n).as("'%s' for %s", text, key)
                        .isCloseTo(v * 100, org.assertj.core.data.Offset.offset(0.5 * Math.pow(10, -decimals.get(i)) + 1e-9));
                case "one-in" -> assertThat(n).as("'%s' for %s", text, key).isEqualTo((double) Math.round(1 / v));
                case "count" -> assertThat(n).as("'%s' for %s", text, key).isEqualTo((double) Math.round(v));
                default -> assertThat(n).isCloseTo(v, org.assertj.core.data.Offset.offset(Math.max(0.5 * Math.pow(10, -decimals.get(i)), Math.abs(v) * 5e-4)));
            }
        }
    }

    @Test
    void theAlternativeProvisionHeadlineReadsAsWorkedByHand() {
        // fixture: run.json extract 25% of state-funded pupils; pupil-level / ap: 3,100 records, unique on
        // dob_sex_district 0.837 -> 84%, journalist risk 0.7533 -> 75%; neighbour / ap attack_success_rate 0.8789
        // (CI 0.8539–0.9039), over 5 extract draws 0.87 (0.84–0.90), precision 0.97 (0.96–0.98);
        // label_disclosure_rate.APReason 0.0791 (CI 0.0672–0.091) -> 7.9% (6.7–9.1%); all pupils 0.651 (0.639–0.663)
        String text = ReportPage.text(ReportPage.section(html, "headlines"));
        assertThat(text).contains("In a pupil-level extract (a 25% sample of the census year's pupils in state-funded "
                + "schools), 3,100 records of pupils in alternative provision were shared; 84% of them are the only record "
                + "in it with their date of birth, sex and home postcode district, and a match found by someone who knows "
                + "those details is the right pupil 75% of the time on average (journalist risk, against every pupil of the "
                + "census year). Targeting any of the pupils in alternative provision in the census year, shared or not, "
                + "someone who knows date of birth, sex and home postcode district (the “neighbour” attacker) would "
                + "re-identify 88% of them (95% CI 85–90%: Monte-Carlo error over up to 2,000 simulated targets; across "
                + "independent draws of the extract it ranges 84–90% around a mean of 87%); a unique match they claim "
                + "names the right pupil 97% (95% CI 96–98%) of the time. For 7.9% (95% CI 6.7–9.1%) of the pupils in "
                + "alternative provision targeted, the reason for their placement in alternative provision — such as "
                + "pregnancy or mental health — would be revealed, whether or not they are singled out. "
                + "Across all pupils the figure is 65% (95% CI 64–66%).");
        // sensitivity grid: lowest 0.19 (0.15–0.24) at district spread 0.9, highest 0.93 (0.90–0.95) at f=1.0
        assertThat(text).contains("postcode districts varying in size with a spread (sd of log pupils per district) of "
                + "0.3, 0.9 (the population's own: 0.6)");
        assertThat(text).contains("at least 19% (95% CI 15–24%) of pupils in alternative provision targeted at random could "
                + "be re-identified by the “neighbour” attacker, and up to 93% (95% CI 90–95%).");
        assertThat(text).doesNotContain("was not varied");
        assertThat(html).contains("Sensitivity of the headline to the spread of postcode-district sizes");
        // composition: 2 releases linked, 41% (38–44%) against 0.0% with fresh pseudonyms
        assertThat(text).contains("When 2 yearly releases of a k-anonymised extract (k=5) keep the same pupil pseudonym");
        assertThat(text).contains("singles out 41% (95% CI 38–44%) of the pupils whose records were shared");
        // one sentence per output checker: 37 pupils with per-output checks, 0 with differencing-aware checks
        assertThat(text).contains("In a safer-access research environment (output checking: per-output), a researcher whose "
                + "outputs each passed output checking learned the sensitive label of 37 pupils by subtracting one approved "
                + "output from another.");
        assertThat(text).contains("(output checking: differencing-aware), a researcher whose outputs each passed output "
                + "checking learned the sensitive label of 0 pupils");
        // linked_2019-2022 label_carried_rate 0.07; linked_2019-2022_schools 0.83 against linked_2019_schools 0.62
        assertThat(text).contains("When 4 census years of records are linked, 7% of the pupils of the latest census year are "
                + "still linked to a sensitive label recorded in an earlier year that no longer applies (a past placement, "
                + "exclusion or SEN need). A pupil's history of schools, with date of birth and "
                + "sex, linked over 4 years is unique for 83% of pupils, against 62% for a single year.");
    }

    @Test
    void unavailableFiguresSayWhyAndCarryNoNumber() {
        // zayatz on the broker QI set did not converge: empty in figures.csv, note in figures.json
        assertThat(csv.get("pupil-level|broker|-|all|population_uniqueness_zayatz").value()).isEmpty();
        ReportPage.Span span = ReportPage.spans(html).stream()
                .filter(s -> s.key().equals("pupil-level|broker|-|all|population_uniqueness_zayatz")).findFirst().orElseThrow();
        assertThat(span.attributes()).doesNotContainKey("data-value");
        assertThat(span.text()).isEqualTo("not available (did not converge)");
    }

    @Test
    void everyFigureIsInTheAppendixAndUnknownMetricsOnlyThere() {
        String appendix = ReportPage.section(html, "appendix");
        long rows = Pattern.compile("<tr><td>").matcher(appendix).results().count();
        assertThat(rows).isEqualTo(csv.size());
        assertThat(appendix).contains("mystery_metric_x");
        String body = html.substring(0, html.indexOf("<section id=\"methods\""));
        assertThat(body).doesNotContain("mystery_metric_x");
        assertThat(ReportPage.section(html, "methods")).contains("without a description here").contains("mystery_metric_x");
    }

    @Test
    void hasEverySectionOfTheBriefing() {
        for (String id : List.of("headlines", "releases", "subgroups", "tradeoff", "audit", "accumulation", "methods",
                "reproducibility", "appendix")) {
            assertThat(ReportPage.section(html, id)).as(id).isNotNull();
        }
        assertThat(ReportPage.text(html)).contains("run finished 28 November 2026, 10:03 UTC.");
        String repro = ReportPage.text(ReportPage.section(html, "reproducibility"));
        assertThat(repro).contains("Seed20260101").contains("Scenariodefault").contains("Spark4.2.0")
                .contains("Run time3 min 41 s").contains("Time: attacks122.7 s");
        String methods = ReportPage.text(ReportPage.section(html, "methods"));
        assertThat(methods).contains("Each attack was simulated on 2,000 randomly drawn targets")
                .contains("Prosecutor risk assumes the attacker knows the target is in the release");
    }

    @Test
    void aLabelNotEveryoneHasIsAShareOfThoseWhoHaveIt(@TempDir Path tmp) throws IOException {
        // no AP figures: the headline falls back to all pupils; exclusion reasons are recorded for some pupils only,
        // so the label rate (disclosed / labelled targets) is about those with one, always as a percentage
        Path res = Files.createDirectories(tmp.resolve("res"));
        Files.writeString(res.resolve("figures.csv"), String.join("\n",
                "release,qi_set,profile,subgroup,metric,value,ci_low,ci_high",
                "pupil-level,q,neighbour,all,attack_success_rate,0.4,0.37,0.43",
                "pupil-level,q,neighbour,all,label_disclosure_rate.ExclusionReason,0.25,0.2,0.33", ""));
        Files.writeString(res.resolve("run.json"), "{\"input\":{\"kind\":\"synthetic\"},\"scenario\":{\"qi_sets\":"
                + "[{\"name\":\"q\",\"columns\":[\"DateOfBirth\"],\"description\":\"date of birth\"}],"
                + "\"profiles\":[{\"name\":\"neighbour\",\"qi_set\":\"q\"}]}}");
        String text = ReportPage.text(ReportPage.section(BriefingReport.render(ResultsReader.read(res)), "headlines"));
        assertThat(text).contains("In a pupil-level extract, targeting any pupil, someone who knows date of birth (the "
                + "“neighbour” attacker) would re-identify 40% of them (95% CI 37–43%: Monte-Carlo error). Of the targets "
                + "with an exclusion reason recorded, 25% (95% CI 20–33%) would have it revealed, whether or not they are "
                + "singled out.");
    }

    @Test
    void aReportFromAlmostNothingHasNoInventedNumbers(@TempDir Path tmp) throws IOException {
        Path res = Files.createDirectories(tmp.resolve("res"));
        Files.writeString(res.resolve("figures.csv"), String.join("\n",
                "release,qi_set,profile,subgroup,metric,value,ci_low,ci_high",
                "pupil-level,q,neighbour,ap,attack_success_rate,,,",
                "pupil-level,q,-,all,sample_uniqueness,,,",
                "pupil-level,q,neighbour,ap,label_disclosure_rate,0.1,0.05,0.15", ""));
        Files.writeString(res.resolve("run.json"), "{\"input\":{\"kind\":\"synthetic\"}}");
        String page = BriefingReport.render(ResultsReader.read(res));
        assertThat(page).contains("The run holds no figures from which a headline can be written");
        List<ReportPage.Span> spans = ReportPage.spans(page);
        assertThat(spans.stream().filter(s -> s.attributes().containsKey("data-value")).map(ReportPage.Span::key))
                .containsOnly("pupil-level|q|neighbour|ap|label_disclosure_rate");
        assertThat(ReportPage.text(page)).doesNotContain("NaN").doesNotContain("Infinity").doesNotContain("null");
    }
}
