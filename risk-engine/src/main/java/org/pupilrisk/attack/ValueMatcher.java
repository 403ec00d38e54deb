package org.pupilrisk.attack;

import java.io.Serializable;

/**
 * How an attacker's exact knowledge of a quasi-identifier is compared with a released value.
 *
 * <p>docs/domain.md §5: a generalised released value matches when it contains the known value. Releases
 * made by full-domain generalisation publish each column at one level, so "contains" is a function:
 * the attacker generalises what they know to the release's level and looks for equal values. Candidate
 * search therefore stays an equi-join. Records whose quasi-identifiers were suppressed ({@code *})
 * match nothing.
 *
 * <p>Values are compared as strings; dates as {@code yyyy-mm-dd}.
 */
public interface ValueMatcher extends Serializable {

    /** The released representation that {@code exactValue} of {@code column} generalises to. */
    String generalise(String column, String exactValue);

    /**
     * Whether {@link #generalise} may map some value of {@code column} to another: false only when every value
     * is released as it is, so a caller may compare that column's values without calling the matcher.
     */
    default boolean generalises(String column) {
        return true;
    }

    /** The pupil-level extract: values are released as they are. */
    ValueMatcher EXACT = (column, exactValue) -> exactValue;
}
