package org.pupilrisk.population.generator;

/**
 * One line of validation.csv: a calibrated quantity, its target, the value measured on the generated data,
 * the deviation (generated − target, in the quantity's unit: percentage points for percentages), the tolerance
 * the deviation is judged against, and the row's status.
 * {@code target} is NaN for descriptive rows that have no target.
 *
 * @param tolerance  largest acceptable |deviation|: the model's allowance plus three standard errors of the
 *                   measured value where it is a sampled share or rate (NaN for descriptive rows)
 * @param unattainable empty, or why the quantity cannot be met at this scale (e.g. too few AP pupils); such a row
 *                   is reported but not judged
 */
public record ValidationRow(String quantity, String unit, double target, double generated, String targetYear,
                            String source, boolean estimate, double tolerance, String unattainable) {

    /** A descriptive or untoleranced row (kept for callers that only report). */
    public ValidationRow(String quantity, String unit, double target, double generated, String targetYear,
                         String source, boolean estimate) {
        this(quantity, unit, target, generated, targetYear, source, estimate, Double.NaN, "");
    }

    public double deviation() {
        return generated - target;
    }

    public boolean hasTarget() {
        return !Double.isNaN(target);
    }

    /** within / outside / not attainable at this scale / descriptive. */
    public String status() {
        if (!unattainable.isEmpty()) {
            return "not attainable at this scale: " + unattainable;
        }
        if (!hasTarget() || Double.isNaN(tolerance)) {
            return "descriptive";
        }
        return Math.abs(deviation()) <= tolerance ? "within" : "outside";
    }
}
