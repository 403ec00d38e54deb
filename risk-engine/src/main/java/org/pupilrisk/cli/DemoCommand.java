package org.pupilrisk.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pupilrisk.engine.AssessRequest;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.engine.RiskEngine;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.report.BriefingReport;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.scenario.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pupilrisk demo}: the whole mission in one command — generate a calibrated population,
 * assess every release model in the default scenario, simulate a lifetime of shares over a
 * 2012-2024 panel, write the briefing report.
 *
 * <p>It calls what the three verbs call, in this JVM (sharing one Spark session): the generator,
 * {@link RiskEngine} and {@link BriefingReport}, so what the demo does is exactly what a user gets
 * from running {@code generate}, {@code assess} and {@code report} one by one.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a demo population, assess every release model, simulate a lifetime of shares and write the report (DIR/report.html).")
final class DemoCommand implements Callable<Integer> {

    static final String DEFAULT_PUPILS = "100000";
    static final String DEFAULT_YEARS = "2022-2024";
    static final String DEFAULT_LIFETIME_PUPILS = "10000";
    static final String LIFETIME_YEARS = "2012-2024";

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory: population/, results/, panel/, lifetime/ and report.html go here.")
    Path out;

    @Option(names = "--pupils", paramLabel = "N", defaultValue = DEFAULT_PUPILS,
            description = "Pupils per census year (default: ${DEFAULT-VALUE}).")
    long pupils;

    @Option(names = "--years", paramLabel = "FIRST-LAST", defaultValue = DEFAULT_YEARS,
            description = "Census years to simulate (default: ${DEFAULT-VALUE}); the last is the one assessed.")
    String years;

    @Option(names = "--lifetime-pupils", paramLabel = "N", defaultValue = DEFAULT_LIFETIME_PUPILS,
            description = "Pupils per census year of the 2012-2024 panel the lifetime of shares runs on (default: ${DEFAULT-VALUE}; 0 skips it).")
    long lifetimePupils;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario file (default: the built-in scenario).")
    Path scenario;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*]).")
    String master;

    @Option(names = "--overwrite", description = OutputFolder.OVERWRITE)
    boolean overwrite;

    @Option(names = "--verbose", description = "Show Spark's own logs and full stack traces.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The demo is one output: {@code --out} is created (with the tool's marker) for this run and removed
     * again if any stage fails; an earlier output being replaced is set aside and put back on failure.
     */
    @Override
    public Integer call() throws IOException {
        OutputPolicy.checkDirectory(out, overwrite, scenario == null ? List.of() : List.of(scenario));
        // the scenario is checked before the first stage: a bad scenario fails in seconds
        Scenario chosen = scenario == null ? ScenarioLoader.defaults() : ScenarioLoader.load(scenario);
        Path target = out.toAbsolutePath().normalize();
        AtomicOutput.removeStale(target.getParent(), target.getFileName().toString());
        Path earlier = null;
        if (Files.isDirectory(target)) {
            earlier = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
            Files.move(target, earlier);
        }
        int rc = PupilRisk.EXIT_FAILED;
        AtomicOutput.removeOnShutdown(target);
        try {
            Files.createDirectories(target);
            OutputPolicy.mark(target);
            rc = stages(chosen);
            return rc;
        } finally {
            if (rc != PupilRisk.EXIT_OK) {
                AtomicOutput.deleteRecursively(target);
                if (earlier != null) {
                    Files.move(earlier, target);
                }
            } else if (earlier != null) {
                AtomicOutput.deleteRecursively(earlier);
            }
            AtomicOutput.keep(target);
        }
    }

    private int stages(Scenario chosen) {
        Path population = out.resolve("population");
        Path results = out.resolve("results");
        Path report = out.resolve("report.html");
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        SparkOptions sparkOptions = new SparkOptions();
        sparkOptions.master = master;
        sparkOptions.verbose = verbose;
        int[] y = PopulationSettings.parseYears(years);
        PopulationSettings settings = new PopulationSettings(pupils, y[0], y[1], seed, OutputFormat.PARQUET, population, 0);

        boolean withLifetime = lifetimePupils > 0;
        String of = withLifetime ? "/5 " : "/3 ";
        stage("1" + of + "generating " + pupils + " pupils per census year, " + years);
        GenerateCommand.generate(sparkOptions::session, settings, err);

        stage("2" + of + "assessing every release model in the scenario");
        AssessRequest request = AssessRequest.of(new AssessRequest.Population(population), chosen.withSeed(seed),
                scenario == null ? "built-in scenario" : scenario.toString(), results);
        AssessCommand.Progress progress = new AssessCommand.Progress(err, System.nanoTime());
        new RiskEngine(sparkOptions::session, progress).assess(request);
        progress.step("done: " + results);

        Path lifetime = out.resolve("lifetime");
        if (withLifetime) {
            Path panel = out.resolve("panel");
            stage("3" + of + "generating a " + LIFETIME_YEARS + " panel of " + lifetimePupils + " pupils per census year");
            int[] ly = PopulationSettings.parseYears(LIFETIME_YEARS);
            GenerateCommand.generate(sparkOptions::session,
                    new PopulationSettings(lifetimePupils, ly[0], ly[1], seed, OutputFormat.PARQUET, panel, 0), err);
            stage("4" + of + "simulating a lifetime of shares over it");
            LifetimeCommand.run(sparkOptions.session(), panel, lifetime, null, null, seed, true, false, err);
        }

        stage((withLifetime ? "5" : "3") + of + "writing the report");
        BriefingReport.write(results, withLifetime ? lifetime : null, report);

        double minutes = (System.nanoTime() - start) / 60e9;
        err.printf("pupilrisk demo: done in %.1f min%n", minutes);
        spec.commandLine().getOut().println(report.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return PupilRisk.EXIT_OK;
    }

    private void stage(String message) {
        spec.commandLine().getErr().println("pupilrisk demo: " + message);
        spec.commandLine().getErr().flush();
    }
}
