package org.pupilrisk.release.tables.saferaccess;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A researcher inside the environment who crafts outputs that each pass the checks but whose
 * difference isolates a small group (docs/domain.md §5, differencing).
 *
 * <p>For each LA x (in order) and each label L it asks for single counts: all selected pupils in x,
 * those with label L in x; then, for each school s of x (and each birth month m), the same counts
 * in x excluding s (excluding m). Each count of an LA is large, so each output passes a threshold
 * rule on its own. When the pair for the total and the pair for L are both approved, the researcher
 * knows n = pupils of s and d = pupils of s with L; if n > 0 and d = n, every pupil of s in the
 * selection has label L: their labels are disclosed (anyone who knows a pupil attends s and is in
 * AP learns why). Pupils are counted once even if disclosed through both a school and a month.
 */
public final class AdversarialResearcher {

    /** Groups the researcher excludes one value of: a school, a birth month. */
    public static final List<String> DEFAULT_GROUPS = List.of(org.pupilrisk.population.NpdColumns.URN, TreCube.BIRTH_MONTH);

    /**
     * @param submitted outputs asked for
     * @param approved  outputs approved
     * @param pupilsDisclosed distinct pupils whose label the approved outputs disclose by differencing
     * @param groupsDisclosed groups (school or month within an LA) disclosed
     */
    public record Result(int submitted, int approved, long pupilsDisclosed, int groupsDisclosed) {
    }

    private AdversarialResearcher() {
    }

    public static Result run(TreCube cube, OutputChecker checker, List<String> groups, int maxLas) {
        int laDim = TreCube.dimension(org.pupilrisk.population.NpdColumns.LA);
        int[] groupDims = groups.stream().mapToInt(TreCube::dimension).toArray();
        List<String> labels = cube.labels();
        boolean[] disclosed = new boolean[cube.size()];
        int submitted = 0;
        int approved = 0;
        int groupsDisclosed = 0;
        int la = 0;
        int start = 0;
        while (start < cube.size() && la < maxLas) {
            String x = cube.atom(start).key().get(laDim);
            int end = start;
            while (end < cube.size() && cube.atom(end).key().get(laDim).equals(x)) {
                end++;
            }
            final int from = start;
            final int to = end;
            // Whole-LA counts: the total and one per label.
            long[] whole = new long[labels.size() + 1];
            boolean[] wholeOk = new boolean[labels.size() + 1];
            for (int l = 0; l <= labels.size(); l++) {
                String label = l < labels.size() ? labels.get(l) : null;
                int[] rows = rowsOf(cube, from, to, label, -1, null);
                Output.Cell cell = cube.cell("LA=" + x + " : " + (label == null ? "Total" : label), rows);
                submitted++;
                wholeOk[l] = checker.submit(new Output("LA " + x, List.of(cell)));
                approved += wholeOk[l] ? 1 : 0;
                whole[l] = cell.count();
            }
            for (int g : groupDims) {
                TreeSet<String> values = new TreeSet<>(org.pupilrisk.release.tables.CountTable::compareValues);
                for (int r = from; r < to; r++) {
                    values.add(cube.atom(r).key().get(g));
                }
                for (String v : values) {
                    long[] without = new long[labels.size() + 1];
                    boolean[] ok = new boolean[labels.size() + 1];
                    for (int l = 0; l <= labels.size(); l++) {
                        String label = l < labels.size() ? labels.get(l) : null;
                        int[] rows = rowsOf(cube, from, to, label, g, v);
                        Output.Cell cell = cube.cell("LA=" + x + " excluding " + v + " : " + (label == null ? "Total" : label), rows);
                        submitted++;
                        ok[l] = checker.submit(new Output("LA " + x + " excluding " + v, List.of(cell)));
                        approved += ok[l] ? 1 : 0;
                        without[l] = cell.count();
                    }
                    int total = labels.size();
                    if (!wholeOk[total] || !ok[total]) {
                        continue;
                    }
                    long n = whole[total] - without[total];
                    boolean certain = false;
                    for (int l = 0; l < labels.size() && n > 0; l++) {
                        certain |= wholeOk[l] && ok[l] && whole[l] - without[l] == n;
                    }
                    if (certain) {
                        groupsDisclosed++;
                        for (int r = from; r < to; r++) {
                            if (cube.atom(r).key().get(g).equals(v)) {
                                disclosed[r] = true;
                            }
                        }
                    }
                }
            }
            start = end;
            la++;
        }
        long pupils = 0;
        for (int r = 0; r < cube.size(); r++) {
            pupils += disclosed[r] ? cube.atom(r).count() : 0;
        }
        return new Result(submitted, approved, pupils, groupsDisclosed);
    }

    /** Rows of [from, to) with the label (null: any) and, if dim >= 0, without value {@code excluded}. */
    private static int[] rowsOf(TreCube cube, int from, int to, String label, int dim, String excluded) {
        List<Integer> out = new ArrayList<>();
        for (int r = from; r < to; r++) {
            TreCube.Atom a = cube.atom(r);
            if ((label == null || a.label().equals(label)) && (dim < 0 || !a.key().get(dim).equals(excluded))) {
                out.add(r);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
