package org.pupilrisk.release.tables.audit;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The differencing attack: what a reader with a calculator recovers by subtracting published
 * figures. Whenever a relation {@code parent = sum(children)} has exactly one cell that is not known
 * exactly, that cell is the published parent minus the published children (or the sum of the
 * children, if the parent is the unknown). Recovered cells become known and may unlock further
 * relations, so the attack repeats until nothing changes; relations from every table the reader
 * holds are used together (differencing across overlapping tables).
 *
 * <p>Only exact knowledge is combined: a rounded cell is not known exactly, so rounding defeats this
 * attack where it does not defeat the {@link IntervalAudit}.
 */
public final class Differencing {

    private Differencing() {
    }

    /** Bounds after differencing: recovered cells have {@code lower == upper}; others keep their prior. */
    public static Bounds run(PublishedSystem system) {
        long[] lo = system.lower();
        long[] hi = system.upper();
        List<int[]> relations = system.relations();
        int[][] byCell = RelationIndex.of(lo.length, relations);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        boolean[] queued = new boolean[relations.size()];
        for (int i = 0; i < relations.size(); i++) {
            queue.add(i);
            queued[i] = true;
        }
        boolean consistent = true;
        while (!queue.isEmpty()) {
            int ri = queue.poll();
            queued[ri] = false;
            int[] r = relations.get(ri);
            int unknown = -1;
            int unknownCount = 0;
            long childSum = 0;
            for (int k = 0; k < r.length; k++) {
                int c = r[k];
                if (lo[c] != hi[c]) {
                    unknown = k;
                    unknownCount++;
                } else if (k > 0) {
                    childSum += lo[c];
                }
            }
            if (unknownCount != 1) {
                continue;
            }
            int cell = r[unknown];
            long value = unknown == 0 ? childSum : lo[r[0]] - childSum;
            if (value < lo[cell] || value > hi[cell]) {
                // Published figures contradict each other (e.g. noisy or inconsistently rounded tables).
                consistent = false;
                continue;
            }
            lo[cell] = value;
            hi[cell] = value;
            for (int next : byCell[cell]) {
                if (!queued[next]) {
                    queued[next] = true;
                    queue.add(next);
                }
            }
        }
        return new Bounds(lo, hi, consistent);
    }
}
