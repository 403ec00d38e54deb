package org.pupilrisk.release.sensitivity;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.pupilrisk.attack.MonteCarloAttack;
import org.pupilrisk.attack.RecordLevelRisk;
import org.pupilrisk.attack.ValueMatcher;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.metric.SubgroupLabel;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.SettingsReader;

/**
 * The headline attack recomputed under other assumptions ({@code model: sensitivity}): how far the
 * pupil-level figure depends on what was assumed.
 *
 * <p>Axes: the extract's sampling fraction (many NPD shares were whole cohorts: 1.0) and what the attacker
 * knows (named column lists: date of birth and sex with the home postcode district, sector, LSOA, or the
 * school and year group). For every (fraction, knowledge) the pupil-level extract is drawn as the scenario
 * draws it, with that fraction, and the profile's Monte-Carlo attack is run with that knowledge (on the same targets:
 * the census' pupils the profile draws depend on neither, so they are drawn once). Figures:
 * release {@code sensitivity(f=0.25)}, {@code qi_set} = the knowledge's name, {@code profile} = the
 * profile, the attack's metrics ({@code attack_success_rate}, {@code attack_claims_rate},
 * {@code attack_precision}, …) per subgroup; intervals are Monte-Carlo error only.
 *
 * <p>Extract-draw uncertainty: with {@code extract_draws: R} the profile's own attack (its own knowledge,
 * the scenario's fraction) is repeated on R independent draws of the extract; release
 * {@code sensitivity(extract-draws)} reports the mean success over the draws with the interval mean ±
 * 1.96 × the standard deviation between draws: where the rate of one shared extract falls, whichever
 * quarter of pupils happened to be drawn (each draw's own Monte-Carlo error included).
 *
 * <p>District-size spread: with {@code district_spread: [0.3, 0.6, 0.9]} the census year is generated afresh
 * for each spread (sd of log pupils per postcode district) from the population's recorded generator settings,
 * only the spread changed, and the profile's own attack is run on it at the scenario's sampling fraction:
 * release {@code sensitivity(spread=0.3)}. How skewed district sizes are drives how many pupils share a
 * date of birth, sex and district, and the calibration data hold no national figure for it (an estimate,
 * docs/calibration.md), so the figure's dependence on it is shown rather than assumed away. At the
 * population's own spread the census year drawn afresh is the assessed one row for row (tested), so the assessed
 * one is used there ({@link Assessment#regenerate}), and the grid reproduces the profile's pupil-level figure
 * (same seed, same targets), which is tested. Populations without generator settings (no {@code population.json}) report it unavailable.
 */
public final class SensitivityGrid implements ReleaseModel {

    public static final String MODEL = "sensitivity";
    public static final String EXTRACT_DRAWS_RELEASE = MODEL + "(extract-draws)";
    private static final double MAX_SPREAD = 2;

    private final String profile;
    private final List<Double> fractions;
    private final Map<String, List<String>> knowledge;
    private final List<String> subgroups;
    private final int draws;
    private final int extractDraws;
    private final List<Double> spreads;

    public SensitivityGrid(String profile, List<Double> fractions, Map<String, List<String>> knowledge,
                           List<String> subgroups, int draws, int extractDraws) {
        this(profile, fractions, knowledge, subgroups, draws, extractDraws, List.of());
    }

    public SensitivityGrid(String profile, List<Double> fractions, Map<String, List<String>> knowledge,
                           List<String> subgroups, int draws, int extractDraws, List<Double> spreads) {
        this.spreads = List.copyOf(spreads);
        this.profile = profile;
        this.fractions = List.copyOf(fractions);
        this.knowledge = new LinkedHashMap<>(knowledge);
        this.subgroups = List.copyOf(subgroups);
        this.draws = draws;
        this.extractDraws = extractDraws;
    }

