package org.pupilrisk.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.lifetime.ledger.LedgerCsv;
import org.pupilrisk.lifetime.ledger.LedgerValidation;
import org.pupilrisk.lifetime.ledger.Share;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pupilrisk ledger}: the simulated history of NPD shares and its validation table. No Spark needed. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"Generate the history of NPD third-party shares 2012-2024 (DIR/ledger.csv) and compare it with",
            "what is known about the real register (DIR/ledger-validation.csv, also printed)."})
final class LedgerCommand implements Callable<Integer> {

    @Mixin
    OutputFolder output;

    @Mixin
    LifetimeInputs lifetime;

    @Mixin
    StackTraces stackTraces;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path out = output.out;
        List<Path> inputs = inputs(lifetime.settings, lifetime.ledger);
        OutputPolicy.checkDirectory(out, output.overwrite, inputs);
        LifetimeInputs.Loaded loaded = lifetime.load();
        List<Share> shares = loaded.shares();
        List<LedgerValidation.Row> rows = LedgerValidation.rows(shares, loaded.ledger());
        OutputPolicy.directory(out, output.overwrite, inputs, tmp -> {
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
