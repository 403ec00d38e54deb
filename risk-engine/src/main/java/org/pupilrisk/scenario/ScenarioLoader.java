package org.pupilrisk.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.StrictYaml;

/**
 * Reads a scenario YAML file into a validated {@link Scenario}.
 *
 * <p>Strict on purpose: a misspelt key would otherwise silently fall back to a default and change
 * the figures, so unknown keys are errors. Every error is an {@link InvalidInputException} naming
 * the file and the key.
 */
public final class ScenarioLoader {

    /** The built-in, documented scenario (classpath resource). */
    public static final String DEFAULT_RESOURCE = "/scenarios/default.yaml";

    private static final ObjectMapper YAML = StrictYaml.MAPPER;

    private static final Set<String> TOP = Set.of("name", "seed", "census_year", "extract", "qi_sets", "sensitive",
            "subgroups", "profiles", "monte_carlo_draws", "output_threshold", "releases");

    private ScenarioLoader() {
    }

    /** The built-in default scenario. */
    public static Scenario defaults() {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in scenario missing from the jar: " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in scenario default.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in scenario", e);
        }
    }

    /** Reads a scenario file. */
    public static Scenario load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException("--scenario " + file + ": not a readable file");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new InvalidInputException("--scenario " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Parses scenario text; {@code source} names it in error messages. */
    public static Scenario parse(String yaml, String source) {
        JsonNode root = StrictYaml.tree(yaml, source);
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + ": expected a YAML mapping of scenario keys");
        }
        try {
            return read((ObjectNode) root);
        } catch (SettingsException e) {
            throw e.source() == null ? e.in(source) : e;
        }
    }

    private static Scenario read(ObjectNode root) {
        known(root, TOP, "");
        String name = text(root, "name", "scenario", "");
        long seed = root.has("seed") ? longValue(root.get("seed"), "seed") : 20250116L;
        OptionalInt year = root.hasNonNull("census_year")
                ? OptionalInt.of(intValue(root.get("census_year"), "census_year")) : OptionalInt.empty();

        Scenario.Extract extract = new Scenario.Extract("true", 1.0);
        if (root.hasNonNull("extract")) {
            JsonNode e = object(root.get("extract"), "extract");
            known(e, Set.of("filter", "sampling_fraction"), "extract.");
            extract = new Scenario.Extract(text(e, "filter", "true", "extract."),
                    e.has("sampling_fraction") ? doubleValue(e.get("sampling_fraction"), "extract.sampling_fraction") : 1.0);
        }

        List<QiSet> qiSets = new ArrayList<>();
        for (JsonNode q : list(root, "qi_sets")) {
            String key = "qi_sets[" + qiSets.size() + "].";
            known(object(q, key), Set.of("name", "columns", "description"), key);
            qiSets.add(new QiSet(required(q, "name", key), strings(q.get("columns"), key + "columns"),
                    text(q, "description", null, key)));
        }
        List<String> sensitive = root.has("sensitive") ? strings(root.get("sensitive"), "sensitive") : List.of();

        List<Subgroup> subgroups = new ArrayList<>();
        for (JsonNode s : list(root, "subgroups")) {
            String key = "subgroups[" + subgroups.size() + "].";
            known(object(s, key), Set.of("name", "filter", "description"), key);
            subgroups.add(new Subgroup(required(s, "name", key), required(s, "filter", key),
                    text(s, "description", null, key)));
        }
        if (subgroups.isEmpty()) {
            subgroups.add(new Subgroup(Subgroup.ALL.name(), Subgroup.ALL.filter(), "all pupils in the extract"));
        }

        List<Scenario.Profile> profiles = new ArrayList<>();
        for (JsonNode p : list(root, "profiles")) {
            String key = "profiles[" + profiles.size() + "].";
            known(object(p, key), Set.of("name", "qi_set", "targets", "description", "errors", "missing"), key);
            String pname = required(p, "name", key);
            profiles.add(new Scenario.Profile(pname, required(p, "qi_set", key), text(p, "targets", null, key),
                    text(p, "description", null, key), probabilities(p.get("errors"), "profiles." + pname + ".errors"),
                    probabilities(p.get("missing"), "profiles." + pname + ".missing")));
        }

        int draws = root.has("monte_carlo_draws") ? intValue(root.get("monte_carlo_draws"), "monte_carlo_draws") : 1000;
        int threshold = root.has("output_threshold") ? intValue(root.get("output_threshold"), "output_threshold") : 10;

        List<Scenario.Release> releases = new ArrayList<>();
        for (JsonNode r : list(root, "releases")) {
            String key = "releases[" + releases.size() + "].";
            object(r, key);
            releases.add(new Scenario.Release(required(r, "model", key), text(r, "id", null, key), r.deepCopy()));
        }
        return new Scenario(name, seed, year, extract, qiSets, sensitive, subgroups, profiles, draws, threshold, releases);
    }

    /**
     * The scenario as YAML that {@link #parse} reads back into an equal scenario: every section written out,
     * defaults filled in (the copy of the scenario as run in a results folder). {@code comment} heads the text.
     */
    public static String toYaml(Scenario s, String comment) {
        ObjectNode root = YAML.createObjectNode();
        root.put("name", s.name());
        root.put("seed", s.seed());
        if (s.censusYear().isPresent()) {
            root.put("census_year", s.censusYear().getAsInt());
        } else {
            root.putNull("census_year");
        }
        root.putObject("extract").put("filter", s.extract().filter()).put("sampling_fraction", s.extract().samplingFraction());
        var qis = root.putArray("qi_sets");
        for (QiSet q : s.qiSets()) {
            ObjectNode o = qis.addObject().put("name", q.name());
            q.columns().forEach(o.putArray("columns")::add);
            o.put("description", q.description());
        }
        s.sensitive().forEach(root.putArray("sensitive")::add);
        var subs = root.putArray("subgroups");
        s.subgroups().forEach(g -> subs.addObject().put("name", g.name()).put("filter", g.filter()).put("description", g.description()));
        var profiles = root.putArray("profiles");
        for (Scenario.Profile p : s.profiles()) {
            ObjectNode o = profiles.addObject().put("name", p.name()).put("qi_set", p.qiSet()).put("targets", p.targets())
                    .put("description", p.description());
            ObjectNode errors = o.putObject("errors");
            new java.util.TreeMap<>(p.errors()).forEach(errors::put);
            ObjectNode missing = o.putObject("missing");
            new java.util.TreeMap<>(p.missing()).forEach(missing::put);
        }
        root.put("monte_carlo_draws", s.monteCarloDraws());
        root.put("output_threshold", s.outputThreshold());
        var releases = root.putArray("releases");
        s.releases().forEach(r -> releases.add(r.params().deepCopy()));
        StringBuilder text = new StringBuilder();
        comment.lines().forEach(l -> text.append("# ").append(l).append('\n'));
        try {
            return text.append(YAML.writeValueAsString(root)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scenario as YAML", e);
        }
    }

    /** An unknown key is named by its whole path (the file is named when the error reaches {@link #parse}). */
    private static void known(JsonNode node, Set<String> keys, String prefix) {
        node.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                throw SettingsException.unknownKey(null, prefix + k, new java.util.TreeSet<>(keys));
            }
        });
    }

    private static JsonNode object(JsonNode n, String key) {
        if (n == null || !n.isObject()) {
            throw new SettingsException(key.endsWith(".") ? key.substring(0, key.length() - 1) : key, "a mapping");
        }
        return n;
    }

    private static List<JsonNode> list(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new SettingsException(key, "a list");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private static String required(JsonNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new SettingsException(prefix + field, "a non-empty value");
        }
        return v.asText();
    }

    private static String text(JsonNode n, String field, String fallback, String prefix) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new SettingsException(prefix + field, "a single value");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n, String key) {
        if (n == null || !n.isArray()) {
            throw new SettingsException(key, "a list of column names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isValueNode() || v.asText().isBlank()) {
                throw new SettingsException(key, "a list of column names");
            }
            out.add(v.asText());
        }
        return out;
    }

    private static long longValue(JsonNode n, String key) {
        if (n == null || !n.canConvertToExactIntegral() && !n.isIntegralNumber()) {
            throw new SettingsException(key, "a whole number, not '" + (n == null ? "" : n.asText()) + "'");
        }
        if (!n.canConvertToLong()) {
            throw new SettingsException(key, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    + ", not " + n.asText());
        }
        return n.asLong();
    }

    /** A whole number that fits an int: a larger one is an error, never wrapped round. */
    private static int intValue(JsonNode n, String key) {
        long v = longValue(n, key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new SettingsException(key, "a whole number up to " + Integer.MAX_VALUE + ", not " + n.asText());
        }
        return (int) v;
    }

    private static double doubleValue(JsonNode n, String key) {
        if (n == null || !n.isNumber()) {
            throw new SettingsException(key, "a number, not '" + (n == null ? "" : n.asText()) + "'");
        }
        return n.asDouble();
    }

    private static Map<String, Double> probabilities(JsonNode n, String key) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new SettingsException(key, "a mapping of column: probability");
        }
        n.fields().forEachRemaining(e -> out.put(e.getKey(), doubleValue(e.getValue(), key + "." + e.getKey())));
        return out;
    }
}
