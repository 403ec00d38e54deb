package org.pupilrisk.lifetime.matching;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.settings.SettingsReader;

/** The matching simulation's inputs; each documented with its source in {@code lifetime/default.yaml}. */
public record MatchingSettings(long seed, List<Period> periods, List<AgeBand> ageBands, int namesFrom,
                               double schooledInEngland, double moveRatePerYear, double surnameDiffers,
                               double forenameDiffers, double surnameVariantShare, double forenameVariantShare) {

    /** A published period: how many people were asked about, and the share returned (not used by the simulation). */
    public record Period(String name, LocalDate from, LocalDate to, int requested, double publishedReturnRate) {
    }

    /** Ages [from, to] at the request, with a weight. */
    public record AgeBand(int from, int to, double weight) {
    }

    public static MatchingSettings from(LifetimeSettings s) {
        List<Period> periods = new ArrayList<>();
        List<JsonNode> items = s.items("matching.periods");
        for (int i = 0; i < items.size(); i++) {
            SettingsReader r = SettingsReader.of(items.get(i), s.source(), "matching.periods[" + i + "]",
                    Set.of("name", "from", "to", "requested", "published_return_rate"));
            for (String key : List.of("name", "from", "to", "requested", "published_return_rate")) {
                if (!r.has(key)) {
                    throw r.error(key, "a value (a period has name, from, to, requested and published_return_rate)");
                }
            }
            LocalDate from = date(r, "from");
            LocalDate to = date(r, "to");
            if (to.isBefore(from)) {
                throw r.error("to", "a date on or after from (" + from + "), got '" + to + "'");
            }
            periods.add(new Period(r.text("name", null), from, to, r.integer("requested", 0, 1, 10_000_000),
                    r.numberFrom("published_return_rate", 0, 1)));
        }
        List<AgeBand> bands = new ArrayList<>();
        items = s.items("matching.age_bands");
        for (int i = 0; i < items.size(); i++) {
            SettingsReader r = SettingsReader.of(items.get(i), s.source(), "matching.age_bands[" + i + "]",
                    Set.of("from", "to", "weight"));
            for (String key : List.of("from", "to", "weight")) {
                if (!r.has(key)) {
                    throw r.error(key, "a value (an age band has from, to and weight)");
                }
            }
            int from = r.integer("from", 0, 0, 120);
            bands.add(new AgeBand(from, r.integer("to", 0, from, 120), r.numberFrom("weight", 0, Double.MAX_VALUE)));
        }
        return new MatchingSettings(s.seed("matching.seed"), List.copyOf(periods), List.copyOf(bands),
                s.integer("matching.names_from", 1990, 2100), s.number("matching.schooled_in_england", 0, 1),
                s.number("matching.move_rate_per_year", 0, 1), s.number("matching.surname_differs", 0, 1),
                s.number("matching.forename_differs", 0, 1), s.number("matching.surname_variant_share", 0, 1),
                s.number("matching.forename_variant_share", 0, 1));
    }

    private static LocalDate date(SettingsReader r, String key) {
        String t = r.text(key, null);
        try {
            return LocalDate.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw r.error(key, "a date yyyy-mm-dd, got '" + t + "'");
        }
    }
}
