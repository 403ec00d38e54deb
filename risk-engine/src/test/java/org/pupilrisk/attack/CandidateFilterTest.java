package org.pupilrisk.attack;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.RowCodes;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.spark.SparkSessions;

/**
 * A release narrowed by its records' numbers keeps every record equal to some target's knowledge, an empty field
 * being "(missing)" as the string keys show it; so the attack's figures are those of the join alone.
 */
class CandidateFilterTest {

    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = SparkSessions.getOrCreate("local[2]", false);
    }

    /** A user's file of these rows (columns P and S) as DataSource makes it: row positions, values from numbers. */
    private static Dataset<Row> file(RowCodes codes) {
        Column row = col("id");
        return spark.range(0, codes.rows(), 1, 2).select(row.as(MonteCarloAttack.ID), codes.value("P", row).as("P"),
                codes.value("S", row).as("S"));
    }

    private static List<Long> kept(Dataset<Row> rows, CandidateFilter filter, List<String> columns, List<List<String>> known) {
        return rows.where(filter.keep(columns, known)).orderBy(MonteCarloAttack.ID).collectAsList().stream()
                .map(r -> r.getLong(0)).toList();
    }

    @Test
    void keepsExactlyTheRecordsEqualToSomeKnowledgeOnTheKnownColumns() {
        List<String[]> read = List.of(new String[] {"B12", "M"}, new String[] {"B12", null}, new String[] {null, "F"},
                new String[] {"LS1", "F"}, new String[] {"B12", "M"}, new String[] {"(missing)", "F"});
        RowCodes codes = RowCodes.number(spark, List.of("P", "S"), read, List.of("P", "S"));
        Dataset<Row> rows = file(codes);
        CandidateFilter filter = new CandidateFilter(codes, MonteCarloAttack.ID, RecordLevelRisk.MISSING);
        // "(missing)" is both an empty field and the value written so: the string keys cannot tell them apart
        assertThat(kept(rows, filter, List.of("P", "S"), List.of(List.of("B12", "M"), List.of("(missing)", "F"),
                List.of("XX", "M")))).containsExactly(0L, 2L, 4L, 5L);
        assertThat(kept(rows, filter, List.of("S"), List.of(List.of("(missing)")))).containsExactly(1L);
        assertThat(kept(rows, filter, List.of("S", "P"), List.of(List.of("F", "LS1")))).containsExactly(3L);
        assertThat(kept(rows, filter, List.of("P"), List.of(List.of("nowhere")))).isEmpty();
    }

    @Test
    void anAttackOnANarrowedReleaseHasTheJoinsFigures() {
        // gaps and wrong values give the targets several patterns of known columns, each narrowed on its own
        SplittableRandom rng = new SplittableRandom(3);
        List<String[]> read = new ArrayList<>();
        for (int r = 0; r < 3000; r++) {
            read.add(new String[] {rng.nextInt(25) == 0 ? null : "p" + rng.nextInt(40), "s" + rng.nextInt(3),
                    rng.nextInt(3) == 0 ? "L" + rng.nextInt(2) : null});
        }
        RowCodes codes = RowCodes.number(spark, List.of("P", "S", "Label"), read, List.of("P", "S", "Label"));
        Column row = col("id");
        Dataset<Row> pool = spark.range(0, codes.rows(), 1, 3).select(row.as(MonteCarloAttack.ID),
                org.apache.spark.sql.functions.lit(1).as("_mask"), codes.value("P", row).as("P"),
                codes.value("S", row).as("S"), codes.value("Label", row).as("Label"))
                .select(col(MonteCarloAttack.ID), col("_mask"), RecordLevelRisk.key("P"), RecordLevelRisk.key("S"), col("Label"));
        Scenario.Profile p = new Scenario.Profile("partial", "ps", "true", "knows some", Map.of("P", 0.1),
                Map.of("P", 0.2, "S", 0.3));
        for (List<String> qi : List.of(List.of("P", "S"), List.of("S"))) {
            List<Figure> joined = new ArrayList<>();
            MonteCarloAttack.run(spark, "r", p, qi, List.of("Label"), List.of("all"), pool, pool, ValueMatcher.EXACT,
                    Optional.empty(), 5L, 400, joined::add);
            List<Figure> narrowed = new ArrayList<>();
            MonteCarloAttack.run(spark, "r", p, qi, List.of("Label"), List.of("all"), pool, pool, ValueMatcher.EXACT,
                    Optional.of(new CandidateFilter(codes, MonteCarloAttack.ID, RecordLevelRisk.MISSING)), 5L, 400, narrowed::add);
            assertThat(narrowed).as("knowing %s", qi).isNotEmpty().isEqualTo(joined);
            assertThat(joined).anyMatch(f -> f.metric().equals(MonteCarloAttack.SUCCESS.id()) && f.value() != null
                    && f.value() > 0 && f.value() < 1);
        }
        assertThat(codes.values("P")).hasSize(40);
        assertThat(codes.empty("P")).isTrue();
    }
}
