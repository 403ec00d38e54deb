package org.pupilrisk.release.tables.suppression;

import org.pupilrisk.input.InvalidInputException;

/**
 * How small counts are protected before a table is published.
 *
 * @param threshold       t: cells with 1..t-1 pupils are suppressed (primary suppression)
 * @param zerosDisclosive suppress zero cells too (a published 0 next to a suppressed cell tells the
 *                        reader the suppressed one is not zero)
 * @param secondary       add complementary suppressions until the interval audit proves that no
 *                        primary cell can be recovered exactly
 * @param roundingBase    publish the other cells rounded to the nearest multiple of this (1 = exact)
 */
public record SuppressionRule(int threshold, boolean zerosDisclosive, boolean secondary, int roundingBase) {

    public SuppressionRule {
        if (threshold < 1) {
            throw new InvalidInputException("suppressed-tables: threshold must be at least 1, got " + threshold);
        }
        if (roundingBase < 1) {
            throw new InvalidInputException("suppressed-tables: rounding must be at least 1, got " + roundingBase);
        }
    }

    /** DfE-like default: suppress 1..9, publish zeros, complementary suppression, no rounding. */
    public static SuppressionRule defaults() {
        return new SuppressionRule(10, false, true, 1);
    }

    public boolean primary(long value) {
        return (value >= 1 && value < threshold) || (value == 0 && zerosDisclosive);
    }

    public SuppressionRule withSecondary(boolean on) {
        return new SuppressionRule(threshold, zerosDisclosive, on, roundingBase);
    }

    /** Round half up to the nearest multiple of the base. */
    public long round(long value) {
        if (roundingBase == 1) {
            return value;
        }
        return (value + roundingBase / 2) / roundingBase * roundingBase;
    }

    /** Least true value that rounds to {@code published}. */
    public long roundedLower(long published) {
        return Math.max(0, published - roundingBase / 2);
    }

    /** Greatest true value that rounds to {@code published}. */
    public long roundedUpper(long published) {
        return published + roundingBase - 1 - roundingBase / 2;
    }
}
