package org.pupilrisk.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.spark.SparkSessions;

/**
 * Two yearly releases, each 2-anonymous on (sex, district), worked by hand. Pupils 1-4 swap districts
 * between the years, so every class of one year meets every class of the other in one pupil: through the
 * stable pseudonym each of them is singled out, while either release alone never singles anyone out.
 * Pupils 5 and 6 stay together: linking cannot split them.
 */
class PseudonymCompositionTest {

    private static final List<String> QI = List.of("Sex", "PostcodeDistrict");

    @Test
    void linkingYearlyKAnonymousReleasesThroughTheStablePseudonymSinglesPupilsOut() {
        SparkSession spark = SparkSessions.getOrCreate("local[2]", false);
        // id, year, sex, district, AP reason
        Object[][] truth = {
            {1L, 2023, "F", "AB1", null}, {2L, 2023, "F", "AB1", null}, {3L, 2023, "F", "AB2", null},
            {4L, 2023, "F", "AB2", null}, {5L, 2023, "M", "AB4", "MEDICAL"}, {6L, 2023, "M", "AB4", "MEDICAL"},
            {1L, 2024, "F", "AB2", "PREGNANCY"}, {3L, 2024, "F", "AB2", "MENTAL_HEALTH"}, {2L, 2024, "F", "AB3", null},
            {4L, 2024, "F", "AB3", null}, {5L, 2024, "M", "AB4", null}, {6L, 2024, "M", "AB4", null},
        };
        StructType schema = new StructType().add(MonteCarloAttack.ID, DataTypes.LongType).add("_y", DataTypes.IntegerType)
                .add("Sex", DataTypes.StringType).add("PostcodeDistrict", DataTypes.StringType)
                .add("APReason", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (Object[] r : truth) {
            rows.add(RowFactory.create(r));
        }
        Dataset<Row> all = spark.createDataFrame(rows, schema);
        List<PseudonymComposition.YearRelease> releases = List.of(
                new PseudonymComposition.YearRelease(2023, all.where("_y = 2023").drop("_y"), ValueMatcher.EXACT),
                new PseudonymComposition.YearRelease(2024, all.where("_y = 2024").drop("_y"), ValueMatcher.EXACT));
        // targets 1, 4 and 5, all drawn for subgroup 0 ("all")
        Map<Integer, List<PseudonymComposition.Outcome>> byM = PseudonymComposition.outcomes(spark, releases, all,
                Map.of(1L, 1, 4L, 1, 5L, 1), QI, List.of("APReason"));

        List<Figure> one = new ArrayList<>();
        PseudonymComposition.figures("k-anonymous(k=2)", "linked_2024", "neighbour", List.of("all"), byM.get(1), one::add);
        // the 2024 release alone: candidates {1,3}, {2,4}, {5,6}; no one singled out, no class homogeneous in a
        // target's label (1 is PREGNANCY beside 3's MENTAL_HEALTH; 4 and 5 have no 2024 label)
        assertThat(one).allSatisfy(f -> assertThat(f.value()).as(f.metric()).isZero());

        List<Figure> two = new ArrayList<>();
        PseudonymComposition.figures("k-anonymous(k=2)", "linked_2023-2024", "neighbour", List.of("all"), byM.get(2), two::add);
        // stable: 1 = {1,2} n {1,3}, 4 = {3,4} n {2,4}: singled out; 5 stays with 6
        assertThat(value(two, "composition_reidentified_rate.stable_pseudonym")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(value(two, "composition_reidentified_rate.fresh_pseudonym")).isZero();
        // stable: 1's 2024 PREGNANCY (L = {1}), 5's 2023 MEDICAL (5 and 6 share it); fresh: only 5's
        assertThat(value(two, "composition_label_learned_rate.stable_pseudonym")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(value(two, "composition_label_learned_rate.fresh_pseudonym")).isCloseTo(1.0 / 3, within(1e-12));
    }

    private static double value(List<Figure> figures, String metric) {
        return figures.stream().filter(f -> f.metric().equals(metric)).findFirst().orElseThrow().value();
    }
}
