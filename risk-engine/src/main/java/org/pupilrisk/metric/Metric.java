package org.pupilrisk.metric;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metric catalogue: every metric {@code figures.csv} may hold, with its name (the {@code metric}
 * column), its kind (how it is shown and which output rule guards it), its unit, a short label and a
 * plain-English definition. The engine writes these names, the report's glossary reads these labels
 * and definitions, and a test checks that docs/ documents every one. Formulas and sources are in the
 * Javadoc of the class that computes each (e.g. {@link SampleUniqueness}) and in docs/metrics.md.
 *
 * <p>Some metrics come in families named by a parameter: {@code records_at_risk_k5},
 * {@code prosecutor_share_above_0.1}, {@code kanon_level_<column>}, {@code kanon_information_loss_<column>}
 * and {@code label_disclosure_rate.<attribute>}; {@link #lookup(String)} knows them too. Each entry and each
 * family factory ({@link #recordsAtRisk(int)}, {@link #exposure(String, String)}, ...) is a {@link MetricKey}, the
 * type {@link Figure}'s factories take, so the engine never spells a metric's name itself.
 */
public enum Metric implements MetricKey {
    RECORDS("records", Kind.COUNT, "records", "Records",
            "The number of records in the release for the pupils concerned: the denominator of every share."),
    SAMPLE_UNIQUENESS("sample_uniqueness", Kind.SHARE_OF_RECORDS, "share of records", "Unique in release",
            "The share of released records that no other released record matches on the quasi-identifiers: anyone who knows those details and finds a match has found the pupil."),
    PROSECUTOR_RISK_MAX("prosecutor_risk_max", Kind.PROPORTION, "probability", "Prosecutor risk (highest)",
            "Prosecutor risk assumes the attacker knows the target is in the release; a record in a group of f matching records is picked correctly with probability 1/f. This is the highest such probability."),
    PROSECUTOR_RISK_AVG("prosecutor_risk_avg", Kind.PROPORTION, "probability", "Prosecutor risk (average)",
            "The average of 1/f over released records, which equals the number of distinct groups divided by the number of records."),
    JOURNALIST_RISK_MAX("journalist_risk_max", Kind.PROPORTION, "probability", "Journalist risk (highest)",
            "Journalist risk assumes the attacker does not know whether the target is in the release, so the chance is 1/F where F counts the matching pupils in the whole population. This is the highest such probability."),
    JOURNALIST_RISK_AVG("journalist_risk_avg", Kind.PROPORTION, "probability", "Journalist risk (average)",
            "The average of 1/F over released records, F being the number of matching pupils in the whole population."),
    MARKETER_RISK("marketer_risk", Kind.PROPORTION, "probability", "Marketer risk",
            "The expected share of records an attacker re-identifies by linking the whole release to a population register at once: the sum over groups of f/F, divided by the number of records."),
    POPULATION_UNIQUENESS("population_uniqueness", Kind.PROPORTION, "share of pupils", "Unique in population",
            "The share of the whole pupil population that is unique on the quasi-identifiers, counted exactly from the simulated population."),
    SAMPLE_UNIQUES_POPULATION_UNIQUE("sample_uniques_population_unique", Kind.PROPORTION, "share of sample uniques",
            "Unique in release and population",
            "Of the records unique in the release, the share whose pupil is also unique in the whole population: "
                    + "finding such a match identifies the pupil for certain, even for an attacker who does not know who was released."),
    POPULATION_UNIQUENESS_ZAYATZ("population_uniqueness_zayatz", Kind.PROPORTION, "share of pupils", "Population uniqueness (Zayatz estimate)",
            "Zayatz's estimate of population uniqueness from the release alone, as an agency without the population would make it."),
    POPULATION_UNIQUENESS_PITMAN("population_uniqueness_pitman", Kind.PROPORTION, "share of pupils", "Population uniqueness (Pitman estimate)",
            "Pitman's estimate of population uniqueness from the release alone (Hoshino's Pitman-model estimator)."),
    POPULATION_UNIQUENESS_SNB("population_uniqueness_snb", Kind.PROPORTION, "share of pupils", "Population uniqueness (SNB estimate)",
            "The slide negative binomial estimate of population uniqueness (Chen and Keller-McNulty) from the release alone."),
    POPULATION_UNIQUENESS_DANKAR("population_uniqueness_dankar", Kind.PROPORTION, "share of pupils", "Population uniqueness (Dankar rule)",
            "The estimate chosen by Dankar et al.'s decision rule among the estimators above, as ARX does."),
    LABEL_DISCLOSURE_RATE("label_disclosure_rate", Kind.SHARE_OF_RECORDS, "share of records", "Label disclosed",
            "The share of pupils whose sensitive label (such as the reason for an alternative provision placement) is revealed because every record that matches them carries the same label."),
    ATTACK_SUCCESS_RATE("attack_success_rate", Kind.PROPORTION, "probability", "Attack success",
            "In simulated attacks on randomly drawn target pupils, the average chance of picking the target's record: 1 divided by the number of released records compatible with what the attacker knows, or 0 when the target's record is not among them. Shown with a 95% confidence interval over the draws."),
    ATTACK_CLAIMS_RATE("attack_claims_rate", Kind.PROPORTION, "share of targets", "Unique match claimed",
            "The share of simulated targets for which exactly one released record matches what the attacker knows, so the attacker would claim a re-identification."),
    ATTACK_PRECISION("attack_precision", Kind.PROPORTION, "share of claims", "Claims correct",
            "Of the claimed re-identifications, the share that picked the right pupil."),
    LABEL_CARRIED_RATE("label_carried_rate", Kind.SHARE_OF_RECORDS, "share of records", "Still carry an earlier label",
            "Of the pupils of a later census year, the share still linked to a sensitive label recorded in an earlier year that no longer applies (a past alternative provision placement, an old exclusion, a past SEN need): records are linked across years and kept indefinitely. A label the current record shows anyway is not counted."),
    LINKED_UNIQUENESS("linked_uniqueness", Kind.SHARE_OF_RECORDS, "share of records", "Unique when years are linked",
            "The share of pupils whose linked history across census years (for example the sequence of schools or postcode districts with date of birth and sex) is unique."),
    KANON_INFORMATION_LOSS("kanon_information_loss", Kind.PROPORTION, "share of detail removed", "Information loss",
            "How much detail generalisation removed from the quasi-identifiers (0% = none, 100% = everything)."),
    KANON_SUPPRESSED_SHARE("kanon_suppressed_share", Kind.SHARE_OF_RECORDS, "share of records", "Records suppressed",
            "The share of records removed from the release so that every remaining group is large enough."),
    SUPPRESSED_CELLS_RECOVERED_EXACT_SHARE("suppressed_cells_recovered_exact_share", Kind.PROPORTION, "share of suppressed cells", "Suppressed cells recovered exactly",
            "Of the cells hidden by small-number suppression, the share whose exact value can be worked out from everything else published (the audit's interval has zero width)."),
    SUPPRESSED_CELLS_PRESENCE_DISCLOSED_SHARE("suppressed_cells_presence_disclosed_share", Kind.PROPORTION, "share of suppressed cells", "Suppressed cells shown non-empty",
            "Of the suppressed cells, the share that must hold at least one pupil given everything published: the label of someone in that group is disclosed."),
    PUPILS_LABEL_CERTAIN("pupils_label_certain", Kind.COUNT, "pupils", "Pupils whose label becomes certain",
            "The number of pupils whose sensitive label an attacker can be certain of from the published tables."),
    OUTPUTS_APPROVED("outputs_approved", Kind.COUNT, "outputs", "Outputs approved",
            "The number of research outputs that passed output checking and left the secure environment."),
    PUPILS_DISCLOSED_BY_DIFFERENCING("pupils_disclosed_by_differencing", Kind.COUNT, "pupils", "Pupils disclosed by differencing",
            "The number of pupils whose label is revealed by subtracting one approved output from another."),
    CELLS_SUPPRESSED_OR_PERTURBED_SHARE("cells_suppressed_or_perturbed_share", Kind.PROPORTION, "share of cells", "Cells suppressed or changed",
            "The share of table cells suppressed, rounded or perturbed before publication."),
    OUTPUTS_SUBMITTED("outputs_submitted", Kind.COUNT, "outputs", "Outputs submitted",
            "The number of research outputs submitted for output checking."),
    OUTPUTS_APPROVED_SHARE("outputs_approved_share", Kind.PROPORTION, "share of outputs", "Outputs approved (share)",
            "The share of submitted research outputs that passed output checking."),
    GROUPS_DISCLOSED_BY_DIFFERENCING("groups_disclosed_by_differencing", Kind.COUNT, "groups", "Groups disclosed by differencing",
            "The number of small groups of pupils isolated by subtracting one approved output from another."),
    KANON_DISCERNIBILITY("kanon_discernibility", Kind.NUMBER, "records (summed class sizes)", "Discernibility",
            "The discernibility cost of the k-anonymised release: each record is charged the size of its group (suppressed records the size of the release), so the coarser the groups, the higher the cost."),
    KANON_CLASSES("kanon_classes", Kind.COUNT, "classes", "Groups in the release",
            "The number of distinct groups (equivalence classes) of records in the k-anonymised release."),
    CELLS_SUPPRESSED_SHARE("cells_suppressed_share", Kind.PROPORTION, "share of cells", "Cells suppressed or perturbed",
            "The share of table cells suppressed (or perturbed by noise) before publication: the analyst's loss."),
    WORKLOAD_MAE("workload_mae", Kind.NUMBER, "pupils", "Query error (mean absolute)",
            "The mean absolute error, in pupils, of a fixed set of analytic queries answered from the release instead of the true population."),
    WORKLOAD_MRE("workload_mre", Kind.PROPORTION, "relative error", "Query error (mean relative)",
            "The mean relative error of the same fixed set of analytic queries."),
    PRIMARY_CELLS_RECOVERED_EXACT_SHARE("primary_cells_recovered_exact_share", Kind.PROPORTION, "share of primary cells",
            "Small cells recovered exactly",
            "Of the primary (small) cells hidden by suppression, the share whose exact value can be worked out from everything else published."),
    ROWS_LABEL_CERTAIN("rows_label_certain", Kind.COUNT, "rows", "Rows whose label becomes certain",
            "The number of published rows whose pupils' sensitive label an attacker can be certain of from the published tables."),
    AUDIT_SUBTABLES("audit_subtables", Kind.NUMBER, "sub-tables", "Audit sub-tables",
            "The number of independent sub-tables the interval audit split the uncertain cells into."),
    AUDIT_SUBTABLES_SOLVED_BY_LP("audit_subtables_solved_by_lp", Kind.NUMBER, "sub-tables", "Audit sub-tables solved by linear programming",
            "The number of those sub-tables the interval audit bounded by linear programming."),
    AUDIT_LARGEST_SUBTABLE_CELLS("audit_largest_subtable_cells", Kind.NUMBER, "cells", "Largest audit sub-table",
            "The number of uncertain cells in the interval audit's largest sub-table."),
    AUDIT_CELLS_BOUNDED_BY_PROPAGATION_ONLY("audit_cells_bounded_by_propagation_only", Kind.NUMBER, "cells",
            "Cells bounded by propagation only",
            "Cells of sub-tables too large for linear programming: their bounds are exact for each table alone but may be looser than a joint solution."),
    EPSILON("epsilon", Kind.NUMBER, "privacy loss (epsilon)", "Privacy loss per table (epsilon)",
            "The differential-privacy parameter epsilon each published table was given: the smaller, the more noise."),
    EPSILON_PER_CELL("epsilon_per_cell", Kind.NUMBER, "privacy loss (epsilon)", "Privacy loss per level (epsilon)",
            "The epsilon each level of a table's cells gets: the table's epsilon split evenly over its levels."),
    EPSILON_SPENT("epsilon_spent", Kind.NUMBER, "privacy loss (epsilon)", "Privacy budget spent (epsilon)",
            "The total epsilon the published tables spent together."),
    EPSILON_BUDGET("epsilon_budget", Kind.NUMBER, "privacy loss (epsilon)", "Privacy budget (epsilon)",
            "The total epsilon the release was allowed to spend."),
    SMALL_CELLS_RECOVERED_EXACT_SHARE("small_cells_recovered_exact_share", Kind.PROPORTION, "share of small cells",
            "Small cells recovered by differencing",
            "Of the small true cells, the share for which the published parent minus the published siblings gives the exact value."),
    SMALL_CELLS_PUBLISHED_EXACT_SHARE("small_cells_published_exact_share", Kind.PROPORTION, "share of small cells",
            "Small cells published exactly",
            "Of the small true cells, the share whose noisy published value happens to be exact."),
    ROWS_LABEL_CLAIMED("rows_label_claimed", Kind.COUNT, "rows", "Rows showing a single label",
            "The number of published rows showing a single non-zero label, so that an attacker would claim it for every pupil in them."),
    PUPILS_IN_ROWS_LABEL_CLAIMED("pupils_in_rows_label_claimed", Kind.COUNT, "pupils", "Pupils in rows showing a single label",
            "The number of pupils in those rows."),
    PUPILS_LABEL_CLAIMED_CORRECTLY("pupils_label_claimed_correctly", Kind.COUNT, "pupils", "Pupils whose label is claimed correctly",
            "The number of pupils in those rows who really carry the label the row shows."),
    CLAIM_PRECISION("claim_precision", Kind.PROPORTION, "share of pupils", "Label claims correct",
            "Of the pupils in rows showing a single label, the share who really carry it."),
    PUBLISHED_FIGURES_CONSISTENT("published_figures_consistent", Kind.NUMBER, "1 = yes, 0 = no", "Published figures consistent",
            "1 when the noisy margins agree with their parts, so that some table fits them; 0 when they contradict each other."),
    OUTPUT_APPROVED("output_approved", Kind.NUMBER, "1 = yes, 0 = no", "Output approved",
            "1 when a research output passed output checking, 0 when it was refused."),

    // ---- a lifetime of shares (pupilrisk lifetime; org.pupilrisk.lifetime) -------------------
    CHILDREN("children", Kind.COUNT, "children", "Children",
            "The number of children in the subgroup over the census panel: the denominator of the lifetime figures."),
    EXPOSURE_SHARE_ANY("exposure_share_any", Kind.PROPORTION, "share of children", "Ever shared",
            "The share of children whose record was included in at least one simulated share of NPD data."),
    EXPOSURE_FIRST_AGE_MEDIAN("exposure_first_age_median", Kind.NUMBER, "years", "Age at first share (median)",
            "The median age at which a child's record was first included in a share, over children ever shared."),
    EXPOSURE_FIRST_AGE_MEAN("exposure_first_age_mean", Kind.NUMBER, "years", "Age at first share (mean)",
            "The mean age at which a child's record was first included in a share, over children ever shared."),
    LINKAGE_CHILDREN_IN_TWO_OR_MORE("linkage_children_in_two_or_more", Kind.COUNT, "children", "Children in two or more linked shares",
            "Children whose record is in at least two of the shares one recipient links."),
    LINKAGE_LINKED_SHARE("linkage_linked_share", Kind.PROPORTION, "share of children", "Linked into one record",
            "Of the children in two or more of a recipient's shares, the share it can link into one record."),
    LINKAGE_LABELS_ACCUMULATED_MEAN("linkage_labels_accumulated_mean", Kind.NUMBER, "kinds of label", "Kinds of label on a linked record",
            "Over linked children, the kinds of sensitive label (SEN type, exclusion reason, AP reason) gathered on the linked record."),
    LINKAGE_LABELS_SINGLE_MEAN("linkage_labels_single_mean", Kind.NUMBER, "kinds of label", "Kinds of label from one share",
            "Over the same children, the most kinds of sensitive label any single one of the shares gave."),
    OPTOUT_SHARE("optout_share", Kind.PROPORTION, "share of children", "Opting out",
            "The expected share of children who opt out of third-party shares at the given rate."),
    OPTOUT_EXPOSURE_AVOIDED_SHARE("optout_exposure_avoided_share", Kind.PROPORTION, "share of inclusions", "Inclusions avoided",
            "The expected share of children's inclusions in shares that an opt-out from its date avoids."),
    OPTOUT_RESIDUAL_UNIQUENESS("optout_residual_uniqueness", Kind.PROPORTION, "share of children", "Unique among those left",
            "Of the children who do not opt out, the share unique on date of birth, sex and postcode district among them."),
    MATCHING_REQUESTED("matching_requested", Kind.COUNT, "people", "People asked about",
            "The people a Home Office-style request asked the NPD about in the period (the published number)."),
    MATCHING_REQUESTS_PER_MONTH("matching_requests_per_month", Kind.NUMBER, "people a month", "Requests a month",
            "The people asked about per month in the period."),
    MATCHING_IN_NPD_SHARE("matching_in_npd_share", Kind.PROPORTION, "share of people", "In the named NPD",
            "The share of people asked about who can be in the named NPD: school years overlapping the named censuses and schooled in England."),
    MATCHING_RETURN_RATE("matching_return_rate", Kind.PROPORTION, "share of people", "Returned",
            "The share of people asked about for whom exactly one NPD record passed the clear-match rule and was returned."),
    MATCHING_PUBLISHED_RETURN_RATE("matching_published_return_rate", Kind.PROPORTION, "share of people", "Returned (published)",
            "The return rate the Department published for the period, for comparison; the simulation does not use it."),
    MATCHING_MATCH_RATE_IN_NPD("matching_match_rate_in_npd", Kind.PROPORTION, "share of people", "Matched if in the NPD",
            "Of the people in the NPD, the share returned as themselves."),
    MATCHING_FALSE_MATCH_SHARE("matching_false_match_share", Kind.PROPORTION, "share of returns", "Wrong child returned",
            "Of the returned records, the share that name the wrong child."),
    MATCHING_NOT_CLEAR_SHARE("matching_not_clear_share", Kind.PROPORTION, "share of people", "No clear match",
            "The share of requests for which two or more NPD records qualified, so nothing was returned."),
    MATCHING_IN_NPD_MOVED_SHARE("matching_in_npd_moved_share", Kind.PROPORTION, "share of people", "Moved since last census",
            "Of the people in the NPD, the share whose address differs from the one on their last census record."),
    MATCHING_IN_NPD_SURNAME_CHANGED_SHARE("matching_in_npd_surname_changed_share", Kind.PROPORTION, "share of people", "Surname changed",
            "Of the people in the NPD, the share whose surname differs beyond a spelling variant."),
    MATCHING_IN_NPD_FORENAME_CHANGED_SHARE("matching_in_npd_forename_changed_share", Kind.PROPORTION, "share of people", "Forename changed",
            "Of the people in the NPD, the share whose forename differs beyond a spelling variant."),
    MATCHING_RETURNED_CURRENT_SCHOOL_SHARE("matching_returned_current_school_share", Kind.PROPORTION, "share of returns",
            "Returns disclosing a current school",
            "Of the correct returns, the share of children still of school age: the match discloses their school and home address."),
    COMPOSITION_REIDENTIFIED_STABLE("composition_reidentified_rate.stable_pseudonym", Kind.PROPORTION, "share of targets",
            "Singled out, releases linked by pseudonym",
            "Yearly de-identified releases that keep the same pupil pseudonym: the share of simulated targets singled out correctly by keeping only the pseudonyms that match what the attacker knows in every year."),
    COMPOSITION_REIDENTIFIED_FRESH("composition_reidentified_rate.fresh_pseudonym", Kind.PROPORTION, "share of targets",
            "Singled out, fresh pseudonym each year",
            "The same yearly releases with a new pseudonym in each: the share of targets singled out correctly in at least one release on its own."),
    COMPOSITION_LABEL_STABLE("composition_label_learned_rate.stable_pseudonym", Kind.PROPORTION, "share of targets",
            "Label learned, releases linked by pseudonym",
            "The share of targets whose sensitive label of some year every linked candidate carries."),
    COMPOSITION_LABEL_FRESH("composition_label_learned_rate.fresh_pseudonym", Kind.PROPORTION, "share of targets",
            "Label learned, fresh pseudonym each year",
            "The share of targets whose label of some year every candidate in that year's release carries.");

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

    /**
     * A metric as written in figures.csv, from the catalogue or one of its families.
     *
     * @param name       the {@code metric} column
     * @param kind       how it is shown and guarded
     * @param unit       what the value counts or measures
     * @param label      a short column heading
     * @param definition one or two plain-English sentences
     */
    public record Definition(String name, Kind kind, String unit, String label, String definition) {
    }

    private static final Map<String, Metric> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Metric::id, Function.identity()));
    private static final Pattern AT_RISK = Pattern.compile("records_at_risk_k(\\d+)");
    private static final Pattern SHARE_ABOVE = Pattern.compile("prosecutor_share_above_([0-9.]+)");
    private static final String LEVEL_PREFIX = "kanon_level_";
    private static final String ATTACK_PREFIX = "attack_";
    private static final String LOSS_PREFIX = "kanon_information_loss_";
    private static final Pattern EXPOSURE = Pattern.compile(
            "exposure_(releases|releases_as_file|releases_identifying|releases_with_label|recipients|commercial_recipients)_(mean|median|p90|max)");
    private static final String BIAS_PREFIX = "optout_published_rate_bias.";
    private static final String POSTERIOR_PREFIX = "label_posterior.";

    private final String id;
    private final Kind kind;
    private final String unit;
    private final String label;
    private final String definition;

    Metric(String id, Kind kind, String unit, String label, String definition) {
        this.id = id;
        this.kind = kind;
        this.unit = unit;
        this.label = label;
        this.definition = definition;
    }

    /** The name written in the {@code metric} column, e.g. {@code sample_uniqueness}. */
    @Override
    public String id() {
        return id;
    }

    /** As figures.csv writes it (so that a key joined into text reads as its name, never as the constant's). */
    @Override
    public String toString() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public String unit() {
        return unit;
    }

    public String label() {
        return label;
    }

    public String definition() {
        return definition;
    }

    public Definition definitionRecord() {
        return new Definition(id, kind, unit, label, definition);
    }

    /** The catalogue entry of this exact name, if any (families excluded). */
    public static Optional<Metric> byId(String name) {
        return Optional.ofNullable(BY_ID.get(name));
    }

    /**
     * A member of one of the catalogue's families, e.g. {@code records_at_risk_k5}, as the family factories below
     * make it: a name {@link #lookup(String)} defines through a family (a catalogue entry is its constant instead).
     *
     * @param id the name written in the {@code metric} column
     */
    public record Member(String id) implements MetricKey {

        public Member {
            if (BY_ID.containsKey(id) || lookup(id).isEmpty()) {
                throw new IllegalArgumentException("not a member of a catalogue family: " + id);
            }
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** {@code records_at_risk_k<k>}: the share of released records in classes smaller than k. */
    public static Member recordsAtRisk(int k) {
        return new Member("records_at_risk_k" + k);
    }

    /** {@code prosecutor_share_above_<t>}: the share of released records whose prosecutor risk exceeds t. */
    public static Member prosecutorShareAbove(String threshold) {
        return new Member("prosecutor_share_above_" + threshold);
    }

    /** {@code kanon_level_<column>}: the generalisation level the k-anonymous release chose for a column. */
    public static Member kanonLevel(String column) {
        return new Member(LEVEL_PREFIX + column);
    }

    /** The column a {@link #kanonLevel(String)} name is about; empty for any other name. */
    public static Optional<String> kanonLevelColumn(String metric) {
        return metric.startsWith(LEVEL_PREFIX) ? Optional.of(metric.substring(LEVEL_PREFIX.length())) : Optional.empty();
    }

    /** {@code kanon_information_loss_<column>}: the detail generalisation removed from one column. */
    public static Member kanonInformationLoss(String column) {
        return new Member(LOSS_PREFIX + column);
    }

    /**
     * {@code exposure_<count>_<stat>}: a lifetime exposure count's statistic over a subgroup's children, e.g.
     * {@code exposure_releases_median}.
     *
     * @param count {@code releases}, {@code releases_as_file}, {@code releases_identifying}, {@code releases_with_label},
     *              {@code recipients} or {@code commercial_recipients}
     * @param stat  {@code mean}, {@code median}, {@code p90} or {@code max}
     */
    public static Member exposure(String count, String stat) {
        return new Member("exposure_" + count + "_" + stat);
    }

    /** {@code optout_published_rate_bias.<rate>}: the bias opting out brings to a published rate. */
    public static Member optoutPublishedRateBias(String rate) {
        return new Member(BIAS_PREFIX + rate);
    }

    /** {@code label_posterior.<attribute>}: the attacker's belief in the most likely label (MonteCarloAttack). */
    public static Member labelPosterior(String attribute) {
        return new Member(POSTERIOR_PREFIX + attribute);
    }

    /** {@code label_carried_rate.<attribute>}: an earlier year's label still carried, for one sensitive attribute. */
    public static Member labelCarried(String attribute) {
        return new Member(LABEL_CARRIED_RATE.id + "." + attribute);
    }

    /** The definition of a metric name: a catalogue entry or a member of a family; empty for unknown names. */
    public static Optional<Definition> lookup(String name) {
        Metric m = BY_ID.get(name);
        if (m != null) {
            return Optional.of(m.definitionRecord());
        }
        Matcher k = AT_RISK.matcher(name);
        if (k.matches()) {
            return Optional.of(new Definition(name, Kind.SHARE_OF_RECORDS, "share of records", "In a group smaller than " + k.group(1),
                    "The share of released records whose group of matching records is smaller than " + k.group(1)
                            + " (fewer than " + k.group(1) + " records share their quasi-identifiers)."));
        }
        Matcher s = SHARE_ABOVE.matcher(name);
        if (s.matches()) {
            return Optional.of(new Definition(name, Kind.SHARE_OF_RECORDS, "share of records", "Prosecutor risk above " + s.group(1),
                    "The share of released records whose prosecutor risk 1/f exceeds " + s.group(1)
                            + ", a threshold used in published guidance."));
        }
        if (name.startsWith(LEVEL_PREFIX)) {
            String column = name.substring(LEVEL_PREFIX.length());
            return Optional.of(new Definition(name, Kind.NUMBER, "hierarchy level", "Generalisation level of " + column,
                    "How far the k-anonymised release generalised " + column + ": 0 keeps it as recorded, each level "
                            + "coarsens it one step up its hierarchy (for example date of birth to month to year)."));
        }
        if (name.startsWith(LOSS_PREFIX)) {
            String column = name.substring(LOSS_PREFIX.length());
            return Optional.of(new Definition(name, Kind.PROPORTION, "share of detail removed", "Information loss in " + column,
                    "How much detail generalisation removed from " + column + " (0% = none, 100% = everything)."));
        }
        Matcher e = EXPOSURE.matcher(name);
        if (e.matches()) {
            String what = switch (e.group(1)) {
                case "releases" -> "shares that included the child's record";
                case "releases_as_file" -> "shares that included the record and left the Department as files";
                case "releases_identifying" -> "Tier 1 shares (names and address) that included the record";
                case "releases_with_label" -> "shares that carried a sensitive label of the child";
                case "recipients" -> "organisations that received the record";
                default -> "commercial organisations that received the record";
            };
            String stat = switch (e.group(2)) {
                case "mean" -> "mean";
                case "median" -> "median";
                case "p90" -> "90th percentile";
                default -> "maximum";
            };
            return Optional.of(new Definition(name, Kind.NUMBER, "shares or organisations per child",
                    Character.toUpperCase(what.charAt(0)) + what.substring(1) + " (" + stat + ")",
                    "Over the subgroup's children, the " + stat + " number of " + what + ", 2012-2024 (simulated ledger)."));
        }
        if (name.startsWith(BIAS_PREFIX)) {
            String rate = name.substring(BIAS_PREFIX.length());
            return Optional.of(new Definition(name, Kind.NUMBER, "proportion (x100 for points)", "Bias of the published " + rate + " rate",
                    "The published rate of " + rate + " on the last census minus the true rate, when those who opt out are left out "
                            + "(in expectation over who opts out)."));
        }
        if (name.startsWith(POSTERIOR_PREFIX)) {
            String column = name.substring(POSTERIOR_PREFIX.length());
            return Optional.of(new Definition(name, Kind.PROPORTION, "probability", "Belief in the most likely label (" + column + ")",
                    "For simulated targets who carry a " + column + " label: the share of the records matching them that "
                            + "carry their most common label, the attacker's belief in it (100% where the label is disclosed)."));
        }
        if (name.startsWith(LABEL_CARRIED_RATE.id + ".")) {
            String column = name.substring(LABEL_CARRIED_RATE.id.length() + 1);
            Metric base = LABEL_CARRIED_RATE;
            return Optional.of(new Definition(name, base.kind, base.unit, base.label + " (" + column + ")", base.definition));
        }
        Optional<String> label = labelOf(name);
        if (label.isPresent()) {
            Metric base = LABEL_DISCLOSURE_RATE;
            return Optional.of(new Definition(name, base.kind, base.unit, base.label + " (" + label.get() + ")", base.definition));
        }
        return Optional.empty();
    }

    /** {@code label_disclosure_rate.<attribute>}: label disclosure for one sensitive attribute. */
    public static Member labelDisclosure(String attribute) {
        return new Member(LABEL_DISCLOSURE_RATE.id + "." + attribute);
    }

    /**
     * The sensitive label a per-label disclosure metric names, e.g. {@code APReason} in
     * {@code label_disclosure_rate:APReason}; empty for the plain metric and for other metrics.
     */
    public static Optional<String> labelOf(String metric) {
        String base = LABEL_DISCLOSURE_RATE.id;
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

    /** True for a simulated attack's figures ({@code attack_*}: {@link #ATTACK_SUCCESS_RATE}, ...). */
    public static boolean isAttack(String metric) {
        return metric.startsWith(ATTACK_PREFIX);
    }

    /** True for the label-disclosure metric, plain or per label. */
    public static boolean isLabelDisclosure(String metric) {
        return metric.equals(LABEL_DISCLOSURE_RATE.id) || labelOf(metric).isPresent();
    }
}
