package org.pupilrisk.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.engine.AssessRequest;
import org.pupilrisk.engine.RiskEngine;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.report.BriefingReport;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;

/**
 * Scale benchmark of the whole pipeline (not a timed test): {@code generate -> assess -> report} through the
 * library calls the CLI's verbs make ({@link PopulationGenerator#generate}, {@link RiskEngine#assess},
 * {@link BriefingReport#write}) in one JVM, for one census year of {@code pupils} pupils with the
 * default scenario (or {@code scenario=FILE}), then, in the same run and on the same warm Spark session, the engine's class-size stage
 * against a bare Spark group-by-count on the same loaded extract.
 *
 * <p>Per stage: wall time, rows per second and peak memory: the peak of heap in use (sampled through
 * {@link MemoryMXBean} every 100 ms and at the stage's end) and the process's peak resident set (VmHWM from
 * /proc/self/status; reset at each stage's start through /proc/self/clear_refs where Linux allows it, else the
 * process's peak so far, marked "cumulative"). Rows are: generate, pupil rows written; assess, pupil rows of
 * the census year read (the population; the extract is a quarter of it); report, figures rendered.
 *
 * <p>Class-size stage vs bare Spark: for each QI set of the default scenario, {@code ClassSizes.compute} (what
 * {@code assess} runs per release and QI set, on the set's packed key), the same on the QI values as strings (the
 * stage before packing) and {@code extract.groupBy(QI).count().count()} on the same persisted extract, each run
 * once to warm up and then {@code reps} times in turn; medians and their ratios. The packing's own time (once per
 * release for every QI set) is printed beside them.
 *
 * <p>Output: Markdown tables on stdout (progress lines go to stderr).
 *
 * <pre>
 * benchmarks/run-benchmarks.sh scale 100000 1000000       # or 9100000 for national scale
 * java -Xmx8g [the flags of ./pupilrisk] -cp "benchmarks/target/benchmarks.jar:$(cat risk-engine/target/spark-classpath.txt)" \
 *     org.pupilrisk.benchmarks.PipelineScale pupils=1000000 [reps=3] [work=DIR] [keep=false] [scenario=FILE]
 * </pre>
 */
public final class PipelineScale {

    private PipelineScale() {
    }

    /** One stage's measurements. */
    record Stage(String name, double seconds, long rows, String rowsMeaning, long peakHeapMiB, String peakRssMiB) {
    }

    /** One QI set's class-size stage against the bare group-by. */
    record Ratio(String qiSet, List<String> columns, double engineMedian, double stringsMedian, double bareMedian) {
        double ratio() {
            return engineMedian / bareMedian;
        }
    }

