package org.pupilrisk.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.FiguresWriter;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.release.ReleaseModel;

/**
 * The assess run as a library call: loads the input, assesses every release of the request in order,
 * and writes {@code figures.csv}, {@code figures.json} and {@code run.json} (and each release's
 * artefacts) to the request's output directory, atomically: on failure nothing is left half-written.
 *
 * <pre>{@code
 * Scenario scenario = ScenarioLoader.defaults();
 * AssessRequest request = AssessRequest.of(new AssessRequest.Population(dir), scenario, null, out);
 * RiskEngine.Result r = new RiskEngine(() -> SparkSessions.getOrCreate(null, false), Assessment.Progress.SILENT)
 *         .assess(request);
 * }</pre>
 *
 * <p>The command line ({@code pupilrisk assess}) is flag parsing over this class; the demo and the
 * scale benchmark call it directly.
 */
public final class RiskEngine {

    private final Supplier<SparkSession> spark;
    private final Assessment.Progress progress;

    /**
     * @param spark    the Spark session, asked for only once the request is known to be valid
     * @param progress where progress lines go
     */
    public RiskEngine(Supplier<SparkSession> spark, Assessment.Progress progress) {
        this.spark = spark;
        this.progress = progress;
    }

    /** What a run produced: the figures in the order written, and the seconds each part took. */
    public record Result(Path out, List<Figure> figures, Map<String, Double> timingsSeconds) {
        public Result {
            figures = List.copyOf(figures);
            timingsSeconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timingsSeconds));
        }
    }

    /** Runs the request and returns its figures; the results directory holds the same. */
    public Result assess(AssessRequest request) {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        List<ReleaseModel> releases = request.releases();
        List<Figure> figures = new ArrayList<>();
        Map<String, Double> timings = new LinkedHashMap<>();
        OutputPolicy.directory(request.out(), request.overwrite(), request.inputs(), tmp -> {
            progress.step("starting Spark");
            SparkSession session = spark.get();
            long t = System.nanoTime();
            progress.step("loading " + request.input().path());
            DataSource.Loaded loaded = request.input() instanceof AssessRequest.UserFile u
                    ? DataSource.userFile(session, u.path(), u.csv(), u.populationSize(), request.scenario(),
                            request.scenarioSource())
                    : DataSource.population(session, request.input().path(), request.scenario(),
                            columns -> releases.forEach(r -> r.check(request.scenario(), java.util.Optional.of(columns))));
            timings.put("load", seconds(t));
            progress.step(loaded.records() + " records in the extract"
                    + (loaded.censusYear() == null ? "" : " (census year " + loaded.censusYear() + ")"));
            try (ScenarioAssessment assessment = new ScenarioAssessment(session, loaded, tmp, progress)) {
                for (ReleaseModel r : releases) {
                    t = System.nanoTime();
                    progress.step("assessing release " + r.id());
                    r.assess(assessment, figures::add);
                    timings.put("release:" + r.id(), seconds(t));
                }
                progress.step("writing " + figures.size() + " figures");
                FiguresWriter.writeCsv(figures, tmp.resolve("figures.csv"));
                FiguresWriter.writeJson(figures, tmp.resolve("figures.json"));
                timings.put("total", seconds(t0));
                RunManifest.write(tmp, request, assessment, releases, started, timings);
            }
        });
        return new Result(request.out(), figures, timings);
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
    }
}
