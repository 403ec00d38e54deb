package org.pupilrisk.benchmarks;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pupilrisk.metric.ClassSizes;
import org.pupilrisk.metric.DankarRule;
import org.pupilrisk.metric.HomogeneityDisclosure;
import org.pupilrisk.metric.JournalistRisk;
import org.pupilrisk.metric.MarketerRisk;
import org.pupilrisk.metric.PitmanEstimator;
import org.pupilrisk.metric.PopulationUniqueness;
import org.pupilrisk.metric.ProsecutorRisk;
import org.pupilrisk.metric.RecordsAtRisk;
import org.pupilrisk.metric.SampleUniqueness;
import org.pupilrisk.metric.SizeHistogram;
import org.pupilrisk.metric.SnbEstimator;
import org.pupilrisk.metric.SubgroupClasses;
import org.pupilrisk.metric.UniquesEstimate;
import org.pupilrisk.metric.ZayatzEstimator;
import org.pupilrisk.spark.SparkSessions;

/**
 * Class-size counting for one QI set, the engine's kernel, on a warm embedded Spark session with the input
 * already keyed and cached in memory ({@link GeneratedPopulation}: a simulator population of {@code pupils}
 * pupils, the default scenario's 25% extract). Spark start-up, generation and loading happen in the setup and
 * are not timed.
 *
 * <ul>
 *   <li>{@link #engineClassSizes}: {@link ClassSizes#compute} on the QI set's packed key as the engine calls it
 *       ({@code ClassKeys}; the packing is done in the setup), the whole stage (released classes with their label
 *       homogeneity, population classes, the (mask, f, F) table, within-subgroup histograms);</li>
 *   <li>{@link #bareGroupByCount}: Spark's {@code groupBy(QI).count().count()} on the same cached extract, the
 *       floor the engine's stage is compared with (their ratio is the engine's overhead);</li>
 *   <li>{@link #classFiguresInMemory}: what follows on the driver, from the collected (mask, f, F) table: every
 *       subgroup's {@link SubgroupClasses} and every class-size figure, the estimators included.</li>
 * </ul>
 *
 * <p>QI sets: {@code data_broker} (the default scenario's widest, 4 columns) and {@code wide6} (date of birth,
 * sex, postcode sector, ethnicity, school and year group).
 *
 * <p>Run: {@code benchmarks/run-benchmarks.sh jmh ClassSizeBenchmark} (add {@code -p pupils=100000} for a
 * shorter run). The population is generated once into {@code java.io.tmpdir} and reused.
 */
@State(Scope.Benchmark)
@Fork(1)
public class ClassSizeBenchmark {

    @Param({"1000000"})
    public long pupils;

    @Param({"data_broker", "wide6"})
    public String qiSet;

    /**
     * Loaded inputs, kept for the JVM's life: in a forked run (the default) each fork loads once; in a
     * non-forked smoke run ({@code -f 0}) the three benchmarks share one Spark session and one load.
     */
    private static GeneratedPopulation cached;
    private static long cachedPupils = -1;

    private GeneratedPopulation data;
    private List<String> qi;

    @Setup(Level.Trial)
    public void setUp() {
        SparkSession spark = SparkSessions.getOrCreate(null, false);
        synchronized (ClassSizeBenchmark.class) {
            if (cachedPupils != pupils) {
                if (cached != null) {
                    cached.unpersist();
                }
                cached = GeneratedPopulation.load(spark, GeneratedPopulation.generated(spark, pupils));
                cachedPupils = pupils;
            }
            data = cached;
        }
        qi = "wide6".equals(qiSet) ? GeneratedPopulation.WIDE6 : data.qi(qiSet);
    }

    /** The collected (mask, f, F) table the in-memory figures start from; computed only for that benchmark. */
    @State(Scope.Benchmark)
    public static class Collected {
        ClassSizes classSizes;

        @Setup(Level.Trial)
        public void setUp(ClassSizeBenchmark b) {
            classSizes = b.data.classSizes(b.qi);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 7)
    public ClassSizes engineClassSizes() {
        return data.classSizes(qi);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 7)
    public long bareGroupByCount() {
        return data.bareGroupByCount(qi);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public double classFiguresInMemory(Collected c) {
        double acc = 0;
        for (int s = 0; s < data.subgroups(); s++) {
            SubgroupClasses sc = c.classSizes.forSubgroup(s, OptionalLong.of(data.populationRows()));
            if (sc.records() == 0) {
                continue;
            }
            acc += SampleUniqueness.value(sc);
            for (int k : RecordsAtRisk.KS) {
                acc += RecordsAtRisk.value(sc, k);
            }
            acc += ProsecutorRisk.max(sc) + ProsecutorRisk.average(sc);
            for (double t : ProsecutorRisk.THRESHOLDS) {
                acc += ProsecutorRisk.shareAbove(sc, t);
            }
            acc += JournalistRisk.max(sc) + JournalistRisk.average(sc) + MarketerRisk.value(sc) + PopulationUniqueness.value(sc);
            SizeHistogram h = sc.withinSubgroup();
            long n = sc.populationSize().orElse(h.records());
            if (n >= h.records() && h.records() > 0) {
                acc += uniques(ZayatzEstimator.estimate(h, n)) + uniques(PitmanEstimator.estimate(h, n))
                        + uniques(SnbEstimator.estimate(h, n)) + uniques(DankarRule.estimate(h, n));
            }
            for (int i = 0; i <= data.sensitive().size(); i++) {
                acc += HomogeneityDisclosure.labelled(sc, i) + HomogeneityDisclosure.disclosed(sc, i);
            }
        }
        return acc;
    }

    private static double uniques(UniquesEstimate e) {
        return e.available() ? e.uniques() : 0;
    }
}
