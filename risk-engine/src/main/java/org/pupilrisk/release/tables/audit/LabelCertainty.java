package org.pupilrisk.release.tables.audit;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import org.pupilrisk.release.tables.CountTable;

/**
 * Group disclosure (docs/domain.md §5): a row whose pupils all share one label reveals that label for
 * every pupil in it. Given what an attack concluded about each cell, a row's label is certain when
 * the row is known to hold at least one pupil and every other column is known to be zero.
 *
 * <p>Rows are examined from England down; once a row is certain its sub-rows are not counted again,
 * so each pupil counts once per table. The count is of true pupils in those rows: they are the
 * pupils whose label a reader who knows their row (school, year group) learns for sure.
 */
public final class LabelCertainty {

    /**
     * @param rows           maximal rows whose label is certain
     * @param pupils         pupils in them
     * @param pupilsByColumn the same by the label learned (column heading)
     */
    public record Result(int rows, long pupils, Map<String, Long> pupilsByColumn) {
    }

    private LabelCertainty() {
    }

    /**
     * @param table the true table (for the pupils counted)
     * @param ids   system variable of each table cell ({@link PublishedSystem#cellIds})
     * @param bounds what the attack concluded
     */
    public static Result of(CountTable table, int[] ids, Bounds bounds) {
        long[] lo = bounds.lower();
        long[] hi = bounds.upper();
        Map<String, Long> byColumn = new TreeMap<>();
        int rows = 0;
        long pupils = 0;
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        stack.push(0);
        while (!stack.isEmpty()) {
            int node = stack.pop();
            int total = ids[table.cell(node, table.totalColumn())];
            int onlyColumn = -1;
            int possible = 0;
            for (int c = 0; c < table.columns().size(); c++) {
                if (hi[ids[table.cell(node, c)]] > 0) {
                    possible++;
                    onlyColumn = c;
                }
            }
            if (lo[total] >= 1 && possible == 1) {
                long n = table.value(table.cell(node, table.totalColumn()));
                rows++;
                pupils += n;
                byColumn.merge(table.columns().get(onlyColumn), n, Long::sum);
                continue;
            }
            int[] children = table.children(node);
            for (int k = children.length - 1; k >= 0; k--) {
                stack.push(children[k]);
            }
        }
        return new Result(rows, pupils, byColumn);
    }
}
