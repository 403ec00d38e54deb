package org.pupilrisk.release.tables.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.SettingsReader;

/**
 * One published count table, as DfE lays them out: rows nested in the order of {@code dimensions}
 * (e.g. LA, then school, then year group) and one column per value of the last dimension (the
 * characteristic, e.g. AP reason), with totals published at every level of the row nesting and
 * across the columns.
 *
 * <p>So {@code [LA, URN, NCyearActual, APReason]} publishes: counts per LA x school x year x reason,
 * per LA x school x reason, per LA x reason, per reason (England), and the matching "Total" column
 * at each level. Pupils with no value of the characteristic (null) inside the filter are counted in
 * a column named {@value #NONE}.
 *
 * @param name       the table's name (used as {@code qi_set} in figures.csv)
 * @param dimensions extract columns; all but the last are row dimensions, the last is the column dimension
 * @param filter     Spark SQL condition selecting the pupils counted ({@code true} for all)
 */
public record TableSpec(String name, List<String> dimensions, String filter) {

    /** Column heading for pupils with no value of the characteristic. */
    public static final String NONE = "NONE";

    public TableSpec {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("table specification: name must be a non-empty string");
        }
        dimensions = List.copyOf(dimensions);
        if (dimensions.isEmpty()) {
            throw new InvalidInputException("table " + name + ": dimensions must list at least the column dimension");
        }
        if (new HashSet<>(dimensions).size() != dimensions.size()) {
            throw new InvalidInputException("table " + name + ": dimensions must not repeat a column, got " + dimensions);
        }
        filter = filter == null || filter.isBlank() ? "true" : filter.trim();
    }

    public static TableSpec of(String name, String filter, String... dimensions) {
        return new TableSpec(name, List.of(dimensions), filter);
    }

    /** Row dimensions, outermost first. */
    public List<String> rowDimensions() {
        return dimensions.subList(0, dimensions.size() - 1);
    }

    /** The characteristic spread across the columns. */
    public String columnDimension() {
        return dimensions.get(dimensions.size() - 1);
    }

    /** Parses {@code {name: ..., dimensions: [...], filter: ...}}. */
    public static TableSpec fromYaml(JsonNode node, String where) {
        SettingsReader r = SettingsReader.of(node, where, Set.of("name", "dimensions", "filter"));
        if (!r.has("name") || !r.has("dimensions")) {
            throw SettingsException.problem(r.source(), where, "a table needs 'name' and 'dimensions'");
        }
        try {
            return new TableSpec(r.text("name", null), r.strings("dimensions", null), r.text("filter", "true"));
        } catch (SettingsException e) {
            throw e;
        } catch (InvalidInputException e) {
            throw SettingsException.problem(r.source(), where, e.getMessage());
        }
    }

    public static TableSpec fromYaml(JsonNode node) {
        return fromYaml(node, "table");
    }

    /** Pupils with an AP placement. */
    public static final String AP_FILTER = NpdColumns.AP_REASON + " IS NOT NULL";
    /** Pupils with special educational needs (SEN support or an EHC plan). */
    public static final String SEN_FILTER = NpdColumns.SEN_PROVISION + " IN ('K', 'E')";
    /** Pupils with a suspension or permanent exclusion. */
    public static final String EXCLUSION_FILTER = NpdColumns.EXCLUSION_REASON + " IS NOT NULL";

    /**
     * The default set, modelled on DfE's published school-level and LA-level tables: AP placements by
     * school and year group (the AP census), SEN primary need by school (SEN in England) and by year
     * group within LA, and exclusions by reason and school. The two SEN tables share their England
     * margin, so differencing across overlapping tables is exercised too.
     */
    public static List<TableSpec> defaults() {
        return List.of(
                of("ap-reason-by-school-year", AP_FILTER,
                        NpdColumns.LA, NpdColumns.URN, NpdColumns.NC_YEAR, NpdColumns.AP_REASON),
                of("sen-need-by-school", SEN_FILTER,
                        NpdColumns.LA, NpdColumns.URN, NpdColumns.SEN_TYPE),
                of("sen-need-by-year-la", SEN_FILTER,
                        NpdColumns.NC_YEAR, NpdColumns.LA, NpdColumns.SEN_TYPE),
                of("exclusion-reason-by-school", EXCLUSION_FILTER,
                        NpdColumns.LA, NpdColumns.URN, NpdColumns.EXCLUSION_REASON));
    }

    /** Reads a list of tables, or the defaults when absent; names must be unique. */
    public static List<TableSpec> listFromYaml(SettingsReader r, String key) {
        List<TableSpec> specs = r.list(key, defaults(), TableSpec::fromYaml);
        Set<String> names = new HashSet<>();
        for (TableSpec s : specs) {
            if (!names.add(s.name())) {
                throw SettingsException.problem(r.source(), r.path(key), "table name '" + s.name() + "' is used twice");
            }
        }
        return specs;
    }
}
