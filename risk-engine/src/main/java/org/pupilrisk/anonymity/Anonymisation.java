package org.pupilrisk.anonymity;

import java.util.List;

/**
 * The optimal full-domain generalisation found by {@link LatticeSearch}, or the report that none
 * satisfies the model ({@link #found()} false).
 *
 * @param qis                quasi-identifiers, in lattice order
 * @param levels             chosen level per quasi-identifier (empty when none found)
 * @param records            records in the data
 * @param suppressedRecords  records in classes that fail the model (suppressed)
 * @param classes            equivalence classes among retained records
 * @param suppressedClasses  classes suppressed
 * @param lossPerQi          ARX Loss per quasi-identifier, suppression included
 * @param loss               aggregated ARX Loss
 * @param discernibility     ARX non-monotonic discernibility
 * @param nodesTotal         nodes in the lattice
 * @param nodesEvaluated     nodes whose classes were rolled up and checked
 * @param nodesPrunedByBound nodes skipped because a lower bound on their loss exceeded the best found
 * @param nodesPrunedByProjection nodes proven inadmissible from one- and two-attribute projections
 * @param projectionsEvaluated two-attribute projection nodes rolled up to prove that (before the search)
 * @param table              the chosen node's classes (null when none found)
 * @param suppressed         per class of {@code table}: whether it is suppressed
 */
public record Anonymisation(List<String> qis, int[] levels, long records, long suppressedRecords, int classes,
                            int suppressedClasses, double[] lossPerQi, double loss, double discernibility,
                            long nodesTotal, long nodesEvaluated, long nodesPrunedByBound,
                            long nodesPrunedByProjection, long projectionsEvaluated, ClassTable table,
                            boolean[] suppressed) {

    public boolean found() {
        return table != null;
    }

    /** Share of records suppressed. */
    public double suppressedShare() {
        return records == 0 ? 0 : (double) suppressedRecords / records;
    }
}
