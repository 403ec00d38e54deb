package org.pupilrisk.population.pupil;

/**
 * One pupil in one census year, as the generator hands it to a {@link PupilLives.Sink}. Mutable and reused
 * for speed: a sink must copy what it keeps. The {@code *Mult}/{@code *Weight} fields are the unscaled
 * hazards the {@link Calibrator} averages.
 */
public final class PupilYear {
    public long pupilId;
    public int censusYear;
    public int dobEpochDay;
    public long uprn;        // home address (family + move), see PupilLives#uprn
    public int sex;          // 0 = M, 1 = F
    public int ethnicity;    // index into Codes.ETHNIC_MINOR
    public int language;     // index into Codes.LANGUAGE
    public boolean fsm;
    /** FSM-eligible only by transitional protection (the family no longer meets the criteria this year). */
    public boolean fsmProtectedOnly;
    /** FSM-eligible at any census of the last six (this one included, reception on; false in nursery): NPD's EVERFSM_6. */
    public boolean everFsm6;
    public int sen;          // 0 N, 1 K, 2 E
    public int need;         // index into Codes.SEN_NEED, -1 when no SEN
    public int lsoa;         // national LSOA index
    public int homeLa;       // LA index of home
    public int school;       // index into SchoolEstate
    public int nc;           // index into Codes.NC_YEAR
    public boolean lookedAfter;
    public boolean childInNeed;

    // calibration quantities
    boolean state;
    double independentWeight;
    double fsmLogit;
    double apSchoolMult;
    double laEhcpMult;
    double laOtherMult;
    double suspensionMult;
    double pexMult;
    /** The NC-year and setting part of the exclusion hazards (the group multipliers are fitted on top). */
    double suspensionShape;
    double pexShape;
    double claMult;
    double cinMult;
    int linkedPex;
    /** Probability, before the draws, that an exclusion linked to an AP placement is generated this year. */
    double linkedPexChance;
}
