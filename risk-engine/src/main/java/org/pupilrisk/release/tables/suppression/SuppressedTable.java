package org.pupilrisk.release.tables.suppression;

import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.audit.PublishedSystem;

/**
 * A table as published under a {@link SuppressionRule}: per cell whether it is suppressed (and if so
 * whether as a primary small cell or as a complementary one) and the published value otherwise.
 */
public final class SuppressedTable {

    private final CountTable table;
    private final SuppressionRule rule;
    private final boolean[] primary;
    private final boolean[] suppressed;
    private final long[] published;

    SuppressedTable(CountTable table, SuppressionRule rule, boolean[] primary, boolean[] suppressed) {
        this.table = table;
        this.rule = rule;
        this.primary = primary;
        this.suppressed = suppressed;
        this.published = new long[table.cellCount()];
        for (int c = 0; c < published.length; c++) {
            published[c] = suppressed[c] ? -1 : rule.round(table.value(c));
        }
    }

    public CountTable table() {
        return table;
    }

    public SuppressionRule rule() {
        return rule;
    }

    public boolean suppressed(int cell) {
        return suppressed[cell];
    }

    public boolean primary(int cell) {
        return primary[cell];
    }

    /** The published figure, or -1 for a suppressed cell (shown as "c" in DfE tables). */
    public long published(int cell) {
        return published[cell];
    }

    public int suppressedCount() {
        int n = 0;
        for (boolean s : suppressed) {
            n += s ? 1 : 0;
        }
        return n;
    }

    public int primaryCount() {
        int n = 0;
        for (boolean s : primary) {
            n += s ? 1 : 0;
        }
        return n;
    }

    /**
     * The least value a reader knows each cell has: the published value (or its rounding interval),
     * and for a suppressed cell 1 when zeros are published (only non-zero cells are ever suppressed
     * then), else 0.
     */
    public long[] attackerLower() {
        long[] lo = new long[published.length];
        long suppressedLower = rule.zerosDisclosive() ? 0 : 1;
        for (int c = 0; c < lo.length; c++) {
            lo[c] = suppressed[c] ? suppressedLower : rule.roundedLower(published[c]);
        }
        return lo;
    }

    /** The greatest value a reader knows each cell can have ({@link PublishedSystem#UNBOUNDED} if suppressed). */
    public long[] attackerUpper() {
        long[] hi = new long[published.length];
        for (int c = 0; c < hi.length; c++) {
            hi[c] = suppressed[c] ? PublishedSystem.UNBOUNDED : rule.roundedUpper(published[c]);
        }
        return hi;
    }
}
