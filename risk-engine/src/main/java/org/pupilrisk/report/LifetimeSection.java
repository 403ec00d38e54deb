package org.pupilrisk.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pupilrisk.files.Csv;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * The report's "lifetime of shares" section, from the directory {@code pupilrisk lifetime} wrote:
 * headline sentences with their denominators, the exposure distribution chart, exposure by subgroup,
 * the ledger beside the reference, Home Office matching, opt-out and broker linkage.
 *
 * <p>Counts of children below the output threshold are not shown (the chart leaves such bins out,
 * sentences about such groups are not written).
 */
final class LifetimeSection {

    private static final String EXPOSURE = "lifetime";
    private static final List<String> SUBGROUPS = List.of(SubgroupLabel.ALL.name(), "full_school_life", "ap", "ehc_plan", "sen_support", "fsm",
            "looked_after", "excluded");
    private static final Map<String, String> NAMES = Map.of(SubgroupLabel.ALL.name(), "all children on a census 2012–2024",
            "full_school_life", "children on every census from Reception to Year 11", "ap", "children ever in alternative provision",
            "ehc_plan", "children ever with an EHC plan", "sen_support", "children ever on SEN support",
            "fsm", "children ever eligible for free school meals", "looked_after", "children ever looked after",
            "excluded", "children ever suspended or excluded");

    private final List<Figure> figures;
    private final Path dir;
    private final int threshold;

    private LifetimeSection(Path dir, int threshold) {
        this.dir = dir;
        this.threshold = threshold;
        Path csv = dir.resolve("figures.csv");
        if (!Files.isRegularFile(csv)) {
            throw new InvalidInputException("--lifetime " + dir + ": no figures.csv (write it with pupilrisk lifetime)");
        }
        this.figures = ResultsReader.readFiguresCsv(csv);
    }

    /** The section's view for the template. */
    static Map<String, Object> view(Path dir, int threshold) {
        return new LifetimeSection(dir, threshold).build();
    }

