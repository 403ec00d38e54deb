package org.pupilrisk.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's one place for what each metric of {@code figures.csv} means in plain English, how
 * it is shown (a share as a percentage, a count as a whole number) and which output rule guards it
 * when the input is a user's own data. Formal definitions and sources are in
 * {@code docs/domain.md} §4–6 and the engine's metric classes; these are the sentences a
 * policy reader sees in the methods section.
 *
 * <p>Unknown metrics are allowed: they get {@link Kind#NUMBER}, no definition, and appear only in
 * the appendix.
 */
public final class MetricGlossary {

    /** How a metric is shown and guarded. */
    public enum Kind {
        /**
         * A share of the released records (numerator and denominator are records): shown as a
         * percentage; for user data both the denominator and the implied count of records must
         * reach the output threshold.
         */
        SHARE_OF_RECORDS,
        /** A probability, risk or other share in [0, 1]: shown as a percentage; its denominator must reach the threshold. */
        PROPORTION,
        /** A count of pupils, records or outputs: whole number; below the threshold it is shown as "fewer than N". */
        COUNT,
        /**
         * Any other number (e.g. a mean absolute error): shown as is, guarded by the denominator
         * rule. Unknown metrics are of this kind; for a user's data they are withheld, since the
         * report cannot tell what they reveal.
         */
        NUMBER
    }

    /** A metric as the report knows it. */
    public record Metric(String name, Kind kind, String label, String definition) {
        public boolean known() {
            return definition != null;
        }
    }

    private static final Map<String, Metric> KNOWN = new LinkedHashMap<>();
    private static final Pattern AT_RISK = Pattern.compile("records_at_risk_k(\\d+)");
    private static final Pattern SHARE_ABOVE = Pattern.compile("prosecutor_share_above_([0-9.]+)");

    static {
        define("records", Kind.COUNT, "Records",
                "The number of records in the release for the pupils concerned: the denominator of every share.");
        define("sample_uniqueness", Kind.SHARE_OF_RECORDS, "Unique in release",
                "The share of released records that no other released record matches on the quasi-identifiers: "
                        + "anyone who knows those details and finds a match has found the pupil.");
        define("prosecutor_risk_max", Kind.PROPORTION, "Prosecutor risk (highest)",
                "Prosecutor risk assumes the attacker knows the target is in the release; a record in a group of f "
                        + "matching records is picked correctly with probability 1/f. This is the highest such probability.");
        define("prosecutor_risk_avg", Kind.PROPORTION, "Prosecutor risk (average)",
                "The average of 1/f over released records, which equals the number of distinct groups divided by the number of records.");
        define("journalist_risk_max", Kind.PROPORTION, "Journalist risk (highest)",
                "Journalist risk assumes the attacker does not know whether the target is in the release, so the chance "
                        + "is 1/F where F counts the matching pupils in the whole population. This is the highest such probability.");
        define("journalist_risk_avg", Kind.PROPORTION, "Journalist risk (average)",
                "The average of 1/F over released records, F being the number of matching pupils in the whole population.");
        define("marketer_risk", Kind.PROPORTION, "Marketer risk",
                "The expected share of records an attacker re-identifies by linking the whole release to a population register "
                        + "at once: the sum over groups of f/F, divided by the number of records.");
        define("population_uniqueness", Kind.PROPORTION, "Unique in population",
                "The share of the whole pupil population that is unique on the quasi-identifiers, counted exactly from the simulated population.");
        define("population_uniqueness_zayatz", Kind.PROPORTION, "Population uniqueness (Zayatz estimate)",
                "Zayatz's estimate of population uniqueness from the release alone, as an agency without the population would make it.");
        define("population_uniqueness_pitman", Kind.PROPORTION, "Population uniqueness (Pitman estimate)",
                "Pitman's estimate of population uniqueness from the release alone (Hoshino's Pitman-model estimator).");
        define("population_uniqueness_snb", Kind.PROPORTION, "Population uniqueness (SNB estimate)",
                "The slide negative binomial estimate of population uniqueness (Chen and Keller-McNulty) from the release alone.");
        define("population_uniqueness_dankar", Kind.PROPORTION, "Population uniqueness (Dankar rule)",
                "The estimate chosen by Dankar et al.'s decision rule among the estimators above, as ARX does.");
        define("label_disclosure_rate", Kind.SHARE_OF_RECORDS, "Label disclosed",
                "The share of pupils whose sensitive label (such as the reason for an alternative provision placement) "
                        + "is revealed because every record that matches them carries the same label.");
        define("attack_success_rate", Kind.PROPORTION, "Attack success",
                "In simulated attacks on randomly drawn target pupils, the average chance of picking the target's record: "
                        + "1 divided by the number of released records compatible with what the attacker knows, or 0 when "
                        + "the target's record is not among them. Shown with a 95% confidence interval over the draws.");
        define("attack_claims_rate", Kind.PROPORTION, "Unique match claimed",
                "The share of simulated targets for which exactly one released record matches what the attacker knows, "
                        + "so the attacker would claim a re-identification.");
        define("attack_precision", Kind.PROPORTION, "Claims correct",
                "Of the claimed re-identifications, the share that picked the right pupil.");
        define("label_carried_rate", Kind.SHARE_OF_RECORDS, "Still carry an earlier label",
                "Of the pupils in a later year's extract, the share who still carry a sensitive label recorded in an earlier "
                        + "year: records are linked across years and kept indefinitely.");
        define("linked_uniqueness", Kind.SHARE_OF_RECORDS, "Unique when years are linked",
                "The share of pupils whose linked history across census years (for example the sequence of schools or "
                        + "postcode districts with date of birth and sex) is unique.");
        define("kanon_information_loss", Kind.PROPORTION, "Information loss",
                "How much detail generalisation removed from the quasi-identifiers (0% = none, 100% = everything).");
        define("kanon_suppressed_share", Kind.SHARE_OF_RECORDS, "Records suppressed",
                "The share of records removed from the release so that every remaining group is large enough.");
        define("suppressed_cells_recovered_exact_share", Kind.PROPORTION, "Suppressed cells recovered exactly",
                "Of the cells hidden by small-number suppression, the share whose exact value can be worked out from "
                        + "everything else published (the audit's interval has zero width).");
        define("suppressed_cells_presence_disclosed_share", Kind.PROPORTION, "Suppressed cells shown non-empty",
                "Of the suppressed cells, the share that must hold at least one pupil given everything published: "
                        + "the label of someone in that group is disclosed.");
        define("pupils_label_certain", Kind.COUNT, "Pupils whose label becomes certain",
                "The number of pupils whose sensitive label an attacker can be certain of from the published tables.");
        define("outputs_approved", Kind.COUNT, "Outputs approved",
                "The number of research outputs that passed output checking and left the secure environment.");
        define("pupils_disclosed_by_differencing", Kind.COUNT, "Pupils disclosed by differencing",
                "The number of pupils whose label is revealed by subtracting one approved output from another.");
        define("cells_suppressed_or_perturbed_share", Kind.PROPORTION, "Cells suppressed or changed",
                "The share of table cells suppressed, rounded or perturbed before publication.");
        define("outputs_submitted", Kind.COUNT, "Outputs submitted",
                "The number of research outputs submitted for output checking.");
        define("outputs_approved_share", Kind.PROPORTION, "Outputs approved (share)",
                "The share of submitted research outputs that passed output checking.");
        define("groups_disclosed_by_differencing", Kind.COUNT, "Groups disclosed by differencing",
                "The number of small groups of pupils isolated by subtracting one approved output from another.");
        define("kanon_discernibility", Kind.NUMBER, "Discernibility",
                "The discernibility cost of the k-anonymised release: each record is charged the size of its group "
                        + "(suppressed records the size of the release), so the coarser the groups, the higher the cost.");
        define("kanon_classes", Kind.COUNT, "Groups in the release",
                "The number of distinct groups (equivalence classes) of records in the k-anonymised release.");
        define("cells_suppressed_share", Kind.PROPORTION, "Cells suppressed or perturbed",
                "The share of table cells suppressed (or perturbed by noise) before publication: the analyst's loss.");
        define("workload_mae", Kind.NUMBER, "Query error (mean absolute)",
                "The mean absolute error, in pupils, of a fixed set of analytic queries answered from the release "
                        + "instead of the true population.");
        define("workload_mre", Kind.PROPORTION, "Query error (mean relative)",
                "The mean relative error of the same fixed set of analytic queries.");
    }

    private MetricGlossary() {
    }

    private static void define(String name, Kind kind, String label, String definition) {
        KNOWN.put(name, new Metric(name, kind, label, definition));
    }

    /** The metric as the report knows it; unknown names come back as {@link Kind#NUMBER} without a definition. */
    public static Metric of(String name) {
        Metric m = KNOWN.get(name);
        if (m != null) {
            return m;
        }
        Matcher k = AT_RISK.matcher(name);
        if (k.matches()) {
            return new Metric(name, Kind.SHARE_OF_RECORDS, "In a group smaller than " + k.group(1),
                    "The share of released records whose group of matching records is smaller than " + k.group(1)
                            + " (fewer than " + k.group(1) + " records share their quasi-identifiers).");
        }
        Matcher s = SHARE_ABOVE.matcher(name);
        if (s.matches()) {
            return new Metric(name, Kind.SHARE_OF_RECORDS, "Prosecutor risk above " + s.group(1),
                    "The share of released records whose prosecutor risk 1/f exceeds " + s.group(1)
                            + ", a threshold used in published guidance.");
        }
        if (name.startsWith("kanon_level_")) {
            String column = name.substring("kanon_level_".length());
            return new Metric(name, Kind.NUMBER, "Generalisation level of " + column,
                    "How far the k-anonymised release generalised " + column + ": 0 keeps it as recorded, each level "
                            + "coarsens it one step up its hierarchy (for example date of birth to month to year).");
        }
        if (name.startsWith("kanon_information_loss_")) {
            String column = name.substring("kanon_information_loss_".length());
            return new Metric(name, Kind.PROPORTION, "Information loss in " + column,
                    "How much detail generalisation removed from " + column + " (0% = none, 100% = everything).");
        }
        Optional<String> label = labelOf(name);
        if (label.isPresent()) {
            Metric base = KNOWN.get("label_disclosure_rate");
            return new Metric(name, base.kind(), base.label() + " (" + label.get() + ")", base.definition());
        }
        return new Metric(name, Kind.NUMBER, name, null);
    }

    /**
     * The sensitive label a per-label disclosure metric names, e.g. {@code APReason} in
     * {@code label_disclosure_rate:APReason}; empty for the plain metric and for other metrics.
     */
    public static Optional<String> labelOf(String metric) {
        String base = "label_disclosure_rate";
        if (!metric.startsWith(base) || metric.length() <= base.length() + 1) {
            return Optional.empty();
        }
        char sep = metric.charAt(base.length());
        if (":._[(/".indexOf(sep) < 0) {
            return Optional.empty();
        }
        String label = metric.substring(base.length() + 1);
        if (label.endsWith("]") || label.endsWith(")")) {
            label = label.substring(0, label.length() - 1);
        }
        return label.isEmpty() ? Optional.empty() : Optional.of(label);
    }

    /** True for the label-disclosure metric, plain or per label. */
    public static boolean isLabelDisclosure(String metric) {
        return metric.equals("label_disclosure_rate") || labelOf(metric).isPresent();
    }

    /** Metrics with a definition, in the order the methods section lists them. */
    public static Iterable<Metric> known() {
        return KNOWN.values();
    }
}
