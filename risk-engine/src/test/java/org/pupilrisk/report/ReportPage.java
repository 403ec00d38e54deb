package org.pupilrisk.report;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-side reading of a rendered report and of {@code figures.csv}, written independently of the
 * report's own reader: the figure spans ({@code data-} attributes and their text) and the CSV rows
 * they must match.
 */
final class ReportPage {

    /** A span carrying a figure: its attributes (entity-decoded) and its visible text. */
    record Span(String cssClass, Map<String, String> attributes, String text) {
        String key() {
            return String.join("|", attributes.get("data-release"), attributes.get("data-qi-set"),
                    attributes.get("data-profile"), attributes.get("data-subgroup"), attributes.get("data-metric"));
        }

        String attr(String name) {
            return attributes.get(name);
        }
    }

    /** A row of figures.csv: raw strings, empty when not available. */
    record Row(String release, String qiSet, String profile, String subgroup, String metric, String value, String ciLow,
               String ciHigh) {
        String key() {
            return String.join("|", release, qiSet, profile, subgroup, metric);
        }
    }

    private static final Pattern SPAN = Pattern.compile("<span class=\"(fig[^\"]*|ci)\"([^>]*)>([^<]*)</span>");
    private static final Pattern ATTR = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");

    private ReportPage() {
    }

    static Path fixture(String name) {
        try {
            return Path.of(ReportPage.class.getResource("/report/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Span> spans(String html) {
        List<Span> out = new ArrayList<>();
        Matcher m = SPAN.matcher(html);
        while (m.find()) {
            Map<String, String> attrs = new HashMap<>();
            Matcher a = ATTR.matcher(m.group(2));
            while (a.find()) {
                attrs.put(a.group(1), unescape(a.group(2)));
            }
            out.add(new Span(m.group(1), attrs, unescape(m.group(3))));
        }
        return out;
    }

    /** The HTML of the element that starts at {@code <section id="ID"} up to its closing tag. */
    static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\"");
        if (start < 0) {
            return null;
        }
        return html.substring(start, html.indexOf("</section>", start));
    }

    /** The figure keys each chart lists as drawn ({@code data-figures}). */
    static List<List<String>> chartFigures(String html) {
        List<List<String>> out = new ArrayList<>();
        Matcher m = Pattern.compile("<figure class=\"chart\" data-figures=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            out.add(List.of(unescape(m.group(1)).split(";")));
        }
        return out;
    }

    static String text(String html) {
        return unescape(html.replaceAll("<[^>]+>", ""));
    }

    static String unescape(String s) {
        Matcher m = Pattern.compile("&#(\\d+);").matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1)))));
        }
        m.appendTail(b);
        return b.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** figures.csv by key, parsed with a plain split that honours double-quoted fields. */
    static Map<String, Row> csv(Path file) throws IOException {
        Map<String, Row> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = new ArrayList<>();
            for (String part : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)) {
                f.add(part.startsWith("\"") ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part);
            }
            Row r = new Row(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7));
            rows.put(r.key(), r);
        }
        return rows;
    }

    /** The numbers in a span's text, e.g. [92, 94] for "92–94%" or [13] for "1 in 13" (the "1 in" dropped). */
    static List<Double> numbers(String text) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\d[\\d,]*(?:\\.\\d+)?").matcher(text.replace("1 in ", ""));
        while (m.find()) {
            out.add(Double.parseDouble(m.group().replace(",", "")));
        }
        return out;
    }

    /** Decimal places written in a number's text ("3.1" -> 1). */
    static List<Integer> decimals(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\d[\\d,]*(?:\\.(\\d+))?").matcher(text.replace("1 in ", ""));
        while (m.find()) {
            out.add(m.group(1) == null ? 0 : m.group(1).length());
        }
        return out;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
