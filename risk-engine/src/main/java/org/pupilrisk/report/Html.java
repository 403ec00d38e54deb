package org.pupilrisk.report;

import org.pupilrisk.metric.Figure;

/**
 * HTML fragments for figures. Every number the report prints from a figure is wrapped in a span
 * carrying the figure's dimensions and exact value as {@code data-} attributes, so the report can be
 * checked against {@code figures.csv} mechanically. Withheld figures get no value attribute.
 */
final class Html {

    /** How a value is written. */
    enum Style { PERCENT, COUNT, NUMBER, ONE_IN }

    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static Style styleOf(String metric) {
        return switch (MetricGlossary.of(metric).kind()) {
            case SHARE_OF_RECORDS, PROPORTION -> Style.PERCENT;
            case COUNT -> Style.COUNT;
            case NUMBER -> Style.NUMBER;
        };
    }

    /** The value as text in a style (no markup). */
    static String text(double v, Style style) {
        return switch (style) {
            case PERCENT -> Numbers.percent(v);
            case COUNT -> Numbers.count(v);
            case NUMBER -> Numbers.number(v);
            case ONE_IN -> "1 in " + Numbers.count(Numbers.oneIn(v));
        };
    }

    /** The interval as text in a style (no markup). */
    static String rangeText(double value, double low, double high, Style style) {
        return switch (style) {
            case PERCENT -> Numbers.percentRange(value, low, high);
            case ONE_IN -> (high <= 0 ? "none" : "1 in " + Numbers.count(Numbers.oneIn(high)))
                    + " to " + (low <= 0 ? "none" : "1 in " + Numbers.count(Numbers.oneIn(low)));
            default -> Numbers.number(low) + "–" + Numbers.number(high);
        };
    }

    private static String keyAttributes(Figure f) {
        return " data-release=\"" + esc(f.release()) + "\" data-qi-set=\"" + esc(f.qiSet()) + "\" data-profile=\""
                + esc(f.profile()) + "\" data-subgroup=\"" + esc(f.subgroup()) + "\" data-metric=\"" + esc(f.metric()) + "\"";
    }

    /** A figure's value, or the words that stand in for it when it is not shown. */
    static String value(Figure f, OutputRules.Decision d, Style style) {
        if (!d.shown()) {
            return "<span class=\"fig withheld\"" + keyAttributes(f) + ">" + esc(d.text()) + "</span>";
        }
        return "<span class=\"fig\"" + keyAttributes(f) + " data-value=\"" + f.value() + "\" data-style=\""
                + style.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "\">" + esc(text(f.value(), style)) + "</span>";
    }

    /** A figure's 95% interval (text only, e.g. "92–94%"), or empty when it has none or is not shown. */
    static String interval(Figure f, OutputRules.Decision d, Style style) {
        if (!d.shown() || f.ciLow() == null || f.ciHigh() == null) {
            return "";
        }
        return "<span class=\"ci\"" + keyAttributes(f) + " data-ci-low=\"" + f.ciLow() + "\" data-ci-high=\"" + f.ciHigh()
                + "\" data-style=\"" + style.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "\">"
                + esc(rangeText(f.value(), f.ciLow(), f.ciHigh(), style)) + "</span>";
    }

    /** Value and interval for a table cell: "93% <small>(92–94%)</small>". */
    static String cell(Figure f, OutputRules.Decision d) {
        Style style = styleOf(f.metric());
        String ci = interval(f, d, style);
        return value(f, d, style) + (ci.isEmpty() ? "" : " <small>(" + ci + ")</small>");
    }
}
