package org.pupilrisk.lifetime.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.lifetime.settings.LifetimeSettings;

class LedgerTest {

    static final LedgerSettings DEFAULTS = LedgerSettings.from(LifetimeSettings.defaults());

    @Test
    void theGeneratedHistoryHasTheConfiguredSharesPerYearAndIsReproducible() {
        List<Share> a = LedgerGenerator.generate(DEFAULTS);
        List<Share> b = LedgerGenerator.generate(DEFAULTS);
        assertThat(a).isEqualTo(b);
        int total = DEFAULTS.sharesPerYear().values().stream().mapToInt(Integer::intValue).sum();
        assertThat(a).hasSize(total);
        DEFAULTS.sharesPerYear().forEach((year, n) ->
                assertThat(a.stream().filter(s -> s.date().getYear() == year).count()).isEqualTo(n.longValue()));
        // in date order, ids S0001...
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.get(i).date()).isAfterOrEqualTo(a.get(i - 1).date());
        }
        assertThat(a.get(0).id()).isEqualTo("S0001");
    }

    @Test
    void noShareDuringThePauseAndNoSecureServiceBeforeItOpened() {
        for (Share s : LedgerGenerator.generate(DEFAULTS)) {
            assertThat(s.date().isAfter(DEFAULTS.pauseTo()) || s.date().isBefore(DEFAULTS.pauseFrom())).isTrue();
            if (s.date().isBefore(Share.SECURE_SERVICE_FROM)) {
                assertThat(s.delivery()).isEqualTo(Delivery.FILE);
            }
            // a share covers census years already published at its date
            assertThat(s.coverage().toYear()).isEqualTo(LedgerGenerator.latestCensus(s.date()));
        }
    }

    @Test
    void aJanuaryCensusIsPublishedInJune() {
        assertThat(LedgerGenerator.latestCensus(LocalDate.parse("2016-05-31"))).isEqualTo(2015);
        assertThat(LedgerGenerator.latestCensus(LocalDate.parse("2016-06-01"))).isEqualTo(2016);
    }

    @Test
    void coveredPupilsCountDistinctBirthCohorts() {
        // KS4 (one NC year) over 3 census years: 3 cohorts; KS5 (two NC years) over 2 years: 3 cohorts
        assertThat(LedgerGenerator.coveredPupils(new Coverage(2014, 2016, "KS4", 1), 600_000)).isEqualTo(1_800_000);
        assertThat(LedgerGenerator.coveredPupils(new Coverage(2015, 2016, "KS5", 1), 600_000)).isEqualTo(1_800_000);
        // every NC year (N1..14 = 17) over 1 year: 17 cohorts
        assertThat(LedgerGenerator.coveredPupils(new Coverage(2016, 2016, "ALL", 1), 100)).isEqualTo(1_700);
    }

    @Test
    void validationComparesTheMixesWithTheReference() {
        List<LedgerValidation.Row> rows = LedgerValidation.rows(LedgerGenerator.generate(DEFAULTS), DEFAULTS);
        LedgerValidation.Row files = rows.stream().filter(r -> r.quantity().contains("sent as files")).findFirst().orElseThrow();
        assertThat(files.generated()).isCloseTo(27.5, within(5.0));
        LedgerValidation.Row tier1 = rows.stream().filter(r -> r.quantity().startsWith("Tier 1")).findFirst().orElseThrow();
        // 890 shares drawn from the 334/887 mix: binomial sd 1.6 points
        assertThat(tier1.generated()).isCloseTo(100 * 334 / 887.0, within(5.0));
        LedgerValidation.Row early = rows.stream().filter(r -> r.quantity().equals("shares Mar 2012 - Dec 2016"))
                .findFirst().orElseThrow();
        assertThat(early.generated()).isBetween(850.0, 900.0);
    }

    @Test
    void aWrittenLedgerReadsBackIdentically(@TempDir Path dir) throws Exception {
        List<Share> shares = LedgerGenerator.generate(DEFAULTS).subList(0, 50);
        Path file = dir.resolve("ledger.csv");
        LedgerCsv.write(shares, file);
        List<Share> back = LedgerCsv.read(file, DEFAULTS.cohortPupils());
        assertThat(back).hasSize(50);
        for (int i = 0; i < 50; i++) {
            Share a = shares.get(i);
            Share b = back.get(i);
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b.date()).isEqualTo(a.date());
            assertThat(b.tier()).isEqualTo(a.tier());
            assertThat(b.recipient()).isEqualTo(a.recipient());
            assertThat(b.coverage().stages()).isEqualTo(a.coverage().stages());
            assertThat(b.coverage().fraction()).isCloseTo(a.coverage().fraction(), within(1e-5 * a.coverage().fraction()));
        }
    }

    @Test
    void aUsersLedgerWithABadFieldIsOneClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.csv");
        Files.writeString(file, LedgerCsv.HEADER + "\n"
                + "T1,2016-03-01,1,commercial,FFT,file,2015,2015,KS2,1,\n"
                + "T2,2016-04-01,5,academic,UCL,file,2015,2015,KS2,1,\n");
        assertThatThrownBy(() -> LedgerCsv.read(file, 600_000)).isInstanceOf(InvalidInputException.class)
                .hasMessage("--ledger " + file + ": line 3: tier: expected 1, 2, 3, 4 or unclassified, got '5'");
        Files.writeString(file, LedgerCsv.HEADER + "\n" + "T1,2016-03-01,1,commercial,FFT,secure_service,2015,2015,KS2,1,\n");
        assertThatThrownBy(() -> LedgerCsv.read(file, 600_000)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2: share T1 is dated 2016-03-01, before the secure research service opened");
    }

    @Test
    void aRecipientWithACommaOrQuotesSurvivesWritingAndReading(@TempDir Path dir) throws Exception {
        // DfE's register names recipients such as "University of Bristol, School of Education"
        Path file = dir.resolve("mine.csv");
        Files.writeString(file, LedgerCsv.HEADER + "\n"
                + "T1,2016-03-01,1,academic,\"University of Bristol, School of Education\",file,2015,2015,KS2,1,\n"
                + "T2,2016-04-01,2,media,\"The \"\"Daily\"\" Paper\",file,2015,2015,KS2,1,\n");
        List<Share> read = LedgerCsv.read(file, 600_000);
        assertThat(read).extracting(Share::recipient)
                .containsExactly("University of Bristol, School of Education", "The \"Daily\" Paper");
        Path again = dir.resolve("again.csv");
        LedgerCsv.write(read, again);
        assertThat(LedgerCsv.read(again, 600_000)).extracting(Share::recipient)
                .containsExactly("University of Bristol, School of Education", "The \"Daily\" Paper");
        assertThat(Files.readString(again)).contains(",\"University of Bristol, School of Education\",");
    }

    @Test
    void aUsersLedgerWithoutSizesIsSizedFromItsCoverage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.csv");
        Files.writeString(file, LedgerCsv.HEADER + "\n" + "T1,2016-03-01,2,media,Telegraph,file,2011,2015,KS2|KS4,1,\n"
                .replace("KS2|KS4", "6|11"));
        Share s = LedgerCsv.read(file, 600_000).get(0);
        // NC 6 and 11 are not contiguous: 2 NC years x 5 census years = 10 cohorts
        assertThat(s.nationalPupils()).isEqualTo(6_000_000);
    }

    @Test
    void aSettingsFileWithAnUnknownKeyNamesItsPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "ledger:\n  file_share: 0.5\n");
        assertThatThrownBy(() -> LifetimeSettings.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": unknown key 'ledger.file_share'");
        Files.writeString(file, "ledger:\n  file_share_after_secure_service: 1.5\n");
        assertThatThrownBy(() -> LedgerSettings.from(LifetimeSettings.load(file))).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": ledger.file_share_after_secure_service: expected a number from 0.0 to 1.0, got '1.5'");
    }
}
