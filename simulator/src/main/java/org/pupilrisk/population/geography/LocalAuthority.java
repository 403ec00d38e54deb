package org.pupilrisk.population.geography;

import java.io.Serializable;

/**
 * An English local authority as the simulator uses it (one row of local-authorities.csv).
 *
 * @param number      DfE 3-digit LA number (e.g. 330 Birmingham)
 * @param name        LA name
 * @param region      index into {@link Geography#REGION_CODES}
 * @param pupils      pupils on roll, all school types (REFERENCE where published, else an ESTIMATE)
 * @param fsmRate     share of pupils eligible for FSM (0..1), before raking to the national target
 * @param whiteBritish share of pupils White British (0..1), before raking
 * @param profile     ethnic mix profile: L (London-like), A (South Asian heavy), G (general), W (mostly White British)
 * @param ruralShare  share of the LA's postcode districts that are rural
 * @param postcodeArea a postcode area the LA lies in (all its synthetic districts are numbered in it)
 */
public record LocalAuthority(int number, String name, int region, double pupils, double fsmRate, double whiteBritish,
                             char profile, double ruralShare, String postcodeArea) implements Serializable {
}
