package org.pupilrisk.release.tables.dp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.release.tables.utility.AnalyticWorkload;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.SettingsReader;

/**
 * Scenario settings of {@code dp-tables}.
 *
 * <pre>
 * dp-tables:
 *   epsilon: 1.0          # per table (split evenly over its levels)
 *   total_epsilon: 4.0    # overall budget; default: epsilon x number of tables
 *   small_cell: 10        # cells 1..9 are the targets of the attacks (as suppression's threshold)
 *   tables: [...]         # default: TableSpec.defaults(), the same tables as suppressed-tables
 *   workload: [...]       # default: AnalyticWorkload.defaults()
 * </pre>
 */
public record DpTablesSettings(List<TableSpec> tables, double epsilon, double totalEpsilon, int smallCell,
                               List<TableSpec> workload) {

    public static final String WHERE = "releases.dp-tables";

    public DpTablesSettings {
        tables = List.copyOf(tables);
        workload = List.copyOf(workload);
        if (epsilon * tables.size() > totalEpsilon * (1 + 1e-12)) {
            throw SettingsException.problem(SettingsReader.SCENARIO, WHERE, "total_epsilon " + totalEpsilon + " is less than epsilon "
                    + epsilon + " x " + tables.size() + " tables (sequential composition)");
        }
    }

    public static DpTablesSettings defaults() {
        return fromYaml(null);
    }

    public static DpTablesSettings fromYaml(JsonNode node) {
        SettingsReader r = SettingsReader.of(node, WHERE, Set.of("epsilon", "total_epsilon", "small_cell", "tables", "workload"));
        List<TableSpec> tables = TableSpec.listFromYaml(r, "tables");
        double eps = r.number("epsilon", 1.0, 0, 1000);
        return new DpTablesSettings(tables, eps, r.number("total_epsilon", eps * tables.size(), 0, 1_000_000),
                r.integer("small_cell", 10, 1, 1_000_000), r.list("workload", AnalyticWorkload.defaults(), TableSpec::fromYaml));
    }
}
