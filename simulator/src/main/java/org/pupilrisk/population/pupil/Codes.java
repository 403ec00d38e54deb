package org.pupilrisk.population.pupil;

/** The code lists written to the pupils, AP and exclusions datasets (see docs/data-dictionary.md). */
public final class Codes {

    private Codes() {
    }

    /** NPD minor ethnic groups (EthnicGroupMinor). */
    public static final String[] ETHNIC_MINOR = {"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS",
        "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "UNCL"};
    /** Major group of each minor group (EthnicGroupMajor). */
    public static final String[] ETHNIC_MAJOR_OF = {"WHIT", "WHIT", "WHIT", "WHIT", "WHIT", "MIXD", "MIXD", "MIXD",
        "MIXD", "ASIA", "ASIA", "ASIA", "ASIA", "BLAC", "BLAC", "BLAC", "CHIN", "AOEG", "UNCL"};
    public static final String[] ETHNIC_MAJOR = {"WHIT", "MIXD", "ASIA", "BLAC", "CHIN", "AOEG", "UNCL"};
    /** Calibration-target quantity of each minor group's national share. */
    static final String[] ETHNIC_TARGET = {"ethnicity_white_british_share", "ethnicity_white_irish_share_estimate",
        "ethnicity_white_traveller_irish_heritage_share_estimate", "ethnicity_white_any_other_share_estimate",
        "ethnicity_white_gypsy_roma_share_estimate", "ethnicity_mixed_white_black_caribbean_share",
        "ethnicity_mixed_white_black_african_share", "ethnicity_mixed_white_asian_share",
        "ethnicity_mixed_any_other_share", "ethnicity_asian_indian_share", "ethnicity_asian_pakistani_share",
        "ethnicity_asian_bangladeshi_share", "ethnicity_asian_any_other_share", "ethnicity_black_caribbean_share",
        "ethnicity_black_african_share", "ethnicity_black_any_other_share", "ethnicity_asian_chinese_share",
        "ethnicity_any_other_ethnic_group_share", "ethnicity_unclassified_share_estimate"};

    public static final String[] LANGUAGE = {"ENG", "OTH", "UNCL"};
    public static final String[] SEN_PROVISION = {"N", "K", "E"};
    /** Primary SEN type (PrimarySENtype); NSA only with SEN support. */
    public static final String[] SEN_NEED = {"SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD",
        "ASD", "OTH", "NSA"};
    /** NC year index 0..16 -> NCyearActual. */
    public static final String[] NC_YEAR = {"N1", "N2", "R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
        "12", "13", "14"};
    public static final int NC_R = 2;
    public static final int NC_Y7 = 9;
    public static final int NC_Y9 = 11;
    public static final int NC_Y12 = 14;
    public static final int NC_Y14 = 16;

    /** Reason for an AP placement (APReason); labels follow the categories the 2018 AP census added. */
    public static final String[] AP_REASON = {"EHCP_NAMED", "PERM_EXCLUDED", "PREGNANCY", "MENTAL_HEALTH",
        "YOUNG_OFFENDER", "MEDICAL", "SEN_OTHER", "OTHER"};
    public static final int AP_EHCP_NAMED = 0;
    public static final int AP_PERM_EXCLUDED = 1;
    public static final int AP_PREGNANCY = 2;
    public static final int AP_YOUNG_OFFENDER = 4;
    public static final int AP_SEN_OTHER = 6;
    public static final int AP_OTHER = 7;
    /** AP setting (APSettingType): setting with a URN, with a UKPRN, one-to-one tuition, other unregistered, FE college. */
    public static final String[] AP_SETTING = {"URN", "UKPRN", "OOT", "OTH", "NFE"};

    public static final String[] EXCLUSION_CATEGORY = {"SUSPENSION", "PERMANENT"};
    /** DfE exclusion reason codes since September 2020. */
    public static final String[] EXCLUSION_REASON = {"PP", "PA", "VP", "VA", "BU", "RA", "LG", "DS", "SM", "DA", "DM",
        "TH", "DB", "MT", "OW"};
}
