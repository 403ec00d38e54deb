package org.pupilrisk.release.tables.saferaccess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A checker that remembers what it has approved. Besides the per-cell rules, for every cell of a new
 * output and every approved cell whose records are nested in it (or it in them), the difference of
 * the two counts (the records of the larger group outside the smaller one) must pass the same rules,
 * as if it were an output itself. This is the differencing check that ACRO leaves to the human
 * checker (Hundepool et al. 2012, §4.2 on disclosure by differencing; Ritchie 2008 on "safe outputs").
 *
 * <p>Nested pairs are found exactly, from the records each cell counts. Not checked: differences of
 * three or more outputs (e.g. two overlapping groups and their union), which would need the interval
 * audit over the history; the figures say so.
 */
final class DifferencingAwareChecker implements OutputChecker {

    private final OutputRules rules;
    private final List<Output.Cell> approved = new ArrayList<>();
    /** record row -> approved cells that count it */
    private final Map<Integer, List<Integer>> containing = new HashMap<>();
    /** record row -> approved cells whose first record it is */
    private final Map<Integer, List<Integer>> startingAt = new HashMap<>();

    DifferencingAwareChecker(OutputRules rules) {
        this.rules = rules;
    }

    @Override
    public boolean submit(Output output) {
        for (Output.Cell c : output.cells()) {
            if (!rules.passesCount(c.count()) || !differencesPass(c)) {
                return false;
            }
        }
        for (Output.Cell c : output.cells()) {
            int id = approved.size();
            approved.add(c);
            for (int r : c.rows()) {
                containing.computeIfAbsent(r, k -> new ArrayList<>()).add(id);
            }
            if (c.rows().length > 0) {
                startingAt.computeIfAbsent(c.rows()[0], k -> new ArrayList<>()).add(id);
            }
        }
        return true;
    }

    private boolean differencesPass(Output.Cell cell) {
        int[] rows = cell.rows();
        if (rows.length == 0) {
            return true; // an empty cell's differences are the other cells themselves
        }
        // Approved supersets contain this cell's first record.
        for (int id : containing.getOrDefault(rows[0], List.of())) {
            Output.Cell e = approved.get(id);
            if (e.rows().length > rows.length && subset(rows, e.rows()) && !rules.passesCount(e.count() - cell.count())) {
                return false;
            }
        }
        // Approved subsets start at one of this cell's records.
        for (int r : rows) {
            for (int id : startingAt.getOrDefault(r, List.of())) {
                Output.Cell e = approved.get(id);
                if (e.rows().length < rows.length && subset(e.rows(), rows) && !rules.passesCount(cell.count() - e.count())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether sorted {@code a} is a subset of sorted {@code b}. */
    static boolean subset(int[] a, int[] b) {
        int j = 0;
        for (int x : a) {
            while (j < b.length && b[j] < x) {
                j++;
            }
            if (j == b.length || b[j] != x) {
                return false;
            }
            j++;
        }
        return true;
    }
}
