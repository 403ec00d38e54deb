package org.pupilrisk.lifetime.matching;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pupilrisk.attack.RateInterval;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;
import org.pupilrisk.population.identity.Identity;

/**
 * Home Office-style requests run against the NPD under the {@link ClearMatchRule}. The return rate
 * is not an input: it arises from who is asked about and what has changed since their last census.
 *
 * <p>For each requested person: an age at the request (settings' bands); whether their school years
 * (ages 4-15) overlapped the named NPD (censuses from {@code names_from}) — if so, whether they went
 * to an English state school ({@code schooled_in_england}, an estimate). A person in the NPD is
 * played by a child of the simulated population (a stand-in: the rule only needs the record's name,
 * sex, date of birth and postcode); the department's record of them differs from the NPD's by
 * identifier drift — a surname differs with probability {@code surname_differs}, of which
 * {@code surname_variant_share} are spelling variants the rule tolerates, likewise forenames — and by
 * moves: with {@code move_rate_per_year}, the address has changed with probability 1 − (1 − m)^t,
 * t the years since their last census (0.x for a child still at school; age − 15 after). A person
 * not in the NPD has names and an address drawn from the same distributions and can only be
 * returned by mistake: a false match.
 */
public final class MatchingSimulation {

    public static final String QI = "name_sex_dob_address";
    private static final QiSetLabel QI_SET = QiSetLabel.of(QI);

    /** What one period's requests came to. */
    public record Result(MatchingSettings.Period period, int requested, int inNpd, int returned, int returnedRight,
                         int returnedWrong, int ambiguous, int inNpdMoved, int inNpdSurnameChanged,
                         int inNpdForenameChanged, int returnedStillAtSchool) {

        public double returnRate() {
            return (double) returned / requested;
        }

        public String release() {
            return "home-office-matching(" + period.from().toString().substring(0, 7) + ".."
                    + period.to().toString().substring(0, 7) + ")";
        }

        public List<Figure> figures() {
            List<Figure> f = new ArrayList<>();
            String r = release();
            f.add(Figure.exact(ReleaseId.of(r), QI_SET, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.MATCHING_REQUESTED, requested));
            f.add(Figure.exact(ReleaseId.of(r), QI_SET, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.MATCHING_REQUESTS_PER_MONTH,
                    requested / months(period.from(), period.to())));
            f.add(rate(r, Metric.MATCHING_IN_NPD_SHARE, requested, inNpd));
            f.add(rate(r, Metric.MATCHING_RETURN_RATE, requested, returned));
            f.add(Figure.exact(ReleaseId.of(r), QI_SET, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.MATCHING_PUBLISHED_RETURN_RATE, period.publishedReturnRate()));
            f.add(inNpd == 0 ? Figure.unavailable(ReleaseId.of(r), QI_SET, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.MATCHING_MATCH_RATE_IN_NPD, "no one in the NPD")
                    : rate(r, Metric.MATCHING_MATCH_RATE_IN_NPD, inNpd, returnedRight));
            f.add(returned == 0 ? Figure.unavailable(ReleaseId.of(r), QI_SET, AttackerProfile.NONE, SubgroupLabel.ALL, Metric.MATCHING_FALSE_MATCH_SHARE, "nothing returned")
                    : rate(r, Metric.MATCHING_FALSE_MATCH_SHARE, returned, returnedWrong));
            f.add(rate(r, Metric.MATCHING_NOT_CLEAR_SHARE, requested, ambiguous));
            if (inNpd > 0) {
                f.add(rate(r, Metric.MATCHING_IN_NPD_MOVED_SHARE, inNpd, inNpdMoved));
                f.add(rate(r, Metric.MATCHING_IN_NPD_SURNAME_CHANGED_SHARE, inNpd, inNpdSurnameChanged));
                f.add(rate(r, Metric.MATCHING_IN_NPD_FORENAME_CHANGED_SHARE, inNpd, inNpdForenameChanged));
            }
            if (returned > 0) {
                f.add(rate(r, Metric.MATCHING_RETURNED_CURRENT_SCHOOL_SHARE, returned, returnedStillAtSchool));
            }
            return f;
        }

        private static Figure rate(String release, Metric metric, long n, long k) {
            RateInterval ci = RateInterval.of(n, k);
            return Figure.withInterval(ReleaseId.of(release), QI_SET, AttackerProfile.NONE, SubgroupLabel.ALL, metric, (double) k / n, ci.low(), ci.high());
        }

        private static double months(LocalDate from, LocalDate to) {
            return ChronoUnit.DAYS.between(from, to.plusDays(1)) / (365.25 / 12);
        }
    }

    private MatchingSimulation() {
    }

    public static List<Result> run(MatchingSettings s, List<NpdRecord> npd) {
        if (npd.isEmpty()) {
            throw new IllegalArgumentException("no NPD records to match against");
        }
        ClearMatchRule rule = new ClearMatchRule(npd);
        List<Result> out = new ArrayList<>();
        for (int p = 0; p < s.periods().size(); p++) {
            out.add(period(s, s.periods().get(p), npd, rule, new SplittableRandom(s.seed() * 31 + p)));
        }
        return out;
    }

