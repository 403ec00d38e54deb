package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.lifetime.ledger.LedgerCsv;
import picocli.CommandLine;

/** {@code pupilrisk ledger}: the share history and its validation; bad settings give one line and exit 2. */
class LedgerCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PupilRisk.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void writesTheLedgerAndPrintsTheValidationTable(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ledger");
        assertThat(run("ledger", "--out", dir.toString())).as(err.toString()).isEqualTo(PupilRisk.EXIT_OK);
        List<String> lines = Files.readAllLines(dir.resolve("ledger.csv"));
        assertThat(lines.get(0)).isEqualTo(LedgerCsv.HEADER);
        assertThat(lines).hasSize(2455 + 1); // the default shares per year sum to 2,455
        assertThat(Files.readAllLines(dir.resolve("ledger-validation.csv")).get(0))
                .isEqualTo("quantity,reference,status,generated,unit,within_reference");
        assertThat(out.toString()).contains("shares from 25 Sep 2018 sent as files").contains("2,455 shares written");
    }

    @Test
    void aSettingsFileWithABadValueIsOneLineAndExitTwoWithNothingWritten(@TempDir Path tmp) throws Exception {
        Path settings = tmp.resolve("s.yaml");
        Files.writeString(settings, "ledger:\n  shares_per_year:\n    twenty: 5\n");
        Path dir = tmp.resolve("ledger");
        assertThat(run("ledger", "--out", dir.toString(), "--settings", settings.toString())).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(err.toString().strip())
                .isEqualTo("pupilrisk: " + settings + ": ledger.shares_per_year.twenty: expected a calendar year");
        assertThat(dir).doesNotExist();
    }
}
