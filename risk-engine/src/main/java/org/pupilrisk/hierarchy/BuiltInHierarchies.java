package org.pupilrisk.hierarchy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.population.NpdColumns;

/**
 * Generalisation hierarchies computed from the values present in the data, for NPD columns:
 *
 * <ul>
 *   <li>{@code DateOfBirth}: day → month ({@code yyyy-mm}) → year → two-year band ({@code 2008-2009},
 *       bands start on even years) → {@code *};</li>
 *   <li>{@code PostcodeSector} ("B12 9"): sector → district ("B12") → area ("B") → region → {@code *};
 *       {@code PostcodeDistrict} and {@code PostcodeArea} start further up the same chain;</li>
 *   <li>{@code LSOA} and {@code URN} (school): value → LA → region → {@code *};
 *       {@code LA}: LA → region → {@code *};</li>
 *   <li>{@code EthnicGroupMinor} → {@code EthnicGroupMajor} → {@code *};
 *       {@code PrimarySENtype} → {@code SENprovision} → {@code *};</li>
 *   <li>{@code Sex} and any other column: value → {@code *}.</li>
 * </ul>
 *
 * <p>Parents that cannot be derived from the value's own text (LA of an LSOA, region of an LA, major
 * ethnic group) are read from the data's own columns. In the NPD a pupil's {@code LA} is the school's
 * LA, so an LSOA (home) can appear with several LAs: the parent is the LA most of that LSOA's records
 * carry (ties: the smallest code), which keeps the hierarchy a proper coarsening. A level whose source
 * column is absent (no {@code Region} in the extract and no region lookup) is left out.
 * Missing values are the value {@value Hierarchy#MISSING}.
 */
public final class BuiltInHierarchies {

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");
    private static final String TOP = "*";

    private BuiltInHierarchies() {
    }

    /** Helper columns each built-in reads, when present in the data. */
    static List<String> helpers(String column) {
        return switch (column) {
            case NpdColumns.POSTCODE_SECTOR, NpdColumns.POSTCODE_DISTRICT, NpdColumns.POSTCODE_AREA,
                 NpdColumns.LA -> List.of(NpdColumns.REGION);
            case NpdColumns.LSOA, NpdColumns.URN -> List.of(NpdColumns.LA, NpdColumns.REGION);
            case NpdColumns.ETHNIC_MINOR -> List.of(NpdColumns.ETHNIC_MAJOR);
            case NpdColumns.SEN_TYPE -> List.of(NpdColumns.SEN_PROVISION);
            default -> List.of();
        };
    }

    /**
     * The built-in hierarchy for {@code column}, from one small Spark aggregation of the column's distinct
     * values (with their helper columns and counts).
     *
     * @param regionOfLa optional LA → region lookup used when the data have no {@code Region} column
     */
    public static Hierarchy fromData(String column, Dataset<Row> data, Map<String, String> regionOfLa) {
        return fromData(List.of(column), data, regionOfLa).get(column);
    }

    /**
     * Built-in hierarchies for several columns from one Spark job: each record is expanded into one
     * (column index, value, helper values) row per column and the rows are counted, so the data are scanned
     * once whatever the number of columns.
     */
    public static Map<String, Hierarchy> fromData(List<String> columns, Dataset<Row> data, Map<String, String> regionOfLa) {
        return fromObservations(observe(data, columns), columns, regionOfLa);
    }

    /**
     * What {@link #fromData} reads from the data, for {@code columns} in one Spark job ({@link ObservedCounts}: one pass
     * over each partition, the partitions' counts summed on the driver): each distinct combination
     * of a column's value and its helper columns' values (those of {@link #helpers} the data have), as text, with
     * how many records carry it. A missing value stays null here, so the same observations also give each
     * column's distinct values with a missing one written as a caller needs ({@link Observations#values}): the
     * engine numbers the population's quasi-identifier values from the same job that builds their hierarchies.
     */
    public static Observations observe(Dataset<Row> data, List<String> columns) {
        Set<String> present = Set.of(data.columns());
        Map<String, List<String>> helpersOf = new LinkedHashMap<>();
        for (String column : columns) {
            if (!present.contains(column)) {
                throw new InvalidInputException("quasi-identifier " + column + " is not a column of the data");
            }
            List<String> helpers = new ArrayList<>();
            for (String h : helpers(column)) {
                if (present.contains(h)) {
                    helpers.add(h);
                }
            }
            helpersOf.put(column, List.copyOf(helpers));
        }
        Map<String, List<Observed>> observed = new LinkedHashMap<>();
        columns.forEach(c -> observed.put(c, new ArrayList<>()));
        if (columns.isEmpty()) {
            return new Observations(helpersOf, observed);
        }
        // the text of each column read, once, and where each observed column finds its value and its helpers' values
        List<String> read = new ArrayList<>();
        int[][] fields = new int[columns.size()][];
        for (int i = 0; i < columns.size(); i++) {
            List<String> own = new ArrayList<>();
            own.add(columns.get(i));
            own.addAll(helpersOf.get(columns.get(i)));
            fields[i] = new int[own.size()];
            for (int x = 0; x < own.size(); x++) {
                if (!read.contains(own.get(x))) {
                    read.add(own.get(x));
                }
                fields[i][x] = read.indexOf(own.get(x));
            }
        }
        Dataset<Row> text = data.select(read.stream().map(c -> raw(c).as(c)).toArray(Column[]::new));
        List<ObservedCounts.Partition> partitions = text.queryExecution().toRdd().toJavaRDD()
                .mapPartitions(new ObservedCounts(fields)).collect();
        List<List<Observed>> summed = ObservedCounts.summed(partitions, columns.size());
        for (int i = 0; i < columns.size(); i++) {
            observed.get(columns.get(i)).addAll(summed.get(i));
        }
        return new Observations(helpersOf, observed);
    }

