package org.pupilrisk.release.tables.dp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.SubgroupLabel;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.FigureSink;
import org.pupilrisk.release.tables.ReleasedTable;
import org.pupilrisk.release.tables.TableBuilder;
import org.pupilrisk.release.tables.audit.IntervalAudit;
import org.pupilrisk.release.tables.audit.PublishedSystem;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.release.tables.utility.AnalyticWorkload;

/**
 * {@code dp-tables} (docs/domain.md §3): the tables of {@code suppressed-tables}, every cell published
 * with geometric noise ({@link NoisyTables}) under an accounted budget ({@link PrivacyBudget}).
 *
 * <p>The table attacks are run against it. None can be certain: any output's probability changes by
 * at most e^epsilon when one pupil is added or removed. The figures measure how often the attacker's
 * best guess happens to be right:
 * <ul>
 *   <li>profile {@code differencing}: {@value #SMALL_EXACT_DIFF}, the share of small true cells
 *       (1..small_cell - 1) that a published parent minus its other published children hits exactly;
 *       {@value #SMALL_EXACT_READ}, the share whose noisy figure is itself exact;</li>
 *   <li>profile {@code group-disclosure}: rows whose published figures show a single non-zero column
 *       (the claim "everyone here has label L"), the pupils in them, the pupils for whom that claim is
 *       true ({@value #PUPILS_CLAIM_TRUE}), and its precision;</li>
 *   <li>profile {@code interval-audit}: {@value #CONSISTENT}, 1 if some table satisfies every
 *       published figure of the table taken as exact, else 0 (noisy margins contradict their parts,
 *       so the linear programme has no solution to bound anything with).</li>
 * </ul>
 */
public final class DpTablesModel implements ReleaseModel {

    public static final String NAME = "dp-tables";
    public static final MetricKey SMALL_EXACT_DIFF = Metric.SMALL_CELLS_RECOVERED_EXACT_SHARE;
    public static final MetricKey SMALL_EXACT_READ = Metric.SMALL_CELLS_PUBLISHED_EXACT_SHARE;
    public static final MetricKey PUPILS_CLAIM_TRUE = Metric.PUPILS_LABEL_CLAIMED_CORRECTLY;
    public static final MetricKey CONSISTENT = Metric.PUBLISHED_FIGURES_CONSISTENT;

    private final DpTablesSettings settings;

    public DpTablesModel(DpTablesSettings settings) {
        this.settings = settings;
    }

