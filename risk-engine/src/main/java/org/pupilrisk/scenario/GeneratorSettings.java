package org.pupilrisk.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.calibration.Target;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.StrictYaml;

/**
 * The generator's settings as a documented YAML file: every number in the calibration data (published targets and
 * the simulator's own structure parameters, such as the postcode-district size spread), each with a comment saying
 * what it is and where it comes from. {@code pupilrisk generate --print-settings} writes it and
 * {@code pupilrisk generate --settings FILE} reads it back.
 *
 * <p>Keys are {@code calibration.QUANTITY} for a figure given once and {@code calibration.QUANTITY."YEAR"} for one
 * given per year (a second figure for the same year, from another source, is {@code "YEAR #2"}). A file may hold only
 * the values it changes: a key left out keeps the bundled value. Reading is as strict as the scenario's (one
 * reader, {@link StrictYaml#tree}): a key given twice, an unknown key or an out-of-range number is an
 * error naming the file and the key path, and the values given are used exactly as written.
 */
public final class GeneratorSettings {

    private GeneratorSettings() {
    }

    /** The settings file for {@code targets} (the bundled ones for {@code --print-settings}). */
    public static String print(CalibrationTargets targets, String version) {
        StringBuilder b = new StringBuilder();
        b.append("# pupilrisk generator settings (pupilrisk ").append(version).append(")\n")
                .append("#\n")
                .append("# Every number that shapes the synthetic population: the published figures the generator is\n")
                .append("# calibrated to and the simulator's own structure parameters (section 'sim', marked ESTIMATE where\n")
                .append("# no figure is published). Each value has a comment above it: its unit, the year it refers to,\n")
                .append("# and its source. docs/calibration.md says how the generator uses them.\n")
                .append("#\n")
                .append("# Change a value and run: pupilrisk generate --settings THIS_FILE --out DIR\n")
                .append("# A key left out keeps its default, so a file may hold only the values it changes. The same seed\n")
                .append("# and the same values give the same population; validation.csv then compares the population\n")
                .append("# with these values. Keys: calibration.QUANTITY (a figure given once) or calibration.QUANTITY.\"YEAR\"\n")
                .append("# (a figure per year; \"YEAR #2\" is a second source's figure for the same year).\n")
                .append("# The postcode-district size spread is postcode_district_size_lognormal_sd_default (0 to ")
                .append(number(PopulationSettings.MAX_DISTRICT_SPREAD)).append(").\n")
                .append("\n")
                .append("calibration:\n");
        for (Map.Entry<String, List<Target>> q : byQuantity(targets).entrySet()) {
            List<Target> rows = q.getValue();
            if (rows.size() == 1) {
                comment(b, "  ", rows.get(0), true);
                b.append("  ").append(q.getKey()).append(": ").append(number(rows.get(0).value())).append('\n');
            } else {
                b.append("  ").append(q.getKey()).append(":\n");
                List<String> keys = yearKeys(rows);
                for (int i = 0; i < rows.size(); i++) {
                    comment(b, "    ", rows.get(i), false);
                    b.append("    ").append(quoted(keys.get(i))).append(": ").append(number(rows.get(i).value())).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** Reads a settings file over the bundled calibration data. */
    public static CalibrationTargets load(Path file, CalibrationTargets defaults) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException("--settings " + file + ": not a readable file");
        }
        try {
            return parse(Files.readString(file), file.toString(), defaults);
        } catch (IOException e) {
            throw new InvalidInputException("--settings " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Parses settings text over {@code defaults}; {@code source} names it in error messages. */
    public static CalibrationTargets parse(String yaml, String source, CalibrationTargets defaults) {
        JsonNode root = StrictYaml.tree(yaml, source);
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + ": expected a YAML mapping with the key 'calibration'");
        }
        try {
            return read(root, defaults);
        } catch (SettingsException e) {
            throw e.source() == null ? e.in(source) : e;
        }
    }

    private static CalibrationTargets read(JsonNode root, CalibrationTargets defaults) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("calibration")) {
                throw new SettingsException(k, "calibration (unknown key)");
            }
        }
        List<Target> all = defaults.all();
        double[] values = new double[all.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = all.get(i).value();
        }
        JsonNode cal = root.get("calibration");
        if (cal == null || cal.isNull()) {
            return defaults;
        }
        if (!cal.isObject()) {
            throw new SettingsException("calibration", "a mapping of quantity: value");
        }
        Map<String, List<Target>> byQuantity = byQuantity(defaults);
        Map<Target, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            index.put(all.get(i), i);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = cal.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "calibration." + e.getKey();
            List<Target> rows = byQuantity.get(e.getKey());
            if (rows == null) {
                throw new SettingsException(key, "a quantity of the calibration data (unknown key; "
                        + "pupilrisk generate --print-settings lists them)");
            }
            if (rows.size() == 1) {
                values[index.get(rows.get(0))] = value(e.getValue(), key, rows.get(0));
                continue;
            }
            if (!e.getValue().isObject()) {
                throw new SettingsException(key, "a mapping of \"YEAR\": value (this quantity is given per year)");
            }
            List<String> keys = yearKeys(rows);
            for (Iterator<Map.Entry<String, JsonNode>> ys = e.getValue().fields(); ys.hasNext(); ) {
                Map.Entry<String, JsonNode> y = ys.next();
                int at = keys.indexOf(y.getKey());
                String yearKey = key + ".\"" + y.getKey() + "\"";
                if (at < 0) {
                    throw new SettingsException(yearKey, "one of the years " + keys + " (unknown key)");
                }
                values[index.get(rows.get(at))] = value(y.getValue(), yearKey, rows.get(at));
            }
        }
        return defaults.withValues(values);
    }

    /**
     * A number within the range its unit allows: never negative where the bundled figure is not (counts, rates,
     * shares, spreads), at most 100 for a percentage and at most 1 for a probability or share, and the district
     * spread within the generator's range. Anything else (log-odds, multipliers) is any finite number.
     */
    static double value(JsonNode n, String key, Target t) {
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new SettingsException(key, "a number (" + t.unit() + "), not '" + (n == null ? "" : n.asText()) + "'");
        }
        double v = n.asDouble();
        double lo = t.value() >= 0 ? 0 : Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        String unit = t.unit().toLowerCase(java.util.Locale.ROOT);
        if (unit.startsWith("percent") && t.value() <= 100) {
            hi = 100;
        } else if ((unit.startsWith("probability") || unit.startsWith("share")) && t.value() <= 1) {
            hi = 1;
        }
        if (t.quantity().equals("postcode_district_size_lognormal_sd_default")) {
            hi = PopulationSettings.MAX_DISTRICT_SPREAD;
        }
        if (v < lo || v > hi) {
            throw new SettingsException(key, "a number from " + (lo == Double.NEGATIVE_INFINITY ? "-inf" : number(lo))
                    + " to " + (hi == Double.POSITIVE_INFINITY ? "+inf" : number(hi)) + " (" + t.unit() + "), not "
                    + n.asText() + " (out of range)");
        }
        return v;
    }

    private static Map<String, List<Target>> byQuantity(CalibrationTargets t) {
        Map<String, List<Target>> out = new LinkedHashMap<>();
        for (Target r : t.all()) {
            out.computeIfAbsent(r.quantity(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The key of each row of a per-year quantity: its year, {@code "YEAR #2"} for a second row for the same year. */
    private static List<String> yearKeys(List<Target> rows) {
        List<String> keys = new ArrayList<>();
        for (Target r : rows) {
            String k = r.year();
            int n = 1;
            while (keys.contains(k)) {
                k = r.year() + " #" + ++n;
            }
            keys.add(k);
        }
        return keys;
    }

    private static void comment(StringBuilder b, String indent, Target t, boolean withYear) {
        b.append(indent).append("# ").append(t.unit());
        if (withYear && !t.year().isBlank()) {
            b.append(", ").append(t.year());
        }
        b.append("; ").append(t.estimate() && !t.source().toUpperCase(java.util.Locale.ROOT).contains("ESTIMATE")
                ? "ESTIMATE: " : "").append(t.source().isBlank() ? "(no source given)" : t.source()).append('\n');
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Plain decimal, exactly the double's value when read back (no exponent, no trailing zeros). */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
