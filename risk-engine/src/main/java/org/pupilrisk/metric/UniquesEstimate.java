package org.pupilrisk.metric;

/**
 * An estimate of the number of population uniques, or why there is none.
 *
 * @param uniques estimated number of population records unique on the QI set; null when unavailable
 * @param note    why it is unavailable (e.g. "did not converge"), or which model a rule chose; may be null
 */
public record UniquesEstimate(Double uniques, String note) {

    public static UniquesEstimate of(double uniques) {
        return new UniquesEstimate(uniques, null);
    }

    public static UniquesEstimate unavailable(String why) {
        return new UniquesEstimate(null, why);
    }

    public boolean available() {
        return uniques != null;
    }

    public UniquesEstimate withNote(String n) {
        return new UniquesEstimate(uniques, n);
    }
}