    static Result period(MatchingSettings s, MatchingSettings.Period period, List<NpdRecord> npd, ClearMatchRule rule,
                         SplittableRandom rnd) {
        int inNpd = 0;
        int returned = 0;
        int right = 0;
        int wrong = 0;
        int ambiguous = 0;
        int moved = 0;
        int surnameChanged = 0;
        int forenameChanged = 0;
        int atSchool = 0;
        long days = ChronoUnit.DAYS.between(period.from(), period.to()) + 1;
        for (int j = 0; j < period.requested(); j++) {
            LocalDate date = period.from().plusDays(rnd.nextLong(days));
            int age = age(s, rnd);
            int year = date.getYear();
            boolean overlaps = age >= 4 && year - age + 15 >= s.namesFrom();
            boolean schooled = overlaps && rnd.nextDouble() < s.schooledInEngland();
            MatchRequest q;
            if (schooled) {
                inNpd++;
                NpdRecord r = npd.get(rnd.nextInt(npd.size()));
                double t = Math.max(0, age - 15) + date.getDayOfYear() / 365.25;
                boolean hasMoved = rnd.nextDouble() < 1 - Math.pow(1 - s.moveRatePerYear(), t);
                String postcode = hasMoved ? otherPostcode(r.postcode(), npd, rnd) : r.postcode();
                int surname = r.surname();
                if (rnd.nextDouble() < s.surnameDiffers() && rnd.nextDouble() >= s.surnameVariantShare()) {
                    surname = differentName(surname, true, rnd);
                    surnameChanged++;
                }
                int forename = r.forename();
                if (rnd.nextDouble() < s.forenameDiffers() && rnd.nextDouble() >= s.forenameVariantShare()) {
                    forename = differentName(forename, false, rnd);
                    forenameChanged++;
                }
                moved += hasMoved ? 1 : 0;
                q = new MatchRequest(r.dateOfBirth(), r.sex(), surname, forename, postcode, r.pupil());
            } else {
                NpdRecord like = npd.get(rnd.nextInt(npd.size()));
                LocalDate dob = overlaps ? like.dateOfBirth()
                        : date.minusYears(age).minusDays(rnd.nextInt(365));
                q = new MatchRequest(dob, rnd.nextBoolean() ? "F" : "M", Identity.surnameFor(rnd.nextDouble()),
                        Identity.forenameFor(rnd.nextDouble()), randomPostcode(npd, rnd), -1);
            }
            ClearMatchRule.Outcome o = rule.match(q);
            if (o.returnedAny()) {
                returned++;
                if (o.returned().pupil() == q.truePupil()) {
                    right++;
                    atSchool += age <= 15 ? 1 : 0;
                } else {
                    wrong++;
                }
            } else if (o.candidates() > 1) {
                ambiguous++;
            }
        }
        return new Result(period, period.requested(), inNpd, returned, right, wrong, ambiguous, moved, surnameChanged,
                forenameChanged, atSchool);
    }

    /**
     * The return rate the model implies, in closed form (a second method for the simulation): over
     * request days d of the period and ages a with their band weights,
     * P(overlap) × schooled × (1 − m)^t(a, d) × (1 − s_d (1 − s_v)) × (1 − f_d (1 − f_v)).
     * It ignores ambiguous and false matches, which the simulation counts.
     */
    public static double expectedReturnRate(MatchingSettings s, MatchingSettings.Period period) {
        double total = s.ageBands().stream().mapToDouble(MatchingSettings.AgeBand::weight).sum();
        double names = (1 - s.surnameDiffers() * (1 - s.surnameVariantShare()))
                * (1 - s.forenameDiffers() * (1 - s.forenameVariantShare()));
        double sum = 0;
        long days = 0;
        for (LocalDate d = period.from(); !d.isAfter(period.to()); d = d.plusDays(1)) {
            days++;
            double day = 0;
            for (MatchingSettings.AgeBand b : s.ageBands()) {
                double band = 0;
                for (int a = b.from(); a <= b.to(); a++) {
                    boolean overlaps = a >= 4 && d.getYear() - a + 15 >= s.namesFrom();
                    if (overlaps) {
                        double t = Math.max(0, a - 15) + d.getDayOfYear() / 365.25;
                        band += Math.pow(1 - s.moveRatePerYear(), t);
                    }
                }
                day += b.weight() / total * band / (b.to() - b.from() + 1);
            }
            sum += day;
        }
        return sum / days * s.schooledInEngland() * names;
    }

    private static int age(MatchingSettings s, SplittableRandom rnd) {
        double total = s.ageBands().stream().mapToDouble(MatchingSettings.AgeBand::weight).sum();
        double u = rnd.nextDouble() * total;
        for (MatchingSettings.AgeBand b : s.ageBands()) {
            u -= b.weight();
            if (u < 0) {
                return b.from() + rnd.nextInt(b.to() - b.from() + 1);
            }
        }
        MatchingSettings.AgeBand last = s.ageBands().get(s.ageBands().size() - 1);
        return last.to();
    }

    private static int differentName(int code, boolean surname, SplittableRandom rnd) {
        int other;
        do {
            other = surname ? Identity.surnameFor(rnd.nextDouble()) : Identity.forenameFor(rnd.nextDouble());
        } while (other == code);
        return other;
    }

    /** An address elsewhere among the population: a random child's sector, a random unit in it. */
    private static String randomPostcode(List<NpdRecord> npd, SplittableRandom rnd) {
        String pc = npd.get(rnd.nextInt(npd.size())).postcode();
        String sector = pc.substring(0, pc.length() - 2);
        return Identity.unit(sector, rnd.nextInt(Identity.UNITS_PER_SECTOR));
    }

    private static String otherPostcode(String old, List<NpdRecord> npd, SplittableRandom rnd) {
        String pc;
        do {
            pc = randomPostcode(npd, rnd);
        } while (pc.equals(old));
        return pc;
    }
}