    /** The factory the scenario registry calls with the model's YAML mapping (null for defaults). */
    public static DpTablesModel fromYaml(JsonNode node) {
        return new DpTablesModel(DpTablesSettings.fromYaml(node));
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public String id() {
        return NAME + "(epsilon=" + settings.epsilon() + ")";
    }

    @Override
    public void assess(Assessment a, Consumer<Figure> figures) {
        FigureSink sink = FigureSink.of(id(), a, figures);
        PrivacyBudget budget = new PrivacyBudget(settings.totalEpsilon());
        List<ReleasedTable> released = new ArrayList<>();
        long cells = 0;
        long changed = 0;
        // the tables and the workload from one aggregation of the census, when no other release made them already
        List<TableSpec> specs = new ArrayList<>(settings.tables());
        specs.addAll(settings.workload());
        a.progress().step(NAME + ": aggregating " + specs.size() + " tables of the census");
        List<CountTable> built = TableBuilder.build(a, a.census(), specs);
        for (CountTable t : built.subList(0, settings.tables().size())) {
            ReleasedTable r = NoisyTables.release(t, settings.epsilon(), a.seed(), budget);
            released.add(r);
            attack(sink, r, settings.smallCell());
            sink.share(QiSetLabel.of(t.name()), AttackerProfile.NONE, SubgroupLabel.ALL, Metric.CELLS_SUPPRESSED_OR_PERTURBED_SHARE, r.cellsChanged(), t.cellCount());
            sink.value(QiSetLabel.of(t.name()), AttackerProfile.NONE, SubgroupLabel.ALL, Metric.EPSILON, settings.epsilon());
            sink.value(QiSetLabel.of(t.name()), AttackerProfile.NONE, SubgroupLabel.ALL, Metric.EPSILON_PER_CELL, NoisyTables.levelEpsilon(t, settings.epsilon()));
            cells += t.cellCount();
            changed += r.cellsChanged();
        }
        sink.share(QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.CELLS_SUPPRESSED_OR_PERTURBED_SHARE, changed, cells);
        sink.value(QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.EPSILON_SPENT, budget.spent());
        sink.value(QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.EPSILON_BUDGET, budget.total());
        List<CountTable> truths = List.copyOf(built.subList(settings.tables().size(), built.size()));
        AnalyticWorkload.report(sink, truths, released);
    }

    /** Runs the table attacks against one noisy table and writes their figures. */
    static void attack(FigureSink sink, ReleasedTable r, int smallCell) {
        CountTable t = r.table();
        long[] pub = r.values();
        long small = 0;
        long readExact = 0;
        long diffExact = 0;
        for (int node = 1; node < t.nodeCount(); node++) {
            int parent = t.parent(node);
            for (int c = 0; c < t.columns().size(); c++) {
                int cell = t.cell(node, c);
                long v = t.value(cell);
                if (v < 1 || v >= smallCell) {
                    continue;
                }
                small++;
                readExact += pub[cell] == v ? 1 : 0;
                long estimate = pub[t.cell(parent, c)];
                for (int sibling : t.children(parent)) {
                    if (sibling != node) {
                        estimate -= pub[t.cell(sibling, c)];
                    }
                }
                diffExact += estimate == v ? 1 : 0;
            }
        }
        sink.share(QiSetLabel.of(t.name()), FigureSink.DIFFERENCING, SubgroupLabel.ALL, SMALL_EXACT_DIFF, diffExact, small);
        sink.share(QiSetLabel.of(t.name()), FigureSink.DIFFERENCING, SubgroupLabel.ALL, SMALL_EXACT_READ, readExact, small);

        long rowsClaimed = 0;
        long pupilsClaimed = 0;
        long pupilsTrue = 0;
        for (int node = 0; node < t.nodeCount(); node++) {
            int only = -1;
            int nonZero = 0;
            for (int c = 0; c < t.columns().size(); c++) {
                if (pub[t.cell(node, c)] > 0) {
                    nonZero++;
                    only = c;
                }
            }
            if (nonZero != 1 || TableSpec.NONE.equals(t.columns().get(only))) {
                continue;
            }
            rowsClaimed++;
            long total = t.value(t.cell(node, t.totalColumn()));
            pupilsClaimed += total;
            if (total > 0 && t.value(t.cell(node, only)) == total) {
                pupilsTrue += total;
            }
        }
        sink.pupils(QiSetLabel.of(t.name()), FigureSink.GROUP_DISCLOSURE, SubgroupLabel.ALL, Metric.ROWS_LABEL_CLAIMED, rowsClaimed);
        sink.pupils(QiSetLabel.of(t.name()), FigureSink.GROUP_DISCLOSURE, SubgroupLabel.ALL, Metric.PUPILS_IN_ROWS_LABEL_CLAIMED, pupilsClaimed);
        sink.pupils(QiSetLabel.of(t.name()), FigureSink.GROUP_DISCLOSURE, SubgroupLabel.ALL, PUPILS_CLAIM_TRUE, pupilsTrue);
        sink.share(QiSetLabel.of(t.name()), FigureSink.GROUP_DISCLOSURE, SubgroupLabel.ALL, Metric.CLAIM_PRECISION, pupilsTrue, pupilsClaimed);

        PublishedSystem system = PublishedSystem.builder().add(t, pub, pub).build();
        boolean consistent = IntervalAudit.run(system, 0).bounds().consistent();
        sink.value(QiSetLabel.of(t.name()), FigureSink.INTERVAL_AUDIT, SubgroupLabel.ALL, CONSISTENT, consistent ? 1 : 0);
    }
}
