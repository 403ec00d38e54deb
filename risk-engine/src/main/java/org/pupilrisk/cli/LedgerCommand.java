package org.pupilrisk.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.lifetime.ledger.LedgerCsv;
import org.pupilrisk.lifetime.ledger.LedgerGenerator;
import org.pupilrisk.lifetime.ledger.LedgerSettings;
import org.pupilrisk.lifetime.ledger.LedgerValidation;
import org.pupilrisk.lifetime.ledger.Share;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pupilrisk ledger}: the simulated history of NPD shares and its validation table. No Spark needed. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"Generate the history of NPD third-party shares 2012-2024 (DIR/ledger.csv) and compare it with",
            "what is known about the real register (DIR/ledger-validation.csv, also printed)."})
final class LedgerCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (written atomically).")
    Path out;

    @Option(names = "--settings", paramLabel = "FILE",
            description = "Lifetime settings (YAML); default: the built-in risk-engine/src/main/resources/lifetime/default.yaml.")
    Path settings;

    @Option(names = "--ledger", paramLabel = "CSV", description = "Replay your own ledger (same columns as ledger.csv) instead of generating one.")
    Path ledger;

    @Option(names = "--overwrite", description = "Replace --out if it holds an earlier pupilrisk output (never any other folder).")
    boolean overwrite;

    @Option(names = "--verbose", description = "Show full stack traces on failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputPolicy.checkDirectory(out, overwrite, inputs(settings, ledger));
        LifetimeSettings s = LifetimeSettings.load(settings);
        LedgerSettings ls = LedgerSettings.from(s);
        List<Share> shares = ledger == null ? LedgerGenerator.generate(ls) : LedgerCsv.read(ledger, ls.cohortPupils());
        List<LedgerValidation.Row> rows = LedgerValidation.rows(shares, ls);
        OutputPolicy.directory(out, overwrite, inputs(settings, ledger), tmp -> {
            LedgerCsv.write(shares, tmp.resolve("ledger.csv"));
            LedgerValidation.write(rows, tmp.resolve("ledger-validation.csv"));
        });
        PrintWriter o = spec.commandLine().getOut();
        o.print(LedgerValidation.text(rows));
        o.printf("%,d shares written to %s%n", shares.size(), out.toAbsolutePath().normalize().resolve("ledger.csv"));
        o.flush();
        return PupilRisk.EXIT_OK;
    }

    /** The files a lifetime verb reads, for the output policy's checks (nulls left out). */
    static List<Path> inputs(Path... files) {
        return java.util.Arrays.stream(files).filter(java.util.Objects::nonNull).toList();
    }
}
