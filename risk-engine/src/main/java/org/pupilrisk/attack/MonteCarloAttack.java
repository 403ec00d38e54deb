package org.pupilrisk.attack;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.pupilrisk.population.NpdColumns.ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
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
import org.pupilrisk.progress.Progress;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * A Monte-Carlo re-identification attack by one attacker profile on one record-level release
 * (docs/domain.md §5).
 *
 * <ol>
 *   <li>Targets: for each subgroup, the pupils of that subgroup the profile targets, ordered by a hash of
 *       (seed, profile, pupil id); the first {@code draws} are taken (stratified draws: each subgroup's
 *       rates rest on its own targets). Deterministic whatever the partitioning.</li>
 *   <li>Knowledge: each target's true QI values; per column, with the profile's probabilities, the
 *       value is unknown (a gap: it then matches anything) or wrong (another drawn target's value).
 *       Random numbers come from a stream seeded by (seed, profile, pupil id). Known values are mapped
 *       through the release's {@link ValueMatcher}; a value that generalises to {@code *} is unknown.</li>
 *   <li>Candidates C: released records equal to the knowledge on every known column (the release joined to
 *       the broadcast knowledge and aggregated per target: per pattern of known columns, or for several
 *       attacks and all their patterns at once, {@link #run(SparkSession, List, Dataset, Consumer)}).</li>
 *   <li>Per target: success probability 1/|C| if the target is in C, else 0; a claim when |C| = 1,
 *       correct when that record is the target; a label disclosed when every candidate carries the
 *       target's true label; the posterior (domain.md §4): the attacker's belief in the most likely label
 *       of the candidates, max over labels v of #{candidates carrying v} / |C| ("no label" is not a label).
 *       {@code label_posterior.<attribute>} is its mean over the targets who carry that label: 1 where the
 *       label is disclosed, 0.2 for a class {PREGNANCY, none x 4}.</li>
 * </ol>
 * Rates over the targets of each subgroup come with 95% Wilson intervals ({@link RateInterval}).
 */
public final class MonteCarloAttack {

    public static final MetricKey SUCCESS = Metric.ATTACK_SUCCESS_RATE;
    public static final MetricKey CLAIMS = Metric.ATTACK_CLAIMS_RATE;
    public static final MetricKey PRECISION = Metric.ATTACK_PRECISION;
    public static final MetricKey LABELS = Metric.LABEL_DISCLOSURE_RATE;

    /** Pupil id column (long) of the inputs. */
    public static final String ID = "_id";

    private static final String MISSING = RecordLevelRisk.MISSING;

    private MonteCarloAttack() {
    }

    /**
     * One target's outcome; {@code posterior[i]}: the share of the candidates carrying their most common label
     * of attribute i (the attacker's belief in the most likely label), 0 without candidates or labels.
     */
    record Outcome(int mask, long candidates, boolean inCandidates, boolean[] labelled, boolean[] disclosed,
                   double[] posterior) {
        Outcome(int mask, long candidates, boolean inCandidates, boolean[] labelled, boolean[] disclosed) {
            this(mask, candidates, inCandidates, labelled, disclosed, new double[labelled.length]);
        }
    }

    /**
     * One target's candidates: how many, whether its own released record is among them, and per sensitive
     * attribute how many carry a label, the least and greatest label (null when none) and the count of the most
     * common label (0 when none).
     */
    private record Candidates(long size, boolean targetAmong, long[] labelled, String[] least, String[] greatest,
                              long[] mode) {
    }

    /**
     * Runs the attack and writes its figures.
     *
     * @param pool      the pupils who may be targeted: {@link #ID}, {@code _mask}, the QI columns as
     *                  strings (true values) and the sensitive attributes as strings, plus any column the
     *                  profile's targets filter reads
     * @param released  the release: {@link #ID}, the QI columns as strings (released values) and the
     *                  sensitive attributes (true labels of each released record)
     */
    public static void run(SparkSession spark, String releaseId, Scenario.Profile profile, List<String> qi,
                           List<String> sensitive, List<String> subgroups, Dataset<Row> pool, Dataset<Row> released,
                           ValueMatcher matcher, long seed, int draws, Consumer<Figure> out) {
        run(spark, releaseId, profile, qi, sensitive, subgroups, pool, released, matcher, Optional.empty(), seed, draws, out);
    }

    /**
     * As {@link #run(SparkSession, String, Scenario.Profile, List, List, List, Dataset, Dataset, ValueMatcher, long,
     * int, Consumer)}, the release narrowed by {@code candidates} before each join, where given: the figures are the
     * same ({@link CandidateFilter}).
     */
    public static void run(SparkSession spark, String releaseId, Scenario.Profile profile, List<String> qi,
                           List<String> sensitive, List<String> subgroups, Dataset<Row> pool, Dataset<Row> released,
                           ValueMatcher matcher, Optional<CandidateFilter> candidates, long seed, int draws,
                           Consumer<Figure> out) {
        run(spark, releaseId, profile, qi, subgroups, draw(pool, profile, qi, sensitive, subgroups.size(), seed, draws),
                released, matcher, candidates, out);
    }

    /**
     * The pupils a profile targets, drawn from a pool once (step 1 of the class comment) with their true values of
     * {@code columns} and labels. Which pupils are drawn depends on the pool, the profile's name and target filter,
     * the seed and the number of draws, never on the columns carried: attacks that differ only in which of those
     * columns the attacker knows (the sensitivity grid's knowledge axis) share one draw, where each would otherwise
     * scan the pool twice again.
     *
     * @param bySubgroup each subgroup's targets as rows ({@link #ID}, {@code _mask}, {@code columns},
     *                   {@code sensitive}, hash)
     */
    public record Targets(String profile, String filter, long seed, List<String> columns, List<String> sensitive,
                          Map<Integer, List<Row>> bySubgroup) {
        public Targets {
            columns = List.copyOf(columns);
            sensitive = List.copyOf(sensitive);
            bySubgroup = Map.copyOf(bySubgroup);
        }
    }

    /**
     * Draws {@code profile}'s targets from {@code pool} (see {@link #run}'s pool), carrying {@code columns}.
     * Targets are drawn per subgroup (stratified): each subgroup's rates rest on up to {@code draws} of its own
     * pupils, so a small group such as pupils in AP gets intervals as tight as everyone's.
     */
    public static Targets draw(Dataset<Row> pool, Scenario.Profile profile, List<String> columns, List<String> sensitive,
                               int subgroups, long seed, int draws) {
        return draw(pool, profile, columns, sensitive, subgroups, List.of(seed), draws).get(0);
    }

    /**
     * As {@link #draw(Dataset, Scenario.Profile, List, List, int, long, int)} for each of {@code seeds} (independent
     * draws: the sensitivity grid's repeated extracts), in the same two passes over the pool as one draw: the
     * subgroups' sizes do not depend on the seed, and one pass collects every pupil below some seed's threshold.
     */
    public static List<Targets> draw(Dataset<Row> pool, Scenario.Profile profile, List<String> columns,
                                     List<String> sensitive, int subgroups, List<Long> seeds, int draws) {
        return draw(pool, List.of(new Request(profile, columns, seeds)), sensitive, subgroups, draws).get(0);
    }

    /**
     * What one profile asks of a joint draw ({@link #draw(Dataset, List, List, int, int)}): its targets carry
     * {@code columns}, one independent draw per seed.
     */
    public record Request(Scenario.Profile profile, List<String> columns, List<Long> seeds) {
        public Request {
            columns = List.copyOf(columns);
            seeds = List.copyOf(seeds);
        }
    }

    /**
     * Every request's targets, as {@link #draw(Dataset, Scenario.Profile, List, List, int, List, int)} draws each
     * profile's on its own, in two passes over the pool for all of them: one counts each profile's eligible pupils
     * per subgroup, the other collects every pupil below some profile's threshold. A draw depends only on its
     * profile, its seed and the pool, so the targets are each profile's own, where a pair of passes per profile
     * scanned the census eight times for the default scenario's four profiles.
     *
     * @return per request, one draw per seed
     */
    public static List<List<Targets>> draw(Dataset<Row> pool, List<Request> requests, List<String> sensitive,
                                           int subgroups, int draws) {
        List<Part> parts = new ArrayList<>();
        Dataset<Row> hashed = pool;
        for (int i = 0; i < requests.size(); i++) {
            Request q = requests.get(i);
            List<Column> sel = new ArrayList<>();
            sel.add(col(ID));
            sel.add(col("_mask"));
            q.columns().forEach(c -> sel.add(ref(c)));
            sensitive.forEach(c -> sel.add(ref(c)));
            List<String> hashes = new ArrayList<>();
            for (int k = 0; k < q.seeds().size(); k++) {
                String h = "_h" + i + "_" + k;
                hashes.add(h);
                hashed = hashed.withColumn(h, xxhash64(lit(q.seeds().get(k)), lit(q.profile().name()), col(ID)));
            }
            parts.add(new Part(org.apache.spark.sql.functions.coalesce(
                    org.apache.spark.sql.functions.expr(q.profile().targets()), lit(false)), sel, hashes));
        }
        List<List<Map<Integer, List<Row>>>> drawn = firstByHashOfEach(hashed, parts, subgroups, draws);
        List<List<Targets>> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request q = requests.get(i);
            List<Targets> t = new ArrayList<>();
            for (int k = 0; k < q.seeds().size(); k++) {
                t.add(new Targets(q.profile().name(), q.profile().targets(), q.seeds().get(k), q.columns(), sensitive,
                        drawn.get(i).get(k)));
            }
            out.add(t);
        }
        return out;
    }

    /**
     * As {@link #run(SparkSession, String, Scenario.Profile, List, List, List, Dataset, Dataset, ValueMatcher, long,
     * int, Consumer)} on targets already drawn for this profile ({@link #draw}), carrying at least the columns
     * {@code qi}; the seed and the sensitive attributes are the draw's.
     */
    public static void run(SparkSession spark, String releaseId, Scenario.Profile profile, List<String> qi,
                           List<String> subgroups, Targets drawn, Dataset<Row> released, ValueMatcher matcher,
                           Consumer<Figure> out) {
        run(spark, releaseId, profile, qi, subgroups, drawn, released, matcher, Optional.empty(), out);
    }

    /**
     * As {@link #run(SparkSession, String, Scenario.Profile, List, List, Targets, Dataset, ValueMatcher, Consumer)},
     * the release narrowed by {@code candidates} before each join, where given: the figures are the same
     * ({@link CandidateFilter}).
     */
    public static void run(SparkSession spark, String releaseId, Scenario.Profile profile, List<String> qi,
                           List<String> subgroups, Targets drawn, Dataset<Row> released, ValueMatcher matcher,
                           Optional<CandidateFilter> candidates, Consumer<Figure> out) {
        Attack attack = new Attack(releaseId, profile, qi, subgroups, drawn, matcher);
        if (candidates.isEmpty()) {
            run(spark, List.of(attack), released, out);
        } else {
            runAlone(spark, attack, released, candidates, out);
        }
    }

    /**
     * One attack, its candidates found a pattern of known columns at a time ({@link #byPattern}): the path of a
     * release narrowed by {@code candidates}, and, without them, the second method the joint run is tested against.
     */
    static void runAlone(SparkSession spark, Attack attack, Dataset<Row> released, Optional<CandidateFilter> candidates,
                         Consumer<Figure> out) {
        Knowledge k = knowledge(attack);
        if (k.targets().isEmpty()) {
            noTargets(attack, out);
            return;
        }
        Dataset<Row> own = attack.among().map(c -> released.where(col(c))).orElse(released);
        k.figures(byPattern(spark, k, own, candidates), out);
    }

    /**
     * One attack of a joint run ({@link #run(SparkSession, List, Dataset, Consumer)}): a profile's targets, drawn
     * for it ({@link #draw}), knowing {@code qi} of the release as {@code matcher} shows them; its figures are
     * written under {@code releaseId}. With {@code among}, the attack's release is only the released records where
     * that boolean column is true (the sensitivity grid's extracts, each a draw from the same pupils).
     */
    public record Attack(String releaseId, Scenario.Profile profile, List<String> qi, List<String> subgroups,
                         Targets drawn, ValueMatcher matcher, Optional<String> among) {
        public Attack {
            qi = List.copyOf(qi);
            subgroups = List.copyOf(subgroups);
            if (!drawn.profile().equals(profile.name()) || !drawn.filter().equals(profile.targets())
                    || !drawn.columns().containsAll(qi)) {
                throw new IllegalArgumentException("targets drawn for profile " + drawn.profile() + " on " + drawn.columns()
                        + ", not for " + profile.name() + " knowing " + qi);
            }
        }

        /** An attack on the whole release. */
        public Attack(String releaseId, Scenario.Profile profile, List<String> qi, List<String> subgroups,
                      Targets drawn, ValueMatcher matcher) {
            this(releaseId, profile, qi, subgroups, drawn, matcher, Optional.empty());
        }
    }

    /**
     * Several attacks on one release, their candidates found by one Spark job for all of them: each released record
     * is keyed once per (attack, pattern of known columns) and joined to every target's knowledge at once, where
     * each attack's each pattern scanned the release in a job of its own (the sensitivity grid's four kinds of
     * knowledge, a release's four profiles). A target's candidates are the released records equal to its knowledge
     * on its known columns either way, so every figure is the one each attack gives alone (tested against the
     * pattern-by-pattern join). The figures are written attack by attack, in order.
     *
     * @param attacks attacks whose targets carry the same sensitive attributes, the release's labels
     */
    public static void run(SparkSession spark, List<Attack> attacks, Dataset<Row> released, Consumer<Figure> out) {
        run(spark, attacks, released, java.util.Collections.nCopies(attacks.size(), out));
    }

    /** As {@link #run(SparkSession, List, Dataset, Consumer)}, each attack's figures written to its own of {@code outs}. */
    public static void run(SparkSession spark, List<Attack> attacks, Dataset<Row> released, List<Consumer<Figure>> outs) {
        run(spark, attacks, released, org.apache.spark.sql.functions::xxhash64, outs);
    }

    /** As {@link #run(SparkSession, List, Dataset, List)} with the groups' keys hashed by {@code hash}. */
    static void run(SparkSession spark, List<Attack> attacks, Dataset<Row> released,
                    java.util.function.Function<Column[], Column> hash, List<Consumer<Figure>> outs) {
        List<Knowledge> known = new ArrayList<>();
        for (Attack x : attacks) {
            if (!x.drawn().sensitive().equals(attacks.get(0).drawn().sensitive())) {
                throw new IllegalArgumentException("attacks run together read the same labels: "
                        + x.drawn().sensitive() + " against " + attacks.get(0).drawn().sensitive());
            }
            known.add(knowledge(x));
        }
        List<Knowledge> targeted = known.stream().filter(k -> !k.targets().isEmpty()).toList();
        List<Map<Long, Candidates>> found = targeted.isEmpty() ? List.of() : jointly(spark, targeted, released, hash);
        for (int i = 0, j = 0; i < attacks.size(); i++) {
            if (known.get(i).targets().isEmpty()) {
                noTargets(attacks.get(i), outs.get(i));
            } else {
                known.get(i).figures(found.get(j++), outs.get(i));
            }
        }
    }

    private static void noTargets(Attack x, Consumer<Figure> out) {
        for (String s : x.subgroups()) {
            unavailable(out, x.releaseId(), x.profile(), s, x.drawn().sensitive(), "no pupils match the profile's targets");
        }
    }

    /**
     * An attack's targets as it reads them (id, mask, its values of qi in order, its labels; each pupil once, by
     * id), the subgroups that drew each, what the attacker knows of each (step 2 of the class comment: null where a
     * column is unknown) and which columns that is, as a bit pattern per target.
     */
    private record Knowledge(Attack attack, List<Row> targets, Map<Long, Integer> drawnFor, String[][] known,
                             int[] patternOf, TreeMap<Integer, Integer> patterns) {

        /** The columns of {@code pattern}, in the attack's order. */
        List<String> columns(int pattern) {
            List<String> cols = new ArrayList<>();
            for (int j = 0; j < attack.qi().size(); j++) {
                if ((pattern & (1 << j)) != 0) {
                    cols.add(attack.qi().get(j));
                }
            }
            return cols;
        }

        /**
         * The known values of the targets of {@code pattern}, a row each: the values of {@code lead}, the target's
         * id, its values of the pattern's columns, then {@link #PADDING} up to {@code width} values.
         */
        List<Row> rows(int pattern, List<Object> lead, int width) {
            List<Row> rows = new ArrayList<>();
            int q = attack.qi().size();
            for (int t = 0; t < targets.size(); t++) {
                if (patternOf[t] != pattern) {
                    continue;
                }
                List<Object> v = new ArrayList<>(lead);
                v.add(targets.get(t).getLong(0));
                for (int j = 0; j < q; j++) {
                    if ((pattern & (1 << j)) != 0) {
                        v.add(known[t][j]);
                    }
                }
                while (v.size() < lead.size() + 1 + width) {
                    v.add(PADDING);
                }
                rows.add(RowFactory.create(v.toArray()));
            }
            return rows;
        }

        /** Steps 3 and 4 of the class comment: each target's outcome, then the rates per subgroup. */
        void figures(Map<Long, Candidates> cand, Consumer<Figure> out) {
            List<String> sensitive = attack.drawn().sensitive();
            int m = sensitive.size();
            int q = attack.qi().size();
            List<Outcome> outcomes = new ArrayList<>();
            for (Row target : targets) {
                long id = target.getLong(0);
                Candidates c = cand.get(id);
                long size = c == null ? 0 : c.size();
                boolean in = size > 0 && c.targetAmong();
                boolean[] labelled = new boolean[m];
                boolean[] disclosed = new boolean[m];
                for (int i = 0; i < m; i++) {
                    String label = target.getString(2 + q + i);
                    labelled[i] = label != null;
                    disclosed[i] = label != null && c != null && c.labelled()[i] == size
                            && label.equals(c.least()[i]) && label.equals(c.greatest()[i]);
                }
                double[] posterior = new double[m];
                for (int i = 0; i < m && c != null && size > 0; i++) {
                    posterior[i] = (double) c.mode()[i] / size;
                }
                outcomes.add(new Outcome(drawnFor.get(id), size, in, labelled, disclosed, posterior));
            }
            for (int s = 0; s < attack.subgroups().size(); s++) {
                int bit = s;
                List<Outcome> in = outcomes.stream().filter(o -> (o.mask() & (1 << bit)) != 0).toList();
                MonteCarloAttack.figures(attack.releaseId(), attack.profile(), attack.subgroups().get(s), sensitive, in, out);
            }
        }
    }

    /** The value a key column holds beyond a group's own columns, on both sides of the joint join. */
    private static final String PADDING = "";

    /** Steps 1 and 2 of the class comment for one attack: its targets and what it knows of each. */
    private static Knowledge knowledge(Attack x) {
        Targets drawn = x.drawn();
        List<String> qi = x.qi();
        Scenario.Profile profile = x.profile();
        int m = drawn.sensitive().size();
        // A pupil drawn for several strata is attacked once; its outcome counts only in the strata that drew it, so
        // no subgroup's rate is biased by another's over-sampling.
        int[] at = qi.stream().mapToInt(c -> 2 + drawn.columns().indexOf(c)).toArray();
        int labelsAt = 2 + drawn.columns().size();
        TreeMap<Long, Row> byId = new TreeMap<>();
        Map<Long, Integer> drawnFor = new HashMap<>();
        for (Map.Entry<Integer, List<Row>> e : new TreeMap<>(drawn.bySubgroup()).entrySet()) {
            int bit = 1 << e.getKey();
            for (Row r : e.getValue()) {
                // the target as this attack reads it: id, mask, its values of qi in order, its labels
                byId.computeIfAbsent(r.getLong(0), id -> {
                    Object[] v = new Object[2 + qi.size() + m];
                    v[0] = r.get(0);
                    v[1] = r.get(1);
                    for (int j = 0; j < at.length; j++) {
                        v[2 + j] = r.get(at[j]);
                    }
                    for (int i = 0; i < m; i++) {
                        v[2 + qi.size() + i] = r.get(labelsAt + i);
                    }
                    return RowFactory.create(v);
                });
                drawnFor.merge(r.getLong(0), bit, (a, b) -> a | b);
            }
        }
        List<Row> targets = new ArrayList<>(byId.values());
        // attacker knowledge: true value, a gap (null) or a wrong value
        int d = targets.size();
        String[][] known = new String[d][qi.size()];
        for (int t = 0; t < d; t++) {
            Row r = targets.get(t);
            SplittableRandom rng = new SplittableRandom(mix(drawn.seed(), profile.name().hashCode(), r.getLong(0)));
            for (int j = 0; j < qi.size(); j++) {
                String c = qi.get(j);
                double gap = rng.nextDouble();
                double wrong = rng.nextDouble();
                String v = r.getString(2 + j);
                if (gap < profile.missing().getOrDefault(c, 0.0)) {
                    v = null;
                } else if (wrong < profile.errors().getOrDefault(c, 0.0) && d > 1) {
                    v = targets.get((t + 1) % d).getString(2 + j);
                }
                if (v != null && !MISSING.equals(v)) {
                    v = x.matcher().generalise(c, v);
                    if (v == null || "*".equals(v)) {
                        v = null;
                    }
                }
                known[t][j] = v;
            }
        }
        TreeMap<Integer, Integer> patterns = new TreeMap<>();
        int[] patternOf = new int[d];
        for (int t = 0; t < d; t++) {
            int p = 0;
            for (int j = 0; j < qi.size(); j++) {
                if (known[t][j] != null) {
                    p |= 1 << j;
                }
            }
            patternOf[t] = p;
            patterns.merge(p, 1, Integer::sum);
        }
        return new Knowledge(x, targets, drawnFor, known, patternOf, patterns);
    }

    /**
     * Per target of one attack, from one Spark job per pattern of known columns: its candidates C (the released
     * records equal to its knowledge on every known column), whether its own released record is among them, and per
     * sensitive attribute the number of candidates labelled, their least and greatest label and the count of their
     * most common label. Only the released records that equal some target's knowledge are candidates: the release,
     * narrowed by {@code candidates}, is joined to the (small, broadcast) knowledge, then aggregated per target.
     */
    private static Map<Long, Candidates> byPattern(SparkSession spark, Knowledge k, Dataset<Row> released,
                                                   Optional<CandidateFilter> candidates) {
        List<String> sensitive = k.attack().drawn().sensitive();
        int m = sensitive.size();
        Map<Long, Candidates> cand = new HashMap<>();
        // the targets are matched a knowledge pattern at a time (one Spark job each): the bar counts their targets
        try (Progress progress = Progress.start("attack " + k.attack().profile().name(), k.targets().size(), "targets")) {
            for (int p : k.patterns().keySet()) {
                List<String> cols = k.columns(p);
                List<StructField> fields = new ArrayList<>();
                fields.add(DataTypes.createStructField("_tid", DataTypes.LongType, false));
                cols.forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.StringType, true)));
                List<Row> rows = k.rows(p, List.of(), cols.size());
                Dataset<Row> kp = spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
                Dataset<Row> narrowed = released;
                if (candidates.isPresent() && !cols.isEmpty()) {
                    List<List<String>> knownHere = new ArrayList<>();
                    for (Row r : rows) {
                        List<String> v = new ArrayList<>();
                        for (int j = 0; j < cols.size(); j++) {
                            v.add(r.getString(1 + j));
                        }
                        knownHere.add(v);
                    }
                    narrowed = released.where(candidates.get().keep(cols, knownHere));
                }
                Dataset<Row> pairs = cols.isEmpty() ? released.crossJoin(kp) : narrowed.join(broadcast(kp), cols.toArray(String[]::new));
                collect(candidatesOf(pairs, sensitive, List.of()), m, 0, r -> cand);
                progress.stepBy(k.patterns().get(p));
            }
        }
        return cand;
    }

    /**
     * Every attack's candidates (as {@link #byPattern}) from one join. A group is a list of known columns (a pattern
     * of one or more attacks); each released record carries one hash per group (xxhash64 of the group's number and
     * its columns' values, padded to the widest group with {@link #PADDING}), each target's knowledge the same hash
     * of its values with its attack's number, and the release, its hashes expanded, is joined to all the knowledge
     * (broadcast) on the group and the hash; each pair is then checked value by value, so a hash collision never
     * makes a candidate, and kept only where the record is in its attack's release ({@link Attack#among}). Hashes,
     * not the values, are expanded: one release row per group with its values copied cost more than the joins it
     * saved at a whole census. A target has one pattern, so each (attack, target) is one group's.
     */
    private static List<Map<Long, Candidates>> jointly(SparkSession spark, List<Knowledge> ks, Dataset<Row> released,
                                                       java.util.function.Function<Column[], Column> hash) {
        List<String> sensitive = ks.get(0).attack().drawn().sensitive();
        int m = sensitive.size();
        List<List<String>> groups = new ArrayList<>();
        int total = 0;
        for (Knowledge k : ks) {
            for (int p : k.patterns().keySet()) {
                if (!groups.contains(k.columns(p))) {
                    groups.add(k.columns(p));
                }
            }
            total += k.targets().size();
        }
        int width = groups.stream().mapToInt(List::size).max().orElse(0);
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("_kg", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("_ka", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("_tid", DataTypes.LongType, false));
        List<Column> knownKey = new ArrayList<>(List.of(col("_kg")));
        for (int j = 0; j < width; j++) {
            fields.add(DataTypes.createStructField("_k" + j, DataTypes.StringType, false));
            knownKey.add(col("_k" + j));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ks.size(); i++) {
            Knowledge k = ks.get(i);
            for (int p : k.patterns().keySet()) {
                rows.addAll(k.rows(p, List.of(groups.indexOf(k.columns(p)), i), width));
            }
        }
        List<Column> hashes = new ArrayList<>();
        Column equal = lit(false);
        List<String> read = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Column> key = new ArrayList<>(List.of(lit(g)));
            Column same = col("_kg").equalTo(lit(g));
            for (int j = 0; j < width; j++) {
                if (j < groups.get(g).size()) {
                    String c = groups.get(g).get(j);
                    key.add(ref(c));
                    same = same.and(ref(c).equalTo(col("_k" + j)));
                    if (!read.contains(c)) {
                        read.add(c);
                    }
                } else {
                    key.add(lit(PADDING));
                }
            }
            hashes.add(hash.apply(key.toArray(Column[]::new)));
            equal = equal.or(same);
        }
        Column kept = lit(true);
        for (int i = ks.size() - 1; i >= 0; i--) {
            Optional<String> among = ks.get(i).attack().among();
            if (among.isPresent()) {
                kept = when(col("_ka").equalTo(lit(i)), col(among.get())).otherwise(kept);
                if (!read.contains(among.get())) {
                    read.add(among.get());
                }
            }
        }
        Dataset<Row> knowledge = spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)))
                .withColumn("_kh", hash.apply(knownKey.toArray(Column[]::new)));
        List<Column> sel = new ArrayList<>(List.of(col(ID)));
        sensitive.forEach(s -> sel.add(ref(s)));
        read.stream().filter(c -> !sensitive.contains(c)).forEach(c -> sel.add(ref(c)));
        sel.add(org.apache.spark.sql.functions.posexplode(org.apache.spark.sql.functions.array(hashes.toArray(Column[]::new)))
                .as(new String[] {"_g", "_h"}));
        Dataset<Row> keys = released.select(sel.toArray(Column[]::new));
        Dataset<Row> pairs = keys.join(broadcast(knowledge),
                col("_g").equalTo(col("_kg")).and(col("_h").equalTo(col("_kh"))).and(equal).and(kept));
        List<Map<Long, Candidates>> cand = new ArrayList<>();
        ks.forEach(k -> cand.add(new HashMap<>()));
        String names = String.join(", ", ks.stream().map(k -> k.attack().profile().name()).distinct().toList());
        try (Progress progress = Progress.start("attack " + names, total, "targets")) {
            collect(candidatesOf(pairs, sensitive, List.of(col("_ka"))), m, 1, r -> cand.get(r.getInt(0)));
            progress.stepBy(total);
        }
        return cand;
    }

    /**
     * The candidates of each target in {@code pairs} (released records paired with the targets whose knowledge they
     * equal, {@code _tid}), aggregated per {@code by} and target: rows of {@code by}, then the target id, then (no
     * labels) the candidates and whether the target is one of them, or (per attribute) the attribute's index, the
     * candidates, those labelled, the least and greatest label, the count of the most common and the target's own.
     */
    private static List<Row> candidatesOf(Dataset<Row> pairs, List<String> sensitive, List<Column> by) {
        Column self = when(col(ID).equalTo(col("_tid")), lit(1)).otherwise(lit(0));
        List<Column> target = new ArrayList<>(by);
        target.add(col("_tid"));
        if (sensitive.isEmpty()) {
            return pairs.groupBy(target.toArray(Column[]::new)).agg(count(lit(1)), max(self)).collectAsList();
        }
        // each candidate once per attribute (its label, null when it has none), counted per label, then per attribute
        Column labels = org.apache.spark.sql.functions.array(sensitive.stream().map(x -> col(x).cast(DataTypes.StringType))
                .toArray(Column[]::new));
        Column labelled = col("_v").isNotNull();
        List<Column> sel = new ArrayList<>(target);
        sel.add(self.as("_self"));
        sel.add(org.apache.spark.sql.functions.posexplode(labels).as(new String[] {"_a", "_v"}));
        List<Column> byLabel = new ArrayList<>(target);
        byLabel.add(col("_a"));
        List<Column> byAttribute = new ArrayList<>(byLabel);
        byLabel.add(col("_v"));
        return pairs.select(sel.toArray(Column[]::new))
                .groupBy(byLabel.toArray(Column[]::new)).agg(count(lit(1)).as("_n"), max(col("_self")).as("_self"))
                .groupBy(byAttribute.toArray(Column[]::new))
                .agg(org.apache.spark.sql.functions.sum(col("_n")), org.apache.spark.sql.functions.sum(when(labelled, col("_n"))),
                        min(col("_v")), max(col("_v")), max(when(labelled, col("_n"))), max(col("_self")))
                .collectAsList();
    }

    /**
     * Fills candidates from {@link #candidatesOf}'s rows, aggregated by {@code by} columns before the target id, into
     * the map {@code mapOf} gives for each row.
     */
    private static void collect(List<Row> rows, int m, int by, java.util.function.Function<Row, Map<Long, Candidates>> mapOf) {
        for (Row r : rows) {
            Map<Long, Candidates> cand = mapOf.apply(r);
            if (m == 0) {
                cand.put(r.getLong(by), new Candidates(r.getLong(by + 1), r.getInt(by + 2) == 1, new long[0], new String[0],
                        new String[0], new long[0]));
                continue;
            }
            Candidates c = cand.computeIfAbsent(r.getLong(by), x -> new Candidates(r.getLong(by + 2), r.getInt(by + 7) == 1,
                    new long[m], new String[m], new String[m], new long[m]));
            int a = r.getInt(by + 1);
            c.labelled()[a] = r.isNullAt(by + 3) ? 0 : r.getLong(by + 3);
            c.least()[a] = r.getString(by + 4);
            c.greatest()[a] = r.getString(by + 5);
            c.mode()[a] = r.isNullAt(by + 6) ? 0 : r.getLong(by + 6);
        }
    }

    /**
     * For each subgroup s, the {@code draws} eligible pupils of s with the smallest (hash, id), as rows of
     * {@code sel} (followed by the hash). Two passes over the pool whatever the number of subgroups,
     * rather than one sorted scan each: the subgroups' sizes, then every pupil whose hash lies below its
     * subgroup's threshold, set where about {@code 4 draws + 64} of the subgroup's hashes are expected
     * (hashes are uniform over the longs). If at least {@code draws} pupils of s lie below it, the
     * {@code draws} smallest all do, so the draw is exact; otherwise (or for a subgroup no larger than
     * {@code draws}) that subgroup is drawn by its own sorted scan.
     */
    static Map<Integer, List<Row>> firstByHash(Dataset<Row> eligible, List<Column> sel, int subgroups, int draws) {
        return firstByHash(eligible, sel, List.of("_h"), subgroups, draws).get(0);
    }

    /**
     * As {@link #firstByHash(Dataset, List, int, int)} for each of several hash columns (one per independent draw),
     * still in two passes: the sizes, then every pupil below its subgroup's threshold under some hash. Each row
     * carries {@code sel} and then every hash column.
     */
    static List<Map<Integer, List<Row>>> firstByHash(Dataset<Row> eligible, List<Column> sel, List<String> hashes,
                                                     int subgroups, int draws) {
        return firstByHashOfEach(eligible, List.of(new Part(lit(true), sel, hashes)), subgroups, draws).get(0);
    }

    /**
     * One selection of a joint draw: which pupils of the pool it draws from (a condition that is never null), the
     * columns its rows carry and its hash columns, one per independent draw.
     */
    private record Part(Column eligible, List<Column> sel, List<String> hashes) {
    }

    /**
     * As {@link #firstByHash(Dataset, List, List, int, int)} for each part, in two passes over {@code pool} for all
     * of them: one aggregation counts each part's pupils per subgroup mask, one scan collects every pupil below some
     * part's threshold under one of its hashes, flagged with the parts it is a candidate of. A part's sizes,
     * thresholds, candidates and exactness are those of its own two passes, so its draws are too.
     *
     * @return per part, per hash column: each subgroup's rows ({@code sel}, then the part's hash columns)
     */
    private static List<List<Map<Integer, List<Row>>>> firstByHashOfEach(Dataset<Row> pool, List<Part> parts,
                                                                         int subgroups, int draws) {
        int n = parts.size();
        Column[] counts = new Column[n];
        for (int i = 0; i < n; i++) {
            counts[i] = org.apache.spark.sql.functions.sum(when(parts.get(i).eligible(), lit(1L)).otherwise(lit(0L)));
        }
        long[][] size = new long[n][subgroups];
        for (Row r : pool.groupBy(col("_mask")).agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, n)).collectAsList()) {
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < subgroups; s++) {
                    size[i][s] += (r.getInt(0) & (1 << s)) != 0 ? r.getLong(1 + i) : 0;
                }
            }
        }
        long[][] threshold = new long[n][subgroups];
        List<Column> collected = new ArrayList<>();
        Column[] candidate = new Column[n];
        int[] offset = new int[n + 1];
        for (int i = 0; i < n; i++) {
            Part part = parts.get(i);
            Column below = lit(false);
            for (int s = 0; s < subgroups; s++) {
                double share = (4.0 * draws + 64) / Math.max(1, size[i][s]);
                // the hash value below which `share` of all longs lie; everyone when the share reaches 1
                threshold[i][s] = share >= 1 ? Long.MAX_VALUE : (long) (Long.MIN_VALUE + share * Math.pow(2, 64));
                for (String h : part.hashes()) {
                    below = below.or(col("_mask").bitwiseAND(1 << s).notEqual(0).and(col(h).leq(threshold[i][s])));
                }
            }
            candidate[i] = part.eligible().and(below);
            collected.addAll(part.sel());
            part.hashes().forEach(h -> collected.add(col(h)));
            offset[i + 1] = collected.size();
        }
        Column any = lit(false);
        for (int i = 0; i < n; i++) {
            collected.add(candidate[i].as("_in" + i));
            any = any.or(candidate[i]);
        }
        List<Row> rows = pool.where(any).select(collected.toArray(Column[]::new)).collectAsList();
        List<List<Map<Integer, List<Row>>>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Part part = parts.get(i);
            int flag = offset[n] + i;
            int from = offset[i];
            int to = offset[i + 1];
            List<Row> candidates = new ArrayList<>();
            for (Row r : rows) {
                if (r.getBoolean(flag)) {
                    Object[] v = new Object[to - from];
                    for (int j = from; j < to; j++) {
                        v[j - from] = r.get(j);
                    }
                    candidates.add(RowFactory.create(v));
                }
            }
            List<Column> withHash = new ArrayList<>(part.sel());
            part.hashes().forEach(h -> withHash.add(col(h)));
            Dataset<Row> eligible = pool.where(part.eligible());
            List<Map<Integer, List<Row>>> byHash = new ArrayList<>();
            for (int k = 0; k < part.hashes().size(); k++) {
                int hashAt = part.sel().size() + k;
                java.util.Comparator<Row> order = java.util.Comparator.<Row>comparingLong(r -> r.getLong(hashAt))
                        .thenComparingLong(r -> r.getLong(0));
                Map<Integer, List<Row>> bySubgroup = new java.util.TreeMap<>();
                for (int s = 0; s < subgroups; s++) {
                    int bit = 1 << s;
                    long t = threshold[i][s];
                    List<Row> first = new ArrayList<>(candidates.stream().filter(r -> (r.getInt(1) & bit) != 0).sorted(order).toList());
                    // exact when the subgroup's own pupils below its threshold fill the draws (a candidate may be there
                    // for another subgroup's threshold or another hash, and lie above this one)
                    boolean exact = t == Long.MAX_VALUE || first.stream().filter(r -> r.getLong(hashAt) <= t).count() >= draws;
                    if (!exact) {
                        first = new ArrayList<>(eligible.where(col("_mask").bitwiseAND(bit).notEqual(0))
                                .orderBy(col(part.hashes().get(k)), col(ID)).limit(draws)
                                .select(withHash.toArray(Column[]::new)).collectAsList());
                    }
                    bySubgroup.put(s, first.subList(0, Math.min(draws, first.size())));
                }
                byHash.add(bySubgroup);
            }
            out.add(byHash);
        }
        return out;
    }

    /** Rates over one subgroup's targets. Package-private for the tests. */
    static void figures(String release, Scenario.Profile profile, String subgroup, List<String> sensitive,
                        List<Outcome> outcomes, Consumer<Figure> out) {
        ReleaseId rel = ReleaseId.of(release);
        QiSetLabel qs = QiSetLabel.of(profile.qiSet());
        AttackerProfile p = profile.attacker();
        SubgroupLabel sg = SubgroupLabel.of(subgroup);
        long n = outcomes.size();
        if (n == 0) {
            unavailable(out, release, profile, subgroup, sensitive, "no targets in this subgroup among the draws");
            return;
        }
        double sumP = 0;
        long claims = 0;
        long correct = 0;
        for (Outcome o : outcomes) {
            if (o.inCandidates()) {
                sumP += 1.0 / o.candidates();
            }
            if (o.candidates() == 1) {
                claims++;
                if (o.inCandidates()) {
                    correct++;
                }
            }
        }
        RateInterval success = RateInterval.ofMean(n, sumP);
        out.accept(Figure.withInterval(rel, qs, p, sg, SUCCESS, sumP / n, success.low(), success.high()));
        RateInterval claimCi = RateInterval.of(n, claims);
        out.accept(Figure.withInterval(rel, qs, p, sg, CLAIMS, (double) claims / n, claimCi.low(), claimCi.high()));
        if (claims == 0) {
            out.accept(Figure.unavailable(rel, qs, p, sg, PRECISION, "no unique matches claimed"));
        } else {
            RateInterval pr = RateInterval.of(claims, correct);
            out.accept(Figure.withInterval(rel, qs, p, sg, PRECISION, (double) correct / claims, pr.low(), pr.high()));
        }
        long anyLabelled = 0;
        long anyDisclosed = 0;
        for (Outcome o : outcomes) {
            boolean l = false;
            boolean dsc = false;
            for (int i = 0; i < sensitive.size(); i++) {
                l |= o.labelled()[i];
                dsc |= o.disclosed()[i];
            }
            anyLabelled += l ? 1 : 0;
            anyDisclosed += dsc ? 1 : 0;
        }
        labelFigure(out, rel, qs, p, sg, LABELS, anyLabelled, anyDisclosed);
        for (int i = 0; i < sensitive.size(); i++) {
            int k = i;
            long l = outcomes.stream().filter(o -> o.labelled()[k]).count();
            long dsc = outcomes.stream().filter(o -> o.disclosed()[k]).count();
            labelFigure(out, rel, qs, p, sg, Metric.labelDisclosure(sensitive.get(i)), l, dsc);
            double sum = outcomes.stream().filter(o -> o.labelled()[k]).mapToDouble(o -> o.posterior()[k]).sum();
            MetricKey metric = Metric.labelPosterior(sensitive.get(i));
            if (l == 0) {
                out.accept(Figure.unavailable(rel, qs, p, sg, metric, "no labelled targets"));
            } else {
                RateInterval ci = RateInterval.ofMean(l, sum);
                out.accept(Figure.withInterval(rel, qs, p, sg, metric, sum / l, ci.low(), ci.high()));
            }
        }
    }

    private static void labelFigure(Consumer<Figure> out, ReleaseId rel, QiSetLabel qs, AttackerProfile p, SubgroupLabel sg,
                                    MetricKey metric, long labelled, long disclosed) {
        if (labelled == 0) {
            out.accept(Figure.unavailable(rel, qs, p, sg, metric, "no labelled targets"));
        } else {
            RateInterval ci = RateInterval.of(labelled, disclosed);
            out.accept(Figure.withInterval(rel, qs, p, sg, metric, (double) disclosed / labelled, ci.low(), ci.high()));
        }
    }

    private static void unavailable(Consumer<Figure> out, String release, Scenario.Profile profile, String subgroup,
                                    List<String> sensitive, String why) {
        for (MetricKey metric : List.of(SUCCESS, CLAIMS, PRECISION, LABELS)) {
            out.accept(Figure.unavailable(ReleaseId.of(release), QiSetLabel.of(profile.qiSet()), profile.attacker(), SubgroupLabel.of(subgroup), metric, why));
        }
        for (String a : sensitive) {
            out.accept(Figure.unavailable(ReleaseId.of(release), QiSetLabel.of(profile.qiSet()), profile.attacker(), SubgroupLabel.of(subgroup), Metric.labelDisclosure(a), why));
            out.accept(Figure.unavailable(ReleaseId.of(release), QiSetLabel.of(profile.qiSet()), profile.attacker(), SubgroupLabel.of(subgroup), Metric.labelPosterior(a), why));
        }
    }

    /** A 64-bit seed for one (run seed, stream, entity) triple (SplitMix64 finaliser). */
    static long mix(long seed, long stream, long entity) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL + entity;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
