package org.pupilrisk.benchmarks;

import java.util.Locale;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.audit.Bounds;
import org.pupilrisk.release.tables.audit.Differencing;
import org.pupilrisk.release.tables.audit.IntervalAudit;
import org.pupilrisk.release.tables.audit.PublishedSystem;
import org.pupilrisk.release.tables.suppression.CellSuppression;
import org.pupilrisk.release.tables.suppression.SuppressedTable;
import org.pupilrisk.release.tables.suppression.SuppressionRule;

/**
 * Times small-cell suppression and its audit on a national-scale table (default: 153 LAs x 157
 * schools (about 24,000) x 7 year groups x 10 AP reasons, about 1.7 million finest cells plus margins).
 *
 * <pre>java -Xmx6g -cp ... org.pupilrisk.benchmarks.AuditScale [LAs] [schools per LA] [years] [non-zero %] [max LP variables]</pre>
 */
public final class AuditScale {

    private AuditScale() {
    }

    public static void main(String[] args) {
        int las = args.length > 0 ? Integer.parseInt(args[0]) : 153;
        int schools = args.length > 1 ? Integer.parseInt(args[1]) : 157;
        int years = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int nonZero = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int maxLp = args.length > 4 ? Integer.parseInt(args[4]) : IntervalAudit.DEFAULT_MAX_LP_VARIABLES;

        long t0 = System.nanoTime();
        CountTable table = SyntheticTables.apTable(las, schools, years, nonZero, 1L);
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "table: %d LAs x %d schools x %d years x %d reasons: %,d cells (%,d nodes), built in %.1f s%n",
                las, schools, years, SyntheticTables.REASONS.size(), table.cellCount(), table.nodeCount(), secs(t0, t1));
        for (boolean secondary : new boolean[] {false, true}) {
            SuppressionRule rule = new SuppressionRule(10, false, secondary, 1);
            long a = System.nanoTime();
            SuppressedTable s = CellSuppression.apply(table, rule, maxLp);
            long b = System.nanoTime();
            PublishedSystem system = PublishedSystem.builder().add(table, s.attackerLower(), s.attackerUpper()).build();
            long c = System.nanoTime();
            Bounds diff = Differencing.run(system);
            long d = System.nanoTime();
            IntervalAudit.Result disclosure = IntervalAudit.disclosure(system, maxLp);
            long dd = System.nanoTime();
            IntervalAudit.Result audit = IntervalAudit.run(system, maxLp);
            long e = System.nanoTime();
            long sameLower = 0;
            for (int id = 0; id < system.size(); id++) {
                sameLower += disclosure.bounds().lower()[id] == audit.bounds().lower()[id] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "  disclosure-detail audit: %.1f s; lower bounds equal to the full audit's: %,d of %,d%n",
                    secs(d, dd), sameLower, system.size());
            int[] ids = system.cellIds(table.name());
            Bounds decided = IntervalAudit.exactness(system, maxLp).bounds();
            long decidedExact = 0;
            for (int cell = 0; cell < table.cellCount(); cell++) {
                decidedExact += s.primary(cell) && decided.exact(ids[cell]) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "  exactness-only audit: %,d primary cells recovered%n", decidedExact);
            long primary = 0;
            long primaryExactDiff = 0;
            long primaryExactAudit = 0;
            for (int cell = 0; cell < table.cellCount(); cell++) {
                if (s.primary(cell)) {
                    primary++;
                    primaryExactDiff += diff.exact(ids[cell]) ? 1 : 0;
                    primaryExactAudit += audit.bounds().exact(ids[cell]) ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "%s: suppressed %,d (primary %,d) in %.1f s; system %.1f s; differencing %.1f s; "
                            + "audit %.1f s (%,d sub-tables, %,d by LP, largest %,d cells, %,d cells propagation-only, %,d LP/max-flow problems); "
                            + "primary recovered: differencing %,d, audit %,d%n",
                    secondary ? "primary+secondary" : "primary only", s.suppressedCount(), primary, secs(a, b), secs(b, c),
                    secs(c, d), secs(dd, e), audit.components(), audit.lpComponents(), audit.largestComponent(),
                    audit.outerOnlyCells(), audit.linearProgrammes(), primaryExactDiff, primaryExactAudit);
        }
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }
}
