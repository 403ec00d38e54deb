package org.pupilrisk.attack;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * The composition attack on yearly de-identified releases that keep a stable pseudonym.
 *
 * <p>NPD extracts carry {@code PupilMatchingRefAnonymous}, the same for a pupil in every year. A release
 * made k-anonymous year by year protects each year on its own; an attacker who knows a pupil's
 * quasi-identifiers in each year (a neighbour knows the date of birth, sex and where the child lives)
 * finds the candidates in each year's release and keeps the pseudonyms present in all of them. The
 * intersection of classes of at least k is often a single pupil (Ganta, Kasiviswanathan &amp; Smith,
 * "Composition attacks and auxiliary information in data privacy", KDD 2008).
 *
 * <p>For the census years y(n-m+1)..yn (the last m releases), per target (a pupil released in yn):
 * <ul>
 *   <li><b>stable pseudonym</b>: L = the pseudonyms that are candidates in every linked release in which
 *       the target has a record; re-identified when L is the target alone; a label learned when, for some
 *       linked year and sensitive attribute, every member of L carries the target's (non-null) label of that
 *       year;</li>
 *   <li><b>fresh pseudonym per release</b>: the releases cannot be joined, so each is attacked alone;
 *       re-identified when some release's candidates are the target alone; a label learned when some
 *       release's candidates all carry the target's label of that year.</li>
 * </ul>
 * {@code composition_reidentified_rate} and {@code composition_label_learned_rate} are shares of all
 * targets, suffixed {@code .stable_pseudonym} or {@code .fresh_pseudonym}; {@code qi_set} names the linked
 * years ({@code linked_2022-2024}), {@code profile} the attacker. With m = 1 the two coincide. The attacker
 * knows the target's true values (no errors or gaps), a value that generalises to {@code *} or is missing
 * matches anything. Intervals: 95% Wilson over the targets (Monte-Carlo error of the target draw only).
 */
public final class PseudonymComposition {

    /** The four rates, in the order {@link #figures} counts them: singled out and label learned, stable then fresh. */
    private static final List<MetricKey> METRICS = List.of(Metric.COMPOSITION_REIDENTIFIED_STABLE,
            Metric.COMPOSITION_REIDENTIFIED_FRESH, Metric.COMPOSITION_LABEL_STABLE, Metric.COMPOSITION_LABEL_FRESH);

    private static final String ID = MonteCarloAttack.ID;

    private PseudonymComposition() {
    }

    /**
     * One year's release: {@link #ID} (the pseudonym, which is the pupil id: the engine's ground truth), the
     * quasi-identifier columns as released strings and the sensitive attributes as strings; and how a
     * true value maps to the released representation.
     */
    public record YearRelease(int year, Dataset<Row> released, ValueMatcher matcher) {
    }

    /** One target's result for one number of linked releases. */
    public record Outcome(long target, int mask, boolean stableReidentified, boolean stableLabel,
                          boolean freshReidentified, boolean freshLabel) {
    }

