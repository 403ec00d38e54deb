package org.pupilrisk.release.tables.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pupilrisk.input.InvalidInputException;

/**
 * Reads one mapping of the scenario file strictly: unknown keys and values of the wrong kind are
 * rejected with a one-line message naming the key path and what was expected.
 */
public final class SettingsReader {

    private final JsonNode node;
    private final String where;

    private SettingsReader(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    /**
     * @param node    the mapping (null or YAML null means "all defaults")
     * @param where   its path in the scenario, e.g. {@code releases.suppressed-tables}
     * @param allowed the keys this mapping may hold
     */
    public static SettingsReader of(JsonNode node, String where, Set<String> allowed) {
        if (node != null && !node.isNull() && !node.isMissingNode()) {
            if (!node.isObject()) {
                throw new InvalidInputException("scenario: " + where + " must be a mapping of keys to values");
            }
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!allowed.contains(key)) {
                    throw new InvalidInputException("scenario: " + where + ": unknown key '" + key
                            + "' (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
                }
            }
            return new SettingsReader(node, where);
        }
        return new SettingsReader(null, where);
    }

    public String where() {
        return where;
    }

    public boolean has(String key) {
        return node != null && node.has(key) && !node.get(key).isNull();
    }

    public JsonNode raw(String key) {
        return has(key) ? node.get(key) : null;
    }

    public int integer(String key, int fallback, int min, int max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw new InvalidInputException("scenario: " + where + "." + key + ": expected a whole number from "
                    + min + " to " + max + ", got '" + v.asText() + "'");
        }
        return v.asInt();
    }

    public double number(String key, double fallback, double minExclusive, double max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isNumber() || !(v.asDouble() > minExclusive) || v.asDouble() > max) {
            throw new InvalidInputException("scenario: " + where + "." + key + ": expected a number above "
                    + minExclusive + " and at most " + max + ", got '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw new InvalidInputException("scenario: " + where + "." + key + ": expected true or false, got '"
                    + v.asText() + "'");
        }
        return v.asBoolean();
    }

    public String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInputException("scenario: " + where + "." + key + ": expected a non-empty string");
        }
        return v.asText().trim();
    }

    public List<String> strings(String key, List<String> fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            throw new InvalidInputException("scenario: " + where + "." + key + ": expected a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new InvalidInputException("scenario: " + where + "." + key + ": expected a list of non-empty strings");
            }
            out.add(item.asText().trim());
        }
        return List.copyOf(out);
    }

    /** A list of mappings, each handed to {@code parse} with its own path. */
    public <T> List<T> list(String key, List<T> fallback, java.util.function.BiFunction<JsonNode, String, T> parse) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isArray() || v.isEmpty()) {
            throw new InvalidInputException("scenario: " + where + "." + key + ": expected a non-empty list");
        }
        List<T> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : v) {
            out.add(parse.apply(item, where + "." + key + "[" + i + "]"));
            i++;
        }
        return List.copyOf(out);
    }
}
