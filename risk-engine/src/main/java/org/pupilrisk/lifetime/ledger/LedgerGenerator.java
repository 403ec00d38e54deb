package org.pupilrisk.lifetime.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a history of approved NPD shares from {@link LedgerSettings}: per calendar year the
 * configured number of shares, each with a date (uniform over the year, none during the 2018 pause),
 * a tier, requester type and recipient, a delivery route, and a coverage rule.
 *
 * <p>Nothing is dated before {@code first_share} (the register starts in March 2012).
 *
 * <p>Deterministic: one {@link SplittableRandom} seeded from the settings draws every share in
 * year order, so the same settings give the same ledger on any machine.
 */
public final class LedgerGenerator {

    private LedgerGenerator() {
    }

    public static List<Share> generate(LedgerSettings s) {
        SplittableRandom rnd = new SplittableRandom(s.seed());
        List<Share> drawn = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : s.sharesPerYear().entrySet()) {
            int year = e.getKey();
            List<LocalDate> days = openDays(year, s);
            if (days.isEmpty()) {
                throw new org.pupilrisk.input.InvalidInputException("ledger.shares_per_year." + year
                        + ": the year has no day open for shares (before first_share or inside the pause)");
            }
            for (int i = 0; i < e.getValue(); i++) {
                LocalDate date = days.get(rnd.nextInt(days.size()));
                drawn.add(draw(s, rnd, date, "tmp"));
            }
        }
        drawn.sort(Comparator.comparing(Share::date)); // stable: ties keep draw order
        List<Share> out = new ArrayList<>(drawn.size());
        int width = Math.max(4, Integer.toString(drawn.size()).length());
        for (int i = 0; i < drawn.size(); i++) {
            Share d = drawn.get(i);
            out.add(new Share(String.format("S%0" + width + "d", i + 1), d.date(), d.tier(), d.requesterType(),
                    d.recipient(), d.delivery(), d.coverage(), d.nationalPupils()));
        }
        return List.copyOf(out);
    }

    private static List<LocalDate> openDays(int year, LedgerSettings s) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            if (!d.isBefore(s.firstShare()) && (d.isBefore(s.pauseFrom()) || d.isAfter(s.pauseTo()))) {
                days.add(d);
            }
        }
        return days;
    }

    private static Share draw(LedgerSettings s, SplittableRandom rnd, LocalDate date, String id) {
        Tier tier = pick(s.tierMix(), rnd);
        RequesterType type = pick(s.requesterMix(), rnd);
        String recipient = type.code() + "-" + String.format("%03d", zipfRank(s.recipients().get(type), rnd));
        Delivery delivery = !date.isBefore(Share.SECURE_SERVICE_FROM) && rnd.nextDouble() >= s.fileShareAfterSecureService()
                ? Delivery.SECURE_SERVICE : Delivery.FILE;
        int span = pick(s.yearsCovered(), rnd);
        int latest = latestCensus(date);
        String stages = pick(s.stages(), rnd);
        Coverage probe = new Coverage(latest - span + 1, latest, stages, 1.0);
        long covered = coveredPupils(probe, s.cohortPupils());
        long size;
        if (tier == Tier.TIER1) {
            size = logUniform(s.tier1PupilsMin(), s.tier1PupilsMax(), rnd);
        } else if (!tier.pupilLevel() || rnd.nextDouble() < s.wholeCohortShare()) {
            size = covered;
        } else {
            size = logUniform(s.subsetPupilsMin(), s.subsetPupilsMax(), rnd);
        }
        double fraction = Math.min(1.0, (double) size / covered);
        Coverage coverage = new Coverage(probe.fromYear(), probe.toYear(), stages, fraction);
        return new Share(id, date, tier, type, recipient, delivery, coverage, Math.round(fraction * covered));
    }

    /** The latest January census published by {@code date}: the NPD releases a census from June. */
    public static int latestCensus(LocalDate date) {
        return date.getMonthValue() >= 6 ? date.getYear() : date.getYear() - 1;
    }

    /**
     * Distinct pupils a coverage rule holds nationally before sampling: each NC year of each census
     * year holds a cohort; a contiguous run of c NC years over y census years spans c + y − 1 birth
     * cohorts (the same child appears in several years).
     */
    public static long coveredPupils(Coverage c, long cohortPupils) {
        long mask = Coverage.ncMask(c.stages());
        int lo = Long.numberOfTrailingZeros(mask);
        int hi = 63 - Long.numberOfLeadingZeros(mask);
        boolean contiguous = Long.bitCount(mask) == hi - lo + 1;
        long cohorts = contiguous ? (long) (hi - lo + 1) + c.years() - 1 : (long) Long.bitCount(mask) * c.years();
        return cohorts * cohortPupils;
    }

    private static long logUniform(long min, long max, SplittableRandom rnd) {
        double lo = Math.log(Math.min(min, max));
        double hi = Math.log(Math.max(min, max));
        return Math.round(Math.exp(lo + rnd.nextDouble() * (hi - lo)));
    }

    /** A rank 1..n with probability proportional to 1/rank: a few organisations receive most shares. */
    static int zipfRank(int n, SplittableRandom rnd) {
        double total = 0;
        for (int k = 1; k <= n; k++) {
            total += 1.0 / k;
        }
        double u = rnd.nextDouble() * total;
        for (int k = 1; k <= n; k++) {
            u -= 1.0 / k;
            if (u < 0) {
                return k;
            }
        }
        return n;
    }

    static <T> T pick(Map<T, Double> weights, SplittableRandom rnd) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double u = rnd.nextDouble() * total;
        T last = null;
        for (Map.Entry<T, Double> e : weights.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            last = e.getKey();
            u -= e.getValue();
            if (u < 0) {
                return e.getKey();
            }
        }
        return last;
    }
}
