package org.pupilrisk.release.kanonymity;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.anonymity.PrivacyModel;
import org.pupilrisk.anonymity.Measure;

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

    static final Set<String> KEYS = Set.of("release", "k", "qi", "sensitive", "l_diversity", "l", "t",
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

    /** Parses and validates the scenario entry. */
    public static KAnonymitySettings fromYaml(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("k-anonymous: settings must be a mapping");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new InvalidInputException("k-anonymous: unknown key '" + key + "' (expected one of "
                        + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        List<Integer> ks = new ArrayList<>();
        JsonNode k = node.get("k");
        if (k == null) {
            ks.addAll(List.of(2, 5, 10));
        } else if (k.isArray()) {
            for (JsonNode v : k) {
                ks.add(integer(v, "k"));
            }
        } else {
            ks.add(integer(k, "k"));
        }
        String qiSet = null;
        List<String> qiColumns = new ArrayList<>();
        JsonNode qi = node.get("qi");
        if (qi != null) {
            if (qi.isTextual()) {
                qiSet = qi.asText();
            } else if (qi.isArray() && qi.size() > 0) {
                for (JsonNode v : qi) {
                    if (!v.isTextual() || v.asText().isBlank()) {
                        throw new InvalidInputException("k-anonymous: qi must list column names, found " + v);
                    }
                    qiColumns.add(v.asText());
                }
            } else {
                throw new InvalidInputException("k-anonymous: qi must be a QI set name or a non-empty list of columns");
            }
        }
        String sensitive = text(node, "sensitive");
        PrivacyModel.Diversity diversity = PrivacyModel.Diversity.NONE;
        String variant = text(node, "l_diversity");
        if (variant != null) {
            diversity = switch (variant.toLowerCase(Locale.ROOT)) {
                case "distinct" -> PrivacyModel.Diversity.DISTINCT;
                case "entropy" -> PrivacyModel.Diversity.ENTROPY;
                default -> throw new InvalidInputException("k-anonymous: l_diversity must be distinct or entropy, was '"
                        + variant + "'");
            };
        }
        double l = 0;
        if (node.has("l")) {
            l = number(node.get("l"), "l");
            if (variant == null) {
                diversity = PrivacyModel.Diversity.DISTINCT;
            }
        } else if (variant != null) {
            throw new InvalidInputException("k-anonymous: l_diversity needs l");
        }
        Double t = node.has("t") ? number(node.get("t"), "t") : null;
        double limit = node.has("suppression_limit") ? number(node.get("suppression_limit"), "suppression_limit") : 0.05;
        Measure measure = Measure.LOSS;
        String m = text(node, "measure");
        if (m != null) {
            measure = switch (m.toLowerCase(Locale.ROOT)) {
                case "loss" -> Measure.LOSS;
                case "discernibility" -> Measure.DISCERNIBILITY;
                default -> throw new InvalidInputException("k-anonymous: measure must be loss or discernibility, was '"
                        + m + "'");
            };
        }
        String dir = text(node, "hierarchies");
        GeneralisedRelease.SuppressedRecords mode = GeneralisedRelease.SuppressedRecords.DROP;
        String sr = text(node, "suppressed_records");
        if (sr != null) {
            mode = switch (sr.toLowerCase(Locale.ROOT)) {
                case "drop" -> GeneralisedRelease.SuppressedRecords.DROP;
                case "star" -> GeneralisedRelease.SuppressedRecords.STAR;
                default -> throw new InvalidInputException("k-anonymous: suppressed_records must be drop or star, was '"
                        + sr + "'");
            };
        }
        GeneralisedRelease.Format format = GeneralisedRelease.Format.PARQUET;
        String f = text(node, "format");
        if (f != null) {
            format = switch (f.toLowerCase(Locale.ROOT)) {
                case "parquet" -> GeneralisedRelease.Format.PARQUET;
                case "csv" -> GeneralisedRelease.Format.CSV;
                default -> throw new InvalidInputException("k-anonymous: format must be parquet or csv, was '" + f + "'");
            };
        }
        GeneralisedRelease.OtherColumns other = GeneralisedRelease.OtherColumns.DROP;
        String o = text(node, "other_columns");
        if (o != null) {
            other = switch (o.toLowerCase(Locale.ROOT)) {
                case "drop" -> GeneralisedRelease.OtherColumns.DROP;
                case "keep" -> GeneralisedRelease.OtherColumns.KEEP;
                default -> throw new InvalidInputException("k-anonymous: other_columns must be drop or keep, was '" + o + "'");
            };
        }
        return new KAnonymitySettings(ks, qiSet, qiColumns, sensitive, diversity, l, t, limit, measure,
                dir == null ? null : Path.of(dir), mode, format, other);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInputException("k-anonymous: " + key + " must be a non-empty string, was " + v);
        }
        return v.asText();
    }

    private static int integer(JsonNode v, String key) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidInputException("k-anonymous: " + key + " must be a whole number, was " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode v, String key) {
        if (!v.isNumber()) {
            throw new InvalidInputException("k-anonymous: " + key + " must be a number, was " + v);
        }
        return v.asDouble();
    }
}
