package org.pupilrisk.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pupilrisk demo}: the whole mission in one command — generate a calibrated population,
 * assess every release model in the default scenario, simulate a lifetime of shares over a
 * 2012-2024 panel, write the briefing report.
 *
 * <p>It runs the three verbs in this JVM (sharing one Spark session), so what the demo does is
 * exactly what a user gets from running them one by one.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a demo population, assess every release model and write the report (DIR/report.html).")
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

    @Option(names = "--verbose", description = "Show Spark's own logs and full stack traces.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path population = out.resolve("population");
        Path results = out.resolve("results");
        Path report = out.resolve("report.html");
        long start = System.nanoTime();

        boolean withLifetime = lifetimePupils > 0;
        String of = withLifetime ? "/5 " : "/3 ";
        stage("1" + of + "generating " + pupils + " pupils per census year, " + years);
        int rc = run(withCommon(List.of("generate", "--pupils", Long.toString(pupils), "--years", years,
                "--seed", Long.toString(seed), "--out", population.toString())));
        if (rc != 0) {
            return rc;
        }
        stage("2" + of + "assessing every release model in the scenario");
        List<String> assess = new ArrayList<>(List.of("assess", "--population", population.toString(),
                "--seed", Long.toString(seed), "--out", results.toString()));
        if (scenario != null) {
            assess.addAll(List.of("--scenario", scenario.toString()));
        }
        rc = run(withCommon(assess));
        if (rc != 0) {
            return rc;
        }
        Path lifetime = out.resolve("lifetime");
        if (withLifetime) {
            Path panel = out.resolve("panel");
            stage("3" + of + "generating a " + LIFETIME_YEARS + " panel of " + lifetimePupils + " pupils per census year");
            rc = run(withCommon(List.of("generate", "--pupils", Long.toString(lifetimePupils), "--years", LIFETIME_YEARS,
                    "--seed", Long.toString(seed), "--out", panel.toString())));
            if (rc != 0) {
                return rc;
            }
            stage("4" + of + "simulating a lifetime of shares over it");
            rc = run(withCommon(List.of("lifetime", "--population", panel.toString(), "--seed", Long.toString(seed),
                    "--out", lifetime.toString())));
            if (rc != 0) {
                return rc;
            }
        }
        stage((withLifetime ? "5" : "3") + of + "writing the report");
        List<String> reportArgs = new ArrayList<>(List.of("report", "--results", results.toString(), "--out", report.toString()));
        if (withLifetime) {
            reportArgs.addAll(List.of("--lifetime", lifetime.toString()));
        }
        rc = run(reportArgs);
        if (rc != 0) {
            return rc;
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        spec.commandLine().getErr().printf("pupilrisk demo: done in %.1f min%n", minutes);
        spec.commandLine().getOut().println(report.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return PupilRisk.EXIT_OK;
    }

    private List<String> withCommon(List<String> args) {
        List<String> all = new ArrayList<>(args);
        if (master != null) {
            all.addAll(List.of("--master", master));
        }
        if (verbose) {
            all.add("--verbose");
        }
        return all;
    }

    private void stage(String message) {
        spec.commandLine().getErr().println("pupilrisk demo: " + message);
        spec.commandLine().getErr().flush();
    }

    private int run(List<String> args) {
        CommandLine cli = PupilRisk.commandLine();
        cli.setOut(spec.commandLine().getOut());
        cli.setErr(spec.commandLine().getErr());
        return cli.execute(args.toArray(String[]::new));
    }
}