    @Override
    public Object settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", profile);
        m.put("sampling_fraction", fractions);
        m.put("knowledge", knowledge);
        m.put("subgroups", subgroups);
        m.put("draws", draws);
        m.put("extract_draws", extractDraws);
        m.put("district_spread", spreads);
        return m;
    }

    /** The release id of one grid column, e.g. {@code sensitivity(f=0.25)}. */
    public static String releaseId(double fraction) {
        return MODEL + "(f=" + fraction + ")";
    }

    /** The release id of one district-size spread, e.g. {@code sensitivity(spread=0.6)}. */
    public static String spreadReleaseId(double spread) {
        return MODEL + "(spread=" + spread + ")";
    }

    /** The factory registered in the engine's registry; keys as in the class comment. */
    public static List<ReleaseModel> fromScenario(JsonNode params, Scenario scenario) {
        SettingsReader r = SettingsReader.of(params, null, "", Set.of("model", "id", "profile", "sampling_fraction",
                "knowledge", "subgroups", "draws", "extract_draws", "district_spread", "description"));
        String profile = r.text("profile", scenario.profiles().isEmpty() ? null : scenario.profiles().get(0).name());
        if (profile == null || scenario.profiles().stream().noneMatch(p -> p.name().equals(profile))) {
            throw new SettingsException("profile", "the name of a profile of the scenario");
        }
        List<Double> fractions = new ArrayList<>();
        JsonNode f = params.get("sampling_fraction");
        if (f == null) {
            fractions.addAll(List.of(0.1, 0.25, 1.0));
        } else {
            if (!f.isArray() || f.isEmpty()) {
                throw new SettingsException("sampling_fraction", "a list of fractions in (0, 1]");
            }
            for (JsonNode x : f) {
                if (!x.isNumber() || !(x.asDouble() > 0 && x.asDouble() <= 1)) {
                    throw new SettingsException("sampling_fraction", "a list of fractions in (0, 1], not " + x);
                }
                fractions.add(x.asDouble());
            }
        }
        Map<String, List<String>> knowledge = new LinkedHashMap<>();
        JsonNode k = params.get("knowledge");
        if (k == null) {
            Scenario.Profile p = scenario.profiles().stream().filter(x -> x.name().equals(profile)).findFirst().orElseThrow();
            scenario.qiSets().stream().filter(q -> q.name().equals(p.qiSet())).findFirst()
                    .ifPresent(q -> knowledge.put(q.name(), q.columns()));
        } else {
            if (!k.isObject() || k.isEmpty()) {
                throw new SettingsException("knowledge", "a mapping of names to column lists");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = k.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    throw new SettingsException("knowledge." + e.getKey(), "a list of columns");
                }
                List<String> cols = new ArrayList<>();
                e.getValue().forEach(c -> cols.add(c.asText()));
                knowledge.put(e.getKey(), cols);
            }
        }
        List<String> subgroups = new ArrayList<>();
        JsonNode s = params.get("subgroups");
        if (s == null) {
            scenario.subgroups().forEach(x -> subgroups.add(x.name()));
        } else {
            for (JsonNode x : s) {
                if (scenario.subgroups().stream().noneMatch(g -> g.name().equals(x.asText()))) {
                    throw new SettingsException("subgroups", "names of the scenario's subgroups, not '" + x.asText() + "'");
                }
                subgroups.add(x.asText());
            }
        }
        int draws = r.integer("draws", scenario.monteCarloDraws(), 1, Integer.MAX_VALUE);
        int extractDraws = r.integer("extract_draws", 0, 0, Integer.MAX_VALUE);
        if (extractDraws == 1) {
            throw new SettingsException("extract_draws", "0 (none) or a whole number >= 2");
        }
        List<Double> spreads = new ArrayList<>();
        JsonNode sp = params.get("district_spread");
        if (sp != null) {
            if (!sp.isArray() || sp.isEmpty()) {
                throw new SettingsException("district_spread", "a list of spreads in [0, " + MAX_SPREAD + "]");
            }
            for (JsonNode x : sp) {
                if (!x.isNumber() || !(x.asDouble() >= 0 && x.asDouble() <= MAX_SPREAD)) {
                    throw new SettingsException("district_spread", "a list of spreads in [0, " + MAX_SPREAD + "], not " + x);
                }
                spreads.add(x.asDouble());
            }
        }
        return List.of(new SensitivityGrid(profile, fractions, knowledge, subgroups, draws, extractDraws, spreads));
    }

    @Override
    public String id() {
        return MODEL;
    }

    @Override
    public void assess(Assessment a, Consumer<Figure> figures) {
        if (a.population().isEmpty()) {
            return; // a user's own file: there is no census to draw other extracts from
        }
        Scenario.Profile p = a.profiles().stream().filter(x -> x.name().equals(profile)).findFirst().orElseThrow();
        Dataset<Row> census = a.population().get();
        List<Subgroup> groups = a.subgroups().stream().filter(g -> subgroups.contains(g.name())).toList();
        List<String> names = groups.stream().map(Subgroup::name).toList();
        // knowledge the data cannot express (a population without an LSOA column) is reported unavailable, not guessed
        Map<String, List<String>> knowledge = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> k : this.knowledge.entrySet()) {
            List<String> missing = k.getValue().stream().filter(c -> !List.of(census.columns()).contains(c)).toList();
            if (missing.isEmpty()) {
                knowledge.put(k.getKey(), k.getValue());
                continue;
            }
            for (double f : fractions) {
                for (String n : names) {
                    figures.accept(Figure.unavailable(ReleaseId.of(releaseId(f)), QiSetLabel.of(k.getKey()), AttackerProfile.of(profile), SubgroupLabel.of(n), MonteCarloAttack.SUCCESS,
                            "the data have no column " + missing));
                }
            }
        }
        List<String> qiCols = new ArrayList<>();
        knowledge.values().forEach(l -> l.forEach(c -> { if (!qiCols.contains(c)) qiCols.add(c); }));
        Assessment scoped = new Scoped(a, groups);
        Dataset<Row> truth = RecordLevelRisk.withMask(census, groups);
        Dataset<Row> pool = pool(truth, qiCols, a.sensitiveAttributes());
        // Every (fraction, knowledge) attack targets the same pupils of the census, and each extract draw its own:
        // all drawn in one go (two passes over the census), each carrying every column its attacks know.
        List<String> own = a.qiSets().stream().filter(q -> q.name().equals(p.qiSet())).findFirst().orElseThrow().columns();
        List<String> carried = new ArrayList<>(qiCols);
        if (extractDraws >= 2) {
            own.forEach(c -> { if (!carried.contains(c)) carried.add(c); });
        }
        List<Long> seeds = new ArrayList<>();
        if (!knowledge.isEmpty()) {
            seeds.add(a.seed());
        }
        for (int r = 0; extractDraws >= 2 && r < extractDraws; r++) {
            seeds.add(drawSeed(a.seed(), r));
        }
        List<MonteCarloAttack.Targets> drawn = new ArrayList<>();
        if (!seeds.isEmpty()) {
            a.progress().step(MODEL + ": drawing " + draws + " targets of " + profile + " per subgroup, " + seeds.size()
                    + (seeds.size() == 1 ? " draw" : " independent draws"));
            drawn.addAll(MonteCarloAttack.draw(pool, p, carried, a.sensitiveAttributes(), names.size(), seeds, draws));
        }
        MonteCarloAttack.Targets targets = knowledge.isEmpty() ? null : drawn.remove(0);
        // Every extract of the grid (each fraction, each independent draw) is drawn from the pupils the extract's
        // filter selects: those pupils are keyed once, each marked by which extracts release it, and every attack on
        // every extract runs from one join of them (MonteCarloAttack.run, each attack on its own extract's records),
        // where each extract was drawn from the census, keyed and joined once per attack (nationally, the default
        // grid's twelve attacks and five draws took 34.3 s that way, 8.7 s this way; benchmarks/RESULTS.md).
        Dataset<Row> eligible = a.resample(census, 1.0, DataSource.EXTRACT_STREAM).orElseThrow();
        List<String> flags = new ArrayList<>();
        List<MonteCarloAttack.Attack> attacks = new ArrayList<>();
        List<Consumer<Figure>> outs = new ArrayList<>();
        for (double f : fractions) {
            Optional<String> among = Optional.empty();
            if (f < 1) {
                among = Optional.of("_extract" + flags.size());
                eligible = eligible.withColumn(among.get(), a.drawnBy(f, DataSource.EXTRACT_STREAM).orElseThrow());
                flags.add(among.get());
            }
            for (Map.Entry<String, List<String>> k : knowledge.entrySet()) {
                Scenario.Profile q = new Scenario.Profile(p.name(), k.getKey(), p.targets(), p.description(),
                        p.errors(), p.missing());
                attacks.add(new MonteCarloAttack.Attack(releaseId(f), q, k.getValue(), names, targets, ValueMatcher.EXACT, among));
                outs.add(figures);
            }
        }
        List<List<Figure>> byDraw = new ArrayList<>();
        for (int r = 0; extractDraws >= 2 && r < extractDraws; r++) {
            String flag = "_extract" + flags.size();
            eligible = eligible.withColumn(flag, a.drawnBy(a.samplingFraction(), DataSource.EXTRACT_STREAM + "-draw-" + r).orElseThrow());
            flags.add(flag);
            List<Figure> out = new ArrayList<>();
            byDraw.add(out);
            // a different seed per draw (drawSeed): the targets and their outcomes are drawn afresh as well
            attacks.add(new MonteCarloAttack.Attack(EXTRACT_DRAWS_RELEASE, p, own, names, drawn.get(r), ValueMatcher.EXACT,
                    Optional.of(flag)));
            outs.add(out::add);
        }
        if (!attacks.isEmpty()) {
            a.progress().step(MODEL + ": attack by " + profile
                    + (knowledge.isEmpty() ? "" : " knowing " + String.join(", ", knowledge.keySet()) + " at sampling fractions "
                            + fractions.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")))
                    + (byDraw.isEmpty() ? "" : (knowledge.isEmpty() ? "" : ", and") + " on " + extractDraws + " independent extracts"));
            RecordLevelRisk.Keyed keyed = RecordLevelRisk.keyedExtract(scoped, truth, RecordLevelRisk.withMask(eligible, groups),
                    carried, flags);
            try {
                MonteCarloAttack.run(a.spark(), attacks, keyed.released(), outs);
            } finally {
                keyed.released().unpersist();
            }
        }
        if (!byDraw.isEmpty()) {
            overDraws(p, names, byDraw, figures);
        }
        if (!spreads.isEmpty()) {
            spreads(a, scoped, p, groups, names, figures);
        }
    }

    /** The profile's attack on the census year regenerated with each district-size spread; see the class comment. */
    private void spreads(Assessment a, Assessment scoped, Scenario.Profile p, List<Subgroup> groups,
                         List<String> names, Consumer<Figure> figures) {
        List<String> cols = a.qiSets().stream().filter(q -> q.name().equals(p.qiSet())).findFirst().orElseThrow().columns();
        // a population drawn by another generator regenerates with the running one's model as well as the new
        // spread: every spread figure says so (the versions are in run.json's input)
        Consumer<Figure> out = a.regenerationNote().map(n -> withNote(figures, n)).orElse(figures);
        for (double spread : spreads) {
            String id = spreadReleaseId(spread);
            a.progress().step(id + ": generating the census year with district-size spread " + spread);
            List<String> read = new ArrayList<>(cols);
            read.addAll(a.sensitiveAttributes());
            List<String> conditions = new ArrayList<>(groups.stream().map(Subgroup::filter).toList());
            conditions.add(p.targets());
            Optional<Assessment.Regenerated> regenerated = a.regenerate(spread, read, conditions);
            if (regenerated.isEmpty()) {
                for (String n : names) {
                    figures.accept(Figure.unavailable(ReleaseId.of(id), QiSetLabel.of(p.qiSet()), p.attacker(), SubgroupLabel.of(n), MonteCarloAttack.SUCCESS,
                            "the population records no generator settings it can be regenerated from (no population.json, "
                                    + "or generated with generate --settings)"));
                }
                continue;
            }
            try (Assessment.Regenerated r = regenerated.get()) {
                Dataset<Row> truth = RecordLevelRisk.withMask(r.census(), groups);
                Dataset<Row> pool = pool(truth, cols, a.sensitiveAttributes());
                Dataset<Row> extract = a.resample(r.census(), a.samplingFraction(), DataSource.EXTRACT_STREAM).orElseThrow();
                RecordLevelRisk.Keyed keyed = RecordLevelRisk.keyedExtract(scoped, truth, RecordLevelRisk.withMask(extract, scoped.subgroups()), cols);
                try {
                    a.progress().step(id + ": attack by " + p.name());
                    MonteCarloAttack.run(a.spark(), id, p, cols, a.sensitiveAttributes(), names, pool, keyed.released(),
                            ValueMatcher.EXACT, a.seed(), draws, out);
                } finally {
                    keyed.released().unpersist();
                }
            }
        }
    }

    /** Figures passed on with {@code note} added to their own. */
    static Consumer<Figure> withNote(Consumer<Figure> figures, String note) {
        return f -> figures.accept(new Figure(f.release(), f.qiSet(), f.profile(), f.subgroup(), f.metric(), f.value(),
                f.ciLow(), f.ciHigh(), f.note() == null || f.note().isEmpty() ? note : f.note() + "; " + note));
    }

    /** The attack's candidate pool: every pupil with an integer id, QI values as keys and labels as strings. */
    private static Dataset<Row> pool(Dataset<Row> truth, List<String> qiCols, List<String> sensitive) {
        Dataset<Row> pool = truth.withColumn(MonteCarloAttack.ID, col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType));
        for (String c : qiCols) {
            pool = pool.withColumn(c, RecordLevelRisk.key(c));
        }
        for (String s : sensitive) {
            pool = pool.withColumn(s, col(s).cast(DataTypes.StringType));
        }
        return pool;
    }

    /** Each subgroup's success over the independent extracts ({@link #overDraws}), from each draw's figures. */
    private void overDraws(Scenario.Profile p, List<String> names, List<List<Figure>> byDraw, Consumer<Figure> figures) {
        Map<String, List<Double>> bySubgroup = new LinkedHashMap<>();
        names.forEach(n -> bySubgroup.put(n, new ArrayList<>()));
        for (List<Figure> out : byDraw) {
            for (Figure f : out) {
                if (f.metric().equals(MonteCarloAttack.SUCCESS.id()) && f.value() != null) {
                    bySubgroup.get(f.subgroup()).add(f.value());
                }
            }
        }
        for (Map.Entry<String, List<Double>> e : bySubgroup.entrySet()) {
            figures.accept(overDraws(p, e.getKey(), e.getValue(), extractDraws, draws));
        }
    }

    /** The seed of extract draw {@code r} (from 0): its targets and their knowledge are drawn afresh. */
    private static long drawSeed(long seed, int r) {
        return seed + 7919L * (r + 1);
    }

    /** Mean over the draws, interval mean ± 1.96 sd between draws (clamped to [0, 1]). Package-private for the tests. */
    static Figure overDraws(Scenario.Profile p, String subgroup, List<Double> values, int extractDraws, int draws) {
        if (values.size() < 2) {
            return Figure.unavailable(ReleaseId.of(EXTRACT_DRAWS_RELEASE), QiSetLabel.of(p.qiSet()), p.attacker(), SubgroupLabel.of(subgroup), MonteCarloAttack.SUCCESS,
                    "fewer than two extract draws with targets in this subgroup");
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = Math.sqrt(ss / (values.size() - 1));
        return Figure.of(ReleaseId.of(EXTRACT_DRAWS_RELEASE), QiSetLabel.of(p.qiSet()), p.attacker(), SubgroupLabel.of(subgroup), MonteCarloAttack.SUCCESS, mean,
                Math.max(0, mean - 1.96 * sd), Math.min(1, mean + 1.96 * sd),
                "mean of " + values.size() + " independent extract draws (" + draws + " targets each); interval: "
                        + "mean +- 1.96 sd between draws, covering the extract draw and Monte-Carlo error");
    }

    /** The assessment with the grid's subgroups only (the keyed release carries their mask). */
    private static final class Scoped implements Assessment {
        private final Assessment inner;
        private final List<Subgroup> groups;

        Scoped(Assessment inner, List<Subgroup> groups) {
            this.inner = inner;
            this.groups = groups;
        }

        @Override public org.apache.spark.sql.SparkSession spark() { return inner.spark(); }
        @Override public Dataset<Row> extract() { return inner.extract(); }
        @Override public java.util.Optional<Dataset<Row>> population() { return java.util.Optional.empty(); }
        @Override public java.util.OptionalLong populationSize() { return inner.populationSize(); }
        @Override public List<QiSet> qiSets() { return inner.qiSets(); }
        @Override public List<String> sensitiveAttributes() { return inner.sensitiveAttributes(); }
        @Override public List<Subgroup> subgroups() { return groups; }
        @Override public boolean userData() { return inner.userData(); }
        @Override public int outputThreshold() { return inner.outputThreshold(); }
        @Override public long seed() { return inner.seed(); }
        @Override public java.nio.file.Path artefactDirectory(String releaseId) { return inner.artefactDirectory(releaseId); }
        @Override public Progress progress() { return inner.progress(); }
        @Override public <T> T shared(Object key, java.util.function.Supplier<T> compute) { return inner.shared(key, compute); }
        @Override public boolean keepsShared() { return inner.keepsShared(); }
    }
}
