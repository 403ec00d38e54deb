package org.pupilrisk.lifetime.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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

/**
 * The settings of the lifetime simulation: the bundled {@code lifetime/default.yaml} (every value
 * documented there with its source), overlaid by a user's file. A user's key that the defaults do
 * not have, or a value of the wrong kind, is rejected with its key path; the user's values are used
 * as given, never adjusted.
 */
public final class LifetimeSettings {

    static final String DEFAULTS = "lifetime/default.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode root;
    private final String source;

    private LifetimeSettings(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /** The bundled defaults. */
    public static LifetimeSettings defaults() {
        try (InputStream in = LifetimeSettings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            return new LifetimeSettings(YAML.readTree(in), "defaults");
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
            user = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInputException("--settings " + file + ": cannot read as YAML (" + firstLine(e) + ")");
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
            throw new InvalidInputException(file + ": " + (path.isEmpty() ? "the file" : path) + " must be a mapping");
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
                throw new InvalidInputException(file + ": unknown key '" + key + "' (expected one of "
                        + String.join(", ", known) + ")");
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

    // ---- typed access with key-path errors -----------------------------------------------------

    JsonNode node(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw new InvalidInputException(source + ": " + path + " is missing");
        }
        return n;
    }

    public double number(String path, double min, double max) {
        JsonNode n = node(path);
        if (!n.isNumber() || n.asDouble() < min || n.asDouble() > max) {
            throw new InvalidInputException(source + ": " + path + ": expected a number from " + min + " to " + max
                    + ", got '" + n.asText() + "'");
        }
        return n.asDouble();
    }

    public int integer(String path, int min, int max) {
        JsonNode n = node(path);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw new InvalidInputException(source + ": " + path + ": expected a whole number from " + min + " to " + max
                    + ", got '" + n.asText() + "'");
        }
        return n.asInt();
    }

    public long seed(String path) {
        JsonNode n = node(path);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidInputException(source + ": " + path + ": expected a whole number, got '" + n.asText() + "'");
        }
        return n.asLong();
    }

    public String text(String path) {
        JsonNode n = node(path);
        if (!n.isValueNode() || n.asText().isBlank()) {
            throw new InvalidInputException(source + ": " + path + ": expected a value, got '" + n + "'");
        }
        return n.asText().trim();
    }

    public LocalDate date(String path) {
        String t = text(path);
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(source + ": " + path + ": expected a date yyyy-mm-dd, got '" + t + "'");
        }
    }

    /** A mapping of keys to non-negative weights (at least one positive). */
    public Map<String, Double> weights(String path) {
        JsonNode n = node(path);
        if (!n.isObject() || n.isEmpty()) {
            throw new InvalidInputException(source + ": " + path + ": expected a mapping of keys to numbers");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double sum = 0;
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
                throw new InvalidInputException(source + ": " + path + "." + e.getKey()
                        + ": expected a non-negative number, got '" + e.getValue().asText() + "'");
            }
            out.put(e.getKey(), e.getValue().asDouble());
            sum += e.getValue().asDouble();
        }
        if (!(sum > 0)) {
            throw new InvalidInputException(source + ": " + path + ": the weights are all zero");
        }
        return out;
    }

    /** A list of numbers, each in [min, max]. */
    public List<Double> numbers(String path, double min, double max) {
        JsonNode n = node(path);
        if (!n.isArray() || n.isEmpty()) {
            throw new InvalidInputException(source + ": " + path + ": expected a non-empty list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
                throw new InvalidInputException(source + ": " + path + ": expected numbers from " + min + " to " + max
                        + ", got '" + v.asText() + "'");
            }
            out.add(v.asDouble());
        }
        return List.copyOf(out);
    }

    /** The items of a list of mappings, with their paths for messages. */
    public List<JsonNode> items(String path) {
        JsonNode n = node(path);
        if (!n.isArray() || n.isEmpty()) {
            throw new InvalidInputException(source + ": " + path + ": expected a non-empty list");
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
