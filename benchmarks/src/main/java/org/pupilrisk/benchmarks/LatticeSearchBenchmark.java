package org.pupilrisk.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pupilrisk.anonymity.Anonymisation;
import org.pupilrisk.anonymity.ClassTable;
import org.pupilrisk.anonymity.LatticeSearch;
import org.pupilrisk.anonymity.Measure;
import org.pupilrisk.anonymity.PrivacyModel;

/**
 * The k-anonymity lattice search on a synthetic class-count table with six quasi-identifiers (no Spark):
 * one roll-up of the finest table to a mid-lattice node, and the whole optimal search.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LatticeSearchBenchmark -f 2 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LatticeSearchBenchmark {

    @Param({"200000"})
    int records;

    @Param({"5"})
    int k;

    private SyntheticLattice lattice;
    private ClassTable.LevelMaps maps;

    @Setup
    public void setUp() {
        lattice = new SyntheticLattice(records, 2024);
        maps = new ClassTable.LevelMaps(lattice.hierarchies);
    }

    @Benchmark
    public ClassTable rollUpFinestToMidNode() {
        return lattice.finest.rollUp(new int[] {1, 0, 1, 1, 1, 1}, maps);
    }

    @Benchmark
    public Anonymisation searchLoss() {
        return new LatticeSearch(lattice.hierarchies, lattice.finest, null, PrivacyModel.kAnonymity(k, 0.05),
                Measure.LOSS).run();
    }

    @Benchmark
    public Anonymisation searchDiscernibility() {
        return new LatticeSearch(lattice.hierarchies, lattice.finest, null, PrivacyModel.kAnonymity(k, 0.05),
                Measure.DISCERNIBILITY).run();
    }
}
