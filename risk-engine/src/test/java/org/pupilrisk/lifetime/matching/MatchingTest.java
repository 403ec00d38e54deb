package org.pupilrisk.lifetime.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.population.identity.Identity;

class MatchingTest {

    static final LocalDate DOB = LocalDate.parse("2006-03-14");
    /** Amira, surname code 812, forename code 40, living at B12 3AB; a classmate born the same day lives next door. */
    static final NpdRecord AMIRA = new NpdRecord(1, DOB, "F", 812, 40, "B12 3AB", 2016, 100001);
    static final NpdRecord NEIGHBOUR = new NpdRecord(2, DOB, "F", 77, 5, "B12 3AD", 2016, 100001);
    static final ClearMatchRule RULE = new ClearMatchRule(List.of(AMIRA, NEIGHBOUR));

    @Test
    void aMatchSucceedsDespiteASpellingVariantOfTheSurname() {
        // The department spells her surname differently (Hussain / Hussein): a variant keeps the name's code
        MatchRequest q = new MatchRequest(DOB, "F", 812, 40, "B12 3AB", 1);
        ClearMatchRule.Outcome o = RULE.match(q);
        assertThat(o.returned()).isEqualTo(AMIRA);
        assertThat(o.returned().school()).isEqualTo(100001); // what the match discloses: her school and address
    }

    @Test
    void aMatchFailsWhenTheFamilyHasMovedSinceTheLastCensus() {
        MatchRequest q = new MatchRequest(DOB, "F", 812, 40, "B12 3QX", 1);
        assertThat(RULE.match(q).returnedAny()).isFalse();
        assertThat(RULE.match(q).candidates()).isZero();
    }

    @Test
    void aDifferentSurnameOrSexOrTwoQualifyingRecordsReturnNothing() {
        assertThat(RULE.match(new MatchRequest(DOB, "F", 813, 40, "B12 3AB", 1)).returnedAny()).isFalse();
        assertThat(RULE.match(new MatchRequest(DOB, "M", 812, 40, "B12 3AB", 1)).returnedAny()).isFalse();
        NpdRecord twin = new NpdRecord(3, DOB, "F", 812, 40, "B12 3AB", 2016, 100001); // same coded name: not clear
        ClearMatchRule.Outcome o = new ClearMatchRule(List.of(AMIRA, twin)).match(new MatchRequest(DOB, "F", 812, 40, "B12 3AB", 1));
        assertThat(o.candidates()).isEqualTo(2);
        assertThat(o.returnedAny()).isFalse();
    }

    @Test
    void withoutDriftMovesOrAdultsEveryoneInTheNpdIsReturned() {
        MatchingSettings base = MatchingSettings.from(LifetimeSettings.defaults());
        MatchingSettings ideal = new MatchingSettings(3, base.periods().subList(0, 1),
                List.of(new MatchingSettings.AgeBand(6, 12, 1)), 2002, 1.0, 0.0, 0.0, 0.0, 0.5, 0.5);
        List<MatchingSimulation.Result> r = MatchingSimulation.run(ideal, population(20_000));
        assertThat(r.get(0).inNpd()).isEqualTo(r.get(0).requested());
        // everyone returned unless two stand-ins share DOB, sex, postcode and both names (vanishingly rare)
        assertThat(r.get(0).returnRate()).isGreaterThan(0.999);
        assertThat(r.get(0).returnedWrong()).isZero();
        assertThat(MatchingSimulation.expectedReturnRate(ideal, ideal.periods().get(0))).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void theSimulatedReturnRateAgreesWithTheClosedForm() {
        MatchingSettings s = MatchingSettings.from(LifetimeSettings.defaults());
        List<NpdRecord> npd = population(40_000);
        for (MatchingSimulation.Result r : MatchingSimulation.run(s, npd)) {
            double expected = MatchingSimulation.expectedReturnRate(s, r.period());
            double sd = Math.sqrt(expected * (1 - expected) / r.requested());
            assertThat(r.returnRate()).isCloseTo(expected, within(4 * sd + 0.002));
        }
    }

    @Test
    void theDefaultSettingsReproduceThePublishedReturnRatesWithinThreePoints() {
        MatchingSettings s = MatchingSettings.from(LifetimeSettings.defaults());
        for (MatchingSimulation.Result r : MatchingSimulation.run(s, population(40_000))) {
            assertThat(r.returnRate()).as(r.period().name())
                    .isCloseTo(r.period().publishedReturnRate(), within(0.03));
        }
    }

    /** Children with realistic names, dates of birth over 2000-2018 and addresses in 40 sectors. */
    static List<NpdRecord> population(int n) {
        List<NpdRecord> out = new ArrayList<>();
        for (long p = 0; p < n; p++) {
            String sector = "B" + (p % 8) + " " + (p % 5);
            LocalDate dob = LocalDate.parse("2000-01-01").plusDays(Math.floorMod(Identity.surname(9, p) * 31L + p, 6570));
            out.add(new NpdRecord(p, dob, p % 2 == 0 ? "F" : "M", Identity.surname(1, p), Identity.forename(1, p),
                    Identity.unitPostcode(1, p, sector), 2020, 100000 + (int) (p % 50)));
        }
        return out;
    }
}
