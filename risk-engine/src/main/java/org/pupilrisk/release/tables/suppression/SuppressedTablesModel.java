package org.pupilrisk.release.tables.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.FigureSink;
import org.pupilrisk.release.tables.ReleasedTable;
import org.pupilrisk.release.tables.TableBuilder;
import org.pupilrisk.release.tables.audit.Bounds;
import org.pupilrisk.release.tables.audit.Differencing;
import org.pupilrisk.release.tables.audit.IntervalAudit;
import org.pupilrisk.release.tables.audit.PublishedSystem;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.release.tables.utility.AnalyticWorkload;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * {@code suppressed-tables} (docs/domain.md §3): published aggregate tables with small cells suppressed.
 *
 * <p>Each table is aggregated once from the census year's whole population ({@link Assessment#census()}); everything after is plain Java on the counts.
 * The release is assessed twice, as configured (release id {@code suppressed-tables(t=10)}) and, when
 * secondary suppression is on, without it ({@code suppressed-tables(t=10,no-secondary)}), so the
 * report shows what complementary suppression buys. Attacks (profile column):
 * {@code group-disclosure} (reading the published figures only), {@code differencing} (subtracting
 * published figures, across tables), {@code interval-audit} (linear programming).
 * Utility (profile {@code -}): {@code cells_suppressed_share} and the analytic workload's error.
 */
public final class SuppressedTablesModel implements ReleaseModel {

    public static final String NAME = "suppressed-tables";
    public static final MetricKey CELLS_SUPPRESSED = Metric.CELLS_SUPPRESSED_SHARE;
    public static final MetricKey CELLS_CHANGED = Metric.CELLS_SUPPRESSED_OR_PERTURBED_SHARE;

    private final SuppressedTablesSettings settings;

    public SuppressedTablesModel(SuppressedTablesSettings settings) {
        this.settings = settings;
    }

