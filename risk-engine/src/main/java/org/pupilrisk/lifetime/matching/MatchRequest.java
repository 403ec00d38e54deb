package org.pupilrisk.lifetime.matching;

import java.time.LocalDate;

/**
 * A person another department asks about, as that department records them: name, sex, date of
 * birth and current address (the four fields of the 2015 Home Office MoU).
 *
 * @param surname      surname code; a spelling variant of a name carries the same code (the rule's
 *                     name normalisation tolerates it), a different name another code
 * @param truePupil    who the person really is in the NPD, or -1 when they are not in it (ground
 *                     truth the simulation keeps to score the match; the rule never sees it)
 */
public record MatchRequest(LocalDate dateOfBirth, String sex, int surname, int forename, String postcode,
                           long truePupil) {
}
