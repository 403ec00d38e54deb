package org.pupilrisk.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How numbers read in the report. Percentages keep whole points from 10% up and two significant
 * figures below (0.42%, 3.1%), so small risks are not rounded to a misleading 0%; counts get
 * thousands separators; "1 in N" rounds N to a whole number.
 */
final class Numbers {

    private Numbers() {
    }

    /** A share in [0, 1] as a percentage without the sign: 0.9312 -> "93", 0.0312 -> "3.1". */
    static String percentNumber(double share) {
        double p = share * 100.0;
        if (p == 0.0) {
            return "0";
        }
        if (Math.abs(p) >= 10.0) {
            return new BigDecimal(p).setScale(0, RoundingMode.HALF_UP).toPlainString();
        }
        return new BigDecimal(p).round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
    }

    static String percent(double share) {
        return percentNumber(share) + "%";
    }

    /**
     * A 95% interval of shares, written to the precision of the value it belongs to so that the
     * bounds read alike (value 0.88: "85–90%"; value 0.025: "1.3–5.0%"). A bound that rounds to 0
     * at that precision gets two decimals of a percent (0.01%) or, below that, reads "0".
     */
    static String percentRange(double value, double low, double high) {
        int decimals = decimals(percentNumber(value));
        return bound(low, decimals) + "–" + bound(high, decimals) + "%";
    }

    private static String bound(double share, int decimals) {
        BigDecimal fixed = new BigDecimal(share * 100.0).setScale(decimals, RoundingMode.HALF_UP);
        if (fixed.signum() != 0) {
            return fixed.toPlainString();
        }
        // a small bound that rounds to 0 at the value's precision: two decimals of a percent, so 0.01%
        // still shows, while floating-point noise (3e-17) reads as the 0 it is
        BigDecimal finer = new BigDecimal(share * 100.0).setScale(Math.max(decimals, 2), RoundingMode.HALF_UP);
        return finer.signum() == 0 ? "0" : finer.stripTrailingZeros().toPlainString();
    }

    static int decimals(String number) {
        int dot = number.indexOf('.');
        return dot < 0 ? 0 : number.length() - dot - 1;
    }

    static String count(double v) {
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.UK));
        return f.format(Math.rint(v));
    }

    /** Any other number: up to four significant figures, thousands separated. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return count(v);
        }
        BigDecimal b = new BigDecimal(v).round(new MathContext(4, RoundingMode.HALF_UP)).stripTrailingZeros();
        if (b.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return count(b.doubleValue());
        }
        return b.toPlainString();
    }

    /** N in "1 in N" for a rate in (0, 1]: the nearest whole number to 1/rate. */
    static long oneIn(double rate) {
        return Math.round(1.0 / rate);
    }
}
