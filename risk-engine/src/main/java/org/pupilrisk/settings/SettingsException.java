package org.pupilrisk.settings;

import org.pupilrisk.input.InvalidInputException;

/**
 * A settings value that is not what was expected: the one error type of every settings reading (the scenario, each
 * release model's entry, the generator's and the lifetime simulation's settings). It carries the key path
 * ({@code releases[2].k}, {@code ledger.shares_per_year.2020}) and, once known, the file it came from; its message is
 * the one line the CLI prints: {@code [source: ]key: problem}.
 */
public final class SettingsException extends InvalidInputException {

    private final String source;
    private final String key;
    private final String problem;
    /** Null, or the keys a mapping holds: the message is {@code [source: ]unknown key 'key' (expected one of ...)}. */
    private final String known;

    /** {@code key: expected <expected>}, its source not yet known. */
    public SettingsException(String key, String expected) {
        this(null, key, "expected " + expected, null);
    }

    private SettingsException(String source, String key, String problem, String known) {
        super((source == null ? "" : source + ": ")
                + (known == null ? key + ": " + problem : "unknown key '" + key + "' (expected one of " + known + ")"));
        this.source = source;
        this.key = key;
        this.problem = problem;
        this.known = known;
    }

    /** A problem worded other than "expected ...", e.g. {@code unknown key 'kk' (expected one of ...)}. */
    public static SettingsException problem(String source, String key, String problem) {
        return new SettingsException(source, key, problem, null);
    }

    /** A key a mapping does not hold, named by its whole path: {@code [source: ]unknown key 'ledger.x' (expected one of a, b)}. */
    public static SettingsException unknownKey(String source, String keyPath, java.util.Collection<String> known) {
        return new SettingsException(source, keyPath, null, String.join(", ", known));
    }

    /** The key path, e.g. {@code monte_carlo_draws} or {@code releases[0].model}. */
    public String key() {
        return key;
    }

    /** The file (or "scenario", "defaults") the value came from; null while the reader did not know it. */
    public String source() {
        return source;
    }

    /** The same problem under a longer key path: {@code prefix.key} ({@code prefix[i]...} for an index). */
    public SettingsException under(String prefix) {
        return new SettingsException(source, key.startsWith("[") ? prefix + key : prefix + "." + key, problem, known);
    }

    /** The same problem, naming the file it is in. */
    public SettingsException in(String file) {
        return new SettingsException(file, key, problem, known);
    }
}
