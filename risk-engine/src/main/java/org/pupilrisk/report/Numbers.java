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

    /** A 95% interval of shares: "92–94%". */
    static String percentRange(double low, double high) {
        return percentNumber(low) + "–" + percentNumber(high) + "%";
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
