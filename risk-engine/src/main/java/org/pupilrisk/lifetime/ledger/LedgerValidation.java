package org.pupilrisk.lifetime.ledger;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The ledger beside what is known about the real register: per-year counts, cumulative totals,
 * tier mix, requester mix, post-2018 file share and extract sizes. Each reference value carries its
 * status — F (found, with source) or E (estimate) — from data-shares-facts.md; a range reference
 * says whether the generated value falls inside it.
 */
public final class LedgerValidation {

    /**
     * One line of ledger-validation.csv.
     *
     * @param quantity   what is compared
     * @param reference  the reference as published or estimated (a number, or a range "lo-hi")
     * @param low        lower end of the reference (= high for a point value); null when none
     * @param high       upper end
     * @param status     F or E, with the source
     * @param generated  the ledger's value
     * @param unit       "shares", "percent" or "pupils"
     */
    public record Row(String quantity, String reference, Double low, Double high, String status, double generated,
                      String unit) {

        /** "yes" or "no": inside the reference range (a point reference counts within 5%); "-" when it is not a number. */
        public String within() {
            if (low == null) {
                return "-";
            }
            return generated >= low - 1e-9 && generated <= high + 1e-9 ? "yes" : "no";
        }
    }

    private LedgerValidation() {
    }

    public static List<Row> rows(List<Share> shares, LedgerSettings s) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : s.sharesPerYear().entrySet()) {
            int y = e.getKey();
            double n = count(shares, x -> x.date().getYear() == y);
            rows.add(new Row("shares approved in " + y, Integer.toString(e.getValue()), e.getValue() * 1.0,
                    e.getValue() * 1.0, "E (setting, fitted to the found totals)", n, "shares"));
        }
        rows.add(new Row("shares Mar 2012 - Dec 2016", "872 (887 requests less 15 rejected)", 872 * 0.95, 872 * 1.05,
                "F defenddigitalme 11 Apr 2017", between(shares, "2012-03-01", "2016-12-31"), "shares"));
        rows.add(new Row("pupil-level shares Mar 2012 - May 2017", "about 1,000 identifying releases", 950.0, 1050.0,
                "F defenddigitalme 31 Oct 2017", between(shares, "2012-03-01", "2017-05-31", x -> x.tier().pupilLevel()), "shares"));
        rows.add(new Row("shares Aug 2012 - 20 Dec 2017", "919", 919 * 0.95, 919 * 1.05,
                "F ministerial answer (defenddigitalme 9 Apr 2018); counts \"data shares\", fewer than the requests tallied above",
                between(shares, "2012-08-01", "2017-12-20"), "shares"));
        rows.add(new Row("shares Apr 2012 - Dec 2014", "457 (466 requests less 9 rejected)", 457 * 0.95, 457 * 1.05,
                "F defenddigitalme c. 2016", between(shares, "2012-04-01", "2014-12-31"), "shares"));
        rows.add(new Row("shares to June 2020", "over 2,000 (campaign count)", 2000.0, Double.MAX_VALUE,
                "F campaign page; the register breakdown behind it not found", between(shares, "2012-01-01", "2020-06-30"),
                "shares"));
        List<Share> early = shares.stream().filter(x -> !x.date().isAfter(LocalDate.of(2016, 12, 31))).toList();
        double[] tierRef = {334, 368, 29, 84, 72};
        Tier[] tiers = {Tier.TIER1, Tier.TIER2, Tier.TIER3, Tier.TIER4, Tier.UNCLASSIFIED};
        for (int i = 0; i < tiers.length; i++) {
            Tier t = tiers[i];
            double ref = 100 * tierRef[i] / 887;
            rows.add(new Row("Tier " + t.code() + " share of shares 2012-2016", pct(ref) + " (±3)", ref - 3, ref + 3,
                    "F defenddigitalme 11 Apr 2017 (" + (int) tierRef[i] + " of 887)",
                    100 * count(early, x -> x.tier() == t) / Math.max(1, early.size()), "percent"));
        }
        String[][] mix = {{"academic", "45", "55"}, {"commercial", "15", "25"}, {"government", "10", "15"},
            {"think_tank_charity", "10", "15"}, {"local_authority", "2", "5"}, {"media", "1", "3"}};
        for (String[] m : mix) {
            RequesterType t = RequesterType.parse(m[0]);
            rows.add(new Row(m[0] + " share of shares", m[1] + "-" + m[2], Double.parseDouble(m[1]), Double.parseDouble(m[2]),
                    "E data-shares-facts §1", 100 * count(shares, x -> x.requesterType() == t) / shares.size(), "percent"));
        }
        rows.add(new Row("commercial share of shares", "over a third (\"commercial re-use\", 2020)", null, null,
                "F campaign page: counts re-use by any requester, not commercial requesters",
                100 * count(shares, Share::commercial) / shares.size(), "percent"));
        List<Share> late = shares.stream().filter(x -> !x.date().isBefore(Share.SECURE_SERVICE_FROM)).toList();
        rows.add(new Row("shares from 25 Sep 2018 sent as files", "20-35", 20.0, 35.0, "E data-shares-facts §2",
                late.isEmpty() ? 0 : 100 * count(late, Share::sentAsFile) / late.size(), "percent"));
        List<Long> sizes = shares.stream().filter(x -> x.tier().pupilLevel()).map(Share::nationalPupils).sorted().toList();
        rows.add(new Row("median pupils per pupil-level share", "1,000,000-3,000,000", 1e6, 3e6, "E data-shares-facts §1",
                median(sizes), "pupils"));
        List<Long> t1 = shares.stream().filter(x -> x.tier() == Tier.TIER1).map(Share::nationalPupils).sorted().toList();
        rows.add(new Row("median pupils per Tier 1 share", "1,000-100,000", 1e3, 1e5, "E data-shares-facts §1",
                median(t1), "pupils"));
        return List.copyOf(rows);
    }

    public static void write(List<Row> rows, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("quantity,reference,status,generated,unit,within_reference\n");
            for (Row r : rows) {
                w.write(String.join(",", q(r.quantity()), q(r.reference()), q(r.status()),
                        String.format(Locale.ROOT, "%.1f", r.generated()), r.unit(), r.within()));
                w.write('\n');
            }
        }
    }

    /** The table as aligned text, for the terminal. */
    public static String text(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-45s %-32s %12s  %s%n", "quantity", "reference",
                "generated", "within"));
        for (Row r : rows) {
            String ref = r.reference().length() > 32 ? r.reference().substring(0, 31) + "…" : r.reference();
            b.append(String.format(Locale.ROOT, "%-45s %-32s %12s  %s%n", r.quantity(), ref,
                    r.unit().equals("percent") ? String.format(Locale.ROOT, "%.1f%%", r.generated())
                            : String.format(Locale.ROOT, "%,.0f", r.generated()), r.within()));
        }
        return b.toString();
    }

    private static String q(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static double count(List<Share> shares, Predicate<Share> p) {
        return shares.stream().filter(p).count();
    }

    private static double between(List<Share> shares, String from, String to) {
        return between(shares, from, to, x -> true);
    }

    private static double between(List<Share> shares, String from, String to, Predicate<Share> p) {
        LocalDate a = LocalDate.parse(from);
        LocalDate b = LocalDate.parse(to);
        return count(shares, x -> !x.date().isBefore(a) && !x.date().isAfter(b) && p.test(x));
    }

    private static double median(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
