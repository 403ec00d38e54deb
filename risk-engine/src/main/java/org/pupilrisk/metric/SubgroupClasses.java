package org.pupilrisk.metric;

import java.util.List;
import java.util.OptionalLong;

/**
 * Everything the class-size figures of one release x QI set x subgroup need, already small.
 *
 * @param cells               released records of the subgroup by (f, F); masks are irrelevant here
 * @param populationRecords   population records of the subgroup (0 when the population is unknown)
 * @param populationUniques   of those, records unique in the population on the QI set
 * @param populationKnown     whether F and the population counts are exact (synthetic data)
 * @param withinSubgroup      the subgroup's own sample classes (class sizes counted within the subgroup),
 *                            for the uniqueness estimators
 * @param populationSize      N for the estimators: population size of the subgroup, exact or estimated
 */
public record SubgroupClasses(List<ClassCell> cells, long populationRecords, long populationUniques,
                              boolean populationKnown, SizeHistogram withinSubgroup, OptionalLong populationSize) {

    public SubgroupClasses {
        cells = List.copyOf(cells);
    }

    /** Released records in the subgroup (n). */
    public long records() {
        return cells.stream().mapToLong(ClassCell::records).sum();
    }
}
