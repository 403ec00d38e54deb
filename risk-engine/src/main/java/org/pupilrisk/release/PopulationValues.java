package org.pupilrisk.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pupilrisk.hierarchy.BuiltInHierarchies;
import org.pupilrisk.metric.QiSet;

/**
 * The population's values of every quasi-identifier column of the scenario, observed once per run
 * ({@link BuiltInHierarchies#observe}: each value with its helper columns' values and count) and shared by the two
 * kinds of work that read them: the record-level releases number the population's values before packing its class
 * keys, and the k-anonymous releases build their built-in hierarchies from them. Why one job: each was a scan of the
 * whole census (about 6 s each nationally, benchmarks/RESULTS.md), over the same columns.
 */
public final class PopulationValues {

    private PopulationValues() {
    }

    /** Every column of the scenario's QI sets, in scenario order, each once. */
    public static List<String> columns(Assessment a) {
        List<String> columns = new ArrayList<>();
        a.scenarioQiSets().stream().map(QiSet::columns).forEach(q -> q.forEach(c -> {
            if (!columns.contains(c)) {
                columns.add(c);
            }
        }));
        return List.copyOf(columns);
    }

    /** The population's observed values of {@link #columns}, computed at the first call of the run; empty without a population. */
    public static Optional<BuiltInHierarchies.Observations> of(Assessment a) {
        if (a.population().isEmpty()) {
            return Optional.empty();
        }
        Dataset<Row> population = a.population().get();
        List<String> columns = columns(a);
        return Optional.of(a.shared(new Key(population, columns), () -> BuiltInHierarchies.observe(population, columns)));
    }

    /** Shared-store key: the population (by identity) and the columns observed. */
    private record Key(Dataset<Row> population, List<String> columns) {
    }
}
