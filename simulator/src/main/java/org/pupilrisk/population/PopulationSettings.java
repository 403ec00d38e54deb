package org.pupilrisk.population;

import java.nio.file.Path;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.population.calibration.CalibrationTargets;

/**
 * What to generate. Validates itself: every bad value is an {@link InvalidInputException} naming the option.
 *
 * @param pupils     pupils per census year (approximately: the last postcode district is cut at an LSOA boundary)
 * @param firstYear  first census year (2024 = the January 2024 census, academic year 2023/24)
 * @param lastYear   last census year
 * @param seed       random seed; the same seed and settings give the same rows on any cores/partitions
 * @param format     output format
 * @param out        output directory (written atomically)
 * @param partitions Spark partitions for the record-level datasets (0 = automatic)
 * @param districtSpread lognormal spread (sd of log pupils) of postcode-district sizes; NaN = the documented default
 *                   (calibration data {@code postcode_district_size_lognormal_sd_default}, docs/calibration.md)
 * @param targets    the calibration data every other number comes from; null = the bundled table
 *                   ({@code pupilrisk generate --settings FILE} gives a user's values)
 */
public record PopulationSettings(long pupils, int firstYear, int lastYear, long seed, OutputFormat format, Path out,
                                 int partitions, double districtSpread, CalibrationTargets targets) {

    public static final double MAX_DISTRICT_SPREAD = 2;

    /** Settings with the default district-size spread. */
    public PopulationSettings(long pupils, int firstYear, int lastYear, long seed, OutputFormat format, Path out,
                              int partitions) {
        this(pupils, firstYear, lastYear, seed, format, out, partitions, Double.NaN);
    }

    /** Settings with the bundled calibration data. */
    public PopulationSettings(long pupils, int firstYear, int lastYear, long seed, OutputFormat format, Path out,
                              int partitions, double districtSpread) {
        this(pupils, firstYear, lastYear, seed, format, out, partitions, districtSpread, null);
    }

    /** The calibration data the population is drawn from. */
    public CalibrationTargets calibration() {
        return targets == null ? CalibrationTargets.bundled() : targets;
    }

    public static final long MIN_PUPILS = 100;
    public static final long MAX_PUPILS = 20_000_000;
    public static final int MIN_YEAR = 2010;
    public static final int MAX_YEAR = 2030;

    public PopulationSettings {
        if (pupils < MIN_PUPILS || pupils > MAX_PUPILS) {
            throw new InvalidInputException("--pupils: " + pupils + " is out of range; expected " + MIN_PUPILS
                    + " to " + MAX_PUPILS + " pupils per census year");
        }
        if (firstYear < MIN_YEAR || lastYear > MAX_YEAR || firstYear > lastYear) {
            throw new InvalidInputException("--years: " + firstYear + "-" + lastYear + " is not a range of census years within "
                    + MIN_YEAR + "-" + MAX_YEAR);
        }
        if (partitions < 0 || partitions > 100_000) {
            throw new InvalidInputException("--partitions: " + partitions + " is out of range; expected 1 to 100000 (or 0 = automatic)");
        }
        if (!Double.isNaN(districtSpread) && (districtSpread < 0 || districtSpread > MAX_DISTRICT_SPREAD)) {
            throw new InvalidInputException("--district-spread: " + districtSpread + " is out of range; expected 0 to "
                    + MAX_DISTRICT_SPREAD + " (the sd of log pupils per postcode district)");
        }
        if (out == null) {
            throw new InvalidInputException("--out: an output directory is required");
        }
        if (format == null) {
            throw new InvalidInputException("--format: expected parquet or csv");
        }
    }

    /** Parses {@code 2024} or {@code 2018-2024}. */
    public static int[] parseYears(String s) {
        String t = s.trim();
        try {
            int dash = t.indexOf('-');
            int a = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim());
            int b = dash < 0 ? a : Integer.parseInt(t.substring(dash + 1).trim());
            if (a < MIN_YEAR || b > MAX_YEAR || a > b) {
                throw new InvalidInputException("--years: '" + s + "' is not a census year or range within "
                        + MIN_YEAR + "-" + MAX_YEAR + " (e.g. 2024 or 2018-2024)");
            }
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--years: '" + s + "' is not a census year or range (e.g. 2024 or 2018-2024)");
        }
    }

    public int years() {
        return lastYear - firstYear + 1;
    }
}
