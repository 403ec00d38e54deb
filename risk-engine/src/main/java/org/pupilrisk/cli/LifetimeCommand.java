package org.pupilrisk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.lifetime.LifetimeRun;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.lifetime.ledger.LedgerCsv;
import org.pupilrisk.lifetime.ledger.LedgerValidation;
import org.pupilrisk.lifetime.ledger.Share;
import org.pupilrisk.lifetime.matching.MatchingSimulation;
import org.pupilrisk.metric.FiguresWriter;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pupilrisk lifetime}: a lifetime of shares over a generated population — the ledger, each
 * child's exposure, broker linkage, opt-out and Home Office-style matching — as figures.csv.
 */
@Command(name = "lifetime", mixinStandardHelpOptions = true,
        description = {"Measure each child's cumulative exposure to the NPD's third-party shares over a population",
            "panel (generate --years 2012-2024): writes ledger.csv, ledger-validation.csv, figures.csv/json, lifetime.json."})
final class LifetimeCommand implements Callable<Integer> {

    @Option(names = "--population", required = true, paramLabel = "DIR", description = "Population written by generate (several census years).")
    Path population;

    @Mixin
    OutputFolder output;

    @Mixin
    LifetimeInputs lifetime;

    @Mixin
    IdentitySeed identity;

    @Option(names = "--no-matching", description = "Skip the Home Office matching simulation (it holds one record per child in memory).")
    boolean noMatching;

    @Mixin
    SparkOptions spark;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputPolicy.checkDirectory(output.out, output.overwrite, LedgerCommand.inputs(population, lifetime.settings, lifetime.ledger));
        run(spark.session(), population, output.out, lifetime.settings, lifetime.ledger, identity.seed, !noMatching, output.overwrite,
                spec.commandLine().getErr());
        return PupilRisk.EXIT_OK;
    }

    /** The whole verb, also called by {@code demo}: settings and ledger are read (and checked) before Spark reads the population. */
    static void run(SparkSession session, Path population, Path out, Path settings, Path ledger, long seed, boolean matching,
                    boolean overwrite, PrintWriter err) {
        long t0 = System.nanoTime();
        LifetimeInputs.Loaded in = LifetimeInputs.load(settings, ledger);
        LifetimeSettings s = in.settings();
        List<Share> shares = in.shares();
        List<LedgerValidation.Row> rows = LedgerValidation.rows(shares, in.ledger());
        DataSource.checkPopulationDir(population);
        OutputPolicy.directory(out, overwrite, LedgerCommand.inputs(population, settings, ledger), tmp -> {
            DataSource.Loaded loaded = DataSource.population(session, population, ScenarioLoader.defaults());
            Dataset<Row> all = loaded.allYears().orElse(loaded.population().orElseThrow());
            List<Integer> years = loaded.censusYears();
            err.printf(Locale.ROOT, "pupilrisk: %d shares over census years %d-%d of %s%n", shares.size(), years.get(0),
                    years.get(years.size() - 1), population);
            err.flush();
            long t1 = System.nanoTime();
            LifetimeRun.Result r = LifetimeRun.run(all, years.get(years.size() - 1), shares, s, seed, matching, line -> {
                err.println("pupilrisk: " + line);
                err.flush();
            });
            double seconds = (System.nanoTime() - t1) / 1e9;
            LedgerCsv.write(shares, tmp.resolve("ledger.csv"));
            LedgerValidation.write(rows, tmp.resolve("ledger-validation.csv"));
            FiguresWriter.writeCsv(r.figures(), tmp.resolve("figures.csv"));
            FiguresWriter.writeJson(r.figures(), tmp.resolve("figures.json"));
            r.exposure().writeDistribution(tmp.resolve("exposure-distribution.csv"));
            ObjectNode run = new ObjectMapper().createObjectNode();
            run.put("population", population.toAbsolutePath().normalize().toString());
            run.put("census_years", years.get(0) + "-" + years.get(years.size() - 1));
            run.put("children", r.children());
            run.put("shares", shares.size());
            run.put("pupil_level_shares", shares.stream().filter(x -> x.tier().pupilLevel()).count());
            run.put("broker", r.brokerShares().isEmpty() ? "" : r.brokerShares().get(0).recipient());
            run.put("broker_shares", r.brokerShares().size());
            run.put("ledger", ledger == null ? "generated" : ledger.toAbsolutePath().normalize().toString());
            run.put("settings", s.source());
            run.put("identity_seed", seed);
            run.put("exposure_seconds", Math.round(seconds * 10) / 10.0);
            run.put("finished", Instant.now().toString());
            run.set("settings_values", s.tree());
            try (java.io.OutputStream json = java.nio.file.Files.newOutputStream(tmp.resolve("lifetime.json"))) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, run);
            }
            err.printf(Locale.ROOT, "pupilrisk: %,d children, %,d figures in %.1f s%n", r.children(), r.figures().size(), seconds);
            for (MatchingSimulation.Result m : r.matching()) {
                err.printf(Locale.ROOT, "pupilrisk: matching %s: %,d requested, %.1f%% returned (published %.1f%%), %d wrong child%n",
                        m.period().name(), m.requested(), 100 * m.returnRate(), 100 * m.period().publishedReturnRate(),
                        m.returnedWrong());
            }
            err.flush();
        });
        err.printf(Locale.ROOT, "pupilrisk: wrote %s in %.1f s%n", out.toAbsolutePath().normalize(), (System.nanoTime() - t0) / 1e9);
        err.flush();
    }
}
