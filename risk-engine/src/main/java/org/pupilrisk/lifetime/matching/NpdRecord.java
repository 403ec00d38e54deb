package org.pupilrisk.lifetime.matching;

import java.time.LocalDate;

/**
 * A child as the NPD's latest census record names them: what a cross-government match is made
 * against, and what a match hands back.
 *
 * @param pupil       pupil matching reference
 * @param dateOfBirth date of birth
 * @param sex         M or F
 * @param surname     surname code (rank in the frequency list)
 * @param forename    forename code
 * @param postcode    unit postcode of the last census record
 * @param lastYear    census year of the last record
 * @param school      URN of the school on the last record
 */
public record NpdRecord(long pupil, LocalDate dateOfBirth, String sex, int surname, int forename, String postcode,
                        int lastYear, int school) {
}
