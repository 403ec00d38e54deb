package org.pupilrisk.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The one strict reading of a settings mapping (a release entry of the scenario, a table, the lifetime simulation's
 * sections): an unknown key or a value of the wrong kind or range is a {@link SettingsException} naming its key path
 * and what was expected; a key left out takes the fallback the caller documents. Values are used exactly as written,
 * never adjusted.
 *
 * <p>Messages read {@code source: where.key: expected ..., got 'value'}; {@code source} is the file (or
 * {@code scenario} for a release entry, whose file the registry does not pass down), {@code where} the mapping's own
 * key path.
 */
public final class SettingsReader {

    /** The source named for a release entry's settings. */
    public static final String SCENARIO = "scenario";

    private final JsonNode node;
    private final String source;
    private final String where;

    private SettingsReader(JsonNode node, String source, String where) {
        this.node = node;
        this.source = source;
        this.where = where;
    }

    /**
     * A mapping of the scenario (source {@value #SCENARIO}).
     *
     * @param node    the mapping (null or YAML null means "all defaults")
     * @param where   its path in the scenario, e.g. {@code releases.suppressed-tables}
     * @param allowed the keys this mapping may hold
     */
    public static SettingsReader of(JsonNode node, String where, Set<String> allowed) {
        return of(node, SCENARIO, where, allowed);
    }

    /**
     * A mapping of {@code source}; {@code allowed} null: any key (a mapping whose keys are data). A release entry read
     * with a null source and an empty {@code where} names keys relative to the entry, and the registry adds the
     * entry's place ({@code releases[2]}) and the file.
     */
    public static SettingsReader of(JsonNode node, String source, String where, Set<String> allowed) {
        if (node != null && !node.isNull() && !node.isMissingNode()) {
            if (!node.isObject()) {
                throw SettingsException.problem(source, where, "expected a mapping of keys to values");
            }
            if (allowed != null) {
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String key = names.next();
                    if (!allowed.contains(key)) {
                        throw where.isEmpty() ? SettingsException.unknownKey(source, key, new TreeSet<>(allowed))
                                : SettingsException.problem(source, where, "unknown key '" + key + "' (expected one of "
                                        + String.join(", ", new TreeSet<>(allowed)) + ")");
                    }
                }
            }
            return new SettingsReader(node, source, where);
        }
        return new SettingsReader(null, source, where);
    }

    public String where() {
        return where;
    }

    public String source() {
        return source;
    }

    /** The key path of one of this mapping's keys, as messages name it. */
    public String path(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    /** An error about {@code key} of this mapping: {@code source: where.key: expected <expected>}. */
    public SettingsException error(String key, String expected) {
        return new SettingsException(path(key), expected).in(source);
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
            throw error(key, "a whole number from " + min + " to " + max + ", got '" + v.asText() + "'");
        }
        return v.asInt();
    }

    /** One whole number or a list of them, each from {@code min} to {@code max}. */
    public List<Integer> integers(String key, List<Integer> fallback, int min, int max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        List<JsonNode> items = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(items::add);
        } else {
            items.add(v);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.canConvertToInt() || !item.isIntegralNumber() || item.asInt() < min || item.asInt() > max) {
                throw error(key, "a whole number from " + min + " to " + max + " (or a list of them), got '"
                        + item.asText() + "'");
            }
            out.add(item.asInt());
        }
        return List.copyOf(out);
    }

    /** A whole number of 64 bits (a seed). */
    public long longValue(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(key, "a whole number, got '" + v.asText() + "'");
        }
        return v.asLong();
    }

    /** A number in (minExclusive, max]. */
    public double number(String key, double fallback, double minExclusive, double max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isNumber() || !(v.asDouble() > minExclusive) || v.asDouble() > max) {
            throw error(key, "a number above " + minExclusive + " and at most " + max + ", got '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    /** Any number; null when the key is left out (the caller checks its range). */
    public Double numberOrNull(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode v = node.get(key);
        if (!v.isNumber()) {
            throw error(key, "a number, got '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    /** A number in [min, max]; null when the key is left out. */
    public Double numberFrom(String key, double min, double max) {
        if (!has(key)) {
            return null;
        }
        JsonNode v = node.get(key);
        if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
            throw error(key, "a number from " + min + " to " + max + ", got '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw error(key, "true or false, got '" + v.asText() + "'");
        }
        return v.asBoolean();
    }

    public String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw error(key, "a non-empty string");
        }
        return v.asText().trim();
    }

    /**
     * One of an enum's constants, written in lower case ({@code star} for {@code STAR}, {@code by-group} or
     * {@code by_group} for {@code BY_GROUP}), any case accepted. A wrong value reads
     * {@code source: where: key must be a, b or c, got 'x'}.
     */
    public <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        String given = v.isValueNode() ? v.asText().trim() : v.toString();
        for (E e : type.getEnumConstants()) {
            if (v.isTextual() && e.name().equalsIgnoreCase(given.replace('-', '_'))) {
                return e;
            }
        }
        List<String> names = names(type);
        String choices = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw SettingsException.problem(source, where.isEmpty() ? key : where,
                (where.isEmpty() ? "" : key + " ") + "must be " + choices + ", got '" + given + "'");
    }

    /** An enum constant as settings write it: {@code STAR} is {@code star}. */
    public static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(name(e));
        }
        return out;
    }

    public List<String> strings(String key, List<String> fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            throw error(key, "a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw error(key, "a list of non-empty strings");
            }
            out.add(item.asText().trim());
        }
        return List.copyOf(out);
    }

    /** A list of mappings, each handed to {@code parse} with its own path. */
    public <T> List<T> list(String key, List<T> fallback, BiFunction<JsonNode, String, T> parse) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isArray() || v.isEmpty()) {
            throw error(key, "a non-empty list");
        }
        List<T> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : v) {
            out.add(parse.apply(item, path(key) + "[" + i + "]"));
            i++;
        }
        return List.copyOf(out);
    }
}
