package org.pupilrisk.release.tables.audit;

import java.util.List;

/** For each cell, the relations it takes part in (as parent or child). */
public final class RelationIndex {

    private RelationIndex() {
    }

    public static int[][] of(int cells, List<int[]> relations) {
        int[] count = new int[cells];
        for (int[] r : relations) {
            for (int c : r) {
                count[c]++;
            }
        }
        int[][] out = new int[cells][];
        for (int c = 0; c < cells; c++) {
            out[c] = new int[count[c]];
        }
        int[] fill = new int[cells];
        for (int i = 0; i < relations.size(); i++) {
            for (int c : relations.get(i)) {
                out[c][fill[c]++] = i;
            }
        }
        return out;
    }
}
