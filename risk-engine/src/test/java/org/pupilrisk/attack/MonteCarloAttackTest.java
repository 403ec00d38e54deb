package org.pupilrisk.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.TestAssessment;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.spark.SparkSessions;

/**
 * Attacks and class sizes on a population of six pupils, four of them released, worked by hand.
 *
 * <pre>
 *   pupil  A  label  released
 *   1      x  L1     yes
 *   2      y  -      yes
 *   3      y  L1     yes
 *   4      z  L2     yes
 *   5      z  L2     no
 *   6      w  -      no
 * </pre>
 * The attacker knows A exactly and targets everyone; with 6 draws every pupil is a target.
 */
class MonteCarloAttackTest {

    static SparkSession spark;
    static Dataset<Row> population;

    static final Scenario.Profile EXACT = new Scenario.Profile("exact", "a", "true", "knows A", null, null);

    @BeforeAll
    static void setUp() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        StructType schema = new StructType().add(NpdColumns.PUPIL_ID, DataTypes.LongType).add("A", DataTypes.StringType)
                .add("Label", DataTypes.StringType).add("released", DataTypes.BooleanType);
        population = spark.createDataFrame(List.of(
                RowFactory.create(1L, "x", "L1", true), RowFactory.create(2L, "y", null, true),
                RowFactory.create(3L, "y", "L1", true), RowFactory.create(4L, "z", "L2", true),
                RowFactory.create(5L, "z", "L2", false), RowFactory.create(6L, "w", null, false)), schema);
    }

    static List<Figure> assess(Dataset<Row> released, ValueMatcher matcher) {
        Assessment a = new TestAssessment(spark, population.where("released"), Optional.of(population), OptionalLong.of(6),
                List.of(new QiSet("a", List.of("A"))), List.of("Label"),
                List.of(Subgroup.ALL, new Subgroup("labelled", "Label IS NOT NULL")),
                List.of(EXACT), 6, 42L, Optional.empty());
        List<Figure> out = new ArrayList<>();
        RecordLevelRisk.assess(a, "test", released, matcher, out::add);
        return out;
    }

    static double value(List<Figure> figures, String profile, String subgroup, MetricKey metric) {
        return value(figures, profile, subgroup, metric.id());
    }

    static double value(List<Figure> figures, String profile, String subgroup, String metric) {
        List<Figure> f = figures.stream().filter(x -> x.profile().equals(profile) && x.subgroup().equals(subgroup)
                && x.metric().equals(metric)).collect(Collectors.toList());
        assertThat(f).as(metric).hasSize(1);
        assertThat(f.get(0).value()).as(metric + " " + f.get(0).note()).isNotNull();
        return f.get(0).value();
    }

    @Test
    void exactReleaseAttackMatchesTheHandCount() {
        List<Figure> f = assess(population.where("released"), ValueMatcher.EXACT);
        // success: 1 (pupil 1 alone) + 1/2 + 1/2 (pupils 2, 3 share y) + 1 (pupil 4: 5 was not released) + 0 + 0 = 3 of 6
        assertThat(value(f, "exact", "all", MonteCarloAttack.SUCCESS)).isCloseTo(0.5, within(1e-12));
        // unique matches for pupils 1, 4 and 5 (5 matches 4's record): 3 of 6, 2 of them right
        assertThat(value(f, "exact", "all", MonteCarloAttack.CLAIMS)).isCloseTo(0.5, within(1e-12));
        assertThat(value(f, "exact", "all", MonteCarloAttack.PRECISION)).isCloseTo(2.0 / 3, within(1e-12));
        // labelled targets 1, 3, 4, 5: candidates all carry the true label for 1 ({1}), 4 ({4}) and 5 ({4}: L2);
        // not for 3 ({2, 3}: 2 has none): 3 of 4
        assertThat(value(f, "exact", "all", MonteCarloAttack.LABELS)).isCloseTo(0.75, within(1e-12));
        // posterior, the share of candidates carrying their most common label: 1 ({1}: L1), 1/2 ({2, 3}: L1 and
        // none), 1 ({4}), 1 ({4}) over the labelled targets 1, 3, 4, 5
        assertThat(value(f, "exact", "all", "label_posterior.Label")).isCloseTo(3.5 / 4, within(1e-12));
        // the labelled subgroup: targets 1, 3, 4, 5: success 1 + 1/2 + 1 + 0 = 2.5 of 4
        assertThat(value(f, "exact", "labelled", MonteCarloAttack.SUCCESS)).isCloseTo(0.625, within(1e-12));

        // class sizes in the release: x (f=1, F=1), y (2, 2), z (1, 2)
        assertThat(value(f, "-", "all", "sample_uniqueness")).isCloseTo(0.5, within(1e-12));
        assertThat(value(f, "-", "all", "journalist_risk_avg")).isCloseTo((1 + 0.5 + 0.5 + 0.5) / 4, within(1e-12));
        // population: x and w unique among 6
        assertThat(value(f, "-", "all", "population_uniqueness")).isCloseTo(2.0 / 6, within(1e-12));
        // homogeneous classes: x (L1) and z (L2); y has a pupil without label: 2 of 3 labelled records
        assertThat(value(f, "-", "all", "label_disclosure_rate.Label")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(value(f, "-", "all", "records")).isEqualTo(4);
    }

    @Test
    void generalisedReleaseMatchesThroughTheValueMatcherAndSuppressedRecordsMatchNothing() {
        // released: x and y generalised to "xy"; pupil 4 suppressed to "*"
        Dataset<Row> released = population.where("released")
                .selectExpr(NpdColumns.PUPIL_ID, "CASE WHEN A IN ('x', 'y') THEN 'xy' ELSE '*' END AS A");
        ValueMatcher xy = (column, value) -> value.equals("x") || value.equals("y") ? "xy" : value;
        List<Figure> f = assess(released, xy);
        // pupils 1, 2, 3 each one of three candidates; 4, 5 (z) and 6 (w) match nothing: 1/6
        assertThat(value(f, "exact", "all", MonteCarloAttack.SUCCESS)).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(value(f, "exact", "all", MonteCarloAttack.CLAIMS)).isZero();
        // posterior: {1, 2, 3} carry L1, none, L1: 2/3 for targets 1 and 3; 4 and 5 have no candidates
        assertThat(value(f, "exact", "all", "label_posterior.Label")).isCloseTo((2.0 / 3 + 2.0 / 3) / 4, within(1e-12));
        assertThat(f).anyMatch(x -> x.metric().equals(MonteCarloAttack.PRECISION.id()) && x.subgroup().equals("all")
                && x.value() == null && x.note().contains("no unique matches"));
        // classes: xy (f=3, F=3), * (f=1, absent from the population: F = N = 6)
        assertThat(value(f, "-", "all", "journalist_risk_avg")).isCloseTo((3.0 / 3 + 1.0 / 6) / 4, within(1e-12));
    }

    @Test
    void figuresOfAnEmptySubgroupAreUnavailableNotZero() {
        List<Figure> out = new ArrayList<>();
        MonteCarloAttack.figures("r", EXACT, "none", List.of("Label"), List.of(), out::add);
        assertThat(out).isNotEmpty().allMatch(x -> x.value() == null && x.note() != null);
    }

    /**
     * Attacks that differ only in what the attacker knows may share one draw of targets ({@link MonteCarloAttack#draw}
     * carrying every column): each gives the figures of the attack that draws its own. 2,000 pupils, two QI columns,
     * a label, half released; knowledge of A, of B, of both in either order.
     */
    @Test
    void targetsDrawnOnceForSeveralKnowledgesGiveEachAttacksOwnFigures() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        List<Row> rows = new ArrayList<>();
        for (long id = 1; id <= 2000; id++) {
            rows.add(RowFactory.create(id, 1 | (rng.nextInt(4) == 0 ? 2 : 0), "a" + rng.nextInt(30), "b" + rng.nextInt(20),
                    rng.nextInt(3) == 0 ? "L" + rng.nextInt(2) : null, rng.nextBoolean()));
        }
        Dataset<Row> pool = spark.createDataFrame(rows, new StructType().add(MonteCarloAttack.ID, DataTypes.LongType)
                .add("_mask", DataTypes.IntegerType).add("A", DataTypes.StringType).add("B", DataTypes.StringType)
                .add("Label", DataTypes.StringType).add("released", DataTypes.BooleanType));
        Dataset<Row> released = pool.where("released").select(MonteCarloAttack.ID, "A", "B", "Label");
        Scenario.Profile p = new Scenario.Profile("grid", "ab", "Label IS NOT NULL OR A < 'a2'", "knows", null, null);
        List<String> subgroups = List.of("all", "some");
        MonteCarloAttack.Targets shared = MonteCarloAttack.draw(pool, p, List.of("A", "B"), List.of("Label"), 2, 7L, 150);
        for (List<String> qi : List.of(List.of("A"), List.of("B"), List.of("A", "B"), List.of("B", "A"))) {
            List<Figure> own = new ArrayList<>();
            MonteCarloAttack.run(spark, "r", p, qi, List.of("Label"), subgroups, pool, released, ValueMatcher.EXACT, 7L, 150, own::add);
            List<Figure> fromShared = new ArrayList<>();
            MonteCarloAttack.run(spark, "r", p, qi, subgroups, shared, released, ValueMatcher.EXACT, fromShared::add);
            assertThat(fromShared).as("knowing %s", qi).isNotEmpty().isEqualTo(own);
            assertThat(own).anyMatch(f -> f.metric().equals(MonteCarloAttack.SUCCESS.id()) && f.value() != null && f.value() > 0);
        }
        // independent draws in one go (one pass for the sizes, one for the candidates) are each seed's own draw
        List<MonteCarloAttack.Targets> together = MonteCarloAttack.draw(pool, p, List.of("A", "B"), List.of("Label"), 2,
                List.of(7L, 8L, 9L), 150);
        for (int k = 0; k < 3; k++) {
            MonteCarloAttack.Targets alone = MonteCarloAttack.draw(pool, p, List.of("A", "B"), List.of("Label"), 2, 7L + k, 150);
            assertThat(together.get(k).seed()).isEqualTo(alone.seed());
            for (int s = 0; s < 2; s++) {
                assertThat(together.get(k).bySubgroup().get(s).stream().map(r -> r.getLong(0)).toList())
                        .as("seed %d subgroup %d", 7 + k, s).hasSize(150)
                        .isEqualTo(alone.bySubgroup().get(s).stream().map(r -> r.getLong(0)).toList());
            }
        }
        assertThat(together.get(0).bySubgroup().get(0)).isNotEqualTo(together.get(1).bySubgroup().get(0));
        Scenario.Profile other = new Scenario.Profile("other", "ab", p.targets(), "knows", null, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MonteCarloAttack.run(spark, "r", other, List.of("A"), subgroups,
                shared, released, ValueMatcher.EXACT, f -> { })).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MonteCarloAttack.run(spark, "r", p, List.of("C"), subgroups,
                shared, released, ValueMatcher.EXACT, f -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Several profiles drawn in the same two passes over the pool get each profile's own draw: the same pupils, in
     * the same order, carrying the same values, whatever the other profiles target or carry. The profiles differ in
     * their targets (everyone, the labelled pupils, a filter leaving a subgroup smaller than the draws), the columns
     * carried and the number of independent draws.
     */
    @Test
    void profilesDrawnTogetherGetEachTheirOwnDraw() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(23);
        List<Row> rows = new ArrayList<>();
        for (long id = 1; id <= 3000; id++) {
            int mask = 1 | (rng.nextInt(5) == 0 ? 2 : 0) | (rng.nextInt(40) == 0 ? 4 : 0);
            rows.add(RowFactory.create(id, mask, "a" + rng.nextInt(30), "b" + rng.nextInt(20),
                    rng.nextInt(3) == 0 ? "L" + rng.nextInt(2) : null));
        }
        Dataset<Row> pool = spark.createDataFrame(rows, new StructType().add(MonteCarloAttack.ID, DataTypes.LongType)
                .add("_mask", DataTypes.IntegerType).add("A", DataTypes.StringType).add("B", DataTypes.StringType)
                .add("Label", DataTypes.StringType));
        List<MonteCarloAttack.Request> requests = List.of(
                new MonteCarloAttack.Request(new Scenario.Profile("everyone", "ab", "true", "knows", null, null),
                        List.of("A", "B"), List.of(7L)),
                new MonteCarloAttack.Request(new Scenario.Profile("labelled", "b", "Label IS NOT NULL", "knows", null, null),
                        List.of("B"), List.of(7L, 8L)),
                new MonteCarloAttack.Request(new Scenario.Profile("few", "a", "A < 'a12'", "knows", null, null),
                        List.of("A"), List.of(9L)));
        int draws = 120;
        List<List<MonteCarloAttack.Targets>> together = MonteCarloAttack.draw(pool, requests, List.of("Label"), 3, draws);
        assertThat(together).hasSize(3);
        boolean someSubgroupFull = false;
        boolean someSubgroupShort = false;
        for (int i = 0; i < requests.size(); i++) {
            MonteCarloAttack.Request q = requests.get(i);
            List<MonteCarloAttack.Targets> alone = MonteCarloAttack.draw(pool, q.profile(), q.columns(), List.of("Label"), 3,
                    q.seeds(), draws);
            assertThat(together.get(i)).hasSize(q.seeds().size());
            for (int k = 0; k < q.seeds().size(); k++) {
                MonteCarloAttack.Targets t = together.get(i).get(k);
                assertThat(t.profile()).isEqualTo(q.profile().name());
                assertThat(t.seed()).isEqualTo(q.seeds().get(k));
                assertThat(t.columns()).isEqualTo(q.columns());
                for (int s = 0; s < 3; s++) {
                    List<List<Object>> joint = values(t.bySubgroup().get(s));
                    assertThat(joint).as("%s, seed %d, subgroup %d", q.profile().name(), q.seeds().get(k), s)
                            .isEqualTo(values(alone.get(k).bySubgroup().get(s)));
                    // and a second method: the subgroup's eligible pupils sorted by the profile's hash, then id
                    List<Object> sorted = pool.where(q.profile().targets()).where("(_mask & " + (1 << s) + ") != 0")
                            .withColumn("_x", org.apache.spark.sql.functions.xxhash64(
                                    org.apache.spark.sql.functions.lit(q.seeds().get(k)),
                                    org.apache.spark.sql.functions.lit(q.profile().name()),
                                    org.apache.spark.sql.functions.col(MonteCarloAttack.ID)))
                            .orderBy("_x", MonteCarloAttack.ID).limit(draws).select(MonteCarloAttack.ID)
                            .collectAsList().stream().map(r -> (Object) r.getLong(0)).toList();
                    assertThat(joint.stream().map(r -> r.get(0)).toList()).isEqualTo(sorted);
                    someSubgroupFull |= joint.size() == draws;
                    someSubgroupShort |= !joint.isEmpty() && joint.size() < draws;
                }
            }
        }
        // both kinds of stratum were drawn: one far larger than the draws, one with fewer eligible pupils than them
        assertThat(someSubgroupFull).isTrue();
        assertThat(someSubgroupShort).isTrue();
        // the profiles' draws differ from each other (a joint draw that handed one profile's rows to all would fail)
        assertThat(values(together.get(0).get(0).bySubgroup().get(0)).stream().map(r -> r.get(0)).toList())
                .isNotEqualTo(values(together.get(1).get(0).bySubgroup().get(0)).stream().map(r -> r.get(0)).toList());
    }

    /**
     * Attacks run together (one join of the release for all of them) give each attack's figures as it gives them
     * alone, its candidates found a pattern of known columns at a time: a profile knowing two columns exactly, one
     * with wrong and unknown values (four patterns), one knowing a single column it often lacks (the empty pattern:
     * every released record a candidate), a missing value (*) among the known ones, two labels. And again with every
     * key hashed to the same number, so that only the value-by-value check keeps a record out of the candidates. One
     * attack reads only half of the release (a column marks its records), as the sensitivity grid's extracts do.
     */
    @Test
    void attacksRunTogetherGiveEachAttacksOwnFiguresPatternByPattern() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(31);
        List<Row> rows = new ArrayList<>();
        for (long id = 1; id <= 3000; id++) {
            rows.add(RowFactory.create(id, 1 | (rng.nextInt(4) == 0 ? 2 : 0), "a" + rng.nextInt(40), "b" + rng.nextInt(12),
                    rng.nextInt(10) == 0 ? RecordLevelRisk.MISSING : "c" + rng.nextInt(6),
                    rng.nextInt(3) == 0 ? "L" + rng.nextInt(2) : null, rng.nextInt(5) == 0 ? "M" + rng.nextInt(3) : null,
                    rng.nextInt(5) < 3));
        }
        Dataset<Row> pool = spark.createDataFrame(rows, new StructType().add(MonteCarloAttack.ID, DataTypes.LongType)
                .add("_mask", DataTypes.IntegerType).add("A", DataTypes.StringType).add("B", DataTypes.StringType)
                .add("C", DataTypes.StringType).add("Label", DataTypes.StringType).add("Need", DataTypes.StringType)
                .add("released", DataTypes.BooleanType));
        Dataset<Row> released = pool.where("released").select(MonteCarloAttack.ID, "A", "B", "C", "Label", "Need")
                .withColumn("half", org.apache.spark.sql.functions.expr(MonteCarloAttack.ID + " % 2 = 0"));
        List<String> sensitive = List.of("Label", "Need");
        List<String> subgroups = List.of("all", "some");
        Scenario.Profile exact = new Scenario.Profile("exact", "ab", "true", "knows A and B", null, null);
        Scenario.Profile broker = new Scenario.Profile("broker", "abc", "Label IS NOT NULL OR A < 'a20'", "errors and gaps",
                java.util.Map.of("A", 0.1), java.util.Map.of("B", 0.3, "C", 0.4));
        Scenario.Profile gaps = new Scenario.Profile("gaps", "c", "true", "often lacks C", null, java.util.Map.of("C", 0.5));
        List<MonteCarloAttack.Attack> attacks = new ArrayList<>();
        for (Scenario.Profile p : List.of(exact, broker, gaps)) {
            List<String> qi = switch (p.name()) {
                case "exact" -> List.of("A", "B");
                case "broker" -> List.of("A", "B", "C");
                default -> List.of("C");
            };
            MonteCarloAttack.Targets t = MonteCarloAttack.draw(pool, p, qi, sensitive, 2, 5L, 200);
            attacks.add(new MonteCarloAttack.Attack("r", p, qi, subgroups, t, ValueMatcher.EXACT));
        }
        // and the exact profile again on half of the release (its records with an even id), under its own name
        attacks.add(new MonteCarloAttack.Attack("r-half", exact, List.of("A", "B"), subgroups, attacks.get(0).drawn(),
                ValueMatcher.EXACT, Optional.of("half")));
        List<Figure> alone = new ArrayList<>();
        attacks.forEach(x -> MonteCarloAttack.runAlone(spark, x, released, Optional.empty(), alone::add));
        List<Figure> together = new ArrayList<>();
        MonteCarloAttack.run(spark, attacks, released, together::add);
        assertThat(together).isNotEmpty().isEqualTo(alone);
        List<Figure> colliding = new ArrayList<>();
        MonteCarloAttack.run(spark, attacks, released, cols -> org.apache.spark.sql.functions.lit(0L),
                java.util.Collections.nCopies(attacks.size(), colliding::add));
        assertThat(colliding).isEqualTo(alone);
        // half the release: fewer candidates, so more targets singled out (their own record or not)
        // the figures are not trivial: every profile singles some targets out, and fails on others
        for (String p : List.of("exact", "broker", "gaps")) {
            double success = value(alone.stream().filter(f -> f.release().equals("r")).toList(), p, "all", MonteCarloAttack.SUCCESS);
            assertThat(success).as(p).isGreaterThan(0).isLessThan(1);
        }
        assertThat(value(alone, "broker", "all", MonteCarloAttack.LABELS)).isGreaterThan(0);
        assertThat(value(alone.stream().filter(f -> f.release().equals("r-half")).toList(), "exact", "all", MonteCarloAttack.CLAIMS))
                .isGreaterThan(value(alone.stream().filter(f -> f.release().equals("r")).toList(), "exact", "all", MonteCarloAttack.CLAIMS));
    }

    private static List<List<Object>> values(List<Row> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows) {
            List<Object> v = new ArrayList<>();
            for (int j = 0; j < r.length(); j++) {
                v.add(r.get(j));
            }
            out.add(v);
        }
        return out;
    }

    /**
     * The targets of each stratum are its pupils with the smallest (hash, id): the two-pass draw equals
     * one sorted scan per stratum, for a stratum far larger than the draws (threshold pre-filter) and
     * one smaller than them (everyone).
     */
    @Test
    void drawingTargetsByHashThresholdEqualsASortedScanPerSubgroup() {
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 6000; id++) {
            int mask = 1 | (id % 3 == 0 ? 2 : 0) | (id % 97 == 0 ? 4 : 0); // everyone, a third, 62 pupils
            rows.add(RowFactory.create(id, mask));
        }
        Dataset<Row> eligible = spark.createDataFrame(rows, new StructType()
                        .add(MonteCarloAttack.ID, DataTypes.LongType).add("_mask", DataTypes.IntegerType))
                .withColumn("_h", org.apache.spark.sql.functions.xxhash64(org.apache.spark.sql.functions.lit(5L),
                        org.apache.spark.sql.functions.col(MonteCarloAttack.ID)));
        List<org.apache.spark.sql.Column> sel = List.of(org.apache.spark.sql.functions.col(MonteCarloAttack.ID),
                org.apache.spark.sql.functions.col("_mask"));
        int draws = 100;
        var drawn = MonteCarloAttack.firstByHash(eligible, sel, 3, draws);
        for (int s = 0; s < 3; s++) {
            List<Long> scan = eligible.where(org.apache.spark.sql.functions.col("_mask").bitwiseAND(1 << s).notEqual(0))
                    .orderBy("_h", MonteCarloAttack.ID).limit(draws).select(MonteCarloAttack.ID).collectAsList()
                    .stream().map(r -> r.getLong(0)).toList();
            assertThat(drawn.get(s).stream().map(r -> r.getLong(0)).toList()).as("subgroup %d", s).isEqualTo(scan);
        }
        assertThat(drawn.get(2)).hasSize(62);
    }
}
