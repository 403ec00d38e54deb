package org.pupilrisk.metric;

/**
 * Pupils a figure is about: a Spark SQL filter on their true values, e.g. {@code ap = APReason IS NOT NULL}
 * (docs/domain.md). One record for the scenario, the assessment every release model sees and the report's
 * reading of run.json.
 *
 * @param description who they are, in words (the report quotes it); null when not given
 */
public record Subgroup(String name, String filter, String description) {

    /** Every pupil in the extract: the first subgroup of every scenario. */
    public static final Subgroup ALL = new Subgroup("all", "true");

    /** A subgroup without a description. */
    public Subgroup(String name, String filter) {
        this(name, filter, null);
    }
}
