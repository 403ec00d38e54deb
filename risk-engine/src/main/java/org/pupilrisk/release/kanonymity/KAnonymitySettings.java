package org.pupilrisk.release.kanonymity;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.pupilrisk.anonymity.Measure;
import org.pupilrisk.anonymity.PrivacyModel;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.SettingsReader;

/**
 * The scenario entry of a {@code k-anonymous} release, validated.
 *
 * <pre>
 * - release: k-anonymous
 *   k: [2, 5, 10]               # one release per k
 *   qi: neighbour               # a QI set of the scenario, or a list of columns
 *   sensitive: APReason         # needed for l / t
 *   l_diversity: distinct       # distinct | entropy (optional)
 *   l: 2
 *   t: 0.2                      # equal-distance t-closeness (optional)
 *   suppression_limit: 0.05     # share of records that may be suppressed
 *   measure: loss               # loss | discernibility
 *   hierarchies: path/to/dir    # ARX CSV hierarchies; built-ins for columns without a file
 *   suppressed_records: drop    # drop | star
 *   format: parquet             # parquet | csv (csv when the input was CSV)
 *   other_columns: drop         # drop | keep: the extract's other columns (see GeneralisedRelease.OtherColumns)
 * </pre>
 *
 * @param ks               one release per value
 * @param qiSet            the scenario QI set to generalise, or null when {@code qiColumns} are given
 * @param qiColumns        explicit columns, or empty when {@code qiSet} names a set (or neither: the first set)
 */
