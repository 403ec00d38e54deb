package org.pupilrisk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.files.OutputPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pupilrisk demo}: the whole mission in one command — generate a calibrated population,
 * assess every release model in the default scenario, write the briefing report.
 *
 * <p>It runs the three verbs in this JVM (sharing one Spark session), so what the demo does is
 * exactly what a user gets from running them one by one.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a demo population, assess every release model and write the report (DIR/report.html).")
final class DemoCommand implements Callable<Integer> {

    static final String DEFAULT_PUPILS = "100000";
    static final String DEFAULT_YEARS = "2022-2024";

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory: population/, results/ and report.html go here.")
    Path out;

    @Option(names = "--pupils", paramLabel = "N", defaultValue = DEFAULT_PUPILS,
            description = "Pupils per census year (default: ${DEFAULT-VALUE}).")
    long pupils;

    @Option(names = "--years", paramLabel = "FIRST-LAST", defaultValue = DEFAULT_YEARS,
            description = "Census years to simulate (default: ${DEFAULT-VALUE}); the last is the one assessed.")
    String years;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario file (default: the built-in scenario).")
    Path scenario;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*]).")
    String master;

    @Option(names = "--overwrite", description = "Replace --out if it holds an earlier pupilrisk output (never any other folder).")
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
            rc = stages();
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

    private int stages() {
        Path population = out.resolve("population");
        Path results = out.resolve("results");
        Path report = out.resolve("report.html");
        long start = System.nanoTime();

        stage("1/3 generating " + pupils + " pupils per census year, " + years);
        int rc = run(withCommon(List.of("generate", "--pupils", Long.toString(pupils), "--years", years,
                "--seed", Long.toString(seed), "--out", population.toString())));
        if (rc != 0) {
            return rc;
        }
        stage("2/3 assessing every release model in the scenario");
        List<String> assess = new ArrayList<>(List.of("assess", "--population", population.toString(),
                "--seed", Long.toString(seed), "--out", results.toString()));
        if (scenario != null) {
            assess.addAll(List.of("--scenario", scenario.toString()));
        }
        rc = run(withCommon(assess));
        if (rc != 0) {
            return rc;
        }
        stage("3/3 writing the report");
        rc = run(List.of("report", "--results", results.toString(), "--out", report.toString()));
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
