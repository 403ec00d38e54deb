package org.pupilrisk.lifetime.ledger;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.settings.SettingsException;

/**
 * What the generated share history is calibrated to; every value is documented, with its source or
 * "estimate", in {@code lifetime/default.yaml}.
 */
public record LedgerSettings(long seed, Map<Integer, Integer> sharesPerYear, Map<Tier, Double> tierMix,
                             Map<RequesterType, Double> requesterMix, Map<RequesterType, Integer> recipients,
                             double fileShareAfterSecureService, LocalDate firstShare, LocalDate pauseFrom, LocalDate pauseTo,
                             Map<Integer, Double> yearsCovered, Map<String, Double> stages, long cohortPupils,
                             long tier1PupilsMin, long tier1PupilsMax, double wholeCohortShare,
                             long subsetPupilsMin, long subsetPupilsMax) {

    public static LedgerSettings from(LifetimeSettings s) {
        Map<Integer, Integer> perYear = new TreeMap<>();
        s.weights("ledger.shares_per_year").forEach((k, v) -> {
            int year = yearKey(s, "ledger.shares_per_year", k);
            if (v != Math.rint(v)) {
                throw new SettingsException("ledger.shares_per_year." + k, "a whole number").in(s.source());
            }
            perYear.put(year, v.intValue());
        });
        Map<Tier, Double> tiers = new EnumMap<>(Tier.class);
        s.weights("ledger.tier_mix").forEach((k, v) -> {
            Tier t = Tier.parse(k);
            if (t == null) {
                throw new SettingsException("ledger.tier_mix." + k, "1, 2, 3, 4 or unclassified").in(s.source());
            }
            tiers.put(t, v);
        });
        Map<RequesterType, Double> mix = new EnumMap<>(RequesterType.class);
        s.weights("ledger.requester_mix").forEach((k, v) -> mix.put(requester(s, "ledger.requester_mix", k), v));
        Map<RequesterType, Integer> orgs = new EnumMap<>(RequesterType.class);
        s.weights("ledger.recipients").forEach((k, v) -> orgs.put(requester(s, "ledger.recipients", k),
                Math.max(1, v.intValue())));
        for (RequesterType t : mix.keySet()) {
            if (mix.get(t) > 0 && !orgs.containsKey(t)) {
                throw SettingsException.problem(s.source(), "ledger.recipients." + t.code(), "missing (ledger.requester_mix gives it a share)");
            }
        }
        Map<Integer, Double> years = new TreeMap<>();
        s.weights("ledger.years_covered").forEach((k, v) -> {
            int n;
            try {
                n = Integer.parseInt(k);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > 20) {
                throw new SettingsException("ledger.years_covered." + k, "a number of years 1-20").in(s.source());
            }
            years.put(n, v);
        });
        Map<String, Double> stages = new LinkedHashMap<>();
        s.weights("ledger.stages").forEach((k, v) -> {
            try {
                Coverage.ncMask(k);
            } catch (IllegalArgumentException e) {
                throw SettingsException.problem(s.source(), "ledger.stages." + k, e.getMessage());
            }
            stages.put(k, v);
        });
        return new LedgerSettings(s.seed("ledger.seed"), perYear, tiers, mix, orgs,
                s.number("ledger.file_share_after_secure_service", 0, 1), s.date("ledger.first_share"), s.date("ledger.pause_from"),
                s.date("ledger.pause_to"), years, stages, s.integer("ledger.cohort_pupils", 1, 10_000_000),
                s.integer("ledger.tier1_pupils_min", 1, 100_000_000), s.integer("ledger.tier1_pupils_max", 1, 100_000_000),
                s.number("ledger.whole_cohort_share", 0, 1), s.integer("ledger.subset_pupils_min", 1, 100_000_000),
                s.integer("ledger.subset_pupils_max", 1, 100_000_000));
    }

    private static int yearKey(LifetimeSettings s, String path, String k) {
        try {
            int y = Integer.parseInt(k);
            if (y >= 2000 && y <= 2100) {
                return y;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new SettingsException(path + "." + k, "a calendar year").in(s.source());
    }

    private static RequesterType requester(LifetimeSettings s, String path, String k) {
        RequesterType t = RequesterType.parse(k);
        if (t == null) {
            throw new SettingsException(path + "." + k,
                    "academic, commercial, government, think_tank_charity, local_authority or media").in(s.source());
        }
        return t;
    }
}
