package org.pupilrisk.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.files.Csv;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;

/**
 * Reads a results directory written by {@code pupilrisk assess}: {@code figures.csv} (the figures),
 * {@code run.json} (the run) and, when present, {@code figures.json} for the notes that say why a
 * figure is unavailable (the CSV has no note column).
 *
 * <p>Anything malformed is an {@link InvalidInputException} whose one-line message names the file,
 * the line or field, and what was expected.
 */
public final class ResultsReader {

    /** The columns of {@code figures.csv}, in order. */
    public static final List<String> CSV_COLUMNS =
            List.of("release", "qi_set", "profile", "subgroup", "metric", "value", "ci_low", "ci_high");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsReader() {
    }

    /** Reads the results in {@code dir}. */
    public static RunResults read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("--results " + dir + ": not a directory (expected the output of pupilrisk assess)");
        }
        Path csv = dir.resolve("figures.csv");
        Path run = dir.resolve("run.json");
        List<Figure> figures = readFiguresCsv(csv);
        RunInfo info = readRunJson(run);
        Path json = dir.resolve("figures.json");
        if (Files.isRegularFile(json)) {
            figures = withNotes(figures, readNotes(json));
        }
        return new RunResults(figures, info);
    }

    // ---- figures.csv ------------------------------------------------------------------------

    static List<Figure> readFiguresCsv(Path csv) {
        String text = readText(csv);
        List<Csv.Line> rows = Csv.parse(text, csv.toString());
        if (rows.isEmpty()) {
            throw new InvalidInputException(csv + ": empty file (expected a header " + String.join(",", CSV_COLUMNS) + ")");
        }
        List<String> header = rows.get(0).fields();
        if (!header.equals(CSV_COLUMNS)) {
            throw new InvalidInputException(csv + ": header is " + String.join(",", header)
                    + "; expected exactly " + String.join(",", CSV_COLUMNS));
        }
        List<Figure> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i).fields();
            int line = rows.get(i).number();
            if (r.size() == 1 && r.get(0).isEmpty()) {
                continue; // a blank line
            }
            if (r.size() != CSV_COLUMNS.size()) {
                throw new InvalidInputException(csv + " line " + line + ": " + r.size() + " fields; expected "
                        + CSV_COLUMNS.size() + " (" + String.join(",", CSV_COLUMNS) + ")");
            }
            for (int c = 0; c < 5; c++) {
                if (r.get(c).isBlank()) {
                    throw new InvalidInputException(csv + " line " + line + ": empty " + CSV_COLUMNS.get(c));
                }
            }
            Double value = number(r.get(5), csv, line, "value");
            Double low = number(r.get(6), csv, line, "ci_low");
            Double high = number(r.get(7), csv, line, "ci_high");
            if ((low == null) != (high == null)) {
                throw new InvalidInputException(csv + " line " + line + ": ci_low and ci_high must both be given or both be empty");
            }
            out.add(new Figure(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), value, low, high, null));
        }
        return out;
    }

    private static Double number(String s, Path file, int line, String column) {
        if (s.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + " line " + line + ": " + column + " '" + s
                    + "' is not a finite number (leave it empty when not available)");
        }
    }

    // ---- figures.json (notes only) ------------------------------------------------------------

    private static Map<List<String>, String> readNotes(Path json) {
        JsonNode root = parseJson(json);
        if (!root.isArray()) {
            throw new InvalidInputException(json + ": expected a JSON array of figures");
        }
        Map<List<String>, String> notes = new HashMap<>();
        int i = 0;
        for (JsonNode f : root) {
            if (!f.isObject()) {
                throw new InvalidInputException(json + ": element " + i + " is not an object");
            }
            JsonNode note = f.get("note");
            if (note != null && !note.isNull() && !note.asText().isBlank()) {
                notes.put(key(f.path("release").asText(), f.path("qi_set").asText(), f.path("profile").asText(),
                        f.path("subgroup").asText(), f.path("metric").asText()), note.asText());
            }
            i++;
        }
        return notes;
    }

    private static List<Figure> withNotes(List<Figure> figures, Map<List<String>, String> notes) {
        if (notes.isEmpty()) {
            return figures;
        }
        List<Figure> out = new ArrayList<>(figures.size());
        for (Figure f : figures) {
            String note = notes.get(key(f.release(), f.qiSet(), f.profile(), f.subgroup(), f.metric()));
            out.add(note == null ? f
                    : new Figure(f.release(), f.qiSet(), f.profile(), f.subgroup(), f.metric(), f.value(), f.ciLow(), f.ciHigh(), note));
        }
        return out;
    }

    private static List<String> key(String... parts) {
        return List.of(parts);
    }

    // ---- run.json -----------------------------------------------------------------------------

    static RunInfo readRunJson(Path file) {
        JsonNode root = parseJson(file);
        if (!root.isObject()) {
            throw new InvalidInputException(file + ": expected a JSON object");
        }
        Fields f = new Fields(file);
        JsonNode tool = f.object(root, "tool");
        JsonNode versions = f.object(root, "versions");
        Map<String, Double> timings = new LinkedHashMap<>();
        JsonNode t = f.object(root, "timings_seconds");
        t.fields().forEachRemaining(e -> timings.put(e.getKey(), f.number(t, e.getKey(), "timings_seconds." + e.getKey())));
        timings.values().removeIf(v -> v == null);

        JsonNode in = root.get("input");
        if (in == null || !in.isObject()) {
            throw new InvalidInputException(file + ": missing object 'input' (with kind synthetic or user)");
        }
        String kind = f.text(in, "kind", "input.kind");
        if (!"synthetic".equals(kind) && !"user".equals(kind)) {
            throw new InvalidInputException(file + ": input.kind is '" + kind + "'; expected synthetic or user");
        }
        List<Integer> years = new ArrayList<>();
        for (JsonNode y : f.array(in, "census_years", "input.census_years")) {
            if (!y.canConvertToInt()) {
                throw new InvalidInputException(file + ": input.census_years must hold whole years");
            }
            years.add(y.intValue());
        }
        RunInfo.Input input = new RunInfo.Input(kind, f.text(in, "path", "input.path"),
                f.whole(in, "records", "input.records"), f.whole(in, "population_size", "input.population_size"),
                intOrNull(f.whole(in, "census_year", "input.census_year")), years,
                f.number(in, "district_spread", "input.district_spread"));

        Long thresholdL = f.whole(root, "output_threshold", "output_threshold");
        Integer threshold = intOrNull(thresholdL);
        if (input.userData() && (threshold == null || threshold < 1)) {
            throw new InvalidInputException(file + ": output_threshold (a whole number >= 1) is required when input.kind is user");
        }

        JsonNode sc = f.object(root, "scenario");
        List<QiSet> qis = new ArrayList<>();
        for (JsonNode q : f.array(sc, "qi_sets", "scenario.qi_sets")) {
            List<String> cols = new ArrayList<>();
            f.array(q, "columns", "scenario.qi_sets[].columns").forEach(c -> cols.add(c.asText()));
            qis.add(new QiSet(f.required(q, "name", "scenario.qi_sets[].name"), cols,
                    f.text(q, "description", "scenario.qi_sets[].description")));
        }
        List<Subgroup> subs = new ArrayList<>();
        for (JsonNode s : f.array(sc, "subgroups", "scenario.subgroups")) {
            subs.add(new Subgroup(f.required(s, "name", "scenario.subgroups[].name"),
                    f.text(s, "filter", "scenario.subgroups[].filter"), f.text(s, "description", "scenario.subgroups[].description")));
        }
        List<RunInfo.Profile> profs = new ArrayList<>();
        for (JsonNode p : f.array(sc, "profiles", "scenario.profiles")) {
            JsonNode targets = p.get("targets");
            String tgt = targets == null || targets.isNull() ? null
                    : targets.isValueNode() ? targets.asText() : targets.toString();
            profs.add(new RunInfo.Profile(f.required(p, "name", "scenario.profiles[].name"),
                    f.text(p, "qi_set", "scenario.profiles[].qi_set"), tgt, f.text(p, "description", "scenario.profiles[].description")));
        }
        List<RunInfo.Release> rels = new ArrayList<>();
        for (JsonNode r : f.array(sc, "releases", "scenario.releases")) {
            rels.add(new RunInfo.Release(f.required(r, "id", "scenario.releases[].id"),
                    f.text(r, "model", "scenario.releases[].model"), f.text(r, "description", "scenario.releases[].description")));
        }
        List<String> sensitive = new ArrayList<>();
        f.array(sc, "sensitive", "scenario.sensitive").forEach(s -> sensitive.add(s.isValueNode() ? s.asText() : s.path("name").asText(s.toString())));
        RunInfo.Extract extract = null;
        if (sc.has("extract") && sc.get("extract").isObject()) {
            JsonNode ex = sc.get("extract");
            extract = new RunInfo.Extract(f.text(ex, "filter", "scenario.extract.filter"),
                    f.number(ex, "sampling_fraction", "scenario.extract.sampling_fraction"));
        }
        RunInfo.Scenario scenario = new RunInfo.Scenario(f.text(sc, "name", "scenario.name"), qis, subs, profs, rels,
                intOrNull(f.whole(sc, "monte_carlo_draws", "scenario.monte_carlo_draws")), sensitive, extract);

        JsonNode seed = root.get("seed");
        String seedText = seed == null || seed.isNull() ? null : seed.asText();
        return new RunInfo(f.text(tool, "name", "tool.name"), f.text(tool, "version", "tool.version"),
                f.text(versions, "spark", "versions.spark"), f.text(versions, "java", "versions.java"),
                seedText, f.text(root, "started", "started"), f.text(root, "finished", "finished"),
                timings, input, threshold, scenario);
    }

    private static Integer intOrNull(Long l) {
        return l == null ? null : Math.toIntExact(l);
    }

    /** Typed, optional field access with one-line errors naming the file and the field. */
    private record Fields(Path file) {
        private static final JsonNode EMPTY_OBJECT = JSON.createObjectNode();
        private static final JsonNode EMPTY_ARRAY = JSON.createArrayNode();

        JsonNode object(JsonNode parent, String name) {
            JsonNode n = parent.get(name);
            if (n == null || n.isNull()) {
                return EMPTY_OBJECT;
            }
            if (!n.isObject()) {
                throw new InvalidInputException(file + ": '" + name + "' must be an object");
            }
            return n;
        }

        JsonNode array(JsonNode parent, String name, String path) {
            JsonNode n = parent.get(name);
            if (n == null || n.isNull()) {
                return EMPTY_ARRAY;
            }
            if (!n.isArray()) {
                throw new InvalidInputException(file + ": '" + path + "' must be a list");
            }
            return n;
        }

        String text(JsonNode parent, String name, String path) {
            JsonNode n = parent.get(name);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isValueNode()) {
                throw new InvalidInputException(file + ": '" + path + "' must be text");
            }
            return n.asText();
        }

        String required(JsonNode parent, String name, String path) {
            String s = text(parent, name, path);
            if (s == null || s.isBlank()) {
                throw new InvalidInputException(file + ": '" + path + "' is missing");
            }
            return s;
        }

        Double number(JsonNode parent, String name, String path) {
            JsonNode n = parent.get(name);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isNumber()) {
                throw new InvalidInputException(file + ": '" + path + "' must be a number");
            }
            return n.doubleValue();
        }

        Long whole(JsonNode parent, String name, String path) {
            JsonNode n = parent.get(name);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isIntegralNumber() && !(n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()))) {
                throw new InvalidInputException(file + ": '" + path + "' must be a whole number");
            }
            return n.longValue();
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private static JsonNode parseJson(Path file) {
        String text = readText(file);
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new InvalidInputException(file + ": not valid JSON" + where);
        }
    }

    private static String readText(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": not found (expected in the output of pupilrisk assess)");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
