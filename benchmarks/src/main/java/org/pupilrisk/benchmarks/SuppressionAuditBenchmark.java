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
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.audit.Bounds;
import org.pupilrisk.release.tables.audit.Differencing;
import org.pupilrisk.release.tables.audit.IntervalAudit;
import org.pupilrisk.release.tables.audit.PublishedSystem;
import org.pupilrisk.release.tables.suppression.CellSuppression;
import org.pupilrisk.release.tables.suppression.SuppressedTable;
import org.pupilrisk.release.tables.suppression.SuppressionRule;

/**
 * Suppression and its attacks on one LA-sized block of the AP table (schools x 7 years x 10
 * reasons): secondary suppression (which runs the audit until it proves the pattern safe), and the
 * differencing attack and interval audit on the suppressed table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SuppressionAuditBenchmark {

    @Param({"20", "157"})
    public int schools;

    private CountTable table;
    private PublishedSystem system;

    @Setup
    public void setUp() {
        table = SyntheticTables.apTable(1, schools, 7, 4, 1L);
        SuppressedTable s = CellSuppression.apply(table, SuppressionRule.defaults());
        system = PublishedSystem.builder().add(table, s.attackerLower(), s.attackerUpper()).build();
    }

    @Benchmark
    public SuppressedTable suppressWithSecondary() {
        return CellSuppression.apply(table, SuppressionRule.defaults());
    }

    @Benchmark
    public Bounds differencing() {
        return Differencing.run(system);
    }

    @Benchmark
    public IntervalAudit.Result intervalAudit() {
        return IntervalAudit.run(system);
    }
}
