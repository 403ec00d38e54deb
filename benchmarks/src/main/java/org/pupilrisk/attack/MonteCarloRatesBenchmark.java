package org.pupilrisk.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;
import org.pupilrisk.scenario.Scenario;

/**
 * The in-memory part of the Monte-Carlo attack ({@link MonteCarloAttack}): from the per-target outcomes
 * (candidate-set size, whether the target is among its candidates, which labels were disclosed) to the rates
 * of every subgroup with their 95% Wilson intervals ({@link RateInterval}), exactly as {@code run} does after
 * its Spark aggregations: split the targets by subgroup bitmask, then {@code MonteCarloAttack.figures}.
 *
 * <p>The rest of the attack loop (drawing targets, candidate sets per pattern of known columns) is Spark
 * work inside {@code run} and cannot be isolated; the pipeline scale benchmark times it. This class sits in
 * {@code org.pupilrisk.attack} (split package, benchmarks module only) because {@code figures} and
 * {@code Outcome} are package-private.
 *
 * <p>Outcomes are synthetic but shaped like the default scenario's: {@code draws} targets (1,000 by default),
 * six subgroups with NPD-like prevalence, three sensitive attributes, about 30% of targets with a unique
 * candidate.
 *
 * <p>Run: {@code benchmarks/run-benchmarks.sh jmh MonteCarloRatesBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MonteCarloRatesBenchmark {

    private static final List<String> SUBGROUPS = List.of("all", "ap", "sen_support", "ehc_plan", "fsm", "looked_after");
    private static final double[] PREVALENCE = {1, 0.01, 0.13, 0.05, 0.25, 0.007};
    private static final List<String> SENSITIVE = List.of("APReason", "PrimarySENtype", "ExclusionReason");
    private static final double[] LABELLED = {0.01, 0.18, 0.03};

    @Param({"1000"})
    public int draws;

    private List<MonteCarloAttack.Outcome> outcomes;
    private Scenario.Profile profile;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(20250116);
        outcomes = new ArrayList<>();
        for (int t = 0; t < draws; t++) {
            int mask = 0;
            for (int s = 0; s < PREVALENCE.length; s++) {
                if (r.nextDouble() < PREVALENCE[s]) {
                    mask |= 1 << s;
                }
            }
            long candidates = r.nextDouble() < 0.3 ? 1 : 2 + (long) (-Math.log(1 - r.nextDouble()) * 8);
            if (r.nextDouble() < 0.03) {
                candidates = 0; // every known value wrong: no candidate at all
            }
            boolean in = candidates > 0 && r.nextDouble() < 0.95;
            boolean[] labelled = new boolean[SENSITIVE.size()];
            boolean[] disclosed = new boolean[SENSITIVE.size()];
            for (int i = 0; i < labelled.length; i++) {
                labelled[i] = r.nextDouble() < LABELLED[i];
                disclosed[i] = labelled[i] && candidates > 0 && r.nextDouble() < 1.0 / candidates;
            }
            outcomes.add(new MonteCarloAttack.Outcome(mask, candidates, in, labelled, disclosed));
        }
        profile = new Scenario.Profile("neighbour", "neighbour", "true", "benchmark profile", null, null);
    }

    @Benchmark
    public void ratesWithWilsonIntervals(Blackhole bh) {
        for (int s = 0; s < SUBGROUPS.size(); s++) {
            int bit = s;
            List<MonteCarloAttack.Outcome> in = outcomes.stream().filter(o -> (o.mask() & (1 << bit)) != 0).toList();
            MonteCarloAttack.figures("pupil-level", profile, SUBGROUPS.get(s), SENSITIVE, in, bh::consume);
        }
    }
}
