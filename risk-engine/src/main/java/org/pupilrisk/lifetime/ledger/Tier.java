package org.pupilrisk.lifetime.ledger;

import java.util.List;

/**
 * The NPD's tiers of sensitivity, as an approved share's data were classified (defenddigitalme's
 * analysis of the DfE third-party register; the NPD user guide quoted by the Open Rights Group
 * wiki). What each tier carries decides what a share exposes about a child.
 */
public enum Tier {
    /** Identifying and highly sensitive: names, home address, full postcode, date of birth and every label. */
    TIER1("1", true, true, true, List.of("PupilMatchingRef", "UPN", "Forename", "Surname", "HomeAddress", "Postcode",
            "DateOfBirth", "Sex", "EthnicGroupMinor", "FirstLanguage", "FSMeligible", "SENprovision", "PrimarySENtype",
            "LookedAfter", "ChildInNeed", "ExclusionReason", "APReason")),
    /** Individual level and sensitive, no names: anonymised reference, small-area geography, every label. */
    TIER2("2", true, false, true, List.of("PupilMatchingRefAnonymous", "DateOfBirth", "Sex", "EthnicGroupMinor",
            "FirstLanguage", "FSMeligible", "SENprovision", "PrimarySENtype", "LookedAfter", "ExclusionReason",
            "APReason", "LSOA")),
    /** Aggregated but possibly identifying: tables, no pupil-level rows. */
    TIER3("3", false, false, false, List.of("aggregates")),
    /** Individual level, not sensitive: no names, no labels. */
    TIER4("4", true, false, false, List.of("PupilMatchingRefAnonymous", "YearOfBirth", "Sex", "LA", "NCyearActual",
            "attainment")),
    /**
     * Recorded in the register without a tier. Treated as carrying Tier 2's fields: an estimate
     * (most classified individual-level shares were Tier 1 or 2), stated wherever it counts.
     */
    UNCLASSIFIED("unclassified", true, false, true, TIER2.fields);

    private final String code;
    private final boolean pupilLevel;
    private final boolean identifying;
    private final boolean carriesLabels;
    private final List<String> fields;

    Tier(String code, boolean pupilLevel, boolean identifying, boolean carriesLabels, List<String> fields) {
        this.code = code;
        this.pupilLevel = pupilLevel;
        this.identifying = identifying;
        this.carriesLabels = carriesLabels;
        this.fields = fields;
    }

    /** As written in ledger.csv: 1, 2, 3, 4 or unclassified. */
    public String code() {
        return code;
    }

    /** Whether the share holds one row per pupil (every tier but 3). */
    public boolean pupilLevel() {
        return pupilLevel;
    }

    /** Whether it carries names or the full postcode (Tier 1 only). */
    public boolean identifying() {
        return identifying;
    }

    /** Whether it carries the sensitive labels: SEN type, exclusion reason, AP reason. */
    public boolean carriesLabels() {
        return carriesLabels;
    }

    /** The fields a share of this tier carries (documented, for the subject-access page). */
    public List<String> fields() {
        return fields;
    }

    public static Tier parse(String code) {
        for (Tier t : values()) {
            if (t.code.equalsIgnoreCase(code.trim())) {
                return t;
            }
        }
        return null;
    }
}
