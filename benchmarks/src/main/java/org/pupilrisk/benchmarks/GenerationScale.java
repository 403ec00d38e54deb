package org.pupilrisk.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.spark.SparkSessions;

/**
 * Scale benchmark for {@code pupilrisk generate} (not a timed test): runs the whole generation at a given size
 * and reports pupil rows per second (end to end, including calibration, the AP and exclusion passes and the
 * validation read-back) and peak memory: the sampled peak of heap in use (MemoryMXBean, every 100 ms) and the
 * process's peak resident set (VmHWM from /proc/self/status, Linux).
 *
 * <p>Then, for Parquet, the floor in the same JVM on the same warm session: the pupil rows just written, read back and
 * held in memory as Spark's internal rows (in as many partitions as the generator wrote them), written to Parquet
 * again by Spark with nothing else to do, once to warm up and then {@code reps} times (median). This is the work
 * every generation does at least once and cannot make cheaper (Spark's Parquet writer over rows already in its own
 * form, as the generator emits them), so the rows per second of a generator writing through Spark on this machine
 * cannot exceed it; it is the bound on issue 14's goal 4 (1m pupil rows/s) that no change to the generator can move.
 *
 * <pre>
 * benchmarks/run-benchmarks.sh generation national
 * java -Xmx8g [Spark --add-opens, see ./pupilrisk] -cp "benchmarks/target/benchmarks.jar:$(cat risk-engine/target/spark-classpath.txt)" \
 *     org.pupilrisk.benchmarks.GenerationScale [pupils=9092073] [years=2024] [format=parquet] [partitions=0] [reps=3] [out=DIR] [keep=false]
 * </pre>
 */
public final class GenerationScale {

    private GenerationScale() {
    }

    public static void main(String[] args) throws Exception {
        long pupils = 9_092_073;
        String years = "2024";
        String format = "parquet";
        int partitions = 0;
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "pupilrisk-generation-scale-" + ProcessHandle.current().pid());
        boolean keep = false;
        int reps = 3;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "pupils" -> pupils = Long.parseLong(kv[1]);
                case "years" -> years = kv[1];
                case "format" -> format = kv[1];
                case "partitions" -> partitions = Integer.parseInt(kv[1]);
                case "out" -> out = Path.of(kv[1]);
                case "keep" -> keep = Boolean.parseBoolean(kv[1]);
                case "reps" -> reps = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a
                        + " (pupils=, years=, format=, partitions=, reps=, out=, keep=)");
            }
        }
        int[] y = PopulationSettings.parseYears(years);
        PopulationSettings settings = new PopulationSettings(pupils, y[0], y[1], 1, OutputFormat.parse(format), out, partitions);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        SparkSession spark = SparkSessions.getOrCreate(null, false);
        long t0 = System.nanoTime();
        PopulationGenerator.Result r = PopulationGenerator.generate(spark, settings,
                line -> System.err.printf(Locale.ROOT, "generate [%.1f s]: %s%n", (System.nanoTime() - t0) / 1e9, line));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long bytes = size(out);
        double[] bare = settings.format() == OutputFormat.PARQUET ? bareWrite(spark, out, r.pupilRows(), reps) : new double[0];
        sampler.interrupt();
        System.out.printf(Locale.ROOT, "pupils_requested=%d years=%s format=%s cores=%d maxHeapMiB=%d%n", pupils, years,
                format, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "pupil_rows=%d ap_rows=%d exclusion_rows=%d schools=%d lsoas=%d output_MiB=%.1f%n",
                r.pupilRows(), r.apRows(), r.exclusionRows(), r.schools(), r.lsoas(), bytes / 1048576.0);
        System.out.printf(Locale.ROOT, "seconds=%.1f pupil_rows_per_second=%.0f%n", seconds, r.pupilRows() / seconds);
        if (bare.length > 0) {
            double median = PipelineScale.median(bare);
            System.out.printf(Locale.ROOT, "bare_parquet_write_seconds=%s median=%.1f pupil_rows_per_second=%.0f "
                    + "generation_over_bare=%.2f%n", java.util.Arrays.stream(bare).mapToObj(b -> String.format(Locale.ROOT, "%.1f", b))
                    .collect(java.util.stream.Collectors.joining(",")), median, r.pupilRows() / median, seconds / median);
        }
        System.out.printf(Locale.ROOT, "peak_heap_used_MiB=%d peak_rss_MiB=%s%n", peakHeap.get() >> 20, vmHwmMiB());
        spark.stop();
        if (!keep) {
            AtomicOutput.deleteRecursively(out);
        }
    }

    /**
     * The written pupil rows held in memory as Spark's internal rows, in as many partitions as were written, then
     * written to Parquet by Spark once to warm up and {@code reps} times timed: seconds of each timed write.
     */
    private static double[] bareWrite(SparkSession spark, Path out, long pupilRows, int reps) throws Exception {
        if (!(spark instanceof org.apache.spark.sql.classic.SparkSession classic)) {
            throw new IllegalStateException("the bare write needs Spark's classic session");
        }
        System.err.println("generation-scale: holding the pupil rows in memory for the bare Parquet write");
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> written = spark.read().parquet(out.resolve("pupils").toString());
        int parts;
        try (var files = Files.list(out.resolve("pupils"))) {
            parts = (int) Math.max(1, files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count());
        }
        org.apache.spark.rdd.RDD<org.apache.spark.sql.catalyst.InternalRow> rows = written.queryExecution().toRdd().toJavaRDD()
                .map(org.apache.spark.sql.catalyst.InternalRow::copy)
                .repartition(parts).persist(org.apache.spark.storage.StorageLevel.MEMORY_ONLY()).rdd();
        long held = rows.count();
        if (held != pupilRows) {
            throw new IllegalStateException("bare write: " + held + " rows held in memory, " + pupilRows + " written");
        }
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> inMemory = classic.internalCreateDataFrame(rows, written.schema(), false);
        Path target = out.resolveSibling(out.getFileName() + "-bare-write");
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + ": exists; the bare write needs a new folder beside out=");
        }
        double[] seconds = new double[reps];
        try {
            for (int i = -1; i < reps; i++) {
                AtomicOutput.deleteRecursively(target);
                long t = System.nanoTime();
                inMemory.write().parquet(target.toString());
                if (i >= 0) {
                    seconds[i] = (System.nanoTime() - t) / 1e9;
                    System.err.printf(Locale.ROOT, "generation-scale: bare Parquet write %d of %d: %.1f s%n", i + 1, reps, seconds[i]);
                }
            }
        } finally {
            rows.unpersist(true);
            AtomicOutput.deleteRecursively(target);
        }
        return seconds;
    }

    private static long size(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String vmHwmMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.valueOf(kb >> 10);
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "n/a";
    }
}
