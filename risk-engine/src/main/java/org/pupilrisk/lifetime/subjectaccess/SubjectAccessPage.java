package org.pupilrisk.lifetime.subjectaccess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.pupilrisk.lifetime.exposure.PupilExposure;
import org.pupilrisk.lifetime.exposure.PupilHistory;
import org.pupilrisk.lifetime.ledger.Coverage;
import org.pupilrisk.lifetime.ledger.Share;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.identity.Identity;

/**
 * What a subject access request to the NPD would reveal, if the Department met it: one readable,
 * self-contained HTML page for one synthetic child — every census record held across the years,
 * the labels that no longer apply but are still held, and every simulated share that included the
 * record (date, tier, fields, requester type, recipient, the years it covered).
 */
public final class SubjectAccessPage {

    /** Columns shown per census record, in order, with their plain-English headings. */
    static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put(NpdColumns.CENSUS_YEAR, "Census (January)");
        COLUMNS.put(NpdColumns.NC_YEAR, "School year");
        COLUMNS.put(NpdColumns.URN, "School (URN)");
        COLUMNS.put(NpdColumns.POSTCODE_SECTOR, "Home postcode sector");
        COLUMNS.put(NpdColumns.FSM, "Free school meals");
        COLUMNS.put(NpdColumns.SEN_PROVISION, "SEN provision");
        COLUMNS.put(NpdColumns.SEN_TYPE, "Type of need");
        COLUMNS.put(NpdColumns.LOOKED_AFTER, "Looked after");
        COLUMNS.put(NpdColumns.CHILD_IN_NEED, "Child in need");
        COLUMNS.put(NpdColumns.AP_REASON, "Reason for AP placement");
        COLUMNS.put(NpdColumns.EXCLUSION_REASON, "Exclusion reason");
    }

    private SubjectAccessPage() {
    }

    /**
     * @param records the child's census rows (all years, with APReason and ExclusionReason), in year order
     * @param seed    the population's seed (names and unit postcodes)
     */
    public static String render(List<Row> records, PupilHistory history, PupilExposure exposure, List<Share> shares,
                                long seed, String ledgerSource) {
        Row first = records.get(0);
        long pupil = history.pupil();
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"pupilrisk subject-access\">\n")
                .append("<title>Subject access: what the National Pupil Database holds about pupil ").append(pupil)
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        b.append("<p class=\"synthetic\">A synthetic child from a simulated population: no real person is described.</p>\n");
        b.append("<h1>What the National Pupil Database holds about this child</h1>\n");
        b.append("<p class=\"lede\">This is what a subject access request would reveal if the Department for Education met it. ")
                .append("In 2015 the Department said it was “not an expectation” that NPD data be provided in response to one.</p>\n");
        b.append("<dl class=\"who\">");
        dt(b, "Name", "forename no. " + Identity.forename(seed, pupil) + ", surname no. " + Identity.surname(seed, pupil)
                + " <span class=\"note\">(coded: rank in the national frequency list)</span>");
        dt(b, "Date of birth", esc(str(first, NpdColumns.DATE_OF_BIRTH)));
        dt(b, "Sex", esc(str(first, NpdColumns.SEX)));
        dt(b, "Ethnic group", esc(str(first, NpdColumns.ETHNIC_MINOR)));
        dt(b, "First language", esc(str(first, NpdColumns.FIRST_LANGUAGE)));
        dt(b, "Pupil matching reference", Long.toString(pupil));
        dt(b, "Latest home address", esc(Identity.unitPostcode(seed, pupil, history.sector() == null ? "?" : history.sector()))
                + " <span class=\"note\">(unit postcode)</span>");
        b.append("</dl>\n");

        int years = records.size();
        String span = records.get(0).getAs(NpdColumns.CENSUS_YEAR) + "–" + records.get(years - 1).getAs(NpdColumns.CENSUS_YEAR);
        b.append("<section class=\"summary\"><h2>In short</h2><ul>");
        b.append(li(String.format(Locale.ROOT, "<strong>%d census records</strong> are held about this child (%s), kept with no end date.",
                years, span)));
        if (exposure.releases() == 0) {
            b.append(li("No simulated share included the record."));
        } else {
            b.append(li(String.format(Locale.ROOT,
                    "<strong>%s</strong> of pupil-level data included the record, sent to <strong>%s</strong> "
                            + "(%d of them commercial); %d left the Department as files.",
                    plural(exposure.releases(), "share"), plural(exposure.recipients(), "organisation"),
                    exposure.commercialRecipients(), exposure.sentAsFile())));
            b.append(li(String.format(Locale.ROOT, "%d carried the child's name and address; %d carried a sensitive label "
                    + "(type of special need, exclusion reason or reason for alternative provision).",
                    exposure.identifying(), exposure.withLabel())));
            b.append(li(String.format(Locale.ROOT, "The first share came when the child was %.1f years old.", exposure.firstAge())));
        }
        b.append("</ul></section>\n");

        List<String> stale = staleLabels(records);
        b.append("<section><h2>Labels no longer current but still held</h2>\n");
        if (stale.isEmpty()) {
            b.append("<p>None: every label recorded about this child still applies on the latest record.</p>\n");
        } else {
            b.append("<p>These were recorded in earlier years and do not appear on the latest record, but the NPD keeps them ")
                    .append("and every share covering those years passes them on:</p>\n<ul>");
            stale.forEach(s -> b.append(li(s)));
            b.append("</ul>\n");
        }
        b.append("</section>\n");

        b.append("<section><h2>Every census record</h2>\n<div class=\"wrap\"><table><thead><tr>");
        COLUMNS.values().forEach(h -> b.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
        b.append("</tr></thead><tbody>\n");
        for (Row r : records) {
            b.append("<tr>");
            boolean firstCell = true;
            for (String c : COLUMNS.keySet()) {
                String v = str(r, c);
                b.append(firstCell ? "<th scope=\"row\">" : "<td>").append(v.isEmpty() ? "<span class=\"none\">–</span>" : esc(v))
                        .append(firstCell ? "</th>" : "</td>");
                firstCell = false;
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div></section>\n");

        b.append("<section><h2>Every share that included the record</h2>\n");
        if (exposure.releases() == 0) {
            b.append("<p>None.</p>\n");
        } else {
            b.append("<p class=\"note\">From the ").append(esc(ledgerSource)).append(". Tier 1 carries names and address; ")
                    .append("Tier 2 sensitive fields without names; Tier 4 no sensitive fields.</p>\n");
            b.append("<div class=\"wrap\"><table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Share</th>")
                    .append("<th scope=\"col\">Tier</th><th scope=\"col\">Requester</th><th scope=\"col\">Recipient</th>")
                    .append("<th scope=\"col\">Delivery</th><th scope=\"col\">This child's years covered</th>")
                    .append("<th scope=\"col\">Fields carried</th></tr></thead><tbody>\n");
            for (int s : exposure.shares()) {
                Share share = shares.get(s);
                b.append("<tr><th scope=\"row\">").append(share.date()).append("</th><td>").append(esc(share.id()))
                        .append("</td><td>").append(esc(share.tier().code())).append("</td><td>")
                        .append(esc(share.requesterType().code().replace('_', ' '))).append("</td><td>")
                        .append(esc(share.recipient())).append("</td><td>").append(esc(share.delivery().code().replace('_', ' ')))
                        .append("</td><td>").append(esc(coveredYears(history, share))).append("</td><td class=\"fields\">")
                        .append(esc(String.join(", ", share.tier().fields()))).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        b.append("</section>\n<footer><p>Written by pupilrisk subject-access. Census records are those of the simulated ")
                .append("population; shares are the simulated ledger; names and unit postcodes are derived codes.</p></footer>\n")
                .append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** Labels on an earlier record that the latest record no longer carries, each with the years it was recorded. */
    static List<String> staleLabels(List<Row> records) {
        Row last = records.get(records.size() - 1);
        Map<String, List<String>> years = new LinkedHashMap<>();
        for (Row r : records.subList(0, records.size() - 1)) {
            String year = String.valueOf((Object) r.getAs(NpdColumns.CENSUS_YEAR));
            String sen = str(r, NpdColumns.SEN_TYPE);
            if (!sen.isEmpty() && !sen.equals(str(last, NpdColumns.SEN_TYPE))) {
                years.computeIfAbsent("Type of special educational need " + esc(sen) + " (census ", k -> new ArrayList<>()).add(year);
            }
            String ap = str(r, NpdColumns.AP_REASON);
            if (!ap.isEmpty() && !ap.equals(str(last, NpdColumns.AP_REASON))) {
                years.computeIfAbsent("Reason for alternative provision " + esc(ap) + " (census ", k -> new ArrayList<>()).add(year);
            }
            String ex = str(r, NpdColumns.EXCLUSION_REASON);
            if (!ex.isEmpty() && !ex.equals(str(last, NpdColumns.EXCLUSION_REASON))) {
                years.computeIfAbsent("Exclusion reason " + esc(ex) + " (academic year ending ", k -> new ArrayList<>()).add(year);
            }
            if ("true".equals(str(r, NpdColumns.LOOKED_AFTER)) && !"true".equals(str(last, NpdColumns.LOOKED_AFTER))) {
                years.computeIfAbsent("Looked after (census ", k -> new ArrayList<>()).add(year);
            }
            if ("true".equals(str(r, NpdColumns.FSM)) && !"true".equals(str(last, NpdColumns.FSM))) {
                years.computeIfAbsent("Eligible for free school meals (census ", k -> new ArrayList<>()).add(year);
            }
        }
        List<String> out = new ArrayList<>();
        years.forEach((label, ys) -> out.add(label + String.join(", ", ys) + ")"));
        return out;
    }

    private static String coveredYears(PupilHistory h, Share share) {
        List<String> ys = new ArrayList<>();
        long mask = Coverage.ncMask(share.coverage().stages());
        for (int i = 0; i < h.years().length; i++) {
            int y = h.years()[i];
            if (y >= share.coverage().fromYear() && y <= share.coverage().toYear() && (mask & Coverage.bit(h.nc()[i])) != 0) {
                ys.add(Integer.toString(y));
            }
        }
        return String.join(", ", ys);
    }

    static String str(Row r, String column) {
        int i;
        try {
            i = r.fieldIndex(column);
        } catch (IllegalArgumentException e) {
            return "";
        }
        return r.isNullAt(i) ? "" : String.valueOf(r.get(i));
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static void dt(StringBuilder b, String term, String html) {
        b.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>");
    }

    private static String li(String html) {
        return "<li>" + html + "</li>";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static final String CSS = """
            body { font: 16px/1.5 Georgia, 'Times New Roman', serif; color: #111; background: #fff; margin: 0; }
            main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
            h1 { font-size: 1.9rem; margin: .3rem 0 .6rem; }
            h2 { font-size: 1.3rem; border-bottom: 2px solid #111; padding-bottom: .2rem; margin-top: 2rem; }
            .synthetic { display: inline-block; border: 1px solid #111; padding: .15rem .5rem; font: 600 .85rem/1.4 sans-serif; }
            .lede { font-size: 1.1rem; max-width: 48rem; }
            .who { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.2rem; }
            .who dt { font-weight: bold; }
            .who dd { margin: 0; }
            .summary ul { font-size: 1.08rem; }
            .note { color: #444; font-size: .9rem; }
            .wrap { overflow-x: auto; }
            table { border-collapse: collapse; font: .85rem/1.35 sans-serif; width: 100%; }
            th, td { border-bottom: 1px solid #bbb; padding: .3rem .45rem; text-align: left; vertical-align: top; }
            thead th { border-bottom: 2px solid #111; }
            td.fields { font-size: .75rem; color: #333; }
            .none { color: #888; }
            footer { margin-top: 2.5rem; font-size: .85rem; color: #444; }
            @media print { main { max-width: none; } }
            """;
}