    /** The factory the scenario registry calls with the model's YAML mapping (null for defaults). */
    public static SuppressedTablesModel fromYaml(JsonNode node) {
        return new SuppressedTablesModel(SuppressedTablesSettings.fromYaml(node));
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public String id() {
        return id(settings.rule());
    }

    static String id(SuppressionRule rule) {
        StringBuilder b = new StringBuilder(NAME).append("(t=").append(rule.threshold());
        if (rule.zerosDisclosive()) {
            b.append(",zeros");
        }
        if (rule.roundingBase() > 1) {
            b.append(",round=").append(rule.roundingBase());
        }
        if (!rule.secondary()) {
            b.append(",no-secondary");
        }
        return b.append(')').toString();
    }

    @Override
    public void assess(Assessment a, Consumer<Figure> figures) {
        // the published tables and the analysts' workload from one aggregation of the census
        List<TableSpec> specs = new ArrayList<>(settings.tables());
        specs.addAll(settings.workload());
        a.progress().step(NAME + ": aggregating " + specs.size() + " tables of the census");
        List<CountTable> built = TableBuilder.build(a, a.census(), specs);
        List<CountTable> tables = List.copyOf(built.subList(0, settings.tables().size()));
        List<CountTable> truths = List.copyOf(built.subList(settings.tables().size(), built.size()));
        List<SuppressionRule> variants = new ArrayList<>(List.of(settings.rule()));
        if (settings.rule().secondary()) {
            variants.add(settings.rule().withSecondary(false));
        }
        // the tables' cells and relations keyed once: each variant changes only what the reader knows of each cell
        PublishedSystem.Builder builder = PublishedSystem.builder();
        for (CountTable t : tables) {
            builder.add(t, t.values(), t.values());
        }
        PublishedSystem shape = builder.build();
        for (SuppressionRule rule : variants) {
            String release = id(rule);
            FigureSink sink = FigureSink.of(release, a, figures);
            a.progress().step(release + ": suppressing");
            List<SuppressedTable> published = new ArrayList<>();
            for (CountTable t : tables) {
                published.add(CellSuppression.apply(t, rule, settings.maxLpVariables()));
            }
            assess(a, sink, published, shape, truths, settings.maxLpVariables());
            writeArtefacts(a, release, published);
        }
    }

    /**
     * Attacks and utility of one published set of tables.
     *
     * @param shape the published system of the same tables, in the same order (its priors are replaced)
     */
    static void assess(Assessment a, FigureSink sink, List<SuppressedTable> published, PublishedSystem shape,
                       List<CountTable> truths, int maxLp) {
        List<long[]> lower = new ArrayList<>();
        List<long[]> upper = new ArrayList<>();
        for (int i = 0; i < published.size(); i++) {
            SuppressedTable s = published.get(i);
            if (i >= shape.tables().size() || s.table() != shape.tables().get(i)) {
                throw new IllegalArgumentException("published table " + s.table().name() + " is not table " + i + " of the shape");
            }
            lower.add(s.attackerLower());
            upper.add(s.attackerUpper());
        }
        PublishedSystem system = shape.withPriors(lower, upper);
        Bounds readOnly = new Bounds(system.lower(), system.upper(), true);
        SuppressionAttacks.report(sink, FigureSink.GROUP_DISCLOSURE, published, system, readOnly);
        a.progress().step(sink.release() + ": differencing");
        SuppressionAttacks.report(sink, FigureSink.DIFFERENCING, published, system, Differencing.run(system));
        a.progress().step(sink.release() + ": interval audit");
        // the figures read lower bounds, exactness and "can only be zero": the disclosure detail decides
        // each of them exactly without computing every upper bound
        IntervalAudit.Result audit = IntervalAudit.disclosure(system, maxLp);
        SuppressionAttacks.report(sink, FigureSink.INTERVAL_AUDIT, published, system, audit.bounds());
        sink.value(QiSetLabel.NONE, FigureSink.INTERVAL_AUDIT, SubgroupLabel.ALL, Metric.AUDIT_SUBTABLES, audit.components());
        sink.value(QiSetLabel.NONE, FigureSink.INTERVAL_AUDIT, SubgroupLabel.ALL, Metric.AUDIT_SUBTABLES_SOLVED_BY_LP, audit.lpComponents());
        sink.value(QiSetLabel.NONE, FigureSink.INTERVAL_AUDIT, SubgroupLabel.ALL, Metric.AUDIT_LARGEST_SUBTABLE_CELLS, audit.largestComponent());
        sink.value(QiSetLabel.NONE, FigureSink.INTERVAL_AUDIT, SubgroupLabel.ALL, Metric.AUDIT_CELLS_BOUNDED_BY_PROPAGATION_ONLY, audit.outerOnlyCells());

        long cells = 0;
        long suppressed = 0;
        long changed = 0;
        List<ReleasedTable> released = new ArrayList<>();
        for (SuppressedTable s : published) {
            ReleasedTable r = released(s);
            released.add(r);
            sink.share(QiSetLabel.of(s.table().name()), AttackerProfile.NONE, SubgroupLabel.ALL, CELLS_SUPPRESSED, s.suppressedCount(), s.table().cellCount());
            sink.share(QiSetLabel.of(s.table().name()), AttackerProfile.NONE, SubgroupLabel.ALL, CELLS_CHANGED, r.cellsChanged(), s.table().cellCount());
            cells += s.table().cellCount();
            suppressed += s.suppressedCount();
            changed += r.cellsChanged();
        }
        sink.share(QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.ALL, CELLS_SUPPRESSED, suppressed, cells);
        sink.share(QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.ALL, CELLS_CHANGED, changed, cells);
        AnalyticWorkload.report(sink, truths, released);
    }

    static ReleasedTable released(SuppressedTable s) {
        long[] v = new long[s.table().cellCount()];
        for (int c = 0; c < v.length; c++) {
            v[c] = s.suppressed(c) ? ReleasedTable.WITHHELD : s.published(c);
        }
        return new ReleasedTable(s.table(), v);
    }

    /**
     * The published tables as CSV (one file per table, "c" for suppressed cells), as a reader would
     * get them. Not written for a user's own data: the published tables are the user's to publish.
     */
    private static void writeArtefacts(Assessment a, String release, List<SuppressedTable> published) {
        if (a.userData()) {
            return;
        }
        java.nio.file.Path dir = a.artefactDirectory(release);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        }
        for (SuppressedTable s : published) {
            CountTable t = s.table();
            AtomicOutput.file(dir.resolve(t.name() + ".csv"), tmp -> {
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    List<String> dims = t.spec().rowDimensions();
                    w.write(String.join(",", dims));
                    for (String c : t.columns()) {
                        w.write("," + c);
                    }
                    w.write(",Total\n");
                    for (int node = 0; node < t.nodeCount(); node++) {
                        List<String> path = t.path(node);
                        for (int i = 0; i < dims.size(); i++) {
                            w.write((i == 0 ? "" : ",") + (i < path.size() ? path.get(i) : "Total"));
                        }
                        for (int c = 0; c < t.width(); c++) {
                            long v = s.published(t.cell(node, c));
                            w.write((dims.isEmpty() && c == 0 ? "" : ",") + (v < 0 ? "c" : Long.toString(v)));
                        }
                        w.write("\n");
                    }
                }
            });
        }
    }
}