    /**
     * The built-in hierarchies of {@code columns} from observations that include them: missing values read
     * {@value Hierarchy#MISSING}, as {@link #fromData} sees them.
     */
    public static Map<String, Hierarchy> fromObservations(Observations observations, List<String> columns,
                                                          Map<String, String> regionOfLa) {
        Map<String, Hierarchy> result = new LinkedHashMap<>();
        for (String column : columns) {
            result.put(column, fromObserved(column, observations.helpers(column), observations.asText(column),
                    regionOfLa == null ? Map.of() : regionOfLa));
        }
        return result;
    }

    /**
     * Columns' observed combinations of a value and its helper columns' values ({@link #observe}), a missing value
     * null.
     *
     * @param helpers  each column's helper columns, in the order of each observation's values after the first
     * @param observed each column's observations
     */
    public record Observations(Map<String, List<String>> helpers, Map<String, List<Observed>> observed) {

        public Observations {
            helpers = Map.copyOf(helpers);
            Map<String, List<Observed>> copy = new LinkedHashMap<>();
            observed.forEach((c, list) -> copy.put(c, List.copyOf(list)));
            observed = java.util.Collections.unmodifiableMap(copy);
        }

        /** A column's helper columns. */
        public List<String> helpers(String column) {
            return get(helpers, column);
        }

        /** A column's distinct values, sorted, a missing value written {@code missing}. */
        public List<String> values(String column, String missing) {
            java.util.TreeSet<String> values = new java.util.TreeSet<>();
            for (Observed o : get(observed, column)) {
                values.add(o.values()[0] == null ? missing : o.values()[0]);
            }
            return List.copyOf(values);
        }

        /** The observations as {@link #fromData} counts them: a missing value {@value Hierarchy#MISSING}. */
        List<Observed> asText(String column) {
            Map<List<String>, Long> counts = new LinkedHashMap<>();
            for (Observed o : get(observed, column)) {
                List<String> text = Arrays.stream(o.values()).map(v -> v == null ? Hierarchy.MISSING : v).toList();
                counts.merge(text, o.count(), Long::sum);
            }
            List<Observed> out = new ArrayList<>();
            counts.forEach((text, n) -> out.add(new Observed(text.toArray(new String[0]), n)));
            return out;
        }

        private static <T> T get(Map<String, T> map, String column) {
            T value = map.get(column);
            if (value == null) {
                throw new IllegalArgumentException("column " + column + " was not observed");
            }
            return value;
        }
    }

    /** A column as text, null where missing. */
    private static Column raw(String column) {
        return NpdColumns.ref(column).cast("string");
    }

    /** One distinct combination of (value, helper values...) and how many records carry it. */
    public record Observed(String[] values, long count) {
    }

