package org.pupilrisk.attack;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.pupilrisk.population.NpdColumns.ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.ClassSizes;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.RecordsAtRisk;
import org.pupilrisk.metric.SampleUniqueness;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.metric.SubgroupClasses;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * Records that last a lifetime: what linking a pupil's records across census years does.
 *
 * <p>The NPD keeps every census year and links them by the pupil matching reference. For the census
 * years y1 &lt; ... &lt; yn in the data, and for m = 1..n:
 * <ul>
 *   <li>{@code sample_uniqueness} (and {@code records_at_risk_k5}) of the linked history of pupils present
 *       in every year y1..ym, on date of birth, sex and the sequence of their schools
 *       ({@code qi_set = linked_y1-ym_schools}) or of their home postcode districts
 *       ({@code linked_y1-ym_districts}): the more years are linked, the more unique a history;</li>
 *   <li>{@code label_carried_rate} (m &ge; 2, {@code qi_set = linked_y1-ym}): of the pupils in year ym,
 *       the share who carry a sensitive label recorded in an earlier linked year y1..y(m-1) that no longer
 *       applies in ym: a value of a sensitive attribute recorded earlier and absent from the pupil's ym
 *       record (a past AP placement reason with no placement now, or another reason now; an exclusion
 *       reason of an earlier year; a past SEN need that is not the current one). A label the ym record
 *       shows anyway (the same SEN need two years running) is not carried: linking adds nothing to it.
 *       {@code label_carried_rate.<attribute>} counts one attribute.</li>
 * </ul>
 * Computed on every pupil of each year (the NPD's holding), with subgroups taken from year ym.
 * Source: docs/domain.md §2 ("#LabelsLastaLifetime"); the class-size figures are those of
 * {@link SampleUniqueness} and {@link RecordsAtRisk}.
 */
public final class LinkedHistory {

    public static final MetricKey LABEL_CARRIED = Metric.LABEL_CARRIED_RATE;

    private LinkedHistory() {
    }

    private static List<Column> concat(List<Column> a, List<Column> b) {
        List<Column> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public static void assess(Assessment a, String releaseId, Consumer<Figure> out) {
        Optional<Dataset<Row>> data = a.allYears();
        if (data.isEmpty()) {
            return;
        }
        String year = NpdColumns.CENSUS_YEAR;
        List<Integer> years = new ArrayList<>();
        for (Row r : data.get().select(col(year)).distinct().orderBy(col(year)).collectAsList()) {
            years.add(r.getInt(0));
        }
        if (years.size() < 2) {
            return;
        }
        List<String> subgroups = a.subgroups().stream().map(Subgroup::name).toList();
        List<String> sensitive = a.sensitiveAttributes();
        List<Column> labels = new ArrayList<>();
        for (int i = 0; i < sensitive.size(); i++) {
            labels.add(ref(sensitive.get(i)).cast(DataTypes.StringType).as("_l" + i));
        }
        Dataset<Row> all = RecordLevelRisk.withMask(data.get(), a.subgroups())
                .select(concat(List.of(col(NpdColumns.PUPIL_ID).as("_id"), col(year).as("_y"),
                        RecordLevelRisk.asKey(NpdColumns.DATE_OF_BIRTH), RecordLevelRisk.asKey(NpdColumns.SEX),
                        RecordLevelRisk.asKey(NpdColumns.URN), RecordLevelRisk.asKey(NpdColumns.POSTCODE_DISTRICT),
                        col(ClassSizes.MASK)), labels).toArray(Column[]::new))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            for (int m = 1; m <= years.size(); m++) {
                int first = years.get(0);
                int last = years.get(m - 1);
                String span = m == 1 ? "linked_" + first : "linked_" + first + "-" + last;
                List<Column> carriedAggs = new ArrayList<>();
                for (int i = 0; i < sensitive.size(); i++) {
                    // collect_set skips nulls: the labels recorded before ym, and the one ym records
                    carriedAggs.add(collect_set(when(col("_y").lt(last), col("_l" + i))).as("_e" + i));
                    carriedAggs.add(max(when(col("_y").equalTo(last), col("_l" + i))).as("_c" + i));
                }
                Dataset<Row> h = all.where(col("_y").between(first, last)).groupBy(col("_id")).agg(
                        countDistinct(col("_y")).as("_ny"), concat(List.of(
                        max(col(NpdColumns.DATE_OF_BIRTH)).as(NpdColumns.DATE_OF_BIRTH),
                        max(col(NpdColumns.SEX)).as(NpdColumns.SEX),
                        sort_array(collect_list(struct(col("_y"), col(NpdColumns.URN)))).as("_su"),
                        sort_array(collect_list(struct(col("_y"), col(NpdColumns.POSTCODE_DISTRICT)))).as("_sd"),
                        max(when(col("_y").equalTo(last), col(ClassSizes.MASK))).as(ClassSizes.MASK),
                        max(when(col("_y").equalTo(last), lit(1))).as("_present")), carriedAggs)
                        .toArray(Column[]::new))
                        .persist(StorageLevel.MEMORY_AND_DISK());
                try {
                    Dataset<Row> full = h.where(col("_ny").equalTo(m))
                            .withColumn("_schools", expr("concat_ws('|', transform(_su, x -> x." + NpdColumns.URN + "))"))
                            .withColumn("_districts", expr("concat_ws('|', transform(_sd, x -> x." + NpdColumns.POSTCODE_DISTRICT + "))"));
                    for (String kind : List.of("schools", "districts")) {
                        ClassSizes cs = ClassSizes.compute(full, Optional.empty(),
                                List.of(NpdColumns.DATE_OF_BIRTH, NpdColumns.SEX, "_" + kind), List.of(), subgroups.size(), false);
                        for (int s = 0; s < subgroups.size(); s++) {
                            SubgroupClasses sc = cs.forSubgroup(s, OptionalLong.empty());
                            String q = span + "_" + kind;
                            if (sc.records() == 0) {
                                out.accept(Figure.unavailable(ReleaseId.of(releaseId), QiSetLabel.of(q), AttackerProfile.NONE, SubgroupLabel.of(subgroups.get(s)),
                                        SampleUniqueness.METRIC, "no pupils present in every linked year"));
                                out.accept(Figure.unavailable(ReleaseId.of(releaseId), QiSetLabel.of(q), AttackerProfile.NONE, SubgroupLabel.of(subgroups.get(s)),
                                        RecordsAtRisk.metric(5), "no pupils present in every linked year"));
                            } else {
                                out.accept(Figure.exact(ReleaseId.of(releaseId), QiSetLabel.of(q), AttackerProfile.NONE, SubgroupLabel.of(subgroups.get(s)),
                                        SampleUniqueness.METRIC, SampleUniqueness.value(sc)));
                                out.accept(Figure.exact(ReleaseId.of(releaseId), QiSetLabel.of(q), AttackerProfile.NONE, SubgroupLabel.of(subgroups.get(s)),
                                        RecordsAtRisk.metric(5), RecordsAtRisk.value(sc, 5)));
                            }
                        }
                    }
                    if (m >= 2) {
                        // per attribute: some earlier label is not what ym records (null or another value)
                        List<Column> carried = new ArrayList<>();
                        Column any = lit(false);
                        for (int i = 0; i < sensitive.size(); i++) {
                            Column ci = expr("exists(_e" + i + ", x -> _c" + i + " IS NULL OR x <> _c" + i + ")");
                            any = any.or(ci);
                            carried.add(sum(when(ci, 1).otherwise(0)));
                        }
                        carried.add(0, sum(when(any, 1).otherwise(0)));
                        Map<Integer, long[]> byMask = new HashMap<>();
                        for (Row r : h.where(col("_present").equalTo(1)).groupBy(col(ClassSizes.MASK))
                                .agg(count(lit(1)), carried.toArray(Column[]::new)).collectAsList()) {
                            long[] v = new long[sensitive.size() + 2];
                            for (int j = 0; j < v.length; j++) {
                                v[j] = r.getLong(1 + j);
                            }
                            byMask.put(r.getInt(0), v);
                        }
                        for (int s = 0; s < subgroups.size(); s++) {
                            long[] sums = new long[sensitive.size() + 2];
                            for (Map.Entry<Integer, long[]> e : byMask.entrySet()) {
                                if ((e.getKey() & (1 << s)) != 0) {
                                    for (int j = 0; j < sums.length; j++) {
                                        sums[j] += e.getValue()[j];
                                    }
                                }
                            }
                            for (int j = 0; j <= sensitive.size(); j++) {
                                MetricKey metric = j == 0 ? LABEL_CARRIED : Metric.labelCarried(sensitive.get(j - 1));
                                out.accept(sums[0] == 0
                                        ? Figure.unavailable(ReleaseId.of(releaseId), QiSetLabel.of(span), AttackerProfile.NONE, SubgroupLabel.of(subgroups.get(s)), metric,
                                                "no pupils in " + last)
                                        : Figure.exact(ReleaseId.of(releaseId), QiSetLabel.of(span), AttackerProfile.NONE, SubgroupLabel.of(subgroups.get(s)), metric,
                                                (double) sums[1 + j] / sums[0]));
                            }
                        }
                    }
                } finally {
                    h.unpersist();
                }
            }
        } finally {
            all.unpersist();
        }
    }
}
