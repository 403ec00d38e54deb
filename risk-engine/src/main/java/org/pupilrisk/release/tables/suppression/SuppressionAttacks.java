package org.pupilrisk.release.tables.suppression;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.FigureSink;
import org.pupilrisk.release.tables.audit.Bounds;
import org.pupilrisk.release.tables.audit.LabelCertainty;
import org.pupilrisk.release.tables.audit.PublishedSystem;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * Risk figures of a set of suppressed tables under one attack. The attack is summarised by the
 * bounds it reached on every cell (see {@link Bounds}); the figures, per table (qi_set = table name)
 * and over all tables (qi_set {@code -}), are:
 * <ul>
 *   <li>{@link Metric#SUPPRESSED_CELLS_RECOVERED_EXACT_SHARE}: suppressed cells with lower bound = upper bound, over suppressed cells;</li>
 *   <li>{@link Metric#PRIMARY_CELLS_RECOVERED_EXACT_SHARE}: the same over primary (small) cells only;</li>
 *   <li>{@link Metric#SUPPRESSED_CELLS_PRESENCE_DISCLOSED_SHARE}: suppressed cells whose lower bound is at least 1 (someone in that
 *       group has the label), over suppressed cells;</li>
 *   <li>{@link Metric#PUPILS_LABEL_CERTAIN}: pupils in rows whose label becomes certain ({@link LabelCertainty}),
 *       subgroup {@code all} (pupils with a recorded label: the {@code NONE} column is reported only as
 *       its own subgroup) and one subgroup per label; summed over tables for qi_set {@code -};</li>
 *   <li>{@link Metric#ROWS_LABEL_CERTAIN}: the rows concerned.</li>
 * </ul>
 * A cell published by two tables counts in each.
 */
public final class SuppressionAttacks {

    public static final MetricKey RECOVERED = Metric.SUPPRESSED_CELLS_RECOVERED_EXACT_SHARE;
    public static final MetricKey PRIMARY_RECOVERED = Metric.PRIMARY_CELLS_RECOVERED_EXACT_SHARE;
    public static final MetricKey PRESENCE = Metric.SUPPRESSED_CELLS_PRESENCE_DISCLOSED_SHARE;
    public static final MetricKey PUPILS_CERTAIN = Metric.PUPILS_LABEL_CERTAIN;
    public static final MetricKey ROWS_CERTAIN = Metric.ROWS_LABEL_CERTAIN;

    private SuppressionAttacks() {
    }

    public static void report(FigureSink sink, AttackerProfile profile, List<SuppressedTable> tables, PublishedSystem system, Bounds bounds) {
        long allSuppressed = 0;
        long allRecovered = 0;
        long allPrimary = 0;
        long allPrimaryRecovered = 0;
        long allPresence = 0;
        long allPupils = 0;
        long allRows = 0;
        Map<String, Long> allByLabel = new TreeMap<>();
        for (SuppressedTable s : tables) {
            CountTable t = s.table();
            int[] ids = system.cellIds(t.name());
            long suppressed = 0;
            long recovered = 0;
            long primary = 0;
            long primaryRecovered = 0;
            long presence = 0;
            for (int c = 0; c < t.cellCount(); c++) {
                if (!s.suppressed(c)) {
                    continue;
                }
                int id = ids[c];
                suppressed++;
                boolean exact = bounds.exact(id);
                recovered += exact ? 1 : 0;
                presence += bounds.lower()[id] >= 1 ? 1 : 0;
                if (s.primary(c)) {
                    primary++;
                    primaryRecovered += exact ? 1 : 0;
                }
            }
            LabelCertainty.Result certain = LabelCertainty.of(t, ids, bounds);
            long labelled = certain.pupils() - certain.pupilsByColumn().getOrDefault(TableSpec.NONE, 0L);
            sink.share(QiSetLabel.of(t.name()), profile, SubgroupLabel.ALL, RECOVERED, recovered, suppressed);
            sink.share(QiSetLabel.of(t.name()), profile, SubgroupLabel.ALL, PRIMARY_RECOVERED, primaryRecovered, primary);
            sink.share(QiSetLabel.of(t.name()), profile, SubgroupLabel.ALL, PRESENCE, presence, suppressed);
            sink.pupils(QiSetLabel.of(t.name()), profile, SubgroupLabel.ALL, PUPILS_CERTAIN, labelled);
            sink.pupils(QiSetLabel.of(t.name()), profile, SubgroupLabel.ALL, ROWS_CERTAIN, certain.rows());
            for (String label : t.columns()) {
                sink.pupils(QiSetLabel.of(t.name()), profile, SubgroupLabel.of(label), PUPILS_CERTAIN, certain.pupilsByColumn().getOrDefault(label, 0L));
            }
            allSuppressed += suppressed;
            allRecovered += recovered;
            allPrimary += primary;
            allPrimaryRecovered += primaryRecovered;
            allPresence += presence;
            allPupils += labelled;
            allRows += certain.rows();
            certain.pupilsByColumn().forEach((k, v) -> allByLabel.merge(k, v, Long::sum));
        }
        sink.share(QiSetLabel.NONE, profile, SubgroupLabel.ALL, RECOVERED, allRecovered, allSuppressed);
        sink.share(QiSetLabel.NONE, profile, SubgroupLabel.ALL, PRIMARY_RECOVERED, allPrimaryRecovered, allPrimary);
        sink.share(QiSetLabel.NONE, profile, SubgroupLabel.ALL, PRESENCE, allPresence, allSuppressed);
        sink.pupils(QiSetLabel.NONE, profile, SubgroupLabel.ALL, PUPILS_CERTAIN, allPupils);
        sink.pupils(QiSetLabel.NONE, profile, SubgroupLabel.ALL, ROWS_CERTAIN, allRows);
    }
}
