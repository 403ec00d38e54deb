package org.pupilrisk.release.tables;

import java.util.ArrayList;
import java.util.List;
import org.pupilrisk.release.tables.spec.TableSpec;

/** Small tables written out by hand for tests. */
public final class Tables {

    private Tables() {
    }

    /**
     * A one-level table (England > rows) from a matrix of counts.
     *
     * @param rowNames names of the rows (e.g. schools)
     * @param columns  column headings (e.g. reasons)
     * @param counts   counts[row][column]
     */
    public static CountTable matrix(String name, String rowDim, String colDim, List<String> rowNames,
                                    List<String> columns, long[][] counts) {
        return matrix(name, "true", rowDim, colDim, rowNames, columns, counts);
    }

    /** Two LAs of three schools each, four reasons, mostly small counts (AP-census-like). */
    public static CountTable randomNested(java.util.SplittableRandom random, String name) {
        List<CountTable.FinestCount> finest = new ArrayList<>();
        for (int la = 1; la <= 2; la++) {
            for (int s = 0; s < 3; s++) {
                for (String reason : List.of("A", "B", "C", "D")) {
                    long v = random.nextInt(10) < 4 ? 0 : random.nextInt(1, 25);
                    finest.add(new CountTable.FinestCount(List.of(String.valueOf(la), la + "0" + s), reason, v));
                }
            }
        }
        return CountTable.of(TableSpec.of(name, "true", "LA", "URN", "Reason"), finest);
    }

    public static CountTable matrix(String name, String filter, String rowDim, String colDim, List<String> rowNames,
                                    List<String> columns, long[][] counts) {
        List<CountTable.FinestCount> finest = new ArrayList<>();
        for (int r = 0; r < rowNames.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                finest.add(new CountTable.FinestCount(List.of(rowNames.get(r)), columns.get(c), counts[r][c]));
            }
        }
        return CountTable.of(TableSpec.of(name, filter, rowDim, colDim), finest);
    }
}
