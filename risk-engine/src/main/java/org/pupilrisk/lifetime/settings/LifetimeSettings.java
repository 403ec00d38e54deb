package org.pupilrisk.lifetime.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.SettingsReader;
import org.pupilrisk.settings.StrictYaml;

/**
 * The settings of the lifetime simulation: the bundled {@code lifetime/default.yaml} (every value
 * documented there with its source), overlaid by a user's file. A user's key that the defaults do
 * not have, or a value of the wrong kind, is rejected with its key path; the user's values are used
 * as given, never adjusted.
 */
public final class LifetimeSettings {

    static final String DEFAULTS = "lifetime/default.yaml";

    private final JsonNode root;
    private final String source;

    private LifetimeSettings(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /** The bundled defaults. */
    public static LifetimeSettings defaults() {
        try (InputStream in = LifetimeSettings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            return new LifetimeSettings(StrictYaml.MAPPER.readTree(in), "defaults");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled " + DEFAULTS, e);
        }
    }

    /** The defaults overlaid by {@code file} (null: defaults only). */
    public static LifetimeSettings load(Path file) {
        LifetimeSettings d = defaults();
        if (file == null) {
            return d;
        }
        JsonNode user;
        try {
            user = StrictYaml.tree(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new InvalidInputException("--settings " + file + ": cannot read (" + firstLine(e) + ")");
        }
        if (user == null || user.isNull() || user.isMissingNode()) {
            return d;
        }
        JsonNode merged = d.root.deepCopy();
        overlay((ObjectNode) merged, user, "", file.toString());
        return new LifetimeSettings(merged, file.toString());
    }

    /** Replaces defaults by the user's values; maps merge key by key, lists and scalars are replaced whole. */
    private static void overlay(ObjectNode base, JsonNode user, String path, String file) {
        if (!user.isObject()) {
            throw SettingsException.problem(file, path.isEmpty() ? "the file" : path, "expected a mapping");
        }
        Iterator<Map.Entry<String, JsonNode>> it = user.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode def = base.get(e.getKey());
            boolean openMap = isOpenMap(key);
            if (def == null && !openMap) {
                List<String> known = new ArrayList<>();
                base.fieldNames().forEachRemaining(known::add);
                throw SettingsException.unknownKey(file, key, known);
            }
            if (def != null && def.isObject() && !openMap) {
                overlay((ObjectNode) def, e.getValue(), key, file);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Mappings whose keys are data (years, codes), replaced whole by a user's mapping. */
    private static boolean isOpenMap(String key) {
        return key.equals("ledger.shares_per_year") || key.equals("ledger.tier_mix") || key.equals("ledger.requester_mix")
                || key.equals("ledger.recipients") || key.equals("ledger.years_covered") || key.equals("ledger.stages")
                || key.equals("optout.sex_multiplier");
    }

    /** Where the settings came from ("defaults" or the file). */
    public String source() {
        return source;
    }

    public JsonNode tree() {
        return root;
    }

    // ---- typed access through the one settings reader: errors name the file and the key path ----------------

    JsonNode node(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw SettingsException.problem(source, path, "missing");
        }
        return n;
    }

    /** The reader of the mapping that holds {@code path} (which must be there), and the key within it. */
    private SettingsReader reader(String path) {
        node(path);
        int dot = path.lastIndexOf('.');
        return dot < 0 ? SettingsReader.of(root, source, "", null)
                : SettingsReader.of(node(path.substring(0, dot)), source, path.substring(0, dot), null);
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private SettingsException error(String path, String expected) {
        return new SettingsException(path, expected).in(source);
    }

    public double number(String path, double min, double max) {
        return reader(path).numberFrom(last(path), min, max);
    }

    public int integer(String path, int min, int max) {
        return reader(path).integer(last(path), min, min, max);
    }

    public long seed(String path) {
        return reader(path).longValue(last(path), 0);
    }

    public String text(String path) {
        JsonNode n = node(path);
        if (!n.isValueNode() || n.asText().isBlank()) {
            throw error(path, "a value, got '" + n + "'");
        }
        return n.asText().trim();
    }

    public LocalDate date(String path) {
        String t = text(path);
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            throw error(path, "a date yyyy-mm-dd, got '" + t + "'");
        }
    }

    /** A mapping of keys to non-negative weights (at least one positive). */
    public Map<String, Double> weights(String path) {
        JsonNode n = node(path);
        if (!n.isObject() || n.isEmpty()) {
            throw error(path, "a mapping of keys to numbers");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double sum = 0;
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
                throw error(path + "." + e.getKey(), "a non-negative number, got '" + e.getValue().asText() + "'");
            }
            out.put(e.getKey(), e.getValue().asDouble());
            sum += e.getValue().asDouble();
        }
        if (!(sum > 0)) {
            throw SettingsException.problem(source, path, "the weights are all zero");
        }
        return out;
    }

    /** A list of numbers, each in [min, max]. */
    public List<Double> numbers(String path, double min, double max) {
        JsonNode n = node(path);
        if (!n.isArray() || n.isEmpty()) {
            throw error(path, "a non-empty list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
                throw error(path, "numbers from " + min + " to " + max + ", got '" + v.asText() + "'");
            }
            out.add(v.asDouble());
        }
        return List.copyOf(out);
    }

    /** The items of a list of mappings, with their paths for messages. */
    public List<JsonNode> items(String path) {
        JsonNode n = node(path);
        if (!n.isArray() || n.isEmpty()) {
            throw error(path, "a non-empty list");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
