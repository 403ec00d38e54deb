package org.pupilrisk.population.generator;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The children a generation pass saw with at least one AP placement or exclusion, noted by each partition as it
 * lives its children, so that the pass for the events lives only them: nationally 512,940 of 12,192,611 children
 * (4.2%), where that pass lived every child again (benchmarks/RESULTS.md, "the events from the children who have
 * them"). A child's rows depend on its entity id alone ({@link org.pupilrisk.population.Streams}), so its events are
 * the same whichever children are lived with it, in the same partitions and order.
 *
 * <p>Spark applies each successful task's accumulator update once; a partition computed twice (a CSV run's sort
 * samples its input first) reports twice, the same list, and is counted once.
 */
final class EventfulChildren implements Serializable {

    private final CollectionAccumulator<long[]> noted;

    EventfulChildren(SparkSession spark) {
        noted = spark.sparkContext().collectionAccumulator("children with AP placements or exclusions");
    }

    /** Executor side: partition {@code partition}'s children that had an event, ascending. */
    void note(long partition, long[] children) {
        long[] row = new long[children.length + 1];
        row[0] = partition;
        System.arraycopy(children, 0, row, 1, children.length);
        noted.add(row);
    }

    /**
     * Driver side, once the pass has run: each partition's children with events, ascending.
     *
     * @throws IllegalStateException when a partition did not report, or reported two different lists
     */
    long[][] byPartition(int partitions) {
        long[][] children = new long[partitions][];
        for (long[] row : noted.value()) {
            int p = (int) row[0];
            long[] listed = Arrays.copyOfRange(row, 1, row.length);
            if (children[p] != null && !Arrays.equals(children[p], listed)) {
                throw new IllegalStateException("partition " + p + " of the pupils' pass reported two different sets of "
                        + "children with events");
            }
            children[p] = listed;
        }
        for (int p = 0; p < partitions; p++) {
            if (children[p] == null) {
                throw new IllegalStateException("partition " + p + " of the pupils' pass did not report its children with events");
            }
        }
        return children;
    }
}
