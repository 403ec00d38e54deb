package org.pupilrisk.lifetime.exposure;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One child's census records over the years, reduced to what decides which shares hold them and
 * what those shares reveal. Arrays run in census-year order, one entry per year the child is on a
 * census.
 *
 * @param pupil      pupil matching reference
 * @param dateOfBirth date of birth
 * @param sex        M or F
 * @param years      census years present
 * @param nc         NC year in each (N1 = -2, N2 = -1, R = 0, 1…14; see {@code Coverage})
 * @param flags      per year, the {@code FLAG_*} bits that held that year
 * @param labels     per year, the {@code LABEL_*} sensitive labels recorded that year
 * @param la         LA of the first record (the LA an opt-out multiplier is drawn for)
 * @param district   postcode district of the last record
 * @param sector     postcode sector of the last record
 * @param school     URN of the school of the last record
 */
public record PupilHistory(long pupil, LocalDate dateOfBirth, String sex, int[] years, int[] nc, int[] flags,
                           int[] labels, int la, String district, String sector, int school) {

    public static final int FLAG_AP = 1;
    public static final int FLAG_EHC_PLAN = 2;
    public static final int FLAG_SEN_SUPPORT = 4;
    public static final int FLAG_FSM = 8;
    public static final int FLAG_LOOKED_AFTER = 16;
    public static final int FLAG_EXCLUDED = 32;

    /** Primary SEN type recorded. */
    public static final int LABEL_SEN_TYPE = 1;
    /** An exclusion with its reason. */
    public static final int LABEL_EXCLUSION_REASON = 2;
    /** An AP placement with its reason (from the census year the AP census started recording reasons). */
    public static final int LABEL_AP_REASON = 4;

    public PupilHistory {
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        if (years.length != nc.length || years.length != flags.length || years.length != labels.length) {
            throw new IllegalArgumentException("pupil " + pupil + ": per-year arrays differ in length");
        }
    }

    /** The FLAG_* bits that held in any year. */
    public int everFlags() {
        int f = 0;
        for (int x : flags) {
            f |= x;
        }
        return f;
    }

    /** The index of the last record. */
    public int last() {
        return years.length - 1;
    }
}