    /** The pure part of {@link #fromData}: builds the hierarchy from observed combinations. */
    public static Hierarchy fromObserved(String column, List<String> helpers, List<Observed> observed,
                                         Map<String, String> regionOfLa) {
        TreeMap<String, Boolean> values = new TreeMap<>();
        for (Observed o : observed) {
            values.put(o.values()[0], true);
        }
        String source = "built-in " + column;
        int la = helpers.indexOf(NpdColumns.LA) + 1;          // 0 when absent
        int region = helpers.indexOf(NpdColumns.REGION) + 1;
        switch (column) {
            case NpdColumns.DATE_OF_BIRTH -> {
                Hierarchy.SerializableRule rule = BuiltInHierarchies::dateRow;
                List<String[]> rows = new ArrayList<>();
                for (String v : values.keySet()) {
                    String[] row = dateRow(v);
                    if (row == null) {
                        throw new InvalidInputException(column + ": value '" + v
                                + "' is not a yyyy-mm-dd date (give a hierarchy file for this column)");
                    }
                    rows.add(row);
                }
                return Hierarchy.of(column, source, rows, rule);
            }
            case NpdColumns.POSTCODE_SECTOR, NpdColumns.POSTCODE_DISTRICT, NpdColumns.POSTCODE_AREA -> {
                int start = column.equals(NpdColumns.POSTCODE_SECTOR) ? 0
                        : column.equals(NpdColumns.POSTCODE_DISTRICT) ? 1 : 2;
                Map<String, String> regionOfArea = new HashMap<>();
                if (region > 0) {
                    List<Observed> byArea = new ArrayList<>();
                    for (Observed o : observed) {
                        String[] chain = postcodeChain(o.values()[0]);
                        byArea.add(new Observed(new String[] {chain[2], o.values()[region]}, o.count()));
                    }
                    regionOfArea = mode(byArea, 0, 1);
                }
                boolean withRegion = !regionOfArea.isEmpty();
                Map<String, String> areaRegion = regionOfArea;
                Hierarchy.SerializableRule rule = v -> postcodeRow(v, start, withRegion, areaRegion);
                List<String[]> rows = new ArrayList<>();
                for (String v : values.keySet()) {
                    rows.add(postcodeRow(v, start, withRegion, areaRegion));
                }
                return Hierarchy.of(column, source, rows, rule);
            }
            case NpdColumns.LSOA, NpdColumns.URN, NpdColumns.LA -> {
                boolean isLa = column.equals(NpdColumns.LA);
                if (!isLa && la == 0) {
                    return generic(column, values.keySet());
                }
                Map<String, String> laOf = isLa ? null : mode(observed, 0, la);
                Map<String, String> regionOf;
                if (region > 0) {
                    regionOf = mode(observed, isLa ? 0 : la, region);
                } else {
                    regionOf = regionOfLa;
                }
                boolean withRegion = !regionOf.isEmpty();
                List<String[]> rows = new ArrayList<>();
                for (String v : values.keySet()) {
                    String laValue = isLa ? v : laOf.get(v);
                    List<String> row = new ArrayList<>();
                    row.add(v);
                    if (!isLa) {
                        row.add(laValue);
                    }
                    if (withRegion) {
                        row.add(regionOf.getOrDefault(laValue, Hierarchy.MISSING));
                    }
                    row.add(TOP);
                    rows.add(row.toArray(new String[0]));
                }
                return Hierarchy.of(column, source, rows, null);
            }
            case NpdColumns.ETHNIC_MINOR, NpdColumns.SEN_TYPE -> {
                if (helpers.isEmpty()) {
                    return generic(column, values.keySet());
                }
                Map<String, String> parentOf = mode(observed, 0, 1);
                List<String[]> rows = new ArrayList<>();
                for (String v : values.keySet()) {
                    rows.add(new String[] {v, parentOf.get(v), TOP});
                }
                return Hierarchy.of(column, source, rows, null);
            }
            default -> {
                return generic(column, values.keySet());
            }
        }
    }

    /** value → {@code *}: the fallback for any column. */
    public static Hierarchy generic(String column, Iterable<String> values) {
        List<String[]> rows = new ArrayList<>();
        for (String v : values) {
            rows.add(new String[] {v, TOP});
        }
        return Hierarchy.of(column, "built-in " + column, rows, v -> new String[] {v, TOP});
    }

    /** yyyy-mm-dd → [day, month, year, two-year band, *]; null when not a date. */
    static String[] dateRow(String v) {
        if (Hierarchy.MISSING.equals(v)) {
            return new String[] {v, v, v, v, TOP};
        }
        if (v == null || !ISO_DATE.matcher(v).matches()) {
            return null;
        }
        int year = Integer.parseInt(v.substring(0, 4));
        int start = year - Math.floorMod(year, 2);
        return new String[] {v, v.substring(0, 7), v.substring(0, 4), start + "-" + (start + 1), TOP};
    }

    /** "B12 9" → ["B12 9", "B12", "B"]: sector, district (outward code) and area (its leading letters). */
    static String[] postcodeChain(String v) {
        if (Hierarchy.MISSING.equals(v)) {
            return new String[] {v, v, v};
        }
        String t = v.trim();
        int space = t.indexOf(' ');
        String district = space < 0 ? t : t.substring(0, space);
        int i = 0;
        while (i < district.length() && Character.isLetter(district.charAt(i))) {
            i++;
        }
        String area = i == 0 ? district : district.substring(0, i);
        return new String[] {t, district, area};
    }

    private static String[] postcodeRow(String v, int start, boolean withRegion, Map<String, String> regionOfArea) {
        String[] chain = postcodeChain(v);
        List<String> row = new ArrayList<>(Arrays.asList(chain).subList(0, 3));
        row.set(start, v);
        List<String> out = new ArrayList<>(row.subList(start, 3));
        if (withRegion) {
            out.add(regionOfArea.getOrDefault(chain[2], Hierarchy.MISSING));
        }
        out.add(TOP);
        return out.toArray(new String[0]);
    }

    /** For each key (values[keyIndex]) the most frequent values[valueIndex], ties to the smallest. */
    static Map<String, String> mode(List<Observed> observed, int keyIndex, int valueIndex) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        for (Observed o : observed) {
            counts.computeIfAbsent(o.values()[keyIndex], k -> new TreeMap<>())
                    .merge(o.values()[valueIndex], o.count(), Long::sum);
        }
        Map<String, String> result = new HashMap<>();
        counts.forEach((key, byValue) -> {
            String best = null;
            long bestCount = -1;
            for (Map.Entry<String, Long> e : byValue.entrySet()) {   // sorted: first wins ties
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            result.put(key, best);
        });
        return result;
    }
}
