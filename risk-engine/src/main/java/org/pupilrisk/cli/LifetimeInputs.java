package org.pupilrisk.cli;

import java.nio.file.Path;
import java.util.List;
import org.pupilrisk.lifetime.ledger.LedgerCsv;
import org.pupilrisk.lifetime.ledger.LedgerGenerator;
import org.pupilrisk.lifetime.ledger.LedgerSettings;
import org.pupilrisk.lifetime.ledger.Share;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import picocli.CommandLine.Option;

/**
 * {@code --settings} and {@code --ledger} of the lifetime verbs (a picocli mixin), and the one way they
 * become the settings and the list of shares: the user's ledger replayed, or one generated.
 */
final class LifetimeInputs {

    @Option(names = "--settings", paramLabel = "FILE",
            description = "Lifetime settings (YAML); default: the built-in risk-engine/src/main/resources/lifetime/default.yaml.")
    Path settings;

    @Option(names = "--ledger", paramLabel = "CSV", description = "Replay your own ledger (same columns as ledger.csv) instead of generating one.")
    Path ledger;

    /** The settings and the shares they give (read and checked before any Spark work). */
    Loaded load() {
        return load(settings, ledger);
    }

    /** {@link #load()} for files named elsewhere (the demo's stages); either may be null (the built-in settings, a generated ledger). */
    static Loaded load(Path settings, Path ledger) {
        LifetimeSettings s = LifetimeSettings.load(settings);
        LedgerSettings ls = LedgerSettings.from(s);
        List<Share> shares = ledger == null ? LedgerGenerator.generate(ls) : LedgerCsv.read(ledger, ls.cohortPupils());
        return new Loaded(s, ls, shares);
    }

    record Loaded(LifetimeSettings settings, LedgerSettings ledger, List<Share> shares) {
    }
}
