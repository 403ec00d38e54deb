package org.pupilrisk.release.tables.utility;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.FigureSink;
import org.pupilrisk.release.tables.ReleasedTable;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * The utility side (docs/domain.md §6): a fixed set of analyses an analyst answers from a release,
 * compared with the truth.
 *
 * <p>Each query is itself a table (rows, one column dimension, a filter). It is answered from a
 * released table with the same filter and column whose rows include the query's: from the matching
 * margin when the query's rows are the released table's outermost ones, otherwise by adding up the
 * released finest cells. A withheld cell counts as 0, as an analyst reading "c" does.
 *
 * <p>Error over the query's cells (Total column excluded), with e the estimate and v the truth:
 * mean absolute error {@code MAE = mean |e - v|}; mean relative error
 * {@code MRE = mean over cells with v > 0 of |e - v| / v}.
 */
public final class AnalyticWorkload {

    /** metric names written to figures.csv */
    public static final MetricKey MAE = Metric.WORKLOAD_MAE;
    public static final MetricKey MRE = Metric.WORKLOAD_MRE;

    private AnalyticWorkload() {
    }

    /** AP placement reasons by LA, and SEN primary need by year group. */
    public static List<TableSpec> defaults() {
        return List.of(
                TableSpec.of("ap-reason-by-la", TableSpec.AP_FILTER, NpdColumns.LA, NpdColumns.AP_REASON),
                TableSpec.of("sen-need-by-year", TableSpec.SEN_FILTER, NpdColumns.NC_YEAR, NpdColumns.SEN_TYPE));
    }

    /**
     * @param cells  query cells compared
     * @param mae    mean absolute error
     * @param mre    mean relative error over cells with a non-zero truth (NaN if none)
     */
    public record Error(String query, int cells, double mae, double mre) {
    }

    /** The error of answering {@code truth}'s query from {@code releases}, or null if none of them covers it. */
    public static Error evaluate(CountTable truth, List<ReleasedTable> releases) {
        ReleasedTable source = null;
        boolean prefix = false;
        List<String> rows = truth.spec().rowDimensions();
        for (ReleasedTable r : releases) {
            TableSpec s = r.table().spec();
            if (!s.filter().equals(truth.spec().filter()) || !s.columnDimension().equals(truth.spec().columnDimension())
                    || !s.rowDimensions().containsAll(rows)) {
                continue;
            }
            boolean isPrefix = s.rowDimensions().subList(0, rows.size()).equals(rows);
            if (source == null || (isPrefix && !prefix)
                    || (isPrefix == prefix && s.rowDimensions().size() < source.table().spec().rowDimensions().size())) {
                source = r;
                prefix = isPrefix;
            }
        }
        if (source == null) {
            return null;
        }
        Map<String, Long> estimate = estimates(source, rows, prefix);
        return errorAgainst(truth, estimate);
    }

    private static Map<String, Long> estimates(ReleasedTable source, List<String> rows, boolean prefix) {
        CountTable t = source.table();
        List<String> dims = t.spec().rowDimensions();
        int[] positions = rows.stream().mapToInt(dims::indexOf).toArray();
        Map<String, Long> out = new HashMap<>();
        for (int node = 0; node < t.nodeCount(); node++) {
            if (prefix ? t.level(node) != rows.size() : !t.isLeaf(node)) {
                continue;
            }
            List<String> path = t.path(node);
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < positions.length; i++) {
                key.append(i == 0 ? "" : "\u0000").append(path.get(positions[i]));
            }
            for (int c = 0; c < t.columns().size(); c++) {
                out.merge(key + "\u0001" + t.columns().get(c), source.analystValue(t.cell(node, c)), Long::sum);
            }
        }
        return out;
    }

    /**
     * The error of answering {@code truth}'s query from released microdata, tabulated the same way: each
     * true cell is estimated by the released count at the same row path and column, 0 where the release has
     * none (a generalised value such as {@code *} answers no year-group cell; a suppressed record counts
     * nowhere). Used for record-level releases such as {@code k-anonymous}.
     */
    public static Error compare(CountTable truth, CountTable released) {
        Map<String, Long> estimate = new HashMap<>();
        for (int node = 0; node < released.nodeCount(); node++) {
            if (!released.isLeaf(node)) {
                continue;
            }
            String path = String.join("\u0000", released.path(node));
            for (int c = 0; c < released.columns().size(); c++) {
                estimate.merge(path + "\u0001" + released.columns().get(c), released.value(released.cell(node, c)), Long::sum);
            }
        }
        return errorAgainst(truth, estimate);
    }

    /** Mean absolute and relative error of the estimates (keyed row path \u0001 column; absent = 0) over truth's leaf cells. */
    private static Error errorAgainst(CountTable truth, Map<String, Long> estimate) {
        double abs = 0;
        double rel = 0;
        int cells = 0;
        int positive = 0;
        for (int node = 0; node < truth.nodeCount(); node++) {
            if (!truth.isLeaf(node)) {
                continue;
            }
            String path = String.join("\u0000", truth.path(node));
            for (int c = 0; c < truth.columns().size(); c++) {
                long v = truth.value(truth.cell(node, c));
                long e = estimate.getOrDefault(path + "\u0001" + truth.columns().get(c), 0L);
                abs += Math.abs(e - v);
                cells++;
                if (v > 0) {
                    rel += Math.abs(e - v) / (double) v;
                    positive++;
                }
            }
        }
        return new Error(truth.name(), cells, cells == 0 ? 0 : abs / cells, positive == 0 ? Double.NaN : rel / positive);
    }

    /** Writes MAE and MRE per query (qi_set = query name, profile {@code -}). */
    public static void report(FigureSink sink, List<CountTable> truths, List<ReleasedTable> releases) {
        for (CountTable truth : truths) {
            Error e = evaluate(truth, releases);
            if (e == null) {
                sink.unavailable(QiSetLabel.of(truth.name()), AttackerProfile.NONE, SubgroupLabel.ALL, MAE, "no released table has the query's filter, column and rows");
                sink.unavailable(QiSetLabel.of(truth.name()), AttackerProfile.NONE, SubgroupLabel.ALL, MRE, "no released table has the query's filter, column and rows");
                continue;
            }
            sink.value(QiSetLabel.of(truth.name()), AttackerProfile.NONE, SubgroupLabel.ALL, MAE, e.mae());
            if (Double.isNaN(e.mre())) {
                sink.unavailable(QiSetLabel.of(truth.name()), AttackerProfile.NONE, SubgroupLabel.ALL, MRE, "every true cell is zero");
            } else {
                sink.value(QiSetLabel.of(truth.name()), AttackerProfile.NONE, SubgroupLabel.ALL, MRE, e.mre());
            }
        }
    }
}