public record KAnonymitySettings(List<Integer> ks, String qiSet, List<String> qiColumns, String sensitive,
                                 PrivacyModel.Diversity diversity, double l, Double t, double suppressionLimit,
                                 Measure measure, Path hierarchies, GeneralisedRelease.SuppressedRecords suppressedRecords,
                                 GeneralisedRelease.Format format, GeneralisedRelease.OtherColumns otherColumns) {

    public static final Set<String> KEYS = Set.of("release", "k", "qi", "sensitive", "l_diversity", "l", "t",
            "suppression_limit", "measure", "hierarchies", "suppressed_records", "format", "other_columns");

    public KAnonymitySettings {
        ks = List.copyOf(ks);
        qiColumns = List.copyOf(qiColumns);
        if (ks.isEmpty()) {
            throw new InvalidInputException("k-anonymous: k needs at least one value");
        }
        for (int k : ks) {
            if (k < 1) {
                throw new InvalidInputException("k-anonymous: k must be at least 1, was " + k);
            }
        }
        if ((diversity != PrivacyModel.Diversity.NONE || t != null) && sensitive == null) {
            throw new InvalidInputException("k-anonymous: l_diversity and t need a 'sensitive' attribute");
        }
        if (diversity != PrivacyModel.Diversity.NONE && !(l >= 1)) {
            throw new InvalidInputException("k-anonymous: l must be a number >= 1, was " + l);
        }
        if (t != null && !(t >= 0 && t <= 1)) {
            throw new InvalidInputException("k-anonymous: t must be in [0, 1], was " + t);
        }
        if (!(suppressionLimit >= 0 && suppressionLimit <= 1)) {
            throw new InvalidInputException("k-anonymous: suppression_limit must be in [0, 1], was " + suppressionLimit);
        }
    }

    /** The privacy model for one k. */
    public PrivacyModel model(int k) {
        return new PrivacyModel(k, diversity, l, t, suppressionLimit);
    }

    /** The entry's place in messages. */
    public static final String WHERE = "releases.k-anonymous";

    /** Every key at its default: k 2, 5 and 10 over the scenario's first QI set, no l or t, 5% suppression. */
    public static KAnonymitySettings defaults() {
        return new KAnonymitySettings(List.of(2, 5, 10), null, List.of(), null, PrivacyModel.Diversity.NONE, 0, null, 0.05,
                Measure.LOSS, null, GeneralisedRelease.SuppressedRecords.DROP, GeneralisedRelease.Format.PARQUET,
                GeneralisedRelease.OtherColumns.DROP);
    }

    /** These settings with other values of k. */
    public KAnonymitySettings withKs(List<Integer> newKs) {
        return new KAnonymitySettings(newKs, qiSet, qiColumns, sensitive, diversity, l, t, suppressionLimit, measure,
                hierarchies, suppressedRecords, format, otherColumns);
    }

    /** These settings generalising these columns (no QI set). */
    public KAnonymitySettings withQiColumns(List<String> columns) {
        return new KAnonymitySettings(ks, null, columns, sensitive, diversity, l, t, suppressionLimit, measure,
                hierarchies, suppressedRecords, format, otherColumns);
    }

    /** These settings with another suppression limit. */
    public KAnonymitySettings withSuppressionLimit(double limit) {
        return new KAnonymitySettings(ks, qiSet, qiColumns, sensitive, diversity, l, t, limit, measure,
                hierarchies, suppressedRecords, format, otherColumns);
    }

    /** These settings reading ARX hierarchies from {@code dir}. */
    public KAnonymitySettings withHierarchies(Path dir) {
        return new KAnonymitySettings(ks, qiSet, qiColumns, sensitive, diversity, l, t, suppressionLimit, measure,
                dir, suppressedRecords, format, otherColumns);
    }

    /** These settings writing the release in another format. */
    public KAnonymitySettings withFormat(GeneralisedRelease.Format newFormat) {
        return new KAnonymitySettings(ks, qiSet, qiColumns, sensitive, diversity, l, t, suppressionLimit, measure,
                hierarchies, suppressedRecords, newFormat, otherColumns);
    }

    /** Parses and validates the scenario entry (its keys as in the class comment; {@code release} is an old alias of {@code model}). */
    public static KAnonymitySettings fromYaml(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw SettingsException.problem(SettingsReader.SCENARIO, WHERE, "expected a mapping of keys to values");
        }
        SettingsReader r = SettingsReader.of(node, WHERE, KEYS);
        KAnonymitySettings d = defaults();
        List<Integer> ks = r.integers("k", d.ks(), Integer.MIN_VALUE, Integer.MAX_VALUE);
        String qiSet = null;
        List<String> qiColumns = List.of();
        JsonNode qi = r.raw("qi");
        if (qi != null && qi.isTextual()) {
            qiSet = r.text("qi", null);
        } else if (qi != null) {
            qiColumns = r.strings("qi", List.of());
            if (qiColumns.isEmpty()) {
                throw r.error("qi", "a QI set name or a non-empty list of columns");
            }
        }
        PrivacyModel.Diversity diversity = r.choice("l_diversity", PrivacyModel.Diversity.NONE, PrivacyModel.Diversity.class);
        if (r.has("l_diversity") && diversity == PrivacyModel.Diversity.NONE) {
            throw r.error("l_diversity", "distinct or entropy, got 'none' (leave the key out for no l-diversity)");
        }
        Double l = r.numberOrNull("l");
        if (l != null && diversity == PrivacyModel.Diversity.NONE) {
            diversity = PrivacyModel.Diversity.DISTINCT;
        } else if (l == null && diversity != PrivacyModel.Diversity.NONE) {
            throw r.error("l", "a number (l_diversity needs l)");
        }
        Double limit = r.numberOrNull("suppression_limit");
        String dir = r.text("hierarchies", null);
        return new KAnonymitySettings(ks, qiSet, qiColumns, r.text("sensitive", null), diversity, l == null ? 0 : l,
                r.numberOrNull("t"), limit == null ? d.suppressionLimit() : limit,
                r.choice("measure", d.measure(), Measure.class), dir == null ? null : Path.of(dir),
                r.choice("suppressed_records", d.suppressedRecords(), GeneralisedRelease.SuppressedRecords.class),
                r.choice("format", d.format(), GeneralisedRelease.Format.class),
                r.choice("other_columns", d.otherColumns(), GeneralisedRelease.OtherColumns.class));
    }

    /**
     * The scenario entry that {@link #fromYaml} reads back into equal settings: {@code model: k-anonymous} and every
     * key with its value, defaults filled in, keys without a value (no sensitive attribute, no t, ...) left out. The
     * command line's {@code --release k-anonymous} writes this into the run's scenario.yaml, which {@code --rerun}
     * replays.
     */
    public ObjectNode toTree() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("model", "k-anonymous");
        ks.forEach(o.putArray("k")::add);
        if (qiSet != null) {
            o.put("qi", qiSet);
        } else if (!qiColumns.isEmpty()) {
            qiColumns.forEach(o.putArray("qi")::add);
        }
        if (sensitive != null) {
            o.put("sensitive", sensitive);
        }
        if (diversity != PrivacyModel.Diversity.NONE) {
            o.put("l_diversity", SettingsReader.name(diversity));
            o.put("l", l);
        }
        if (t != null) {
            o.put("t", t);
        }
        o.put("suppression_limit", suppressionLimit);
        o.put("measure", SettingsReader.name(measure));
        if (hierarchies != null) {
            o.put("hierarchies", hierarchies.toString());
        }
        o.put("suppressed_records", SettingsReader.name(suppressedRecords));
        o.put("format", SettingsReader.name(format));
        o.put("other_columns", SettingsReader.name(otherColumns));
        return o;
    }
}
