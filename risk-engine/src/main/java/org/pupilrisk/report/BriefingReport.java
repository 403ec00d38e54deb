package org.pupilrisk.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * The briefing report: one self-contained HTML file (inline CSS, charts as {@code data:} URIs, no
 * scripts) written from a run's {@code figures.csv} and {@code run.json}. Every number in it comes
 * from the figures; the sections follow issue 6: headline findings, releases compared, risk by
 * subgroup, the risk–utility trade-off, the small-number audit, accumulation over years, methods
 * and assumptions, reproducibility, and the full figures in an appendix.
 *
 * <p>For a user's own data the {@link OutputRules} decide what may be shown.
 */
public final class BriefingReport {

    private static final List<MetricKey> RELEASE_RISK_METRICS = List.of(Metric.SAMPLE_UNIQUENESS, Metric.recordsAtRisk(5),
            Metric.PROSECUTOR_RISK_MAX, Metric.PROSECUTOR_RISK_AVG, Metric.JOURNALIST_RISK_AVG, Metric.MARKETER_RISK, Metric.POPULATION_UNIQUENESS,
            Metric.LABEL_DISCLOSURE_RATE);
    private static final List<MetricKey> UTILITY_METRICS = List.of(Metric.KANON_SUPPRESSED_SHARE, Metric.KANON_INFORMATION_LOSS,
            Metric.CELLS_SUPPRESSED_SHARE, Metric.WORKLOAD_MAE, Metric.WORKLOAD_MRE);
    private static final List<MetricKey> TABLE_METRICS = List.of(Metric.SUPPRESSED_CELLS_RECOVERED_EXACT_SHARE,
            Metric.SUPPRESSED_CELLS_PRESENCE_DISCLOSED_SHARE, Metric.PUPILS_LABEL_CERTAIN, Metric.OUTPUTS_APPROVED,
            Metric.PUPILS_DISCLOSED_BY_DIFFERENCING, Metric.CELLS_SUPPRESSED_SHARE, Metric.WORKLOAD_MAE, Metric.WORKLOAD_MRE);
    /** Figures about linked histories (QI set {@code linked_...}), with their column and line names. */
    private static final List<MetricKey> LINKED_METRICS = List.of(Metric.SAMPLE_UNIQUENESS, Metric.LINKED_UNIQUENESS, Metric.recordsAtRisk(5),
            Metric.LABEL_CARRIED_RATE);
    private static final Map<String, String> LINKED_LABELS = Map.of(
            Metric.SAMPLE_UNIQUENESS.id(), "Unique history",
            Metric.LINKED_UNIQUENESS.id(), "Unique history",
            Metric.recordsAtRisk(5).id(), "History shared by fewer than 5",
            Metric.LABEL_CARRIED_RATE.id(), "Still carry an earlier label");
    private static final int MAX_LINES = 6;

    private final FigureIndex index;
    private final OutputRules rules;
    private final RunInfo run;
    /** Figures put into the chart being built; see {@link #chart}. */
    private final List<Figure> plotted = new ArrayList<>();

    /** The directory {@code pupilrisk lifetime} wrote, for the "lifetime of shares" section; null for none. */
    private final Path lifetime;

    private BriefingReport(RunResults results, Path lifetime) {
        this.index = new FigureIndex(results);
        this.rules = new OutputRules(index);
        this.run = results.run();
        this.lifetime = lifetime;
    }

    /** Reads {@code resultsDir} and writes the report to {@code out} atomically; returns the report's path. */
    public static Path write(Path resultsDir, Path out) {
        return write(resultsDir, null, out);
    }

    /** The same with the "lifetime of shares" section from {@code lifetimeDir} (null: without it). */
    public static Path write(Path resultsDir, Path lifetimeDir, Path out) {
        RunResults results = ResultsReader.read(resultsDir);
        String html = new BriefingReport(results, lifetimeDir).html();
        AtomicOutput.file(out, tmp -> Files.writeString(tmp, html, StandardCharsets.UTF_8));
        return out.toAbsolutePath().normalize();
    }

    /** The report as HTML. */
    public static String render(RunResults results) {
        return new BriefingReport(results, null).html();
    }

