package org.pupilrisk.lifetime.matching;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.lifetime.settings.LifetimeSettings;

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
            JsonNode n = items.get(i);
            String at = s.source() + ": matching.periods[" + i + "]";
            try {
                LocalDate from = LocalDate.parse(n.path("from").asText());
                LocalDate to = LocalDate.parse(n.path("to").asText());
                int requested = n.path("requested").asInt(-1);
                double published = n.path("published_return_rate").asDouble(-1);
                String name = n.path("name").asText("");
                if (name.isBlank() || to.isBefore(from) || requested < 1 || requested > 10_000_000 || published < 0 || published > 1) {
                    throw new InvalidInputException(at + ": expected name, from <= to (yyyy-mm-dd), requested 1-10,000,000 "
                            + "and published_return_rate 0-1");
                }
                periods.add(new Period(name, from, to, requested, published));
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidInputException(at + ": from and to must be dates yyyy-mm-dd");
            }
        }
        List<AgeBand> bands = new ArrayList<>();
        items = s.items("matching.age_bands");
        for (int i = 0; i < items.size(); i++) {
            JsonNode n = items.get(i);
            int from = n.path("from").asInt(-1);
            int to = n.path("to").asInt(-1);
            double w = n.path("weight").asDouble(-1);
            if (from < 0 || to < from || to > 120 || w < 0) {
                throw new InvalidInputException(s.source() + ": matching.age_bands[" + i
                        + "]: expected from <= to (ages 0-120) and a non-negative weight");
            }
            bands.add(new AgeBand(from, to, w));
        }
        return new MatchingSettings(s.seed("matching.seed"), List.copyOf(periods), List.copyOf(bands),
                s.integer("matching.names_from", 1990, 2100), s.number("matching.schooled_in_england", 0, 1),
                s.number("matching.move_rate_per_year", 0, 1), s.number("matching.surname_differs", 0, 1),
                s.number("matching.forename_differs", 0, 1), s.number("matching.surname_variant_share", 0, 1),
                s.number("matching.forename_variant_share", 0, 1));
    }
}
