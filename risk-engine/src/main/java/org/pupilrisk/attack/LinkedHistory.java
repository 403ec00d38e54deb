package org.pupilrisk.attack;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
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
import org.apache.spark.storage.StorageLevel;
import org.pupilrisk.metric.ClassSizes;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.RecordsAtRisk;
import org.pupilrisk.metric.SampleUniqueness;
import org.pupilrisk.metric.SubgroupClasses;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.metric.Metric;

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
 *       the share who carry a sensitive label (any of the scenario's sensitive attributes) recorded in
 *       an earlier linked year y1..y(m-1), i.e. whom a linked extract of year ym still marks with it.</li>
 * </ul>
 * Computed on every pupil of each year (the NPD's holding), with subgroups taken from year ym.
 * Source: docs/domain.md §2 ("#LabelsLastaLifetime"); the class-size figures are those of
 * {@link SampleUniqueness} and {@link RecordsAtRisk}.
 */
public final class LinkedHistory {

    public static final String LABEL_CARRIED = Metric.LABEL_CARRIED_RATE.id();

    private LinkedHistory() {
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
        List<String> subgroups = a.subgroups().stream().map(Assessment.Subgroup::name).toList();
        Column labelled = lit(false);
        for (String s : a.sensitiveAttributes()) {
            labelled = labelled.or(ref(s).isNotNull());
        }
        Dataset<Row> all = RecordLevelRisk.withMask(data.get(), a.subgroups())
                .select(col(NpdColumns.PUPIL_ID).as("_id"), col(year).as("_y"),
                        RecordLevelRisk.asKey(NpdColumns.DATE_OF_BIRTH), RecordLevelRisk.asKey(NpdColumns.SEX),
                        RecordLevelRisk.asKey(NpdColumns.URN), RecordLevelRisk.asKey(NpdColumns.POSTCODE_DISTRICT),
                        labelled.as("_lab"), col(ClassSizes.MASK))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            for (int m = 1; m <= years.size(); m++) {
                int first = years.get(0);
                int last = years.get(m - 1);
                String span = m == 1 ? "linked_" + first : "linked_" + first + "-" + last;
                Dataset<Row> h = all.where(col("_y").between(first, last)).groupBy(col("_id")).agg(
                        countDistinct(col("_y")).as("_ny"),
                        max(col(NpdColumns.DATE_OF_BIRTH)).as(NpdColumns.DATE_OF_BIRTH),
                        max(col(NpdColumns.SEX)).as(NpdColumns.SEX),
                        sort_array(collect_list(struct(col("_y"), col(NpdColumns.URN)))).as("_su"),
                        sort_array(collect_list(struct(col("_y"), col(NpdColumns.POSTCODE_DISTRICT)))).as("_sd"),
                        max(when(col("_y").equalTo(last), col(ClassSizes.MASK))).as(ClassSizes.MASK),
                        max(when(col("_y").lt(last), col("_lab"))).as("_carried"),
                        max(when(col("_y").equalTo(last), lit(1))).as("_present"))
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
                                out.accept(Figure.unavailable(releaseId, q, Figure.NO_PROFILE, subgroups.get(s),
                                        SampleUniqueness.METRIC, "no pupils present in every linked year"));
                                out.accept(Figure.unavailable(releaseId, q, Figure.NO_PROFILE, subgroups.get(s),
                                        RecordsAtRisk.metric(5), "no pupils present in every linked year"));
                            } else {
                                out.accept(Figure.exact(releaseId, q, Figure.NO_PROFILE, subgroups.get(s),
                                        SampleUniqueness.METRIC, SampleUniqueness.value(sc)));
                                out.accept(Figure.exact(releaseId, q, Figure.NO_PROFILE, subgroups.get(s),
                                        RecordsAtRisk.metric(5), RecordsAtRisk.value(sc, 5)));
                            }
                        }
                    }
                    if (m >= 2) {
                        Map<Integer, long[]> byMask = new HashMap<>();
                        for (Row r : h.where(col("_present").equalTo(1)).groupBy(col(ClassSizes.MASK))
                                .agg(count(lit(1)), sum(when(coalesce(col("_carried"), lit(false)), 1).otherwise(0)))
                                .collectAsList()) {
                            byMask.put(r.getInt(0), new long[] {r.getLong(1), r.getLong(2)});
                        }
                        for (int s = 0; s < subgroups.size(); s++) {
                            long n = 0;
                            long carried = 0;
                            for (Map.Entry<Integer, long[]> e : byMask.entrySet()) {
                                if ((e.getKey() & (1 << s)) != 0) {
                                    n += e.getValue()[0];
                                    carried += e.getValue()[1];
                                }
                            }
                            out.accept(n == 0
                                    ? Figure.unavailable(releaseId, span, Figure.NO_PROFILE, subgroups.get(s), LABEL_CARRIED,
                                            "no pupils in " + last)
                                    : Figure.exact(releaseId, span, Figure.NO_PROFILE, subgroups.get(s), LABEL_CARRIED,
                                            (double) carried / n));
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
