package org.pupilrisk.population.calibration;

/**
 * One line of validation.csv: a calibrated quantity, its target, the value measured on the generated data
 * and the deviation (generated − target, in the quantity's unit: percentage points for percentages).
 * {@code target} is NaN for descriptive rows that have no published target.
 */
public record ValidationRow(String quantity, String unit, double target, double generated, String targetYear,
                            String source, boolean estimate) {

    public double deviation() {
        return generated - target;
    }

    public boolean hasTarget() {
        return !Double.isNaN(target);
    }
}
