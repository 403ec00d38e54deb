package org.pupilrisk.release.tables.dp;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.ReleasedTable;

/**
 * Publishes a table with differential privacy.
 *
 * <p>A table with k row dimensions is published at k + 1 levels (England, then each level of row
 * nesting). The table's epsilon is split evenly over the levels (sequential composition). Within a
 * level each pupil is in exactly one column cell, so the column cells of a level have L1 sensitivity
 * 1 together and each gets geometric noise at the level's epsilon (parallel composition). The Total
 * column is the sum of the noisy column cells, and negative results are set to 0: both are
 * post-processing and cost no budget. Rows and columns come from the census frame (every school year
 * group, every code), not from which cells are non-zero, so the layout itself reveals nothing.
 *
 * <p>Each cell's noise comes from its own random stream derived from the run's seed, the table name
 * and the cell's key, so the release does not depend on processing order.
 */
public final class NoisyTables {

    private NoisyTables() {
    }

    /** The epsilon each level of the table is released at. */
    public static double levelEpsilon(CountTable table, double tableEpsilon) {
        return tableEpsilon / (table.spec().rowDimensions().size() + 1);
    }

    public static ReleasedTable release(CountTable table, double tableEpsilon, long seed, PrivacyBudget budget) {
        int levels = table.spec().rowDimensions().size() + 1;
        double eps = levelEpsilon(table, tableEpsilon);
        if (!budget.allows(tableEpsilon)) {
            throw new IllegalStateException("privacy budget exceeded: table " + table.name() + " needs " + tableEpsilon
                    + " but only " + budget.remaining() + " of " + budget.total() + " is left");
        }
        for (int l = 0; l < levels; l++) {
            budget.spend(table.name() + " level " + l, eps);
        }
        GeometricMechanism mechanism = new GeometricMechanism(eps);
        long[] values = new long[table.cellCount()];
        for (int node = 0; node < table.nodeCount(); node++) {
            long total = 0;
            for (int c = 0; c < table.columns().size(); c++) {
                int cell = table.cell(node, c);
                long noisy = Math.max(0, mechanism.release(table.value(cell), stream(seed, table.name(), table.key(cell))));
                values[cell] = noisy;
                total += noisy;
            }
            values[table.cell(node, table.totalColumn())] = total;
        }
        return new ReleasedTable(table, values);
    }

    /** A random stream for one cell: the seed mixed with a 64-bit hash of the table and cell key. */
    static SplittableRandom stream(long seed, String table, String key) {
        long h = 0xcbf29ce484222325L; // FNV-1a
        for (byte b : (table + "\u0000" + key).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(mix(seed ^ mix(h)));
    }

    private static long mix(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