    private Map<String, Object> build() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lifetimeHeadlines", headlines());
        List<Map<String, Object>> tables = new ArrayList<>();
        List<Map<String, Object>> charts = new ArrayList<>();
        distributionChart().ifPresent(charts::add);
        tables.add(exposureTable());
        tables.add(matchingTable());
        tables.add(optOutTable());
        tables.add(linkageTable());
        ledgerTable().ifPresent(tables::add);
        tables.removeIf(t -> ((List<?>) t.get("rows")).isEmpty());
        m.put("tables", tables);
        m.put("charts", charts);
        return m;
    }

    // ---- headlines -----------------------------------------------------------------------------

    private List<String> headlines() {
        List<String> out = new ArrayList<>();
        double shares = ledgerShares();
        for (String g : List.of("full_school_life", SubgroupLabel.ALL.name())) {
            Optional<Double> n = value(EXPOSURE, QiSetLabel.NONE.name(), g, Metric.CHILDREN);
            if (n.isEmpty() || n.get() < threshold) {
                continue;
            }
            out.add(String.format(Locale.ROOT, "Over 2012–2024 the simulated history holds %,.0f shares of NPD data. "
                            + "Of the %,.0f %s, the record of the median child was included in <strong>%s shares</strong> "
                            + "(90th percentile %s, most %s), received by %s organisations, %s of them commercial; "
                            + "%s of those shares carried the child's name and address.",
                    shares, n.get(), NAMES.get(g), num(g, Metric.exposure("releases", "median")), num(g, Metric.exposure("releases", "p90")),
                    num(g, Metric.exposure("releases", "max")), num(g, Metric.exposure("recipients", "median")),
                    num(g, Metric.exposure("commercial_recipients", "median")), num(g, Metric.exposure("releases_identifying", "median"))));
            break;
        }
        Optional<Double> ap = value(EXPOSURE, QiSetLabel.NONE.name(), "ap", Metric.CHILDREN);
        if (ap.isPresent() && ap.get() >= threshold) {
            out.add(String.format(Locale.ROOT, "Of the %,.0f children ever in alternative provision, the median child's record "
                            + "went out with a sensitive label (type of need, exclusion reason or reason for placement) in "
                            + "<strong>%s shares</strong>; the first share of a child's record came at a median age of %s.",
                    ap.get(), num("ap", Metric.exposure("releases_with_label", "median")), years("ap", Metric.EXPOSURE_FIRST_AGE_MEDIAN)));
        }
        for (Figure f : figures) {
            if (f.metric().equals(Metric.MATCHING_RETURN_RATE.id()) && f.value() != null) {
                double requested = value(f.release(), MATCH_QI, SubgroupLabel.ALL.name(), Metric.MATCHING_REQUESTED).orElse(0.0);
                out.add(String.format(Locale.ROOT, "Of %,.0f people a Home Office-style request asked about (%s), the “clear match” "
                                + "rules returned <strong>%s</strong> (published: %s). The rate is not set: %s of those asked "
                                + "about were in the named NPD at all, and a match fails when the family has moved or a name "
                                + "has changed; %s of returns named the wrong child.",
                        requested, period(f.release()), pct(f.value()),
                        pct(value(f.release(), MATCH_QI, SubgroupLabel.ALL.name(), Metric.MATCHING_PUBLISHED_RETURN_RATE).orElse(Double.NaN)),
                        pct(value(f.release(), MATCH_QI, SubgroupLabel.ALL.name(), Metric.MATCHING_IN_NPD_SHARE).orElse(Double.NaN)),
                        pct(value(f.release(), MATCH_QI, SubgroupLabel.ALL.name(), Metric.MATCHING_FALSE_MATCH_SHARE).orElse(Double.NaN))));
                break;
            }
        }
        figures.stream().filter(f -> f.release().startsWith("lifetime-optout(rate=0.05") && f.subgroup().equals(SubgroupLabel.ALL.name())
                        && f.metric().equals(Metric.OPTOUT_EXPOSURE_AVOIDED_SHARE.id()) && f.value() != null).findFirst()
                .ifPresent(f -> out.add(String.format(Locale.ROOT, "An opt-out taken up by 5%% of families from 25 May 2018 "
                                + "(more often by girls, older children and some LAs, as the NHS opt-out is) would have kept "
                                + "<strong>%s</strong> of children's records out of shares: records already shared cannot be recalled.",
                        pct(f.value()))));
        return out;
    }

    private static final String MATCH_QI = "name_sex_dob_address";

    // ---- chart ---------------------------------------------------------------------------------

    private Optional<Map<String, Object>> distributionChart() {
        Path csv = dir.resolve("exposure-distribution.csv");
        if (!Files.isRegularFile(csv)) {
            return Optional.empty();
        }
        List<Csv.Line> lines = Csv.parse(readText(csv), csv.toString());
        Map<String, Map<String, Long>> bySubgroup = new LinkedHashMap<>();
        List<String> bins = new ArrayList<>();
        for (Csv.Line l : lines.subList(1, lines.size())) {
            String bin = l.fields().get(1) + "–" + l.fields().get(2);
            if (!bins.contains(bin)) {
                bins.add(bin);
            }
            bySubgroup.computeIfAbsent(l.fields().get(0), k -> new LinkedHashMap<>()).put(bin, Long.parseLong(l.fields().get(3)));
        }
        List<Charts.Series> series = new ArrayList<>();
        boolean suppressed = false;
        for (String g : List.of(SubgroupLabel.ALL.name(), "full_school_life", "ap")) {
            Map<String, Long> counts = bySubgroup.get(g);
            if (counts == null) {
                continue;
            }
            long n = counts.values().stream().mapToLong(Long::longValue).sum();
            if (n < threshold) {
                continue;
            }
            Map<String, Double> shares = new LinkedHashMap<>();
            for (String b : bins) {
                long c = counts.getOrDefault(b, 0L);
                if (c > 0 && c < threshold) {
                    suppressed = true;
                } else {
                    shares.put(b, (double) c / n);
                }
            }
            series.add(new Charts.Series(NAMES.get(g) + " (n = " + String.format(Locale.ROOT, "%,d", n) + ")", shares));
        }
        if (series.isEmpty()) {
            return Optional.empty();
        }
        String title = "How many shares included each child's record, 2012–2024";
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("src", Charts.bars(title, "Shares that included the record", "Children (%)", bins, series));
        c.put("title", title);
        c.put("alt", "Bar chart: share of children by the number of simulated shares that included their record"
                + (suppressed ? "; bins with fewer than " + threshold + " children are left out" : "") + ".");
        c.put("figures", "exposure-distribution.csv");
        return Optional.of(c);
    }

    // ---- tables --------------------------------------------------------------------------------

    private Map<String, Object> exposureTable() {
        List<String> headers = List.of("Children", "Shares: median", "90th percentile", "most", "With name and address: median",
                "With a sensitive label: median", "Organisations: median", "Commercial: median", "Age at first share: median");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String g : SUBGROUPS) {
            Optional<Double> n = value(EXPOSURE, QiSetLabel.NONE.name(), g, Metric.CHILDREN);
            if (n.isEmpty() || n.get() < threshold) {
                continue;
            }
            rows.add(row(NAMES.get(g), String.format(Locale.ROOT, "%,.0f", n.get()), num(g, Metric.exposure("releases", "median")),
                    num(g, Metric.exposure("releases", "p90")), num(g, Metric.exposure("releases", "max")), num(g, Metric.exposure("releases_identifying", "median")),
                    num(g, Metric.exposure("releases_with_label", "median")), num(g, Metric.exposure("recipients", "median")),
                    num(g, Metric.exposure("commercial_recipients", "median")), years(g, Metric.EXPOSURE_FIRST_AGE_MEDIAN)));
        }
        return table("Each child's exposure to shares, 2012–2024, by subgroup (subgroups: ever in the group on a census)",
                "Children", headers, rows);
    }

    private Map<String, Object> matchingTable() {
        List<String> headers = List.of("Requested", "In the named NPD", "Returned (simulated)", "Published", "Matched if in the NPD",
                "Moved since last census", "Wrong child among returns");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : figures) {
            if (!f.metric().equals(Metric.MATCHING_REQUESTED.id())) {
                continue;
            }
            String r = f.release();
            rows.add(row(period(r), String.format(Locale.ROOT, "%,.0f", f.value()), pctOf(r, Metric.MATCHING_IN_NPD_SHARE),
                    pctOf(r, Metric.MATCHING_RETURN_RATE) + ci(r, Metric.MATCHING_RETURN_RATE), pctOf(r, Metric.MATCHING_PUBLISHED_RETURN_RATE),
                    pctOf(r, Metric.MATCHING_MATCH_RATE_IN_NPD), pctOf(r, Metric.MATCHING_IN_NPD_MOVED_SHARE),
                    pctOf(r, Metric.MATCHING_FALSE_MATCH_SHARE)));
        }
        return table("Home Office-style matching under the “clear match” rule (name, sex, date of birth, address)",
                "Period", headers, rows);
    }

    private Map<String, Object> optOutTable() {
        List<String> headers = List.of("Opting out", "Inclusions avoided (all)", "Inclusions avoided (AP)",
                "Unique on DOB, sex, district among those left", "Bias: SEN support rate", "Bias: FSM rate", "Bias: exclusion rate");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : figures) {
            if (!f.metric().equals(Metric.OPTOUT_SHARE.id()) || !f.subgroup().equals(SubgroupLabel.ALL.name())) {
                continue;
            }
            String r = f.release();
            rows.add(row(r.substring(r.indexOf('(') + 1, r.length() - 1).replace(",", ", "), pct(f.value()),
                    pctOf(r, QiSetLabel.NONE.name(), SubgroupLabel.ALL.name(), Metric.OPTOUT_EXPOSURE_AVOIDED_SHARE), pctOf(r, QiSetLabel.NONE.name(), "ap", Metric.OPTOUT_EXPOSURE_AVOIDED_SHARE),
                    pctOf(r, "dob_sex_district", SubgroupLabel.ALL.name(), Metric.OPTOUT_RESIDUAL_UNIQUENESS),
                    points(r, Metric.optoutPublishedRateBias("sen_support")), points(r, Metric.optoutPublishedRateBias("fsm")),
                    points(r, Metric.optoutPublishedRateBias("excluded"))));
        }
        return table("Opt-out from 25 May 2018: exposure avoided, residual risk and the bias of published rates (percentage points)",
                "Nominal rate", headers, rows);
    }

    private Map<String, Object> linkageTable() {
        List<String> headers = List.of("Children in two or more", "Linked on the pseudonym", "Linked on DOB, sex and district",
                "Kinds of label on one linked record (mean)", "…from the single most revealing share");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : figures) {
            if (!f.metric().equals(Metric.LINKAGE_CHILDREN_IN_TWO_OR_MORE.id()) || !f.qiSet().equals("pseudonym") || !f.subgroup().equals(SubgroupLabel.ALL.name())) {
                continue;
            }
            String r = f.release();
            if (f.value() < threshold) {
                continue;
            }
            rows.add(row(r.replace("lifetime-linkage(k=", "").replace(")", "") + " shares",
                    String.format(Locale.ROOT, "%,.0f", f.value()), pctOf(r, "pseudonym", SubgroupLabel.ALL.name(), Metric.LINKAGE_LINKED_SHARE),
                    pctOf(r, "dob_sex_district", SubgroupLabel.ALL.name(), Metric.LINKAGE_LINKED_SHARE),
                    fixed(value(r, "dob_sex_district", SubgroupLabel.ALL.name(), Metric.LINKAGE_LABELS_ACCUMULATED_MEAN)),
                    fixed(value(r, "dob_sex_district", SubgroupLabel.ALL.name(), Metric.LINKAGE_LABELS_SINGLE_MEAN))));
        }
        return table("A commercial recipient links the shares it received (its first k shares, in date order)",
                "Shares linked", headers, rows);
    }

    private Optional<Map<String, Object>> ledgerTable() {
        Path csv = dir.resolve("ledger-validation.csv");
        if (!Files.isRegularFile(csv)) {
            return Optional.empty();
        }
        List<Csv.Line> lines = Csv.parse(readText(csv), csv.toString());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Csv.Line l : lines.subList(1, lines.size())) {
            List<String> f = l.fields();
            if (f.get(0).startsWith("shares approved in ")) {
                continue; // per-year counts are settings; the totals below check them
            }
            String generated = f.get(4).equals("percent") ? f.get(3) + "%" : String.format(Locale.ROOT, "%,.0f", Double.parseDouble(f.get(3)));
            rows.add(row(f.get(0), Html.esc(f.get(1)), generated, f.get(5), Html.esc(f.get(2))));
        }
        return Optional.of(table("The simulated share history beside what is known (F = found, E = estimate)", "Quantity",
                List.of("Reference", "Simulated", "Within", "Source"), rows));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private double ledgerShares() {
        Path csv = dir.resolve("ledger.csv");
        try (var lines = Files.lines(csv)) {
            return lines.count() - 1;
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    private Optional<Double> value(String release, String qi, String subgroup, MetricKey metric) {
        return figures.stream().filter(f -> f.release().equals(release) && f.qiSet().equals(qi) && f.subgroup().equals(subgroup)
                && f.metric().equals(metric.id()) && f.value() != null).map(Figure::value).findFirst();
    }

    private String num(String subgroup, MetricKey metric) {
        return value(EXPOSURE, QiSetLabel.NONE.name(), subgroup, metric).map(v -> String.format(Locale.ROOT, "%,.0f", v)).orElse("–");
    }

    private String years(String subgroup, MetricKey metric) {
        return value(EXPOSURE, QiSetLabel.NONE.name(), subgroup, metric).map(v -> String.format(Locale.ROOT, "%.1f years", v)).orElse("–");
    }

    private String pctOf(String release, MetricKey metric) {
        return pctOf(release, MATCH_QI, SubgroupLabel.ALL.name(), metric);
    }

    private String pctOf(String release, String qi, String subgroup, MetricKey metric) {
        return value(release, qi, subgroup, metric).map(LifetimeSection::pct).orElse("–");
    }

    private String ci(String release, MetricKey metric) {
        return figures.stream().filter(f -> f.release().equals(release) && f.metric().equals(metric.id()) && f.ciLow() != null)
                .findFirst().map(f -> String.format(Locale.ROOT, " (%.1f–%.1f%%)", 100 * f.ciLow(), 100 * f.ciHigh())).orElse("");
    }

    private String points(String release, MetricKey metric) {
        return value(release, QiSetLabel.NONE.name(), SubgroupLabel.ALL.name(), metric).map(v -> String.format(Locale.ROOT, "%+.2f", 100 * v)).orElse("–");
    }

    private static String fixed(Optional<Double> v) {
        return v.map(x -> String.format(Locale.ROOT, "%.2f", x)).orElse("–");
    }

    static String pct(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, v * 100 < 10 ? "%.1f%%" : "%.1f%%", v * 100);
    }

    private static String period(String release) {
        return release.substring(release.indexOf('(') + 1, release.length() - 1).replace("..", " to ");
    }

    private static Map<String, Object> row(String label, String... cells) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", label);
        r.put("cells", List.of(cells));
        return r;
    }

    private static Map<String, Object> table(String caption, String corner, List<String> headers, List<Map<String, Object>> rows) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("caption", caption);
        List<String> h = new ArrayList<>();
        h.add(corner);
        h.addAll(headers);
        t.put("headers", h);
        t.put("rows", rows);
        return t;
    }

    private static String readText(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("--lifetime: cannot read " + p + " (" + e.getMessage() + ")");
        }
    }
}
