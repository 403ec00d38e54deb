package org.pupilrisk.lifetime.exposure;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.pupilrisk.lifetime.ledger.Coverage;
import org.pupilrisk.population.NpdColumns;

/**
 * Streams a population's census records as one {@link PupilHistory} per child. The records are
 * partitioned by pupil and sorted within partitions, then read partition by partition to the
 * driver, so memory holds one child at a time; the figures built from them do not depend on the
 * order children arrive in.
 *
 * <p>The input is the pupils of every census year with their labels, as {@code DataSource} loads them
 * (APReason and ExclusionReason attached per year).
 */
public final class PanelReader {

    private PanelReader() {
    }

    /** Calls {@code each} once per child; returns the number of children. */
    public static long forEach(Dataset<Row> allYears, int apReasonFrom, Consumer<PupilHistory> each) {
        Dataset<Row> rows = allYears.select(
                        col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType),
                        col(NpdColumns.CENSUS_YEAR).cast(DataTypes.IntegerType),
                        col(NpdColumns.DATE_OF_BIRTH).cast(DataTypes.StringType),
                        col(NpdColumns.SEX).cast(DataTypes.StringType),
                        col(NpdColumns.NC_YEAR).cast(DataTypes.StringType),
                        col(NpdColumns.SEN_PROVISION).cast(DataTypes.StringType),
                        col(NpdColumns.SEN_TYPE).cast(DataTypes.StringType),
                        col(NpdColumns.FSM).cast(DataTypes.BooleanType),
                        col(NpdColumns.LOOKED_AFTER).cast(DataTypes.BooleanType),
                        col(NpdColumns.AP_REASON).cast(DataTypes.StringType),
                        col(NpdColumns.EXCLUSION_REASON).cast(DataTypes.StringType),
                        col(NpdColumns.LA).cast(DataTypes.IntegerType),
                        col(NpdColumns.POSTCODE_DISTRICT).cast(DataTypes.StringType),
                        col(NpdColumns.POSTCODE_SECTOR).cast(DataTypes.StringType),
                        col(NpdColumns.URN).cast(DataTypes.IntegerType))
                .repartition(col(NpdColumns.PUPIL_ID))
                .sortWithinPartitions(NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR);
        Iterator<Row> it = rows.toLocalIterator();
        long children = 0;
        List<Row> one = new ArrayList<>();
        long current = Long.MIN_VALUE;
        while (it.hasNext()) {
            Row r = it.next();
            long id = r.getLong(0);
            if (id != current && !one.isEmpty()) {
                each.accept(history(one, apReasonFrom));
                children++;
                one.clear();
            }
            current = id;
            one.add(r);
        }
        if (!one.isEmpty()) {
            each.accept(history(one, apReasonFrom));
            children++;
        }
        return children;
    }

    static PupilHistory history(List<Row> rows, int apReasonFrom) {
        int n = rows.size();
        int[] years = new int[n];
        int[] nc = new int[n];
        int[] flags = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            years[i] = r.getInt(1);
            Integer ncYear = Coverage.ncYear(r.getString(4));
            nc[i] = ncYear == null ? Integer.MIN_VALUE / 2 : ncYear;
            String sen = r.isNullAt(5) ? "N" : r.getString(5);
            int f = 0;
            f |= "E".equals(sen) ? PupilHistory.FLAG_EHC_PLAN : 0;
            f |= "K".equals(sen) ? PupilHistory.FLAG_SEN_SUPPORT : 0;
            f |= !r.isNullAt(7) && r.getBoolean(7) ? PupilHistory.FLAG_FSM : 0;
            f |= !r.isNullAt(8) && r.getBoolean(8) ? PupilHistory.FLAG_LOOKED_AFTER : 0;
            f |= !r.isNullAt(9) ? PupilHistory.FLAG_AP : 0;
            f |= !r.isNullAt(10) ? PupilHistory.FLAG_EXCLUDED : 0;
            flags[i] = f;
            int l = 0;
            l |= !r.isNullAt(6) ? PupilHistory.LABEL_SEN_TYPE : 0;
            l |= !r.isNullAt(10) ? PupilHistory.LABEL_EXCLUSION_REASON : 0;
            l |= !r.isNullAt(9) && years[i] >= apReasonFrom ? PupilHistory.LABEL_AP_REASON : 0;
            labels[i] = l;
        }
        Row first = rows.get(0);
        Row last = rows.get(n - 1);
        return new PupilHistory(first.getLong(0), LocalDate.parse(first.getString(2)), first.getString(3), years, nc,
                flags, labels, first.isNullAt(11) ? 0 : first.getInt(11), last.getString(12), last.getString(13),
                last.isNullAt(14) ? 0 : last.getInt(14));
    }
}
