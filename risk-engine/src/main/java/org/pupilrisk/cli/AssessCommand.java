package org.pupilrisk.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.Arrays;
import org.pupilrisk.engine.AssessRequest;
import org.pupilrisk.engine.RiskEngine;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.input.UserCsv;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.release.kanonymity.GeneralisedRelease;
import org.pupilrisk.release.kanonymity.KAnonymitySettings;
import org.pupilrisk.release.kanonymity.KAnonymousRelease;
import org.pupilrisk.release.pupillevel.PupilLevelRelease;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.settings.SettingsException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pupilrisk assess}: measures re-identification and label-disclosure risk of every release in
 * the scenario and writes figures.csv, figures.json and run.json to {@code --out} (atomically).
 */
@Command(name = "assess", mixinStandardHelpOptions = true,
        description = "Measure re-identification and label-disclosure risk of each release in a scenario.")
public final class AssessCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--population", paramLabel = "DIR", required = true,
                description = "A population written by `pupilrisk generate`.")
        Path population;

        @Option(names = "--data", paramLabel = "FILE", required = true,
                description = "Your own extract (.csv with a header, or .parquet); needs --qi, or a --scenario whose "
                        + "qi_sets, subgroups and profiles name its columns.")
        Path data;

        @Option(names = "--rerun", paramLabel = "RESULTS", required = true,
                description = "Run again what produced the results folder RESULTS (its run.json and scenario.yaml): the same "
                        + "input, checked unchanged by its SHA-256, the same scenario and seed; figures.csv is byte for byte "
                        + "the same.")
        Path rerun;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--qi", paramLabel = "COL,...", split = ",", description = "Quasi-identifier columns of --data: shorthand for one QI set, 'user', attacked by exact match "
                    + "(replaces the scenario's qi_sets and profiles; its subgroups stay).")
    List<String> qi;

    @Option(names = "--sensitive", paramLabel = "COL,...", split = ",", description = "Sensitive columns of --data (optional).")
    List<String> sensitive;

    @Option(names = "--population-size", paramLabel = "N",
            description = "Size of the population --data was drawn from (for the uniqueness estimators).")
    Long populationSize;

    @Option(names = "--release", paramLabel = "MODEL",
            description = "Assess pupil-level and this release model only (e.g. k-anonymous), instead of the scenario's list.")
    String release;

    @Option(names = "--k", paramLabel = "K,...", split = ",",
            description = "k-anonymous: k (one release per value; default 2,5,10).")
    List<Integer> k;

    @Option(names = "--suppression-limit", paramLabel = "SHARE",
            description = "k-anonymous: largest share of records that may be suppressed (default 0.05).")
    Double suppressionLimit;

    @Option(names = "--hierarchies", paramLabel = "DIR",
            description = "k-anonymous: folder of ARX hierarchy files (<column>.csv or *_hierarchy_<column>.csv).")
    Path hierarchies;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario YAML (default: the built-in scenario).")
    Path scenarioFile;

    @Option(names = "--seed", paramLabel = "N", description = "Override the scenario's seed.")
    Long seed;

    @Mixin
    OutputFolder output;

    @Option(names = "--encoding", paramLabel = "NAME", defaultValue = "UTF-8",
            description = "Character encoding of a --data CSV (default: ${DEFAULT-VALUE}, with or without a byte-order mark), e.g. ISO-8859-1.")
    String encoding;

    @Mixin
    SparkOptions spark;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        if (input.rerun != null) {
            return rerun(err, t0);
        }
        // everything that can be checked without Spark is checked first: bad input fails fast
        List<Path> inputs = Arrays.asList(input.population, input.data, scenarioFile, hierarchies);
        OutputPolicy.checkDirectory(output.out, output.overwrite, inputs);
        Charset charset = UserCsv.charset(encoding, "encoding");
        Scenario scenario = scenarioFile == null ? ScenarioLoader.defaults() : ScenarioLoader.load(scenarioFile);
        String scenarioSource = scenarioFile == null ? "built-in scenario" : scenarioFile.toString();
        if (seed != null) {
            scenario = scenario.withSeed(seed);
        }
        AssessRequest.Input in;
        if (input.data != null) {
            if ((qi == null || qi.isEmpty()) && scenarioFile == null) {
                throw new InvalidInputException("--qi: required with --data (the quasi-identifier columns), unless a --scenario gives qi_sets");
            }
            if (qi != null && qi.size() > new java.util.HashSet<>(qi).size()) {
                throw new InvalidInputException("--qi: a column is named twice (" + String.join(",", qi) + ")");
            }
            if (populationSize != null && populationSize < 1) {
                throw new InvalidInputException("--population-size: expected a positive number, not " + populationSize);
            }
            try {
                scenario = scenario.forUserData(scenarioFile != null, qi, sensitive);
            } catch (SettingsException e) {
                throw scenarioFile == null || e.source() != null ? e : e.in(scenarioFile.toString());
            }
            in = null; // read below, while Spark starts
        } else {
            if (qi != null || sensitive != null || populationSize != null) {
                throw new InvalidInputException("--qi, --sensitive and --population-size go with --data, not --population");
            }
            in = new AssessRequest.Population(input.population);
        }
        List<ReleaseModel> models = List.of();
        if (release != null) {
            FlagReleases fromFlags = releasesFromFlags();
            scenario = scenario.withReleases(fromFlags.entries());
            models = fromFlags.models();
        } else if (k != null || suppressionLimit != null || hierarchies != null) {
            throw new InvalidInputException("--k, --suppression-limit and --hierarchies go with --release k-anonymous");
        } else if (input.data != null && scenarioFile == null) {
            // The default scenario's table and generalisation releases are written for NPD columns; a user's
            // own file is measured as released, unless a release is asked for.
            scenario = scenario.withReleases(List.of(new Scenario.Release("pupil-level", null,
                    JsonNodeFactory.instance.objectNode().put("model", "pupil-level"))));
        }
        if (input.data != null && java.nio.file.Files.isRegularFile(input.data)) {
            // the file is read and checked whole below (a CSV on the driver, by UserFile): Spark starts meanwhile,
            // so it must start before that read, not after it (benchmarks/RESULTS.md, "Spark's start beside the read")
            spark.startWhileReading();
        }
        AssessRequest request;
        try {
            if (in == null) {
                in = new AssessRequest.UserFile(input.data,
                        populationSize == null ? OptionalLong.empty() : OptionalLong.of(populationSize), charset, null);
            }
            request = new AssessRequest(in, scenario, scenarioSource, models, output.out, output.overwrite, inputs,
                    scenarioFile);
        } catch (RuntimeException e) {
            spark.discard();
            throw e;
        }
        Progress progress = new Progress(err, t0);
        new RiskEngine(spark::session, progress).assess(request);
        progress.step("done: " + output.out);
        return PupilRisk.EXIT_OK;
    }

    /** {@code --rerun RESULTS}: the run recorded in RESULTS/run.json, under RESULTS/scenario.yaml, into --out. */
    private int rerun(PrintWriter err, long t0) {
        if (qi != null || sensitive != null || populationSize != null || release != null || k != null
                || suppressionLimit != null || hierarchies != null || scenarioFile != null || seed != null) {
            throw new InvalidInputException("--rerun: takes the input, scenario and seed from the results folder; give only "
                    + "--out (and --overwrite, --master)");
        }
        Path results = input.rerun;
        if (!java.nio.file.Files.isDirectory(results)) {
            throw new InvalidInputException("--rerun " + results + ": not a folder (expected a results folder of pupilrisk assess)");
        }
        OutputPolicy.checkDirectory(output.out, output.overwrite, List.of(results));
        com.fasterxml.jackson.databind.JsonNode manifest = org.pupilrisk.engine.RunManifest.read(results, "--rerun");
        Path copy = results.resolve(org.pupilrisk.engine.RunManifest.SCENARIO_COPY);
        if (!java.nio.file.Files.isRegularFile(copy)) {
            throw new InvalidInputException("--rerun " + results + ": no " + copy.getFileName()
                    + " (the scenario as run; written since pupilrisk 0.2.0)");
        }
        // The checks read the inputs again (their SHA-256), and a user's file is then read whole on the driver:
        // Spark starts meanwhile, as in a first run, and is stopped if the rerun is refused.
        spark.startWhileReading();
        AssessRequest request;
        try {
            org.pupilrisk.engine.RunManifest.checkInputsUnchanged(manifest, results, "--rerun");
            Scenario scenario = ScenarioLoader.load(copy);
            Path path = Path.of(manifest.at("/input/path").asText());
            AssessRequest.Input in;
            if (manifest.at("/input/kind").asText().equals("user")) {
                com.fasterxml.jackson.databind.JsonNode size = manifest.at("/input/population_size");
                com.fasterxml.jackson.databind.JsonNode enc = manifest.at("/input/encoding");
                in = new AssessRequest.UserFile(path, size.isIntegralNumber() ? OptionalLong.of(size.asLong())
                        : OptionalLong.empty(), UserCsv.charset(enc.isTextual() ? enc.asText() : "UTF-8", "encoding"), null);
            } else {
                in = new AssessRequest.Population(path);
            }
            request = AssessRequest.of(in, scenario, copy.toString(), output.out)
                    .withOutput(output.overwrite, List.of(results)).withScenarioFile(copy);
        } catch (RuntimeException e) {
            spark.discard();
            throw e;
        }
        Progress progress = new Progress(err, t0);
        new RiskEngine(spark::session, progress).assess(request);
        progress.step("done: " + output.out);
        return PupilRisk.EXIT_OK;
    }

    /**
     * The scenario's releases and their models when {@code --release} names one: pupil-level plus that model. A
     * k-anonymous release is built from its flags as settings (no scenario entry is written and parsed back); the
     * run's scenario.yaml carries {@link KAnonymitySettings#toTree}, so {@code --rerun} replays the same settings. Other
     * models are built by the registry from their entry. No models: the registry builds them from the entries.
     */
    private record FlagReleases(List<Scenario.Release> entries, List<ReleaseModel> models) {
    }

    private FlagReleases releasesFromFlags() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<Scenario.Release> entries = new ArrayList<>();
        if (!PupilLevelRelease.MODEL.equals(release)) {
            entries.add(new Scenario.Release(PupilLevelRelease.MODEL, null, f.objectNode().put("model", PupilLevelRelease.MODEL)));
        }
        if (!"k-anonymous".equals(release)) {
            if (k != null || suppressionLimit != null || hierarchies != null) {
                throw new InvalidInputException("--k, --suppression-limit and --hierarchies go with --release k-anonymous, not " + release);
            }
            entries.add(new Scenario.Release(release, null, f.objectNode().put("model", release)));
            return new FlagReleases(entries, List.of());
        }
        KAnonymitySettings settings = KAnonymitySettings.defaults();
        if (k != null) {
            settings = settings.withKs(k);
        }
        if (suppressionLimit != null) {
            settings = settings.withSuppressionLimit(suppressionLimit);
        }
        if (hierarchies != null) {
            settings = settings.withHierarchies(hierarchies);
        }
        if (input.data != null && qi != null) {
            settings = settings.withQiColumns(qi);
        }
        if (input.data != null) {
            // the release is written in the input's own format, as ARX does
            settings = settings.withFormat(input.data.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                    ? GeneralisedRelease.Format.CSV : GeneralisedRelease.Format.PARQUET);
        }
        entries.add(new Scenario.Release("k-anonymous", null, settings.toTree()));
        List<ReleaseModel> models = new ArrayList<>();
        models.add(new PupilLevelRelease(PupilLevelRelease.MODEL, true));
        models.addAll(KAnonymousRelease.of(settings));
        return new FlagReleases(entries, models);
    }

    /** Progress lines on stderr, with elapsed seconds. */
    static final class Progress implements Assessment.Progress {
        private final PrintWriter err;
        private final long t0;

        Progress(PrintWriter err, long t0) {
            this.err = err;
            this.t0 = t0;
        }

        @Override
        public void step(String message) {
            err.printf("pupilrisk assess [%5.1fs] %s%n", (System.nanoTime() - t0) / 1e9, message);
            err.flush();
        }
    }

}
