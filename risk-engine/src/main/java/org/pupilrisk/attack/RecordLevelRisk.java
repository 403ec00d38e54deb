package org.pupilrisk.attack;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.pupilrisk.population.NpdColumns.ref;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.ClassKeys;
import org.pupilrisk.metric.PopulationCodes;
import org.pupilrisk.metric.ClassSizes;
import org.pupilrisk.metric.DankarRule;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.HomogeneityDisclosure;
import org.pupilrisk.metric.JournalistRisk;
import org.pupilrisk.metric.MarketerRisk;
import org.pupilrisk.metric.PitmanEstimator;
import org.pupilrisk.metric.PopulationUniqueness;
import org.pupilrisk.metric.ProsecutorRisk;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.RecordsAtRisk;
import org.pupilrisk.metric.SampleUniqueness;
import org.pupilrisk.metric.SizeHistogram;
import org.pupilrisk.metric.SnbEstimator;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.metric.SubgroupClasses;
import org.pupilrisk.metric.UniquesEstimate;
import org.pupilrisk.metric.ZayatzEstimator;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.hierarchy.BuiltInHierarchies;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.PopulationValues;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.RowCodes;
import org.pupilrisk.metric.SampleUniquesPopulationUnique;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * Every class-size figure and every attack for one record-level release: the shared engine of
 * {@code pupil-level}, {@code k-anonymous} and any other release that hands out rows.
 *
 * <p>The release must carry the pupil id column ({@link NpdColumns#PUPIL_ID}) as ground truth (never
 * shown to an attacker: it only tells the engine whose record each row is) and every QI column of the
 * assessment's QI sets, with values that may be generalised strings; {@code *} means suppressed and
 * matches nothing. Subgroup membership and sensitive labels come from the pupils' true records.
 */
public final class RecordLevelRisk {

    /** Stand-in for a null QI value, so that equi-joins and group-bys treat "unknown" as one value. */
    public static final String MISSING = "(missing)";

    /** Metric name of the record count per release x subgroup (the report's output threshold uses it). */
    public static final MetricKey RECORDS = Metric.RECORDS;

    private static final String POPULATION_UNKNOWN = "population unknown (user data): see the estimators";

    private RecordLevelRisk() {
    }

    /**
     * Computes every class-size figure (per QI set x subgroup) and runs every attacker profile.
     *
     * @param released rows released, with {@link NpdColumns#PUPIL_ID} and the QI columns
     * @param matcher  how exact attacker knowledge maps to the release's values
     */
    public static void assess(Assessment a, String releaseId, Dataset<Row> released, ValueMatcher matcher,
                              Consumer<Figure> out) {
        assess(a, releaseId, released, matcher, false, out);
    }

    /**
     * As {@link #assess(Assessment, String, Dataset, ValueMatcher, Consumer)} for released rows that carry their own
     * truth: beside the released columns, each row holds the subgroup mask of the extract's row it was made from
     * ({@link #withMask} applied to the extract before the release was made) and the true labels, which a release that
     * does not generalise the sensitive attributes passes on unchanged. No join with the extract is then needed to
     * find them; the figures are the joined plan's (tested). Every stage reads {@code released} and it is not cached
     * here: its maker keeps it cached until the attacks are done.
     *
     * @param carriesTruth whether {@code released} is such a table; false: the rows are joined with the extract
     */
    public static void assess(Assessment a, String releaseId, Dataset<Row> released, ValueMatcher matcher,
                              boolean carriesTruth, Consumer<Figure> out) {
        Dataset<Row> truthBase = a.population().orElse(a.extract());
        List<String> sensitive = a.sensitiveAttributes();
        List<String> qiCols = new ArrayList<>();
        a.qiSets().forEach(q -> q.columns().forEach(c -> { if (!qiCols.contains(c)) qiCols.add(c); }));
        List<String> have = Arrays.asList(released.columns());
        for (String c : qiCols) {
            if (!have.contains(c)) {
                throw new IllegalArgumentException("release " + releaseId + " lacks QI column " + c);
            }
        }
        if (!have.contains(NpdColumns.PUPIL_ID)) {
            throw new IllegalArgumentException("release " + releaseId + " lacks " + NpdColumns.PUPIL_ID);
        }
        if (carriesTruth && !have.contains(ClassSizes.MASK)) {
            throw new IllegalArgumentException("release " + releaseId + " lacks " + ClassSizes.MASK);
        }
        List<String> subgroupNames = a.subgroups().stream().map(Subgroup::name).toList();
        Dataset<Row> truth = withMask(truthBase, a.subgroups());
        // Every released row is a row of the extract (generalised, perhaps): its true labels and mask are the
        // extract's row's, so the release is joined with the extract, not with the census about four times its size.
        Dataset<Row> extractTruth = a.population().isPresent() ? withMask(a.extract(), a.subgroups()) : truth;

        // the extract released as it is: each row is its own truth (one row per pupil), so there is nothing to join
        boolean releaseIsTruth = released == a.extract();
        // The release's side is cached unless its rows already are: a user's file as it is (DataSource keeps it; this
        // projection of it costs less to recompute for each job than to cache: benchmarks/RESULTS.md, "a user's file
        // packed from the values read") and rows carrying their truth (their maker keeps them).
        Keyed keyed = carriesTruth
                ? keyed(a, truth, released, released, qiCols, matcher, true, false, List.of())
                : keyed(a, truth, extractTruth, released, qiCols, matcher, releaseIsTruth,
                        !(releaseIsTruth && a.population().isEmpty()), List.of());
        Dataset<Row> rel = keyed.released();
        // the population's string side, persisted only when the class-size stage reads it (not packed)
        Optional<Dataset<Row>> pop = Optional.empty();
        Optional<ClassKeys> packed = Optional.empty();
        CompletableFuture<List<MonteCarloAttack.Targets>> draws = null;
        try {
            boolean recordsDone = false;
            // the labels are the release's, whatever the QI set: numbered once; a user's file released as it is
            // has them from its values as read, without a job
            Optional<RowCodes> known = releaseIsTruth ? a.extractCodes() : Optional.empty();
            List<List<String>> labels = known.isPresent() && known.get().columns().containsAll(sensitive)
                    ? ClassSizes.labels(valuesOf(known.get(), sensitive), sensitive)
                    : ClassSizes.labels(rel, sensitive);
            if (a.population().isPresent()) {
                packed = packed(a, truth, rel, qiCols, matcher);
            } else if (releaseIsTruth) {
                packed = packedFile(a, rel, qiCols);
            }
            if (packed.isEmpty()) {
                pop = keyed.population().map(side -> side.persist(StorageLevel.MEMORY_AND_DISK()));
            }
            // targets: the population when known (the attacker does not know who was released), else the file
            Dataset<Row> pool = truth.withColumn(MonteCarloAttack.ID, col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType));
            for (String c : qiCols) {
                pool = pool.withColumn(c, asKey(c));
            }
            for (String s : sensitive) {
                pool = pool.withColumn(s, ref(s).cast(DataTypes.StringType));
            }
            // Each profile's targets are drawn on another thread while the class sizes are computed: the draw (two
            // small jobs) reads only the pool, and on few cores one job's planning on the driver then overlaps the
            // other's tasks. The draw is exact, so the targets, and every figure, are those of a draw in turn.
            Dataset<Row> targetPool = pool;
            List<QiSet> attacked = new ArrayList<>();
            for (Scenario.Profile p : a.profiles()) {
                attacked.add(a.qiSets().stream().filter(x -> x.name().equals(p.qiSet())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("profile " + p.name() + " names unknown qi_set " + p.qiSet())));
            }
            // A profile's draw depends only on the pool and the profile, never on the release, so every record-level
            // release of the run (pupil-level, each k) attacks the same targets and they are drawn once per run; the
            // first release draws every profile's in the same two passes over the pool.
            draws = inBackground(() -> {
                List<MonteCarloAttack.Request> requests = new ArrayList<>();
                for (int i = 0; i < attacked.size(); i++) {
                    requests.add(new MonteCarloAttack.Request(a.profiles().get(i), attacked.get(i).columns(),
                            List.of(a.seed())));
                }
                List<List<MonteCarloAttack.Targets>> together = new ArrayList<>();
                List<MonteCarloAttack.Targets> t = new ArrayList<>();
                for (int i = 0; i < attacked.size(); i++) {
                    int at = i;
                    Scenario.Profile p = a.profiles().get(i);
                    t.add(a.shared(new DrawnTargets(truthBase, a.subgroups(), p, attacked.get(i).columns(), sensitive,
                            a.seed(), a.monteCarloDraws()), () -> {
                        if (together.isEmpty()) {
                            together.addAll(MonteCarloAttack.draw(targetPool, requests, sensitive, subgroupNames.size(),
                                    a.monteCarloDraws()));
                        }
                        return together.get(at).get(0);
                    }));
                }
                return t;
            });
            for (QiSet q : a.qiSets()) {
                a.progress().step(releaseId + ": class sizes on " + q.name());
                ClassSizes cs = packed.isPresent()
                        ? ClassSizes.compute(packed.get().released(q.columns()), packed.get().population(q.columns()),
                                List.of(packed.get().keyColumn(q.columns())), sensitive, subgroupNames.size(), true, labels)
                        : ClassSizes.compute(rel, pop, q.columns(), sensitive, subgroupNames.size(), true, labels);
                for (int s = 0; s < subgroupNames.size(); s++) {
                    SubgroupClasses sc = cs.forSubgroup(s, a.populationSize());
                    if (!recordsDone) {
                        out.accept(Figure.exact(ReleaseId.of(releaseId), QiSetLabel.NONE, AttackerProfile.NONE, SubgroupLabel.of(subgroupNames.get(s)),
                                RECORDS, sc.records()));
                    }
                    classFigures(releaseId, q.name(), subgroupNames.get(s), sensitive, sc, out);
                }
                recordsDone = true;
            }
            // a user's file as it is, shown as it is: its records' numbers find each target's few candidates
            Optional<CandidateFilter> candidates = releaseIsTruth && matcher == ValueMatcher.EXACT
                    && a.extractCodes().isPresent() && a.extractCodes().get().columns().containsAll(qiCols)
                    ? Optional.of(new CandidateFilter(a.extractCodes().get(), MonteCarloAttack.ID, MISSING))
                    : Optional.empty();
            List<MonteCarloAttack.Targets> drawn = joined(draws);
            if (candidates.isPresent()) {
                for (int i = 0; i < attacked.size(); i++) {
                    Scenario.Profile p = a.profiles().get(i);
                    a.progress().step(releaseId + ": attack by " + p.name() + " (up to " + a.monteCarloDraws() + " targets)");
                    MonteCarloAttack.run(a.spark(), releaseId, p, attacked.get(i).columns(), subgroupNames, drawn.get(i), rel,
                            matcher, candidates, out);
                }
            } else if (!attacked.isEmpty()) {
                // every profile's candidates from one join of the release (MonteCarloAttack.run for several attacks)
                List<MonteCarloAttack.Attack> attacks = new ArrayList<>();
                for (int i = 0; i < attacked.size(); i++) {
                    attacks.add(new MonteCarloAttack.Attack(releaseId, a.profiles().get(i), attacked.get(i).columns(),
                            subgroupNames, drawn.get(i), matcher));
                }
                a.progress().step(releaseId + ": attacks by " + String.join(", ", a.profiles().stream().map(Scenario.Profile::name).toList())
                        + " (up to " + a.monteCarloDraws() + " targets each)");
                MonteCarloAttack.run(a.spark(), attacks, rel, out);
            }
        } finally {
            if (draws != null && !draws.isDone()) {
                // the run failed before the attacks: their draw's result is not wanted (its jobs end on their own)
                draws.cancel(false);
            }
            packed.ifPresent(ClassKeys::close);
            rel.unpersist();
            pop.ifPresent(Dataset::unpersist);
        }
    }

    /** {@code work} started on a thread of its own (a daemon: a run that fails elsewhere does not wait for it). */
    private static <T> CompletableFuture<T> inBackground(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, task -> {
            Thread t = new Thread(task, "pupilrisk-targets");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The background work's result, or its failure as it was thrown there (a bad target filter's one-line error). */
    private static <T> T joined(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * The release and the population with each QI set packed into one integer key ({@link ClassKeys}), when every
     * set fits: the population's side is packed from its QI values numbered once per run ({@link PopulationCodes},
     * shared by every release), generalised per distinct value, so its string side ({@link Keyed#population()}) is
     * never built. Without a population (a user's file) the stage stays on the strings: there the population side,
     * four times the release, is not there to shrink, and the packing's extra jobs were not measured against what
     * they would save.
     */
    private static Optional<ClassKeys> packed(Assessment a, Dataset<Row> truth, Dataset<Row> rel, List<String> qiCols,
                                              ValueMatcher matcher) {
        // every QI column of the scenario, not only this release's: a release publishing fewer of them (k-anonymous)
        // then reuses the numbers the pupil-level release made, where it would number the population again; a
        // column's numbers do not depend on which other columns are numbered with it
        List<String> numbered = PopulationValues.columns(a);
        Dataset<Row> population = populationKeys(truth, numbered);
        // the values numbered are those the k-anonymous releases' hierarchies are built from: one job finds both
        PopulationCodes codes = a.shared(new NumberedPopulation(a.population().orElseThrow(), numbered, a.subgroups()),
                () -> PopulationCodes.number(population, numbered, valuesOf(PopulationValues.of(a).orElseThrow(), numbered)));
        BiFunction<String, String, String> shown = (c, v) -> matcher == ValueMatcher.EXACT || !matcher.generalises(c)
                || MISSING.equals(v) ? v : matcher.generalise(c, v);
        List<List<String>> sets = a.qiSets().stream().map(QiSet::columns).toList();
        try {
            return ClassKeys.pack(rel, codes, a.sensitiveAttributes(), sets, shown);
        } finally {
            if (!a.keepsShared()) {
                // this release's own codes: the packed sides, computed when first read, recompute them from their lineage
                codes.close();
            }
        }
    }

    /**
     * A user's file released as it is, with each QI set packed into one integer key ({@link ClassKeys#packRows}) from
     * its records' numbers ({@link Assessment#extractCodes}), found by each record's id, its row in the file: the
     * classes of the keys {@link #asKey} makes, an empty field being {@link #MISSING}. Empty when the file was not
     * numbered where it was read (a Parquet file): the stage then stays on the strings, since a job to number them
     * cost about what packing saved (benchmarks/RESULTS.md, "a user's file packed from the values read").
     */
    private static Optional<ClassKeys> packedFile(Assessment a, Dataset<Row> rel, List<String> qiCols) {
        Optional<RowCodes> known = a.extractCodes();
        if (known.isEmpty() || !known.get().columns().containsAll(qiCols)) {
            return Optional.empty();
        }
        return ClassKeys.packRows(rel, MonteCarloAttack.ID, known.get(), MISSING, a.sensitiveAttributes(),
                a.qiSets().stream().map(QiSet::columns).toList());
    }

    /** Each column's distinct values as {@link #asKey} writes them (a missing value {@link #MISSING}), sorted. */
    private static Map<String, List<String>> valuesOf(BuiltInHierarchies.Observations observed, List<String> columns) {
        Map<String, List<String>> values = new HashMap<>();
        columns.forEach(c -> values.put(c, observed.values(c, MISSING)));
        return values;
    }

    /** Each of {@code columns}' distinct values, nulls not among them. */
    private static Map<String, List<String>> valuesOf(RowCodes known, List<String> columns) {
        Map<String, List<String>> values = new HashMap<>();
        columns.forEach(c -> values.put(c, known.values(c)));
        return values;
    }

    /**
     * The population's records as {@link PopulationCodes#number} reads them: {@link ClassSizes#MASK} and each QI
     * column as its string key ({@link #key}), before any generalisation.
     *
     * @param truth the population with its mask ({@link #withMask})
     */
    public static Dataset<Row> populationKeys(Dataset<Row> truth, List<String> qiCols) {
        List<Column> sel = new ArrayList<>();
        sel.add(col(ClassSizes.MASK));
        qiCols.forEach(c -> sel.add(asKey(c)));
        return truth.select(sel.toArray(Column[]::new));
    }

    /** Shared-store key of a population's numbered QI values (the dataset by identity; the mask's subgroups). */
    private record NumberedPopulation(Dataset<Row> population, List<String> columns, List<Subgroup> subgroups) {
    }

    /**
     * What a profile's targets are drawn from and with ({@link MonteCarloAttack#draw}): the pupils of the census (or
     * the user's file) as the subgroups mark them, the profile, the columns and labels carried, the seed and the
     * number of draws. The pool adds to the census only its key and label columns as text, the same in every release.
     */
    private record DrawnTargets(Dataset<Row> pupils, List<Subgroup> subgroups, Scenario.Profile profile,
                                List<String> columns, List<String> sensitive, long seed, int draws) {
    }

    /** Adds the subgroup bitmask column: bit i set when subgroup i's filter holds (null counts as false). */
    public static Dataset<Row> withMask(Dataset<Row> data, List<Subgroup> subgroups) {
        Column mask = lit(0);
        for (int i = 0; i < subgroups.size(); i++) {
            mask = mask.plus(when(coalesce(expr(subgroups.get(i).filter()), lit(false)), lit(1 << i)).otherwise(lit(0)));
        }
        return data.withColumn(ClassSizes.MASK, mask);
    }

    /**
     * The two sides the class-size stage and the attacks read, keyed: the release (pupil id, QI columns as string
     * keys, subgroup mask and true labels joined on), persisted, and, when the population is known, the population's
     * QI values generalised as the release's (mask and keys), not persisted: its reader persists it. Persisted here,
     * it was built whenever a query held the same plan: the population numbering's distinct values ({@link
     * #populationKeys}, the same columns for the extract released as it is) built a copy of every census record's
     * keys that the packed class sizes never read (benchmarks/RESULTS.md, "the population's keys not cached").
     */
    public record Keyed(Dataset<Row> released, Optional<Dataset<Row>> population) {
    }

    /** Keys {@code released} and the masked {@code truth} ({@link #withMask}) on {@code qiCols}; see {@link Keyed}. */
    public static Keyed keyed(Assessment a, Dataset<Row> truth, Dataset<Row> released, List<String> qiCols,
                              ValueMatcher matcher) {
        return keyed(a, truth, truth, released, qiCols, matcher, false, true, List.of());
    }

    /**
     * As {@link #keyed(Assessment, Dataset, Dataset, List, ValueMatcher)} for an extract released as it is:
     * {@code maskedExtract} is a selection of the census' rows, one per pupil, with {@link #withMask}, so each row's
     * true labels and mask are its own and no join with the census is needed (figures equal the joined plan's).
     * The assessment's population, when known, gives the population side as in the joined plan ({@code truth}).
     */
    public static Keyed keyedExtract(Assessment a, Dataset<Row> truth, Dataset<Row> maskedExtract, List<String> qiCols) {
        return keyedExtract(a, truth, maskedExtract, qiCols, List.of());
    }

    /** As {@link #keyedExtract(Assessment, Dataset, Dataset, List)}, the release also carrying {@code carried} as they are. */
    public static Keyed keyedExtract(Assessment a, Dataset<Row> truth, Dataset<Row> maskedExtract, List<String> qiCols,
                                     List<String> carried) {
        return keyed(a, truth, maskedExtract, maskedExtract, qiCols, ValueMatcher.EXACT, true, a.population().isPresent(),
                carried);
    }

    /**
     * The keyed sides: the population's from {@code truth}; the release's true labels and mask from
     * {@code releaseTruth} (a masked table holding every released pupil once: the census or the extract), joined
     * on the id, or, with {@code releaseIsTruth}, {@code releaseTruth} is the release itself with its mask (and then
     * {@code carried}, its columns passed on as they are). With {@code persist} the release's side is cached (its
     * reader unpersists it).
     */
    private static Keyed keyed(Assessment a, Dataset<Row> truth, Dataset<Row> releaseTruth, Dataset<Row> released,
                               List<String> qiCols, ValueMatcher matcher, boolean releaseIsTruth, boolean persist,
                               List<String> carried) {
        List<Column> truthSel = new ArrayList<>();
        truthSel.add(col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType).as(MonteCarloAttack.ID));
        truthSel.add(col(ClassSizes.MASK));
        a.sensitiveAttributes().forEach(s -> truthSel.add(ref(s).cast(DataTypes.StringType).as(s)));
        List<Column> relSel = new ArrayList<>();
        relSel.add(col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType).as(MonteCarloAttack.ID));
        qiCols.forEach(c -> relSel.add(asKey(c)));
        Dataset<Row> rel;
        if (releaseIsTruth) {
            // The self-join on the id would only pair every row with itself: the same columns in the same
            // order from one scan, instead of a sort-merge join of the file with itself.
            List<Column> sel = new ArrayList<>(relSel);
            sel.addAll(truthSel.subList(1, truthSel.size()));
            carried.forEach(c -> sel.add(ref(c)));
            rel = releaseTruth.select(sel.toArray(Column[]::new));
        } else {
            rel = released.select(relSel.toArray(Column[]::new))
                    .join(releaseTruth.select(truthSel.toArray(Column[]::new)), MonteCarloAttack.ID);
        }
        if (persist) {
            rel = rel.persist(StorageLevel.MEMORY_AND_DISK());
        }
        Optional<Dataset<Row>> pop = Optional.empty();
        if (a.population().isPresent()) {
            List<Column> popSel = new ArrayList<>();
            popSel.add(col(ClassSizes.MASK));
            for (String c : qiCols) {
                popSel.add(generalised(c, matcher));
            }
            pop = Optional.of(truth.select(popSel.toArray(Column[]::new)));
        }
        return new Keyed(rel, pop);
    }

    /** {@link #asKey}, for the other attacks on record-level releases. */
    public static Column key(String c) {
        return asKey(c);
    }

    /** A QI column as the string key the engine joins on: dates as yyyy-mm-dd, null as {@link #MISSING}. */
    static Column asKey(String c) {
        return coalesce(ref(c).cast(DataTypes.StringType), lit(MISSING)).as(c);
    }

    private static Column generalised(String c, ValueMatcher matcher) {
        if (matcher == ValueMatcher.EXACT || !matcher.generalises(c)) {
            // the matcher returns these values as they are: the key itself, without a UDF call per record
            return asKey(c);
        }
        UDF1<String, String> f = v -> v == null || MISSING.equals(v) ? MISSING : matcher.generalise(c, v);
        UserDefinedFunction g = udf(f, DataTypes.StringType).asNonNullable();
        return g.apply(asKey(c)).as(c);
    }

    /** The class-size figures of one release x QI set x subgroup. */
    static void classFigures(String release, String qi, String subgroup, List<String> sensitive, SubgroupClasses sc,
                             Consumer<Figure> out) {
        ReleaseId rel = ReleaseId.of(release);
        QiSetLabel qs = QiSetLabel.of(qi);
        AttackerProfile p = AttackerProfile.NONE;
        SubgroupLabel sg = SubgroupLabel.of(subgroup);
        List<MetricKey> names = classMetricNames(sensitive);
        if (sc.records() == 0) {
            names.forEach(m -> out.accept(Figure.unavailable(rel, qs, p, sg, m, "no records in this subgroup")));
            return;
        }
        out.accept(Figure.exact(rel, qs, p, sg, SampleUniqueness.METRIC, SampleUniqueness.value(sc)));
        for (int k : RecordsAtRisk.KS) {
            out.accept(Figure.exact(rel, qs, p, sg, RecordsAtRisk.metric(k), RecordsAtRisk.value(sc, k)));
        }
        out.accept(Figure.exact(rel, qs, p, sg, ProsecutorRisk.MAX, ProsecutorRisk.max(sc)));
        out.accept(Figure.exact(rel, qs, p, sg, ProsecutorRisk.AVG, ProsecutorRisk.average(sc)));
        for (double t : ProsecutorRisk.THRESHOLDS) {
            out.accept(Figure.exact(rel, qs, p, sg, ProsecutorRisk.shareAboveMetric(t), ProsecutorRisk.shareAbove(sc, t)));
        }
        boolean exactF = sc.populationKnown() && sc.cells().stream().allMatch(c -> c.bigF() >= c.f());
        for (Metric m : List.of(Metric.JOURNALIST_RISK_MAX, Metric.JOURNALIST_RISK_AVG, Metric.MARKETER_RISK,
                Metric.POPULATION_UNIQUENESS)) {
            if (!exactF) {
                out.accept(Figure.unavailable(rel, qs, p, sg, m, sc.populationKnown()
                        ? "release records missing from the population" : POPULATION_UNKNOWN));
                continue;
            }
            double v = switch (m) {
                case JOURNALIST_RISK_MAX -> JournalistRisk.max(sc);
                case JOURNALIST_RISK_AVG -> JournalistRisk.average(sc);
                case MARKETER_RISK -> MarketerRisk.value(sc);
                default -> PopulationUniqueness.value(sc);
            };
            out.accept(Figure.exact(rel, qs, p, sg, m, v));
        }
        if (!exactF) {
            out.accept(Figure.unavailable(rel, qs, p, sg, SampleUniquesPopulationUnique.METRIC,
                    sc.populationKnown() ? "release records missing from the population" : POPULATION_UNKNOWN));
        } else {
            OptionalDouble certain = SampleUniquesPopulationUnique.value(sc);
            out.accept(certain.isPresent()
                    ? Figure.exact(rel, qs, p, sg, SampleUniquesPopulationUnique.METRIC, certain.getAsDouble())
                    : Figure.unavailable(rel, qs, p, sg, SampleUniquesPopulationUnique.METRIC,
                            "no record is unique in the release"));
        }
        estimators(release, qi, subgroup, sc.withinSubgroup(), sc.populationSize(), out);
        int m = sensitive.size();
        for (int i = 0; i <= m; i++) {
            MetricKey metric = i == m ? HomogeneityDisclosure.METRIC : HomogeneityDisclosure.metric(sensitive.get(i));
            long labelled = HomogeneityDisclosure.labelled(sc, i);
            if (labelled == 0) {
                out.accept(Figure.unavailable(rel, qs, p, sg, metric, "no labelled records"));
            } else {
                out.accept(Figure.exact(rel, qs, p, sg, metric,
                        (double) HomogeneityDisclosure.disclosed(sc, i) / labelled));
            }
        }
    }

    static void estimators(String release, String qi, String subgroup, SizeHistogram h, OptionalLong bigN,
                           Consumer<Figure> out) {
        ReleaseId rel = ReleaseId.of(release);
        QiSetLabel qs = QiSetLabel.of(qi);
        AttackerProfile p = AttackerProfile.NONE;
        SubgroupLabel sg = SubgroupLabel.of(subgroup);
        List<MetricKey> names = List.of(ZayatzEstimator.METRIC, PitmanEstimator.METRIC, SnbEstimator.METRIC, DankarRule.METRIC);
        String why = null;
        if (bigN.isEmpty()) {
            why = "population size unknown (give --population-size)";
        } else if (bigN.getAsLong() < h.records()) {
            why = "population size smaller than the release";
        }
        if (why != null) {
            for (MetricKey n : names) {
                out.accept(Figure.unavailable(rel, qs, p, sg, n, why));
            }
            return;
        }
        long n = bigN.getAsLong();
        UniquesEstimate[] est = {
            ZayatzEstimator.estimate(h, n), PitmanEstimator.estimate(h, n), SnbEstimator.estimate(h, n), DankarRule.estimate(h, n)
        };
        for (int i = 0; i < names.size(); i++) {
            UniquesEstimate e = est[i];
            out.accept(e.available()
                    ? Figure.of(rel, qs, p, sg, names.get(i), e.uniques() / n, null, null, e.note())
                    : Figure.unavailable(rel, qs, p, sg, names.get(i), e.note()));
        }
    }

    /** Names of the class-size metrics, in output order. */
    public static List<MetricKey> classMetricNames(List<String> sensitive) {
        List<MetricKey> names = new ArrayList<>();
        names.add(SampleUniqueness.METRIC);
        for (int k : RecordsAtRisk.KS) {
            names.add(RecordsAtRisk.metric(k));
        }
        names.add(ProsecutorRisk.MAX);
        names.add(ProsecutorRisk.AVG);
        for (double t : ProsecutorRisk.THRESHOLDS) {
            names.add(ProsecutorRisk.shareAboveMetric(t));
        }
        names.addAll(List.of(JournalistRisk.MAX, JournalistRisk.AVG, MarketerRisk.METRIC, PopulationUniqueness.METRIC,
                SampleUniquesPopulationUnique.METRIC, ZayatzEstimator.METRIC, PitmanEstimator.METRIC, SnbEstimator.METRIC, DankarRule.METRIC));
        for (String s : sensitive) {
            names.add(HomogeneityDisclosure.metric(s));
        }
        names.add(HomogeneityDisclosure.METRIC);
        return names;
    }
}
