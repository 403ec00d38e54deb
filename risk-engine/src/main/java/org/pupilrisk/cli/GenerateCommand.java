package org.pupilrisk.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.engine.BuildInfo;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.scenario.GeneratorSettings;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.population.Scale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pupilrisk generate}: writes a calibrated synthetic NPD population. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic NPD population (pupils, AP placements, exclusions, schools, geography)",
            "and validation.csv comparing it with the calibration targets."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (written atomically). Required unless --print-settings.")
    Path out;

    @Option(names = "--settings", paramLabel = "FILE",
            description = "Generator settings (YAML, as --print-settings writes): calibration figures and structure parameters. "
                    + "Keys left out keep their defaults.")
    Path settingsFile;

    @Option(names = "--print-settings",
            description = "Print the generator's settings (every number that shapes the population, each with its unit and source) and exit.")
    boolean printSettings;

    @Option(names = "--pupils", paramLabel = "N", description = "Pupils per census year (100 to 20,000,000). Overrides --scale.")
    Long pupils;

    @Option(names = "--scale", paramLabel = "NAME", defaultValue = "demo",
            description = "Named size: tiny (5k), demo (200k, default), large (1m), national (9.1m pupils per year).")
    String scale;

    @Option(names = "--years", paramLabel = "YEARS", defaultValue = "2024",
            description = "Census year or range, e.g. 2024 (the January 2024 census) or 2018-2024 (a panel). Default: ${DEFAULT-VALUE}.")
    String years;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet",
            description = "parquet (default) or csv (one CSV file with a header line per dataset folder).")
    String format;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Spark partitions for record-level datasets (0 = automatic). Output does not depend on it.")
    int partitions;

    @Option(names = "--overwrite", description = OutputFolder.OVERWRITE)
    boolean overwrite;

    @Mixin
    SparkOptions spark;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CalibrationTargets calibration = settingsFile == null ? CalibrationTargets.bundled()
                : GeneratorSettings.load(settingsFile, CalibrationTargets.bundled());
        if (printSettings) {
            PrintWriter w = spec.commandLine().getOut();
            w.print(GeneratorSettings.print(calibration, BuildInfo.tool()));
            w.flush();
            return PupilRisk.EXIT_OK;
        }
        long n = pupils != null ? pupils : Scale.parse(scale).pupils;
        int[] y = PopulationSettings.parseYears(years);
        PopulationSettings settings = new PopulationSettings(n, y[0], y[1], seed, OutputFormat.parse(format), out, partitions,
                Double.NaN, settingsFile == null ? null : calibration);
        OutputPolicy.checkDirectory(out, overwrite, settingsFile == null ? List.of() : List.of(settingsFile));
        generate(spark::session, settings, spec.commandLine().getErr());
        return PupilRisk.EXIT_OK;
    }

    /** Generates a population and reports what was written on {@code err} (also the demo's first stage). */
    static PopulationGenerator.Result generate(Supplier<SparkSession> spark, PopulationSettings settings, PrintWriter err) {
        Path out = settings.out();
        PopulationGenerator.checkWritable(out);
        Path abs = out.toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        PopulationGenerator.Result r = PopulationGenerator.generate(spark.get(), settings, line -> {
            err.println("pupilrisk: " + line);
            err.flush();
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        err.printf(Locale.ROOT, "pupilrisk: wrote %,d pupil rows, %,d AP placements, %,d exclusions, %,d schools, %,d LSOAs to %s in %.1f s%n",
                r.pupilRows(), r.apRows(), r.exclusionRows(), r.schools(), r.lsoas(), abs, seconds);
        long off = r.validation().stream().filter(v -> v.hasTarget() && v.unit().startsWith("percent")
                && Math.abs(v.deviation()) > 1).count();
        err.printf(Locale.ROOT, "pupilrisk: validation.csv: %d quantities, %d percentages more than 1 point from target%n",
                r.validation().size(), off);
        double perYear = (double) r.pupilRows() / settings.years();
        if (Math.abs(perYear - settings.pupils()) > 0.2 * settings.pupils()) {
            // below about 1,000 pupils one cluster of districts, each cut to a single LSOA, is more than was asked for
            err.printf(Locale.ROOT, "pupilrisk: note: %,d pupils per census year were asked for and %,.0f were generated: "
                    + "the smallest part of the country the generator samples (one cluster of districts, one LSOA each) "
                    + "holds that many%n", settings.pupils(), perYear);
        }
        err.flush();
        return r;
    }
}