    /**
     * The outcomes for m = 1..releases.size() (the last m releases), per target.
     *
     * @param releases  the yearly releases, in increasing year
     * @param truth     every pupil's true records in every year: {@link #ID}, {@code _y} (census year), the QI
     *                  columns as strings (the engine's keys) and the sensitive attributes as strings
     * @param targets   target id to subgroup bitmask (bit s: drawn for subgroup s)
     */
    public static Map<Integer, List<Outcome>> outcomes(SparkSession spark, List<YearRelease> releases, Dataset<Row> truth,
                                                       Map<Long, Integer> targets, List<String> qi, List<String> sensitive) {
        int a = sensitive.size();
        int n = releases.size();
        // the targets' true values and labels per year, on the driver (targets x years rows)
        List<StructField> tf = List.of(DataTypes.createStructField("_tid", DataTypes.LongType, false));
        List<Row> tRows = targets.keySet().stream().map(id -> RowFactory.create(id)).toList();
        Dataset<Row> targetIds = spark.createDataFrame(tRows, new StructType(tf.toArray(StructField[]::new)));
        List<Column> sel = new ArrayList<>(List.of(col(ID), col("_y")));
        qi.forEach(c -> sel.add(col(c)));
        sensitive.forEach(c -> sel.add(col(c)));
        Map<Long, Map<Integer, Row>> known = new HashMap<>();
        for (Row r : truth.join(broadcast(targetIds), col(ID).equalTo(col("_tid")))
                .select(sel.toArray(Column[]::new)).collectAsList()) {
            known.computeIfAbsent(r.getLong(0), k -> new HashMap<>()).put(r.getInt(1), r);
        }

        // candidates of every target in every release: (tid, year index, pseudonym, labels)
        Dataset<Row> cand = null;
        for (int j = 0; j < n; j++) {
            YearRelease yr = releases.get(j);
            List<StructField> fields = new ArrayList<>();
            fields.add(DataTypes.createStructField("_tid", DataTypes.LongType, false));
            fields.add(DataTypes.createStructField("_pattern", DataTypes.IntegerType, false));
            for (int q = 0; q < qi.size(); q++) {
                fields.add(DataTypes.createStructField("_k" + q, DataTypes.StringType, true));
            }
            List<Row> kRows = new ArrayList<>();
            TreeMap<Integer, Integer> patterns = new TreeMap<>();
            for (Map.Entry<Long, Map<Integer, Row>> e : known.entrySet()) {
                Row r = e.getValue().get(yr.year());
                if (r == null) {
                    continue; // not on roll that year: nothing to look for
                }
                Object[] v = new Object[2 + qi.size()];
                v[0] = e.getKey();
                int p = 0;
                for (int q = 0; q < qi.size(); q++) {
                    String x = r.getString(2 + q);
                    if (x != null && !RecordLevelRisk.MISSING.equals(x)) {
                        x = yr.matcher().generalise(qi.get(q), x);
                        if (x != null && "*".equals(x)) {
                            x = null;
                        }
                    } else {
                        x = null;
                    }
                    v[2 + q] = x;
                    p |= x != null ? 1 << q : 0;
                }
                v[1] = p;
                patterns.merge(p, 1, Integer::sum);
                kRows.add(RowFactory.create(v));
            }
            Dataset<Row> knowledge = spark.createDataFrame(kRows, new StructType(fields.toArray(StructField[]::new)));
            for (int p : patterns.keySet()) {
                List<String> cols = new ArrayList<>();
                for (int q = 0; q < qi.size(); q++) {
                    if ((p & (1 << q)) != 0) {
                        cols.add(qi.get(q));
                    }
                }
                Dataset<Row> kp = knowledge.where(col("_pattern").equalTo(p));
                for (int q = 0; q < qi.size(); q++) {
                    kp = kp.withColumnRenamed("_k" + q, qi.get(q));
                }
                List<Column> kSel = new ArrayList<>(List.of(col("_tid")));
                cols.forEach(c -> kSel.add(col(c)));
                kp = kp.select(kSel.toArray(Column[]::new));
                Dataset<Row> joined = cols.isEmpty() ? yr.released().crossJoin(kp)
                        : yr.released().join(broadcast(kp), cols.toArray(String[]::new));
                List<Column> cSel = new ArrayList<>(List.of(col("_tid"), lit(j).as("_j"), col(ID).as("_pid")));
                for (int i = 0; i < a; i++) {
                    cSel.add(col(sensitive.get(i)).cast(DataTypes.StringType).as("_l" + i));
                }
                Dataset<Row> c = joined.select(cSel.toArray(Column[]::new));
                cand = cand == null ? c : cand.unionByName(c);
            }
        }

        // fresh pseudonyms: each release alone, per (target, release)
        Map<Long, Map<Integer, Row>> perRelease = new HashMap<>();
        if (cand != null) {
            List<Column> aggs = new ArrayList<>(List.of(max(col("_pid").equalTo(col("_tid"))).as("_in")));
            for (int i = 0; i < a; i++) {
                aggs.add(count(col("_l" + i)));
                aggs.add(min(col("_l" + i)));
                aggs.add(max(col("_l" + i)));
            }
            for (Row r : cand.groupBy(col("_tid"), col("_j")).agg(count(lit(1)).as("_n"), aggs.toArray(Column[]::new))
                    .collectAsList()) {
                perRelease.computeIfAbsent(r.getLong(0), k -> new HashMap<>()).put(r.getInt(1), r);
            }
        }

        Map<Integer, List<Outcome>> out = new LinkedHashMap<>();
        for (int m = 1; m <= n; m++) {
            int from = n - m;
            // stable pseudonym: pseudonyms that are candidates in every linked release the target is in
            Map<Long, Row> linked = new HashMap<>();
            if (cand != null) {
                List<Row> needRows = new ArrayList<>();
                for (Map.Entry<Long, Map<Integer, Row>> e : known.entrySet()) {
                    int need = 0;
                    for (int j = from; j < n; j++) {
                        need += e.getValue().containsKey(releases.get(j).year()) ? 1 : 0;
                    }
                    needRows.add(RowFactory.create(e.getKey(), need));
                }
                Dataset<Row> needs = spark.createDataFrame(needRows, new StructType()
                        .add("_tid2", DataTypes.LongType).add("_need", DataTypes.IntegerType));
                List<Column> perPupil = new ArrayList<>();
                for (int j = from; j < n; j++) {
                    for (int i = 0; i < a; i++) {
                        perPupil.add(max(when(col("_j").equalTo(j), col("_l" + i))).as("_l" + j + "_" + i));
                    }
                }
                Dataset<Row> members = cand.where(col("_j").geq(from))
                        .groupBy(col("_tid"), col("_pid"))
                        .agg(countDistinct(col("_j")).as("_nj"), perPupil.toArray(Column[]::new))
                        .join(broadcast(needs), col("_tid").equalTo(col("_tid2")))
                        .where(col("_nj").equalTo(col("_need")));
                List<Column> aggs = new ArrayList<>(List.of(max(col("_pid").equalTo(col("_tid"))).as("_in")));
                for (int j = from; j < n; j++) {
                    for (int i = 0; i < a; i++) {
                        String l = "_l" + j + "_" + i;
                        aggs.add(count(col(l)));
                        aggs.add(min(col(l)));
                        aggs.add(max(col(l)));
                    }
                }
                for (Row r : members.groupBy(col("_tid")).agg(count(lit(1)).as("_n"), aggs.toArray(Column[]::new))
                        .collectAsList()) {
                    linked.put(r.getLong(0), r);
                }
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Map.Entry<Long, Integer> t : new TreeMap<>(targets).entrySet()) {
                long id = t.getKey();
                Map<Integer, Row> mine = known.getOrDefault(id, Map.of());
                Row l = linked.get(id);
                boolean stableReid = l != null && l.getLong(1) == 1 && l.getBoolean(2);
                boolean stableLabel = false;
                if (l != null) {
                    for (int j = from; j < n; j++) {
                        Row truthJ = mine.get(releases.get(j).year());
                        for (int i = 0; i < a && truthJ != null; i++) {
                            int at = 3 + 3 * ((j - from) * a + i);
                            stableLabel |= homogeneous(truthJ.getString(2 + qi.size() + i), l.getLong(1), l, at);
                        }
                    }
                }
                boolean freshReid = false;
                boolean freshLabel = false;
                Map<Integer, Row> rel = perRelease.getOrDefault(id, Map.of());
                for (int j = from; j < n; j++) {
                    Row c = rel.get(j);
                    Row truthJ = mine.get(releases.get(j).year());
                    if (c == null || truthJ == null) {
                        continue;
                    }
                    freshReid |= c.getLong(2) == 1 && c.getBoolean(3);
                    for (int i = 0; i < a; i++) {
                        freshLabel |= homogeneous(truthJ.getString(2 + qi.size() + i), c.getLong(2), c, 4 + 3 * i);
                    }
                }
                outcomes.add(new Outcome(id, t.getValue(), stableReid, stableLabel, freshReid, freshLabel));
            }
            out.put(m, outcomes);
        }
        return out;
    }

