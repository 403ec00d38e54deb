package org.pupilrisk.release.tables.saferaccess;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.SubgroupLabel;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.FigureSink;
import org.pupilrisk.release.tables.ReleasedTable;
import org.pupilrisk.release.tables.TableBuilder;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.release.tables.utility.AnalyticWorkload;

/**
 * {@code safer-access} (docs/domain.md §3): a trusted research environment. Record-level data stay inside;
 * outputs leave only once an output checker approves them under {@link OutputRules}.
 *
 * <p>Two checkers are compared, as two release ids: {@code safer-access(per-output)}, which applies
 * the rules to each output on its own (as ACRO does), and {@code safer-access(differencing-aware)},
 * which also checks differences with every earlier approved output. Under each, profile
 * {@code researcher-workload} runs a realistic list of cross-tabulations and reports
 * {@code outputs_submitted}, {@code outputs_approved} and {@code outputs_approved_share}; profile
 * {@code adversarial-researcher} runs the {@link AdversarialResearcher} and reports the same plus
 * {@code pupils_disclosed_by_differencing} and {@code groups_disclosed_by_differencing}. Utility
 * (profile {@code -}): the analytic workload answered by outputs whose failing cells are withheld.
 */
public final class SaferAccessModel implements ReleaseModel {

    public static final String NAME = "safer-access";

    private final SaferAccessSettings settings;

    public SaferAccessModel(SaferAccessSettings settings) {
        this.settings = settings;
    }

    /** The factory the scenario registry calls with the model's YAML mapping (null for defaults). */
    public static SaferAccessModel fromYaml(JsonNode node) {
        return new SaferAccessModel(SaferAccessSettings.fromYaml(node));
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public String id() {
        return NAME + "(per-output)";
    }

    @Override
    public void assess(Assessment a, Consumer<Figure> figures) {
        a.progress().step(NAME + ": building the environment's cube");
        TreCube cube = TreCube.build(a.census(), settings.label(), settings.filter());
        List<CountTable> truths = new ArrayList<>();
        for (TableSpec q : settings.workload()) {
            truths.add(TableBuilder.build(a, a.census(), q));
        }
        OutputRules rules = settings.rules();
        List<ReleasedTable> checked = new ArrayList<>();
        for (CountTable t : truths) {
            checked.add(cellChecked(t, rules));
        }
        List<Checker> checkers = List.of(
                new Checker(NAME + "(per-output)", r -> OutputChecker.perOutput(r)),
                new Checker(NAME + "(differencing-aware)", r -> OutputChecker.differencingAware(r)));
        for (Checker c : checkers) {
            FigureSink sink = FigureSink.of(c.release(), a, figures);
            a.progress().step(c.release() + ": researcher workload");
            OutputChecker checker = c.make().apply(rules);
            int approved = 0;
            for (SaferAccessSettings.Query q : settings.researcherWorkload()) {
                boolean ok = checker.submit(cube.crossTab(q.name(), q.dimensions()));
                approved += ok ? 1 : 0;
                sink.value(QiSetLabel.of(q.name()), FigureSink.RESEARCHER_WORKLOAD, SubgroupLabel.ALL, Metric.OUTPUT_APPROVED, ok ? 1 : 0);
            }
            int submitted = settings.researcherWorkload().size();
            sink.value(QiSetLabel.NONE, FigureSink.RESEARCHER_WORKLOAD, SubgroupLabel.ALL, Metric.OUTPUTS_SUBMITTED, submitted);
            sink.value(QiSetLabel.NONE, FigureSink.RESEARCHER_WORKLOAD, SubgroupLabel.ALL, Metric.OUTPUTS_APPROVED, approved);
            sink.share(QiSetLabel.NONE, FigureSink.RESEARCHER_WORKLOAD, SubgroupLabel.ALL, Metric.OUTPUTS_APPROVED_SHARE, approved, submitted);

            a.progress().step(c.release() + ": adversarial researcher");
            AdversarialResearcher.Result adv = AdversarialResearcher.run(cube, c.make().apply(rules),
                    settings.adversaryGroups(), settings.adversaryMaxLas());
            sink.value(QiSetLabel.NONE, FigureSink.ADVERSARIAL_RESEARCHER, SubgroupLabel.ALL, Metric.OUTPUTS_SUBMITTED, adv.submitted());
            sink.value(QiSetLabel.NONE, FigureSink.ADVERSARIAL_RESEARCHER, SubgroupLabel.ALL, Metric.OUTPUTS_APPROVED, adv.approved());
            sink.share(QiSetLabel.NONE, FigureSink.ADVERSARIAL_RESEARCHER, SubgroupLabel.ALL, Metric.OUTPUTS_APPROVED_SHARE, adv.approved(), adv.submitted());
            sink.pupils(QiSetLabel.NONE, FigureSink.ADVERSARIAL_RESEARCHER, SubgroupLabel.ALL, Metric.PUPILS_DISCLOSED_BY_DIFFERENCING, adv.pupilsDisclosed());
            sink.pupils(QiSetLabel.NONE, FigureSink.ADVERSARIAL_RESEARCHER, SubgroupLabel.ALL, Metric.GROUPS_DISCLOSED_BY_DIFFERENCING, adv.groupsDisclosed());

            long cells = 0;
            long withheld = 0;
            for (ReleasedTable r : checked) {
                cells += r.values().length;
                withheld += r.cellsChanged();
            }
            sink.share(QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.CELLS_SUPPRESSED_SHARE, withheld, cells);
            AnalyticWorkload.report(sink, truths, checked);
        }
    }

    private record Checker(String release, Function<OutputRules, OutputChecker> make) {
    }

    /** The workload table as it leaves the environment: cells failing the rules withheld (ACRO's suppression mode). */
    static ReleasedTable cellChecked(CountTable t, OutputRules rules) {
        long[] v = new long[t.cellCount()];
        for (int c = 0; c < v.length; c++) {
            v[c] = rules.passesCount(t.value(c)) ? t.value(c) : ReleasedTable.WITHHELD;
        }
        return new ReleasedTable(t, v);
    }
}