    public static void main(String[] args) throws Exception {
        long pupils = 100_000;
        int reps = 3;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "pupilrisk-pipeline-scale-" + ProcessHandle.current().pid());
        boolean keep = false;
        Path scenarioFile = null;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected key=value, not " + a);
            }
            switch (kv[0]) {
                case "pupils" -> pupils = Long.parseLong(kv[1].replace("_", ""));
                case "reps" -> reps = Integer.parseInt(kv[1]);
                case "work" -> work = Path.of(kv[1]);
                case "keep" -> keep = Boolean.parseBoolean(kv[1]);
                case "scenario" -> scenarioFile = Path.of(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a + " (pupils=, reps=, work=, keep=, scenario=)");
            }
        }
        if (reps < 1) {
            throw new IllegalArgumentException("reps=" + reps + ": expected at least 1");
        }
        Path population = work.resolve("population");
        Path results = work.resolve("results");
        Path report = work.resolve("report.html");
        Files.createDirectories(work);
        if (Files.exists(population) || Files.exists(results)) {
            throw new IllegalArgumentException("work=" + work + ": holds an earlier run; give an empty directory");
        }

        PeakMemory memory = new PeakMemory();
        List<Stage> stages = new ArrayList<>();
        Instant started = Instant.now();
        PopulationSettings settings = new PopulationSettings(pupils, 2024, 2024, 1, OutputFormat.PARQUET, population, 0);
        Scenario scenario = scenarioFile == null ? ScenarioLoader.defaults() : ScenarioLoader.load(scenarioFile);
        String scenarioName = scenarioFile == null ? null : scenarioFile.toString();
        stages.add(memory.stage("generate", "pupil rows written",
                () -> PopulationGenerator.generate(SparkSessions.getOrCreate(null, false), settings, PipelineScale::progress),
                () -> SparkSessions.getOrCreate(null, false).read().parquet(population.resolve("pupils").toString()).count()));
        stages.add(memory.stage("assess", "census-year pupils read",
                // the request checks that the population exists, so it is built once generate has written it
                () -> new RiskEngine(() -> SparkSessions.getOrCreate(null, false), PipelineScale::progress).assess(
                        AssessRequest.of(new AssessRequest.Population(population), scenario, scenarioName, results)),
                () -> new ObjectMapper().readTree(results.resolve("run.json").toFile()).path("input").path("population_size").asLong()));
        stages.add(memory.stage("report", "figures reported",
                () -> BriefingReport.write(results, report),
                () -> Files.lines(results.resolve("figures.csv")).count() - 1));
        JsonNode run = new ObjectMapper().readTree(results.resolve("run.json").toFile());

        // the engine's floor, in the same JVM on the same (now warm) session
        SparkSession spark = SparkSessions.getOrCreate(null, false);
        progress("loading the extract for the class-size comparison");
        GeneratedPopulation data = GeneratedPopulation.load(spark, population,
                scenarioFile == null ? ScenarioLoader.defaults() : ScenarioLoader.load(scenarioFile));
        List<Ratio> ratios = new ArrayList<>();
        for (QiSet q : data.scenario().qiSets()) {
            List<String> cols = q.columns();
            progress("class-size stage vs bare group-by on " + q.name());
            data.classSizes(cols);
            data.classSizesOnStrings(cols);
            data.bareGroupByCount(cols);
            double[] engine = new double[reps];
            double[] strings = new double[reps];
            double[] bare = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                data.classSizes(cols);
                engine[i] = seconds(t);
                t = System.nanoTime();
                data.classSizesOnStrings(cols);
                strings[i] = seconds(t);
                t = System.nanoTime();
                data.bareGroupByCount(cols);
                bare[i] = seconds(t);
            }
            ratios.add(new Ratio(q.name(), cols, median(engine), median(strings), median(bare)));
        }
        data.unpersist();
        memory.close();

        PrintStream out = System.out;
        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "## Pipeline at %,d pupils (one census year, %s)%n%n", pupils,
                scenarioFile == null ? "default scenario" : "scenario " + scenarioFile);
        out.printf(Locale.ROOT, "started %s; %d cores; max heap %,d MiB; Java %s; Spark %s; extract %,d of %,d pupils; %d figures%n%n",
                started, rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("java.version"), spark.version(),
                run.path("input").path("records").asLong(), run.path("input").path("population_size").asLong(),
                stages.get(2).rows());
        out.println("| stage | seconds | rows | rows/s | rows are | peak heap used (MiB) | peak RSS (MiB) |");
        out.println("|---|---:|---:|---:|---|---:|---:|");
        double total = 0;
        for (Stage s : stages) {
            total += s.seconds();
            out.printf(Locale.ROOT, "| %s | %.1f | %,d | %,.0f | %s | %,d | %s |%n", s.name(), s.seconds(), s.rows(),
                    s.rows() / s.seconds(), s.rowsMeaning(), s.peakHeapMiB(), s.peakRssMiB());
        }
        long heapMax = stages.stream().mapToLong(Stage::peakHeapMiB).max().orElse(0);
        String rssMax = stages.stream().map(Stage::peakRssMiB).filter(v -> !v.startsWith("n/a"))
                .max((a, b) -> Long.compare(mib(a), mib(b))).orElse("n/a");
        out.printf(Locale.ROOT, "| pipeline | %.1f | | | | %,d | %s |%n%n", total, heapMax, rssMax);
        // where assess spends its time: the engine's own timings (run.json), one row per release
        out.println("assess by release (run.json timings_seconds):");
        out.println();
        out.println("| part of assess | seconds |");
        out.println("|---|---:|");
        run.path("timings_seconds").fields().forEachRemaining(e ->
                out.printf(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), e.getValue().asDouble()));
        out.println();
        out.printf(Locale.ROOT, "Class-size stage vs bare Spark groupBy(QI).count() on the same persisted extract "
                + "(%,d rows; medians of %d warm runs each, interleaved); the stage on packed keys as the engine runs it, "
                + "and on the QI values as strings as it ran before packing:%n%n", data.releasedRows(), reps);
        out.println("| QI set | columns | engine class-size stage (s) | on strings (s) | bare groupBy-count (s) | ratio | on strings / bare |");
        out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Ratio r : ratios) {
            out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.1f | %.1f |%n", r.qiSet(), String.join(", ", r.columns()),
                    r.engineMedian(), r.stringsMedian(), r.bareMedian(), r.ratio(), r.stringsMedian() / r.bareMedian());
        }
        out.println();
        out.printf(Locale.ROOT, "Numbering the population's QI values (persisted and counted; once per run in the engine): %.2f s; "
                + "packing every QI set's keys from them (both sides packed, persisted and counted; once per record-level "
                + "release in the engine, not in the stage): %.2f s%n%n", data.numberSeconds(), data.packSeconds());
        out.print("csv: pupils,stage,seconds,rows,rows_per_second,peak_heap_MiB,peak_rss_MiB");
        out.println();
        for (Stage s : stages) {
            out.printf(Locale.ROOT, "csv: %d,%s,%.2f,%d,%.0f,%d,%s%n", pupils, s.name(), s.seconds(), s.rows(),
                    s.rows() / s.seconds(), s.peakHeapMiB(), s.peakRssMiB().replace(" (cumulative)", "").replace(",", ""));
        }
        for (Ratio r : ratios) {
            out.printf(Locale.ROOT, "csv: %d,ratio:%s,%.3f,%d,,,%n", pupils, r.qiSet(), r.ratio(), data.releasedRows());
        }
        out.flush();
        spark.stop();
        if (!keep) {
            AtomicOutput.deleteRecursively(work);
        }
    }

    private static long mib(String formatted) {
        return Long.parseLong(formatted.replaceAll("[^0-9]", ""));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void progress(String line) {
        System.err.println("pipeline-scale: " + line);
        System.err.flush();
    }

    /** Samples heap in use every 100 ms and reads the process's peak RSS, per stage. */
    static final class PeakMemory implements AutoCloseable {
        private final MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        private final AtomicLong stagePeak = new AtomicLong();
        private final Thread sampler;
        private boolean rssCumulative;

        PeakMemory() {
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "peak-memory-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private void sample() {
            long used = bean.getHeapMemoryUsage().getUsed();
            stagePeak.accumulateAndGet(used, Math::max);
        }

        interface Work {
            void run() throws Exception;
        }

        interface Count {
            long get() throws Exception;
        }

        Stage stage(String name, String rowsMeaning, Work work, Count rows) throws Exception {
            progress(name + "...");
            resetRss();
            stagePeak.set(0);
            sample();
            long t = System.nanoTime();
            work.run();
            double s = seconds(t);
            sample();
            long heap = stagePeak.get() >> 20;
            String rss = rssMiB();
            progress(String.format(Locale.ROOT, "%s: %.1f s", name, s));
            return new Stage(name, s, rows.get(), rowsMeaning, heap, rss);
        }


        /** Resets VmHWM to the current RSS (Linux: "5" to /proc/self/clear_refs); else the peak stays cumulative. */
        private void resetRss() {
            try {
                Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            } catch (Exception | Error e) {
                rssCumulative = true;
            }
        }

        private String rssMiB() {
            long v = vmHwmKiB();
            if (v < 0) {
                return "n/a";
            }
            return String.format(Locale.ROOT, "%,d", v >> 10) + (rssCumulative ? " (cumulative)" : "");
        }

        private static long vmHwmKiB() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                // not Linux
            }
            return -1;
        }

        @Override
        public void close() {
            sampler.interrupt();
        }
    }
}
