package org.pupilrisk.report;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The census years a linked-history figure covers, read from its QI set name: {@code linked_2019}
 * (one year), {@code linked_2019-2022} (four years), optionally followed by what was linked, e.g.
 * {@code linked_2019-2022_schools} or {@code _districts}.
 *
 * @param years   number of census years linked (last − first + 1)
 * @param variant what the history is made of ({@code schools}, {@code districts}), or empty
 */
record LinkedSpan(int first, int last, int years, String variant) {

    private static final Pattern NAME = Pattern.compile("linked_(\\d{4})(?:-(\\d{4}))?(?:_(.+))?");

    static boolean isLinked(String qiSet) {
        return qiSet.startsWith("linked_");
    }

    static Optional<LinkedSpan> parse(String qiSet) {
        Matcher m = NAME.matcher(qiSet);
        if (!m.matches()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        if (last < first) {
            return Optional.empty();
        }
        return Optional.of(new LinkedSpan(first, last, last - first + 1, m.group(3) == null ? "" : m.group(3)));
    }

    /** "4 years (2019–2022)" or "1 year (2019)". */
    String label() {
        return years + (years == 1 ? " year (" + first + ")" : " years (" + first + "–" + last + ")");
    }

    /** What the linked history consists of, in words: "schools", "home postcode districts". */
    String variantWords() {
        return switch (variant) {
            case "districts" -> "home postcode districts";
            case "" -> "records";
            default -> variant.replace('_', ' ');
        };
    }
}
