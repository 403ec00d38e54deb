package org.pupilrisk.population;

/**
 * Column and dataset names of the synthetic NPD, shared by the simulator (which writes them) and
 * the risk engine (which reads them). Names follow the NPD's own aliases without the term/year
 * suffix (e.g. {@code FSMeligible} for {@code FSMeligible_SPR24}); see docs/data-dictionary.md.
 */
public final class NpdColumns {

    private NpdColumns() {
    }

    /**
     * A reference to the column of this exact name. Spark reads dots and backticks in a plain name as
     * struct fields and quoting; a user's column may be called {@code Post.code}, so names from data go
     * through here, quoted.
     */
    public static org.apache.spark.sql.Column ref(String name) {
        return org.apache.spark.sql.functions.col("`" + name.replace("`", "``") + "`");
    }

    // Datasets written by `pupilrisk generate`, one folder each under the output directory.
    public static final String PUPILS = "pupils";
    public static final String AP_PLACEMENTS = "ap_placements";
    public static final String EXCLUSIONS = "exclusions";
    public static final String SCHOOLS = "schools";
    public static final String GEOGRAPHY = "geography";
    public static final String VALIDATION = "validation.csv";

    // pupils: one row per pupil per census year
    public static final String PUPIL_ID = "PupilMatchingRefAnonymous"; // long, stable across years
    public static final String CENSUS_YEAR = "CensusYear";             // int, 2024 = January 2024 census (2023/24)
    public static final String DATE_OF_BIRTH = "DateOfBirth";          // date, yyyy-mm-dd
    public static final String SEX = "Sex";                            // M / F
    public static final String ETHNIC_MINOR = "EthnicGroupMinor";      // e.g. WBRI, APKN, BAFR
    public static final String ETHNIC_MAJOR = "EthnicGroupMajor";      // WHIT, MIXD, ASIA, BLAC, CHIN, AOEG, UNCL
    public static final String FIRST_LANGUAGE = "FirstLanguage";       // ENG, OTH (EAL), UNCL
    public static final String FSM = "FSMeligible";                    // boolean
    public static final String EVER_FSM_6 = "EVERFSM_6";                // boolean: FSM at any census of the last six, reception on (false in nursery)
    public static final String SEN_PROVISION = "SENprovision";         // N, K (SEN support), E (EHC plan)
    public static final String SEN_TYPE = "PrimarySENtype";            // SPLD, MLD, ..., ASD; null when N
    public static final String UPRN = "UniquePropertyReferenceNumber"; // long: synthetic home address (shared by co-multiples; new after a move)
    public static final String LSOA = "LSOA";                          // E01xxxxxx
    public static final String POSTCODE_SECTOR = "PostcodeSector";     // e.g. "B12 9"
    public static final String POSTCODE_DISTRICT = "PostcodeDistrict"; // e.g. "B12"
    public static final String POSTCODE_AREA = "PostcodeArea";         // e.g. "B"
    public static final String URN = "URN";                            // int, school
    public static final String LA = "LA";                              // int, 3-digit LA number (e.g. 330)
    public static final String NC_YEAR = "NCyearActual";               // N1, N2, R, 1..14
    public static final String LOOKED_AFTER = "LookedAfter";           // boolean
    public static final String CHILD_IN_NEED = "ChildInNeed";          // boolean

    // ap_placements: one row per AP census placement
    public static final String AP_REASON = "APReason";                 // EHCP_NAMED, PERM_EXCLUDED, PREGNANCY, MENTAL_HEALTH, ...
    public static final String AP_SETTING = "APSettingType";           // URN, UKPRN, OOT, OTH, NFE
    public static final String AP_URN = "APURN";                       // int, nullable: the AP school when the setting has a URN
    public static final String AP_START_DATE = "APStartDate";          // date the placement started (before the January census)

    // exclusions: one row per suspension or permanent exclusion
    public static final String EXCLUSION_CATEGORY = "ExclusionCategory"; // SUSPENSION, PERMANENT
    public static final String EXCLUSION_REASON = "ExclusionReason";     // DfE codes: PP, PA, VP, VA, BU, RA, LG, DS, SM, DA, DM, TH, DB, MT, OW
    public static final String EXCLUSION_REASON_2 = "ExclusionReason2";  // second reason (nullable; up to three per exclusion)
    public static final String EXCLUSION_REASON_3 = "ExclusionReason3";  // third reason (nullable)
    public static final String EXCLUSION_START = "ExclusionStartDate";   // date

    // schools
    public static final String SCHOOL_TYPE = "SchoolType";             // NURSERY, PRIMARY, SECONDARY, SPECIAL, AP, INDEPENDENT
    public static final String SCHOOL_NAME = "SchoolName";
    public static final String RURAL = "Rural";                        // boolean: the school's / LSOA's postcode district is rural

    // geography
    public static final String LA_NAME = "LAName";
    public static final String REGION = "Region";                      // ONS code E12000001..9
    public static final String REGION_NAME = "RegionName";
}
