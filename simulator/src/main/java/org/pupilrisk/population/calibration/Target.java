package org.pupilrisk.population.calibration;

import java.io.Serializable;

/**
 * One published (or estimated) figure the simulator is calibrated to.
 *
 * @param section   section of calibration-facts.md the figure comes from ("sim" for the simulator's own assumptions)
 * @param quantity  machine name, e.g. {@code fsm_eligible_rate}
 * @param value     the figure, in {@code unit}
 * @param unit      e.g. "percent", "pupils", "per 100 pupils"
 * @param year      the year the figure refers to, e.g. "2024/25"
 * @param source    title and URL of the source, or "ESTIMATE (...)"
 * @param estimate  true when the figure is not published but estimated (by the reference or by this project)
 */
public record Target(String section, String quantity, double value, String unit, String year, String source,
                     boolean estimate) implements Serializable {
}