    private String html() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("css", resource("report/report.css"));
        view.put("title", "Re-identification risk in pupil records"
                + (run.scenario().name() == null ? "" : ": " + run.scenario().name()));
        view.put("subtitle", subtitle());
        view.put("userData", rules.userData());
        view.put("threshold", rules.threshold());
        List<String> headlines = new Headlines(index, rules).sentences();
        view.put("headlines", headlines);
        view.put("noHeadlines", headlines.isEmpty());
        view.put("releases", section(releaseComparison()));
        view.put("subgroups", section(subgroupSection()));
        view.put("tradeoff", section(tradeOff()));
        view.put("audit", section(tableAudit()));
        view.put("accumulation", section(accumulation()));
        view.put("lifetime", lifetime == null ? null : LifetimeSection.view(lifetime, rules.threshold()));
        view.put("methods", methods());
        view.put("reproducibility", reproducibility());
        view.put("appendix", appendix());
        Mustache m = new DefaultMustacheFactory("report").compile("report.html.mustache");
        Writer w = new StringWriter();
        m.execute(w, view);
        return w.toString();
    }

    private String subtitle() {
        String input = run.userData() ? "the user's own extract" : "a synthetic pupil population";
        StringBuilder s = new StringBuilder("Figures from ").append(input);
        if (run.scenario().name() != null) {
            s.append(", scenario “").append(run.scenario().name()).append('”');
        }
        if (run.finished() != null) {
            s.append(", run finished ").append(readableTime(run.finished()));
        }
        return s.append('.').toString();
    }

    // ---- sections ------------------------------------------------------------------------------

    /** A section's content: tables and charts; absent (null) when it has neither. */
    private static Map<String, Object> section(Map<String, Object> content) {
        return content == null || (((List<?>) content.get("tables")).isEmpty() && ((List<?>) content.get("charts")).isEmpty())
                ? null : content;
    }

    private Map<String, Object> content(List<Map<String, Object>> tables, List<Map<String, Object>> charts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tables", tables);
        m.put("charts", charts);
        return m;
    }

    private Map<String, Object> releaseComparison() {
        plotted.clear();
        List<Map<String, Object>> tables = new ArrayList<>();
        List<Map<String, Object>> charts = new ArrayList<>();
        List<String> releases = index.releases();
        List<String> profiles = index.profiles();
        for (String subgroup : List.of(SubgroupLabel.ALL.name(), "ap")) {
            if (!index.subgroups().contains(subgroup)) {
                continue;
            }
            Table t = new Table("Attack success by release and attacker profile — " + Vocabulary.subgroup(subgroup, run)
                    + " (share of targets re-identified, 95% CI)", "Release");
            List<Charts.Series> series = new ArrayList<>();
            for (String p : profiles) {
                t.header("“" + p + "” attacker" + targetsNote(p));
                series.add(new Charts.Series(p, new LinkedHashMap<>()));
            }
            for (String r : releases) {
                List<Optional<Figure>> cells = new ArrayList<>();
                for (int i = 0; i < profiles.size(); i++) {
                    String p = profiles.get(i);
                    Optional<Figure> f = index.find(r, index.qiSetOf(p), p, subgroup, Metric.ATTACK_SUCCESS_RATE);
                    cells.add(f);
                }
                if (cells.stream().anyMatch(Optional::isPresent)) {
                    t.row(r, cells);
                    for (int i = 0; i < profiles.size(); i++) {
                        int k = i;
                        chartValue(cells.get(i)).ifPresent(v -> plot(series.get(k), r, cells.get(k).get()));
                    }
                }
            }
            if (!t.rows.isEmpty()) {
                tables.add(t.view());
                List<Charts.Series> drawn = series.stream().filter(s -> !s.values().isEmpty()).toList();
                if (!drawn.isEmpty()) {
                    String title = "Attack success by release — " + Vocabulary.subgroup(subgroup, run);
                    charts.add(chart(title, Charts.bars(title, "Release", "Targets re-identified (%)", t.rowKeys(), drawn),
                            "Bar chart of the table above: share of simulated targets re-identified, by release and attacker profile."));
                }
            }
        }
        Table risk = new Table("Risk measures by release and quasi-identifier set — all pupils", "Release / QI set");
        List<MetricKey> metrics = RELEASE_RISK_METRICS.stream().filter(index::hasMetric).toList();
        metrics.forEach(m -> risk.header(MetricGlossary.of(m).label()));
        for (String r : releases) {
            for (String qi : index.qiSets()) {
                List<Optional<Figure>> cells = metrics.stream()
                        .map(m -> index.get(r, qi, AttackerProfile.NONE.name(), SubgroupLabel.ALL.name(), m)).toList();
                if (cells.stream().anyMatch(Optional::isPresent)) {
                    risk.row(r + " / " + qi, cells);
                }
            }
        }
        if (!risk.rows.isEmpty()) {
            tables.add(risk.view());
        }
        sensitivity(tables, charts);
        spreadSensitivity(tables);
        return content(tables, charts);
    }

    /**
     * " (targets: pupils in alternative provision only)" for a profile that targets a subgroup rather than every
     * pupil: its figures in an "all pupils" column are over those targets only.
     */
    private String targetsNote(String profile) {
        Optional<RunInfo.Profile> p = run.scenario().profile(profile);
        if (p.isEmpty() || p.get().targets() == null || p.get().targets().isBlank() || p.get().targets().trim().equals("true")) {
            return "";
        }
        String whom = run.scenario().subgroups().stream().filter(s -> p.get().targets().trim().equals(s.filter()))
                .map(s -> Vocabulary.subgroup(s.name(), run)).findFirst().orElse("pupils where " + p.get().targets());
        return " (targets: " + whom + " only)";
    }

    /**
     * The sensitivity grid: the headline attack's success by attacker knowledge (rows) and sampling fraction
     * (columns), for AP pupils and all pupils, with one bar chart (AP pupils when present).
     */
    private void sensitivity(List<Map<String, Object>> tables, List<Map<String, Object>> charts) {
        String prefix = Vocabulary.SENSITIVITY + "(f=";
        List<Figure> grid = index.where(f -> f.release().startsWith(prefix) && f.metric().equals(Metric.ATTACK_SUCCESS_RATE.id()));
        if (grid.isEmpty()) {
            return;
        }
        List<String> fractions = grid.stream().map(Figure::release).distinct().toList();
        List<String> knowledge = grid.stream().map(Figure::qiSet).distinct().toList();
        boolean charted = false;
        for (String subgroup : List.of("ap", SubgroupLabel.ALL.name())) {
            if (grid.stream().noneMatch(f -> f.subgroup().equals(subgroup))) {
                continue;
            }
            String profile = grid.get(0).profile();
            Table t = new Table("Sensitivity of the headline: attack success of the “" + profile + "” attacker — "
                    + Vocabulary.subgroup(subgroup, run) + " (95% CI, Monte-Carlo error)", "Attacker knows / sampling fraction");
            fractions.forEach(r -> t.header("extract " + Numbers.percent(Double.parseDouble(Vocabulary.parameters(r).replace("f=", "")))));
            List<Charts.Series> series = new ArrayList<>();
            fractions.forEach(r -> series.add(new Charts.Series("sampling " + Vocabulary.parameters(r), new LinkedHashMap<>())));
            if (!charted) {
                plotted.clear();
            }
            for (String k : knowledge) {
                List<Optional<Figure>> cells = fractions.stream().map(r -> index.get(r, k, profile, subgroup, Metric.ATTACK_SUCCESS_RATE)).toList();
                t.row(k, cells);
                for (int i = 0; i < cells.size(); i++) {
                    int j = i;
                    if (!charted) {
                        chartValue(cells.get(i)).ifPresent(v -> plot(series.get(j), k, cells.get(j).get()));
                    }
                }
            }
            tables.add(t.view());
            List<Charts.Series> drawn = series.stream().filter(x -> !x.values().isEmpty()).toList();
            if (!charted && !drawn.isEmpty()) {
                String title = "Sensitivity — " + Vocabulary.subgroup(subgroup, run);
                charts.add(chart(title, Charts.bars(title, "Attacker knows (date of birth and sex with …)", "Targets re-identified (%)",
                        knowledge, drawn), "Bar chart of the sensitivity table: attack success by what the attacker knows and "
                        + "the share of pupils in the extract."));
                charted = true;
            }
        }
    }

    /**
     * The sensitivity grid's third axis: the headline attack on the census year regenerated with each spread of
     * postcode-district sizes (rows), by subgroup (columns).
     */
    private void spreadSensitivity(List<Map<String, Object>> tables) {
        List<Figure> grid = index.where(f -> f.release().startsWith(Vocabulary.SENSITIVITY_SPREAD)
                && f.metric().equals(Metric.ATTACK_SUCCESS_RATE.id()));
        if (grid.isEmpty()) {
            return;
        }
        String profile = grid.get(0).profile();
        String qi = grid.get(0).qiSet();
        List<String> subgroups = List.of("ap", SubgroupLabel.ALL.name()).stream()
                .filter(g -> grid.stream().anyMatch(f -> f.subgroup().equals(g))).toList();
        Table t = new Table("Sensitivity of the headline to the spread of postcode-district sizes: attack success of the “"
                + profile + "” attacker, the census year generated afresh with each spread"
                + run.districtSpread().map(x -> " (this population's: " + x + ")").orElse("")
                + " (95% CI, Monte-Carlo error)", "Spread (sd of log pupils per district)");
        subgroups.forEach(g -> t.header(Vocabulary.subgroup(g, run)));
        for (String r : grid.stream().map(Figure::release).distinct().toList()) {
            t.row(Vocabulary.parameters(r).replace("spread=", ""),
                    subgroups.stream().map(g -> index.get(r, qi, profile, g, Metric.ATTACK_SUCCESS_RATE)).toList());
        }
        tables.add(t.view());
    }

    /** Puts a shown figure into a chart series and remembers it for the chart's {@code data-figures} list. */
    private void plot(Charts.Series series, String category, Figure f) {
        series.values().put(category, f.value());
        plotted.add(f);
    }

    private Optional<Double> chartValue(Optional<Figure> f) {
        return f.filter(x -> rules.judge(x).shown()).map(Figure::value);
    }

    private Optional<String> baseRelease() {
        List<String> releases = index.releases();
        return releases.stream().filter(r -> Vocabulary.model(r).equals("pupil-level")).findFirst()
                .or(() -> releases.stream().findFirst());
    }

    private Map<String, Object> subgroupSection() {
        plotted.clear();
        Optional<String> base = baseRelease();
        if (base.isEmpty()) {
            return null;
        }
        String r = base.get();
        List<String> profiles = index.profiles();
        List<String> qiSets = index.qiSets().stream()
                .filter(q -> index.get(r, q, AttackerProfile.NONE.name(), SubgroupLabel.ALL.name(), Metric.SAMPLE_UNIQUENESS).isPresent()).toList();
        Table t = new Table("Risk by subgroup in " + Vocabulary.release(r, run) + " (95% CI where estimated)", "Pupils");
        profiles.forEach(p -> t.header("Attack success, “" + p + "”"));
        qiSets.forEach(q -> t.header("Unique in release on " + q));
        boolean records = index.hasMetric(Metric.RECORDS);
        if (records) {
            t.header("Records");
        }
        List<Charts.Series> series = new ArrayList<>();
        profiles.forEach(p -> series.add(new Charts.Series("“" + p + "” attacker", Map.of())));
        List<String> labels = new ArrayList<>();
        for (String s : index.subgroups()) {
            List<Optional<Figure>> cells = new ArrayList<>();
            for (String p : profiles) {
                cells.add(index.find(r, index.qiSetOf(p), p, s, Metric.ATTACK_SUCCESS_RATE));
            }
            for (String q : qiSets) {
                cells.add(index.get(r, q, AttackerProfile.NONE.name(), s, Metric.SAMPLE_UNIQUENESS));
            }
            if (records) {
                cells.add(index.withMetric(Metric.RECORDS).stream().filter(f -> f.release().equals(r) && f.subgroup().equals(s)).findFirst());
            }
            if (cells.stream().anyMatch(Optional::isPresent)) {
                String label = Vocabulary.subgroup(s, run);
                t.row(label, cells);
                labels.add(label);
                for (int i = 0; i < profiles.size(); i++) {
                    int k = i;
                    chartValue(cells.get(i)).ifPresent(v -> plot(series.get(k), label, cells.get(k).get()));
                }
            }
        }
        if (t.rows.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> charts = new ArrayList<>();
        List<Charts.Series> drawn = series.stream().filter(x -> !x.values().isEmpty()).toList();
        if (!drawn.isEmpty()) {
            String title = "Attack success by subgroup — " + r;
            charts.add(chart(title, Charts.bars(title, "Pupils", "Targets re-identified (%)", labels, drawn),
                    "Bar chart of the table above: share of simulated targets re-identified, by subgroup and attacker profile."));
        }
        return content(List.of(t.view()), charts);
    }

    private Map<String, Object> tradeOff() {
        plotted.clear();
        String profile = index.profiles().stream().filter(p -> index.hasMetric(Metric.ATTACK_SUCCESS_RATE)
                && !index.where(f -> f.profile().equals(p) && f.metric().equals(Metric.ATTACK_SUCCESS_RATE.id())).isEmpty())
                .findFirst().orElse(null);
        List<MetricKey> utility = UTILITY_METRICS.stream().filter(index::hasMetric).toList();
        if (utility.isEmpty()) {
            return null;
        }
        Table t = new Table("Risk and utility by release — all pupils", "Release");
        if (profile != null) {
            t.header("Attack success, “" + profile + "”");
        }
        boolean labels = index.hasMetric(Metric.LABEL_DISCLOSURE_RATE);
        if (labels) {
            t.header(MetricGlossary.of(Metric.LABEL_DISCLOSURE_RATE).label());
        }
        utility.forEach(m -> t.header(MetricGlossary.of(m).label()));
        Map<String, Map<MetricKey, Optional<Figure>>> byRelease = new LinkedHashMap<>();
        for (String r : index.releases()) {
            Map<MetricKey, Optional<Figure>> cells = new LinkedHashMap<>();
            if (profile != null) {
                cells.put(Metric.ATTACK_SUCCESS_RATE, index.find(r, index.qiSetOf(profile), profile, SubgroupLabel.ALL.name(), Metric.ATTACK_SUCCESS_RATE));
            }
            if (labels) {
                cells.put(Metric.LABEL_DISCLOSURE_RATE, anyFigure(r, SubgroupLabel.ALL.name(), Metric.LABEL_DISCLOSURE_RATE));
            }
            utility.forEach(m -> cells.put(m, anyFigure(r, SubgroupLabel.ALL.name(), m)));
            if (cells.values().stream().anyMatch(Optional::isPresent)) {
                t.row(r, new ArrayList<>(cells.values()));
                byRelease.put(r, cells);
            }
        }
        if (t.rows.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> charts = new ArrayList<>();
        // one scatter: the (risk, cost) pair that the most releases share, at least two; ties go to the earlier pair
        List<MetricKey> risks = profile == null ? List.of(Metric.LABEL_DISCLOSURE_RATE) : List.of(Metric.ATTACK_SUCCESS_RATE, Metric.LABEL_DISCLOSURE_RATE);
        List<MetricKey> xs = List.of(Metric.KANON_INFORMATION_LOSS, Metric.KANON_SUPPRESSED_SHARE, Metric.CELLS_SUPPRESSED_SHARE, Metric.WORKLOAD_MRE);
        MetricKey bestX = null;
        MetricKey bestY = null;
        List<String> bestReleases = List.of();
        for (MetricKey y : risks) {
            for (MetricKey x : xs) {
                List<String> both = byRelease.entrySet().stream()
                        .filter(e -> chartValue(e.getValue().getOrDefault(x, Optional.empty())).isPresent()
                                && chartValue(e.getValue().getOrDefault(y, Optional.empty())).isPresent())
                        .map(Map.Entry::getKey).toList();
                if (both.size() >= 2 && both.size() > bestReleases.size()) {
                    bestX = x;
                    bestY = y;
                    bestReleases = both;
                }
            }
        }
        if (bestX != null) {
            Map<String, double[]> points = new LinkedHashMap<>();
            for (String r : bestReleases) {
                Figure fx = byRelease.get(r).get(bestX).get();
                Figure fy = byRelease.get(r).get(bestY).get();
                points.put(r, new double[] {fx.value(), fy.value()});
                plotted.add(fx);
                plotted.add(fy);
            }
            String yl = bestY.equals(Metric.ATTACK_SUCCESS_RATE) ? "Targets re-identified by “" + profile + "” (%)" : "Pupils whose label is disclosed (%)";
            String title = "Risk against utility cost";
            charts.add(chart(title, Charts.scatter(title, MetricGlossary.of(bestX).label() + " (%)", yl, points),
                    "Scatter plot: each point is a release; further right costs analysts more, higher is riskier."));
        }
        return content(List.of(t.view()), charts);
    }

    /** Whether the figure's metric is one of these. */
    private static boolean named(List<MetricKey> metrics, Figure f) {
        return metrics.stream().anyMatch(m -> m.id().equals(f.metric()));
    }

    private Optional<Figure> anyFigure(String release, String subgroup, MetricKey metric) {
        return index.withMetric(metric).stream()
                .filter(f -> f.release().equals(release) && f.subgroup().equals(subgroup))
                .min(Comparator.comparing((Figure f) -> !f.profile().equals(AttackerProfile.NONE.name())));
    }

    private Map<String, Object> tableAudit() {
        List<MetricKey> metrics = TABLE_METRICS.stream().filter(index::hasMetric).toList();
        if (metrics.isEmpty()) {
            return null;
        }
        Set<List<String>> keys = new LinkedHashSet<>();
        for (String r : index.releases()) {
            index.where(f -> f.release().equals(r) && named(metrics, f))
                    .forEach(f -> keys.add(List.of(f.release(), f.qiSet(), f.profile(), f.subgroup())));
        }
        Table t = new Table("Small-number and output-checking audit", "Release / table / check / pupils");
        metrics.forEach(m -> t.header(MetricGlossary.of(m).label()));
        for (List<String> k : keys) {
            List<Optional<Figure>> cells = metrics.stream().map(m -> index.get(k.get(0), k.get(1), k.get(2), k.get(3), m)).toList();
            String label = k.get(0) + " / " + k.get(1) + (k.get(2).equals(AttackerProfile.NONE.name()) ? "" : " / " + k.get(2))
                    + " / " + Vocabulary.subgroup(k.get(3), run);
            t.row(label, cells);
        }
        return content(List.of(t.view()), List.of());
    }

    private static final List<MetricKey> COMPOSITION_METRICS = List.of(Metric.COMPOSITION_REIDENTIFIED_STABLE,
            Metric.COMPOSITION_REIDENTIFIED_FRESH, Metric.COMPOSITION_LABEL_STABLE,
            Metric.COMPOSITION_LABEL_FRESH);

    /** Yearly de-identified releases linked through the pupil pseudonym, against a fresh pseudonym per release. */
    private Optional<Map<String, Object>> compositionTable() {
        List<Figure> figs = index.where(f -> named(COMPOSITION_METRICS, f) && LinkedSpan.parse(f.qiSet()).isPresent());
        if (figs.isEmpty()) {
            return Optional.empty();
        }
        Table t = new Table("Yearly de-identified releases linked through the pupil pseudonym (share of the pupils whose "
                + "records were shared; 95% CI, Monte-Carlo error)", "Release / attacker / releases linked / pupils");
        COMPOSITION_METRICS.forEach(m -> t.header(MetricGlossary.of(m).label()));
        Set<List<String>> keys = new LinkedHashSet<>();
        figs.stream().sorted(Comparator.comparing((Figure f) -> f.release()).thenComparing(Figure::profile)
                        .thenComparingInt(f -> LinkedSpan.parse(f.qiSet()).orElseThrow().years()))
                .filter(f -> f.subgroup().equals(SubgroupLabel.ALL.name()) || f.subgroup().equals("ap"))
                .forEach(f -> keys.add(List.of(f.release(), f.profile(), f.qiSet(), f.subgroup())));
        for (List<String> k : keys) {
            t.row(k.get(0) + " / “" + k.get(1) + "” / " + LinkedSpan.parse(k.get(2)).orElseThrow().label() + " / "
                    + Vocabulary.subgroup(k.get(3), run),
                    COMPOSITION_METRICS.stream().map(m -> index.get(k.get(0), k.get(2), k.get(1), k.get(3), m)).toList());
        }
        return Optional.of(t.view());
    }

    private Map<String, Object> accumulation() {
        plotted.clear();
        List<Figure> linked = index.where(f -> named(LINKED_METRICS, f) && LinkedSpan.parse(f.qiSet()).isPresent());
        if (linked.isEmpty()) {
            return compositionTable().map(t -> content(List.of(t), List.of())).orElse(null);
        }
        Comparator<String> bySpan = Comparator.comparing((String q) -> LinkedSpan.parse(q).orElseThrow().variant())
                .thenComparingInt(q -> LinkedSpan.parse(q).orElseThrow().years());
        List<String> qiSets = linked.stream().map(Figure::qiSet).distinct().sorted(bySpan).toList();
        List<String> metrics = LINKED_METRICS.stream().map(MetricKey::id).filter(m -> linked.stream().anyMatch(f -> f.metric().equals(m))).toList();
        List<String> subgroups = index.subgroups().stream().filter(s -> linked.stream().anyMatch(f -> f.subgroup().equals(s))).toList();
        // rows: years linked × pupils; columns: each (metric, kind of history) the run has
        List<List<String>> columns = new ArrayList<>();
        for (String m : metrics) {
            qiSets.stream().map(q -> LinkedSpan.parse(q).orElseThrow().variant()).distinct()
                    .filter(v -> linked.stream().anyMatch(f -> f.metric().equals(m) && LinkedSpan.parse(f.qiSet()).orElseThrow().variant().equals(v)))
                    .forEach(v -> columns.add(List.of(m, v)));
        }
        Table t = new Table("Records accumulated over census years", "Years linked / pupils");
        for (List<String> c : columns) {
            t.header(LINKED_LABELS.get(c.get(0)) + (c.get(1).isEmpty() ? "" : " (" + new LinkedSpan(0, 0, 0, c.get(1)).variantWords() + ")"));
        }
        List<LinkedSpan> spans = qiSets.stream().map(q -> LinkedSpan.parse(q).orElseThrow())
                .map(sp -> new LinkedSpan(sp.first(), sp.last(), sp.years(), "")).distinct()
                .sorted(Comparator.comparingInt(LinkedSpan::years)).toList();
        for (LinkedSpan span : spans) {
            for (String s : subgroups) {
                List<Optional<Figure>> cells = columns.stream()
                        .map(c -> linked.stream().filter(f -> {
                            LinkedSpan fs = LinkedSpan.parse(f.qiSet()).orElseThrow();
                            return fs.first() == span.first() && fs.last() == span.last() && fs.variant().equals(c.get(1))
                                    && f.metric().equals(c.get(0)) && f.subgroup().equals(s);
                        }).findFirst())
                        .toList();
                if (cells.stream().anyMatch(Optional::isPresent)) {
                    t.row(span.label() + " / " + Vocabulary.subgroup(s, run), cells);
                }
            }
        }
        // chart: one line per (metric, history, subgroup) for all pupils and AP pupils, years linked along x
        List<String> drawnSubgroups = subgroups.stream().filter(s -> s.equals(SubgroupLabel.ALL.name()) || s.equals("ap")).toList();
        Map<String, Charts.Series> series = new LinkedHashMap<>();
        Map<String, List<Figure>> seriesFigures = new LinkedHashMap<>();
        List<String> categories = linked.stream().map(f -> LinkedSpan.parse(f.qiSet()).orElseThrow().years()).distinct().sorted()
                .map(BriefingReport::yearsLabel).toList();
        // the table has every figure; the chart the two that tell the story: unique histories and carried labels
        for (String m : metrics.stream().filter(x -> !x.equals(Metric.recordsAtRisk(5).id())).toList()) {
            for (String q : qiSets) {
                LinkedSpan span = LinkedSpan.parse(q).orElseThrow();
                for (String s : drawnSubgroups) {
                    Optional<Figure> f = linked.stream()
                            .filter(x -> x.qiSet().equals(q) && x.subgroup().equals(s) && x.metric().equals(m)).findFirst();
                    if (chartValue(f).isPresent()) {
                        String name = LINKED_LABELS.get(m) + (span.variant().isEmpty() ? "" : " (" + span.variantWords() + ")")
                                + " — " + Vocabulary.subgroup(s, run);
                        series.computeIfAbsent(name, n -> new Charts.Series(n, Map.of())).values().put(yearsLabel(span.years()), f.get().value());
                        seriesFigures.computeIfAbsent(name, n -> new ArrayList<>()).add(f.get());
                    }
                }
            }
        }
        List<Map<String, Object>> charts = new ArrayList<>();
        // the first lines only, so the chart stays readable; the rest are in the table
        List<Charts.Series> drawn = series.values().stream().limit(MAX_LINES).toList();
        if (!drawn.isEmpty() && categories.size() >= 2) {
            drawn.forEach(d -> plotted.addAll(seriesFigures.get(d.name())));
            String title = "What linking census years adds";
            charts.add(chart(title, Charts.lines(title, "Census years linked", "Share of pupils (%)", categories, drawn),
                    "Line chart of the table above: shares of pupils by the number of census years linked."));
        }
        List<Map<String, Object>> tables = new ArrayList<>(List.of(t.view()));
        compositionTable().ifPresent(tables::add);
        return content(tables, charts);
    }

    private static String yearsLabel(int years) {
        return years == 1 ? "1 year" : years + " years";
    }

    private Map<String, Object> methods() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> glossary = new ArrayList<>();
        Set<String> present = new LinkedHashSet<>();
        index.all().forEach(f -> present.add(f.metric()));
        List<String> unknown = new ArrayList<>();
        for (String name : present) {
            MetricGlossary.Metric metric = MetricGlossary.of(name);
            if (metric.known()) {
                glossary.add(Map.of("name", name, "label", metric.label(), "definition", metric.definition()));
            } else {
                unknown.add(name);
            }
        }
        m.put("glossary", glossary);
        m.put("unknown", unknown.isEmpty() ? null : String.join(", ", unknown));
        m.put("draws", run.scenario().monteCarloDraws() == null ? null : Numbers.count(run.scenario().monteCarloDraws()));
        m.put("qiSets", run.scenario().qiSets().stream().map(q -> row(q.name(), String.join(", ", q.columns()), q.description())).toList());
        m.put("profiles", run.scenario().profiles().stream().map(p -> row(p.name(), p.qiSet(), p.targets(), p.description())).toList());
        m.put("subgroupDefs", run.scenario().subgroups().stream().map(s -> row(s.name(), s.description(), s.filter())).toList());
        m.put("releaseDefs", run.scenario().releases().stream().map(r -> row(r.id(), r.model(), r.description())).toList());
        m.put("sensitive", run.scenario().sensitive().isEmpty() ? null : String.join(", ", run.scenario().sensitive()));
        m.put("populationKnown", !run.userData());
        RunInfo.Extract e = run.scenario().extract();
        m.put("extract", e == null || e.samplingFraction() == null ? null
                : (e.samplingFraction() >= 1 ? "every one of the census year's " : "a " + Numbers.percent(e.samplingFraction())
                        + " sample, drawn by a seeded hash of the pupil id, of the census year's ") + e.whom()
                        + (e.filter() == null ? "" : " (filter: " + e.filter() + ")"));
        return m;
    }

    private static Map<String, Object> row(String... cells) {
        List<String> c = new ArrayList<>();
        for (String s : cells) {
            c.add(s == null ? "" : s);
        }
        return Map.of("cells", c);
    }

    private List<Map<String, Object>> reproducibility() {
        List<Map<String, Object>> rows = new ArrayList<>();
        kv(rows, "Tool", join(run.toolName(), run.toolVersion()));
        kv(rows, "Spark", run.sparkVersion());
        kv(rows, "Java", run.javaVersion());
        kv(rows, "Seed", run.seed());
        kv(rows, "Scenario", run.scenario().name());
        kv(rows, "Monte-Carlo draws", run.scenario().monteCarloDraws() == null ? null : Numbers.count(run.scenario().monteCarloDraws()));
        RunInfo.Input in = run.input();
        kv(rows, "Input", in.userData() ? "user's own extract" : "synthetic population");
        kv(rows, "Input path", in.path());
        kv(rows, "Records", in.records() == null ? null
                : rules.userData() && in.records() < rules.threshold() ? "fewer than " + rules.threshold() : Numbers.count(in.records()));
        kv(rows, "Population size", in.populationSize() == null ? null : Numbers.count(in.populationSize()));
        kv(rows, "Census year", in.censusYear() == null ? null : String.valueOf(in.censusYear()));
        kv(rows, "Census years", in.censusYears().isEmpty() ? null
                : String.join(", ", in.censusYears().stream().map(String::valueOf).toList()));
        kv(rows, "Output threshold", run.outputThreshold() == null ? null : String.valueOf(run.outputThreshold()));
        kv(rows, "Started", run.started());
        kv(rows, "Finished", run.finished());
        kv(rows, "Run time", runTime());
        run.timingsSeconds().forEach((stage, s) -> kv(rows, "Time: " + stage, Numbers.number(s) + " s"));
        return rows;
    }

    private String runTime() {
        if (run.started() == null || run.finished() == null) {
            return null;
        }
        try {
            Duration d = Duration.between(OffsetDateTime.parse(run.started()), OffsetDateTime.parse(run.finished()));
            long s = d.getSeconds();
            return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
        } catch (DateTimeParseException e) {
            try {
                Duration d = Duration.between(java.time.Instant.parse(run.started()), java.time.Instant.parse(run.finished()));
                return d.getSeconds() + " s";
            } catch (DateTimeParseException e2) {
                return null; // timestamps in another format: shown as given above
            }
        }
    }

    /** An ISO-8601 timestamp as "28 November 2026, 12:11 UTC"; anything else as given. */
    static String readableTime(String iso) {
        try {
            return OffsetDateTime.parse(iso).atZoneSameInstant(java.time.ZoneOffset.UTC)
                    .format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", java.util.Locale.UK));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + " " + b;
    }

    private static void kv(List<Map<String, Object>> rows, String key, String value) {
        if (value != null && !value.isBlank()) {
            rows.add(Map.of("key", key, "value", value));
        }
    }

    private Map<String, Object> appendix() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : index.all()) {
            OutputRules.Decision d = rules.judge(f);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("release", f.release());
            r.put("qiSet", f.qiSet());
            r.put("profile", f.profile());
            r.put("subgroup", f.subgroup());
            r.put("metric", f.metric());
            r.put("value", Html.value(f, d, Html.styleOf(f.metric())));
            r.put("ci", Html.interval(f, d, Html.styleOf(f.metric())));
            rows.add(r);
        }
        return Map.of("rows", rows, "count", Numbers.count(rows.size()));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * A chart and the figures drawn in it (since the previous chart), listed in its
     * {@code data-figures} attribute as {@code release|qi_set|profile|subgroup|metric} keys so that
     * what a picture shows can be checked like any number in the text.
     */
    private Map<String, Object> chart(String title, String dataUri, String alt) {
        String keys = String.join(";", plotted.stream()
                .map(f -> String.join("|", f.release(), f.qiSet(), f.profile(), f.subgroup(), f.metric())).distinct().toList());
        plotted.clear();
        return Map.of("title", title, "src", dataUri, "alt", alt, "figures", keys);
    }

    private static String resource(String name) {
        try (InputStream in = BriefingReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table of figures: a caption, column headers and rows of figure cells. */
    private final class Table {
        final String caption;
        final List<String> headers = new ArrayList<>();
        final List<Map<String, Object>> rows = new ArrayList<>();
        final List<String> keys = new ArrayList<>();

        Table(String caption, String firstHeader) {
            this.caption = caption;
            headers.add(firstHeader);
        }

        void header(String h) {
            headers.add(h);
        }

        void row(String label, List<Optional<Figure>> cells) {
            List<String> html = new ArrayList<>();
            for (Optional<Figure> f : cells) {
                html.add(f.map(x -> Html.cell(x, rules.judge(x))).orElse("<span class=\"na\">—</span>"));
            }
            rows.add(Map.of("label", label, "cells", html));
            keys.add(label);
        }

        List<String> rowKeys() {
            return keys;
        }

        Map<String, Object> view() {
            return Map.of("caption", caption, "headers", headers, "rows", rows);
        }
    }
}
