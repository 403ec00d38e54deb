package org.pupilrisk.release.tables;

/**
 * A table as a recipient receives it: the shape of the true table and one figure per cell, or
 * {@link #WITHHELD} for a cell not shown (suppressed, or failed output checking).
 */
public record ReleasedTable(CountTable table, long[] values) {

    public static final long WITHHELD = -1;

    public ReleasedTable {
        if (values.length != table.cellCount()) {
            throw new IllegalArgumentException("values do not match the table's cells");
        }
    }

    /** What an analyst uses for a cell: the figure, or 0 for a withheld cell (the usual practice with "c"). */
    public long analystValue(int cell) {
        return values[cell] == WITHHELD ? 0 : values[cell];
    }

    public boolean withheld(int cell) {
        return values[cell] == WITHHELD;
    }

    /** Cells whose figure differs from the truth (withheld, rounded or perturbed). */
    public int cellsChanged() {
        int n = 0;
        for (int c = 0; c < values.length; c++) {
            n += values[c] != table.value(c) ? 1 : 0;
        }
        return n;
    }
}
