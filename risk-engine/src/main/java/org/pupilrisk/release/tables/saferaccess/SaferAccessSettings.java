package org.pupilrisk.release.tables.saferaccess;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.release.tables.utility.AnalyticWorkload;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.SettingsReader;

/**
 * Scenario settings of {@code safer-access}.
 *
 * <pre>
 * safer-access:
 *   rules: {min_count: 10, dominance_n: 2, dominance_k: 0.9, p_ratio: 0.1, zeros_disclosive: true}
 *   label: APReason                    # the label researchers study
 *   filter: "APReason IS NOT NULL"     # the pupils the environment's cube holds
 *   researcher-workload:               # cross-tabulations by label; default shipped
 *     - {name: ap-reason-by-la, dimensions: [LA]}
 *   adversary_groups: [URN, BirthMonth]
 *   adversary_max_las: 1000
 *   workload: [...]                    # utility queries; default AnalyticWorkload.defaults()
 * </pre>
 */
public record SaferAccessSettings(OutputRules rules, String label, String filter, List<Query> researcherWorkload,
                                  List<String> adversaryGroups, int adversaryMaxLas, List<TableSpec> workload) {

    public static final String WHERE = "releases.safer-access";

    /** A researcher's cross-tabulation of the label by some of the environment's dimensions. */
    public record Query(String name, List<String> dimensions) {
        public Query {
            dimensions = List.copyOf(dimensions);
            dimensions.forEach(TreCube::dimension);
        }

        static Query fromYaml(JsonNode node, String where) {
            SettingsReader r = SettingsReader.of(node, where, Set.of("name", "dimensions"));
            if (!r.has("name")) {
                throw SettingsException.problem(r.source(), where, "a query needs a 'name'");
            }
            return new Query(r.text("name", null), r.strings("dimensions", List.of()));
        }
    }

    public SaferAccessSettings {
        researcherWorkload = List.copyOf(researcherWorkload);
        adversaryGroups = List.copyOf(adversaryGroups);
        adversaryGroups.forEach(TreCube::dimension);
        workload = List.copyOf(workload);
    }

    /**
     * What an AP researcher typically tabulates: reasons nationally, by sex, year group, LA, birth
     * month (relative-age studies), LA by year group, and year group by sex.
     */
    public static List<Query> defaultResearcherWorkload() {
        return List.of(
                new Query("ap-reason", List.of()),
                new Query("ap-reason-by-sex", List.of(NpdColumns.SEX)),
                new Query("ap-reason-by-year", List.of(NpdColumns.NC_YEAR)),
                new Query("ap-reason-by-la", List.of(NpdColumns.LA)),
                new Query("ap-reason-by-birth-month", List.of(TreCube.BIRTH_MONTH)),
                new Query("ap-reason-by-la-year", List.of(NpdColumns.LA, NpdColumns.NC_YEAR)),
                new Query("ap-reason-by-year-sex", List.of(NpdColumns.NC_YEAR, NpdColumns.SEX)));
    }

    public static SaferAccessSettings defaults() {
        return fromYaml(null);
    }

    public static SaferAccessSettings fromYaml(JsonNode node) {
        SettingsReader r = SettingsReader.of(node, WHERE, Set.of("rules", "label", "filter", "researcher-workload",
                "adversary_groups", "adversary_max_las", "workload"));
        return new SaferAccessSettings(OutputRules.fromYaml(r.raw("rules"), WHERE + ".rules"),
                r.text("label", NpdColumns.AP_REASON), r.text("filter", TableSpec.AP_FILTER),
                r.list("researcher-workload", defaultResearcherWorkload(), Query::fromYaml),
                r.strings("adversary_groups", AdversarialResearcher.DEFAULT_GROUPS),
                r.integer("adversary_max_las", 1000, 1, 1_000_000),
                r.list("workload", AnalyticWorkload.defaults(), TableSpec::fromYaml));
    }
}
