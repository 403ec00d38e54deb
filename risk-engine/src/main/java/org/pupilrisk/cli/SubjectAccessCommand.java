package org.pupilrisk.cli;

import static org.apache.spark.sql.functions.col;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.lifetime.exposure.PanelReader;
import org.pupilrisk.lifetime.exposure.PupilExposure;
import org.pupilrisk.lifetime.exposure.PupilHistory;
import org.pupilrisk.lifetime.exposure.ShareIndex;
import org.pupilrisk.lifetime.ledger.Share;
import org.pupilrisk.lifetime.subjectaccess.SubjectAccessPage;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pupilrisk subject-access}: what a subject access request would reveal about one synthetic child. */
@Command(name = "subject-access", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page for one synthetic pupil: every census record held, labels no",
            "longer current but still held, and every simulated share that included the record."})
final class SubjectAccessCommand implements Callable<Integer> {

    @Option(names = "--population", required = true, paramLabel = "DIR", description = "Population written by generate.")
    Path population;

    @Option(names = "--pupil", required = true, paramLabel = "REF", description = "The pupil's PupilMatchingRefAnonymous.")
    long pupil;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "HTML page to write (atomically).")
    Path out;

    @Mixin
    LifetimeInputs lifetime;

    @Mixin
    IdentitySeed identity;

    @Option(names = "--overwrite", description = "Replace --out if it is an earlier pupilrisk page (never any other file).")
    boolean overwrite;

    @Mixin
    SparkOptions spark;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputPolicy.checkFile(out, overwrite, LedgerCommand.inputs(population, lifetime.settings, lifetime.ledger));
        LifetimeInputs.Loaded in = lifetime.load();
        LifetimeSettings s = in.settings();
        List<Share> shares = in.shares();
        Path ledger = lifetime.ledger;
        long seed = identity.seed;
        DataSource.checkPopulationDir(population);
        DataSource.Loaded loaded = DataSource.population(spark.session(), population, ScenarioLoader.defaults());
        Dataset<Row> all = loaded.allYears().orElse(loaded.population().orElseThrow())
                .where(col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType).equalTo(pupil));
        List<Row> records = all.orderBy(NpdColumns.CENSUS_YEAR).collectAsList();
        if (records.isEmpty()) {
            throw new InvalidInputException("--pupil " + pupil + ": no such pupil in --population " + population);
        }
        List<PupilHistory> one = new ArrayList<>();
        PanelReader.forEach(all, s.integer("exposure.ap_reason_from", 1990, 2100), one::add);
        PupilHistory history = one.get(0);
        PupilExposure exposure = PupilExposure.of(history, new ShareIndex(shares, s.seed("ledger.seed")), null);
        String html = SubjectAccessPage.render(records, history, exposure, shares, seed,
                ledger == null ? "simulated ledger (" + shares.size() + " shares, 2012-2024)" : "ledger " + ledger);
        AtomicOutput.file(out, tmp -> Files.writeString(tmp, html, StandardCharsets.UTF_8));
        spec.commandLine().getOut().println(out.toAbsolutePath().normalize());
        spec.commandLine().getOut().flush();
        return PupilRisk.EXIT_OK;
    }
}
