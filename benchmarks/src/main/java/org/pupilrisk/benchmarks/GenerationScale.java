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
 * <pre>
 * java -Xmx8g [Spark --add-opens, see ./pupilrisk] -cp "$(cat risk-engine/target/spark-classpath.txt):risk-engine/target/pupilrisk.jar:benchmarks/target/classes" \
 *     org.pupilrisk.benchmarks.GenerationScale [pupils=9092073] [years=2024] [format=parquet] [partitions=0] [out=DIR] [keep=false]
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
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "pupils" -> pupils = Long.parseLong(kv[1]);
                case "years" -> years = kv[1];
                case "format" -> format = kv[1];
                case "partitions" -> partitions = Integer.parseInt(kv[1]);
                case "out" -> out = Path.of(kv[1]);
                case "keep" -> keep = Boolean.parseBoolean(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
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
        sampler.interrupt();
        long bytes = size(out);
        System.out.printf(Locale.ROOT, "pupils_requested=%d years=%s format=%s cores=%d maxHeapMiB=%d%n", pupils, years,
                format, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "pupil_rows=%d ap_rows=%d exclusion_rows=%d schools=%d lsoas=%d output_MiB=%.1f%n",
                r.pupilRows(), r.apRows(), r.exclusionRows(), r.schools(), r.lsoas(), bytes / 1048576.0);
        System.out.printf(Locale.ROOT, "seconds=%.1f pupil_rows_per_second=%.0f%n", seconds, r.pupilRows() / seconds);
        System.out.printf(Locale.ROOT, "peak_heap_used_MiB=%d peak_rss_MiB=%s%n", peakHeap.get() >> 20, vmHwmMiB());
        spark.stop();
        if (!keep) {
            AtomicOutput.deleteRecursively(out);
        }
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
