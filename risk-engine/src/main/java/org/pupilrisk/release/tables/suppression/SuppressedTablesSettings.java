package org.pupilrisk.release.tables.suppression;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.pupilrisk.release.tables.audit.IntervalAudit;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.release.tables.utility.AnalyticWorkload;
import org.pupilrisk.settings.SettingsReader;

/**
 * Scenario settings of {@code suppressed-tables}.
 *
 * <pre>
 * suppressed-tables:
 *   threshold: 10            # cells 1..9 suppressed
 *   zeros_disclosive: false  # DfE publishes zeros
 *   secondary: true          # complementary suppression, audited
 *   rounding: 1              # e.g. 5 to round published cells to the nearest 5
 *   max_lp_variables: 250    # largest independent sub-table solved by LP
 *   tables: [...]            # TableSpec list; default: TableSpec.defaults()
 *   workload: [...]          # utility queries; default: AnalyticWorkload.defaults()
 * </pre>
 */
public record SuppressedTablesSettings(List<TableSpec> tables, SuppressionRule rule, int maxLpVariables,
                                       List<TableSpec> workload) {

    public static final String WHERE = "releases.suppressed-tables";

    public SuppressedTablesSettings {
        tables = List.copyOf(tables);
        workload = List.copyOf(workload);
    }

    public static SuppressedTablesSettings defaults() {
        return fromYaml(null);
    }

    public static SuppressedTablesSettings fromYaml(JsonNode node) {
        SettingsReader r = SettingsReader.of(node, WHERE, Set.of("threshold", "zeros_disclosive", "secondary",
                "rounding", "max_lp_variables", "tables", "workload"));
        SuppressionRule d = SuppressionRule.defaults();
        SuppressionRule rule = new SuppressionRule(
                r.integer("threshold", d.threshold(), 1, 1_000_000),
                r.bool("zeros_disclosive", d.zerosDisclosive()),
                r.bool("secondary", d.secondary()),
                r.integer("rounding", d.roundingBase(), 1, 1_000_000));
        return new SuppressedTablesSettings(TableSpec.listFromYaml(r, "tables"), rule,
                r.integer("max_lp_variables", IntervalAudit.DEFAULT_MAX_LP_VARIABLES, 0, 100_000),
                r.list("workload", AnalyticWorkload.defaults(), TableSpec::fromYaml));
    }
}