    /** Whether all {@code size} candidates carry {@code label}: count, min and max at {@code at}, {@code at+1}, {@code at+2}. */
    private static boolean homogeneous(String label, long size, Row r, int at) {
        return label != null && r.getLong(at) == size && label.equals(r.getString(at + 1)) && label.equals(r.getString(at + 2));
    }

    /**
     * Draws the targets (per subgroup, the first {@code draws} released pupils of the last year the profile
     * targets, by a hash of (seed, "composition", profile, id)), runs {@link #outcomes} and writes the figures.
     *
     * @param pool pupils released in the last year: {@link #ID}, {@code _mask} and any column the targets filter reads
     */
    public static void assess(SparkSession spark, String releaseId, String profile, String qiSetTargets, String targetsFilter,
                              List<YearRelease> releases, Dataset<Row> pool, Dataset<Row> truth, List<String> qi,
                              List<String> sensitive, List<String> subgroups, long seed, int draws, Consumer<Figure> out) {
        Dataset<Row> eligible = pool.where(org.apache.spark.sql.functions.coalesce(
                        org.apache.spark.sql.functions.expr(targetsFilter), lit(false)))
                .withColumn("_h", xxhash64(lit(seed), lit("composition"), lit(profile), col(ID)));
        Map<Long, Integer> targets = new TreeMap<>();
        for (Map.Entry<Integer, List<Row>> e : MonteCarloAttack.firstByHash(eligible, List.of(col(ID), col("_mask")),
                subgroups.size(), draws).entrySet()) {
            for (Row r : e.getValue()) {
                targets.merge(r.getLong(0), 1 << e.getKey(), (x, y) -> x | y);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        Map<Integer, List<Outcome>> byM = outcomes(spark, releases, truth, targets, qi, sensitive);
        int n = releases.size();
        for (Map.Entry<Integer, List<Outcome>> e : byM.entrySet()) {
            int m = e.getKey();
            int first = releases.get(n - m).year();
            int last = releases.get(n - 1).year();
            String span = m == 1 ? "linked_" + last : "linked_" + first + "-" + last;
            figures(releaseId, span, profile, subgroups, e.getValue(), out);
        }
    }

    /** The four rates per subgroup. Package-private for the tests. */
    static void figures(String release, String span, String profile, List<String> subgroups, List<Outcome> outcomes,
                        Consumer<Figure> out) {
        for (int s = 0; s < subgroups.size(); s++) {
            int bit = 1 << s;
            List<Outcome> in = outcomes.stream().filter(o -> (o.mask() & bit) != 0).toList();
            long[] k = new long[4];
            for (Outcome o : in) {
                k[0] += o.stableReidentified() ? 1 : 0;
                k[1] += o.freshReidentified() ? 1 : 0;
                k[2] += o.stableLabel() ? 1 : 0;
                k[3] += o.freshLabel() ? 1 : 0;
            }
            for (int i = 0; i < 4; i++) {
                if (in.isEmpty()) {
                    out.accept(Figure.unavailable(ReleaseId.of(release), QiSetLabel.of(span), AttackerProfile.of(profile), SubgroupLabel.of(subgroups.get(s)), METRICS.get(i),
                            "no targets in this subgroup among the draws"));
                } else {
                    RateInterval ci = RateInterval.of(in.size(), k[i]);
                    out.accept(Figure.withInterval(ReleaseId.of(release), QiSetLabel.of(span), AttackerProfile.of(profile), SubgroupLabel.of(subgroups.get(s)), METRICS.get(i),
                            (double) k[i] / in.size(), ci.low(), ci.high()));
                }
            }
        }
    }
}
