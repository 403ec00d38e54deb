package org.pupilrisk.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.pupil.PupilLives;
import org.pupilrisk.population.pupil.PupilModel;
import org.pupilrisk.population.pupil.PupilYear;

/**
 * Generating pupil rows: the simulator's per-child entry point {@link PupilLives#live} (fixed traits, the
 * census year's record, AP placements and exclusions) on the calibrated model of a population of
 * {@code pupils} pupils in one census year. No Spark: this is the work each Spark task does per entity,
 * before the row is boxed into a Spark {@code Row}.
 *
 * <p>One operation = one entity (a child of the frame; most, not all, are on roll in the census year, so
 * the benchmark also returns how many pupil rows it made). Entities are walked in order across the whole
 * frame, as a partition does, wrapping round.
 *
 * <p>Run: {@code benchmarks/run-benchmarks.sh jmh PupilRowBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PupilRowBenchmark {

    /** Entities generated per benchmark call. */
    static final int BATCH = 1000;

    @Param({"1000000"})
    public long pupils;

    private PupilLives lives;
    private long entities;
    private long next;
    private final PupilYear year = new PupilYear();
    private final CountingSink sink = new CountingSink();

    /** Counts what the generator hands out (a sink must not keep the reused {@link PupilYear}). */
    static final class CountingSink implements PupilLives.Sink {
        long rows;
        long events;
        long checksum;

        @Override
        public void pupil(PupilYear p) {
            rows++;
            checksum ^= p.pupilId ^ p.dobEpochDay ^ p.school; // the row's fields are used, so not dead code
        }

        @Override
        public void apPlacement(PupilYear p, int reason, int setting, int apSchool, int la, int startEpochDay) {
            events++;
        }

        @Override
        public void exclusion(PupilYear p, int category, int reason, int reason2, int reason3, int school, int epochDay) {
            events++;
        }
    }

    @Setup
    public void setUp() {
        // the driver-side model: geography, school estate and the calibration of one census year
        PupilModel model = PopulationGenerator.model(pupils, 2024, 2024, 1);
        lives = new PupilLives(model);
        entities = model.frame.entities();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long generateEntity() {
        long before = sink.rows + sink.events;
        for (int i = 0; i < BATCH; i++) {
            lives.live(next, year, sink);
            next = next + 1 == entities ? 0 : next + 1;
        }
        return sink.rows + sink.events - before + sink.checksum;
    }
}
