package org.pupilrisk.release.kanonymity;

import org.pupilrisk.files.Storage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pupilrisk.attack.ValueMatcher;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.hierarchy.BuiltInHierarchies;
import org.pupilrisk.hierarchy.Hierarchy;
import org.pupilrisk.hierarchy.HierarchyFiles;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.ClassSizes;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.attack.PseudonymComposition;
import org.pupilrisk.attack.RecordLevelRisk;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.CoveredAssessment;
import org.pupilrisk.release.PopulationValues;
import org.pupilrisk.release.tables.TableBuilder;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.release.tables.utility.AnalyticWorkload;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.anonymity.PrivacyModel;
import org.pupilrisk.anonymity.Measure;
import org.pupilrisk.anonymity.Anonymisation;
import org.pupilrisk.anonymity.LatticeSearch;
import org.pupilrisk.anonymity.QuasiIdentifierData;
import org.pupilrisk.anonymity.GeneralisationMatcher;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.ReleaseId;
import org.pupilrisk.metric.SubgroupLabel;
import org.pupilrisk.settings.SettingsException;
import org.pupilrisk.settings.SettingsReader;

/**
 * The {@code k-anonymous} release (docs/domain.md §3): quasi-identifiers generalised along hierarchies and
 * outlier classes suppressed so that every released class satisfies the {@link PrivacyModel}, at the
 * optimal full-domain generalisation found by {@link LatticeSearch}. Writes the generalised microdata
 * and {@code anonymisation.json} (the chosen node) to its artefact directory, reports utility figures,
 * and hands the release to the engine's record-level attacks.
 */
public final class KAnonymousRelease implements ReleaseModel {

    /** Share of records suppressed (ARX: outliers removed). */
    public static final MetricKey SUPPRESSED_SHARE = Metric.KANON_SUPPRESSED_SHARE;
    /** ARX "Loss" of the chosen node, aggregated over quasi-identifiers (see {@link Measure#LOSS}); in [0, 1]. */
    public static final MetricKey INFORMATION_LOSS = Metric.KANON_INFORMATION_LOSS;
    /** ARX non-monotonic discernibility of the chosen node (see {@link Measure#DISCERNIBILITY}). */
    public static final MetricKey DISCERNIBILITY = Metric.KANON_DISCERNIBILITY;
    /** Equivalence classes among the retained records. */
    public static final MetricKey CLASSES = Metric.KANON_CLASSES;

    /** Scenario key: also attack the yearly releases linked through the stable pseudonym ({@link PseudonymComposition}). */
    public static final String LINKED_RELEASES = "linked_releases";

    private final KAnonymitySettings settings;
    private final PrivacyModel model;
    private final Prepared prepared;
    private final boolean linkedReleases;
    /** The scenario entry's {@code id:}, or null for the default {@code k-anonymous(k=5)}. */
    private final String entryId;

    private KAnonymousRelease(KAnonymitySettings settings, int k, Prepared prepared, boolean linkedReleases) {
        this(settings, k, prepared, linkedReleases, null);
    }

    private KAnonymousRelease(KAnonymitySettings settings, int k, Prepared prepared, boolean linkedReleases, String entryId) {
        this.entryId = entryId;
        this.settings = settings;
        this.model = settings.model(k);
        this.prepared = prepared;
        this.linkedReleases = linkedReleases;
    }

    /** One release per k of the settings; they share the one aggregation of the records. */
    public static List<KAnonymousRelease> of(KAnonymitySettings settings) {
        return of(settings, false);
    }

    /**
     * As {@link #of(KAnonymitySettings)}; with {@code linkedReleases}, when the data hold several census years,
     * each year is released the same way and the composition attack through the stable pseudonym is measured.
     */
    public static List<KAnonymousRelease> of(KAnonymitySettings settings, boolean linkedReleases) {
        Prepared shared = new Prepared(List.of());
        List<KAnonymousRelease> releases = new ArrayList<>();
        for (int k : settings.ks()) {
            releases.add(new KAnonymousRelease(settings, k, shared, linkedReleases));
        }
        return releases;
    }

    /**
     * The releases of one scenario entry: {@link KAnonymitySettings} keys plus {@code linked_releases}: true (every
     * k), false (default) or a list of the entry's k values for which to measure the composition attack.
     */
    public static List<KAnonymousRelease> fromYaml(com.fasterxml.jackson.databind.JsonNode node) {
        return fromYaml(node, null);
    }

    /**
     * As {@link #fromYaml(JsonNode)}, under the entry's {@code id:} (null = the default): the release is named
     * {@code id}, or {@code id(k=5)} when the entry has several k, so two entries with different ids never clash.
     */
    public static List<KAnonymousRelease> fromYaml(com.fasterxml.jackson.databind.JsonNode node, String entryId) {
        return fromYaml(node, entryId, List.of());
    }

    /**
     * As {@link #fromYaml(JsonNode, String)}, for an entry of {@code scenario}: an entry without a sensitive attribute
     * counts its records on the sensitive attribute of another k-anonymous entry of the scenario on the same
     * quasi-identifiers ({@link #companions}), so that the records are counted once for both.
     */
    public static List<KAnonymousRelease> fromYaml(JsonNode node, String entryId, org.pupilrisk.scenario.Scenario scenario) {
        return fromYaml(node, entryId, companions(scenario, node));
    }

    /** As {@link #fromYaml(JsonNode, String)}, the entry counting its records on the first usable of {@code companions}. */
    static List<KAnonymousRelease> fromYaml(JsonNode node, String entryId, List<String> companions) {
        JsonNode linked = null;
        if (node instanceof ObjectNode o && o.has(LINKED_RELEASES)) {
            linked = o.get(LINKED_RELEASES);
            o = o.deepCopy();
            o.remove(LINKED_RELEASES);
            node = o;
        }
        KAnonymitySettings settings = KAnonymitySettings.fromYaml(node);
        Set<Integer> ks = new java.util.HashSet<>();
        if (linked != null && linked.isBoolean()) {
            if (linked.asBoolean()) {
                ks.addAll(settings.ks());
            }
        } else if (linked != null && linked.isArray()) {
            for (JsonNode k : linked) {
                if (!k.canConvertToInt() || !settings.ks().contains(k.asInt())) {
                    throw new SettingsException(KAnonymitySettings.WHERE + "." + LINKED_RELEASES, "values of k "
                            + settings.ks() + ", not '" + k.asText() + "'").in(SettingsReader.SCENARIO);
                }
                ks.add(k.asInt());
            }
        } else if (linked != null) {
            throw new SettingsException(KAnonymitySettings.WHERE + "." + LINKED_RELEASES, "true, false or a list of k values, not '"
                    + linked.asText() + "'").in(SettingsReader.SCENARIO);
        }
        Prepared shared = new Prepared(companions);
        List<KAnonymousRelease> releases = new ArrayList<>();
        for (int k : settings.ks()) {
            String id = entryId == null ? null : settings.ks().size() == 1 ? entryId : entryId + "(k=" + k + ")";
            releases.add(new KAnonymousRelease(settings, k, shared, ks.contains(k), id));
        }
        return releases;
    }

    /**
     * The sensitive attributes of the k-anonymous entries of {@code scenario} whose models need one and whose
     * quasi-identifiers and hierarchies are those of {@code entry}, in scenario order; none when {@code entry} has a
     * sensitive model itself. An entry that does not parse is left out: it reports its own error when it is built.
     */
    static List<String> companions(org.pupilrisk.scenario.Scenario scenario, JsonNode entry) {
        KAnonymitySettings own = settingsOf(entry);
        if (scenario == null || own == null || own.model(own.ks().get(0)).needsSensitive()) {
            return List.of();
        }
        List<String> sensitive = new ArrayList<>();
        for (org.pupilrisk.scenario.Scenario.Release r : scenario.releases()) {
            KAnonymitySettings other = "k-anonymous".equals(r.model()) ? settingsOf(r.params()) : null;
            boolean sameClasses = other != null && java.util.Objects.equals(other.qiSet(), own.qiSet())
                    && other.qiColumns().equals(own.qiColumns())
                    && java.util.Objects.equals(other.hierarchies(), own.hierarchies());
            if (sameClasses && other.model(other.ks().get(0)).needsSensitive() && !sensitive.contains(other.sensitive())) {
                sensitive.add(other.sensitive());
            }
        }
        return List.copyOf(sensitive);
    }

    /** An entry's settings (its entry keys and linked_releases aside), or null when they do not parse. */
    private static KAnonymitySettings settingsOf(JsonNode entry) {
        if (!(entry instanceof ObjectNode o)) {
            return null;
        }
        ObjectNode own = o.deepCopy();
        own.remove(List.of("model", "id", LINKED_RELEASES));
        try {
            return KAnonymitySettings.fromYaml(own);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String id() {
        return entryId != null ? entryId : "k-anonymous(" + model.label() + ")";
    }

    @Override
    public void check(org.pupilrisk.scenario.Scenario scenario, java.util.Optional<List<String>> columns) {
        List<String> qis = settings.qiColumns();
        if (qis.isEmpty()) {
            qis = scenario.qiSets().stream().filter(s -> settings.qiSet() == null || s.name().equals(settings.qiSet()))
                    .findFirst().map(QiSet::columns)
                    .orElseThrow(() -> new InvalidInputException(id() + ": qi '" + settings.qiSet()
                            + "' is not a QI set of the scenario"));
        }
        if (columns.isPresent()) {
            for (String q : qis) {
                if (!columns.get().contains(q)) {
                    throw new InvalidInputException(id() + ": quasi-identifier " + q + " is not a column of the data");
                }
            }
            String sensitive = model.needsSensitive() ? settings.sensitive() : null;
            if (sensitive != null && !columns.get().contains(sensitive)) {
                throw new InvalidInputException(id() + ": sensitive attribute " + sensitive + " is not a column of the data");
            }
        }
        if (settings.hierarchies() != null) {
            HierarchyFiles.load(settings.hierarchies(), qis);
        }
    }

    @Override
    public Object settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", model.k());
        m.put("qi", settings.qiColumns().isEmpty() ? settings.qiSet() : settings.qiColumns());
        m.put("sensitive", settings.sensitive());
        m.put("l_diversity", settings.diversity().name().toLowerCase(java.util.Locale.ROOT));
        m.put("l", settings.l());
        m.put("t", settings.t());
        m.put("suppression_limit", settings.suppressionLimit());
        m.put("measure", settings.measure().name().toLowerCase(java.util.Locale.ROOT));
        m.put("hierarchies", settings.hierarchies() == null ? null : settings.hierarchies().toString());
        m.put("suppressed_records", settings.suppressedRecords().name().toLowerCase(java.util.Locale.ROOT));
        m.put("format", settings.format().name().toLowerCase(java.util.Locale.ROOT));
        m.put("other_columns", settings.otherColumns().name().toLowerCase(java.util.Locale.ROOT));
        m.put("linked_releases", linkedReleases);
        return m;
    }

    public PrivacyModel model() {
        return model;
    }

    @Override
    public void assess(Assessment assessment, Consumer<Figure> figures) {
        try (Outcome outcome = anonymise(assessment, true)) {
            assess(assessment, outcome, figures);
        }
    }

    private void assess(Assessment assessment, Outcome outcome, Consumer<Figure> figures) {
        String qiSet = outcome.qiSetName();
        Anonymisation a = outcome.anonymisation();
        String release = id();
        if (!a.found()) {
            figures.accept(Figure.unavailable(ReleaseId.of(release), QiSetLabel.of(qiSet), AttackerProfile.NONE, SubgroupLabel.ALL,
                    INFORMATION_LOSS, "no generalisation satisfies " + model.label() + " within suppression limit "
                            + model.suppressionLimit()));
            return;
        }
        figures.accept(Figure.exact(ReleaseId.of(release), QiSetLabel.of(qiSet), AttackerProfile.NONE, SubgroupLabel.ALL, SUPPRESSED_SHARE, a.suppressedShare()));
        figures.accept(Figure.exact(ReleaseId.of(release), QiSetLabel.of(qiSet), AttackerProfile.NONE, SubgroupLabel.ALL, INFORMATION_LOSS, a.loss()));
        figures.accept(Figure.exact(ReleaseId.of(release), QiSetLabel.of(qiSet), AttackerProfile.NONE, SubgroupLabel.ALL, DISCERNIBILITY, a.discernibility()));
        figures.accept(Figure.exact(ReleaseId.of(release), QiSetLabel.of(qiSet), AttackerProfile.NONE, SubgroupLabel.ALL, CLASSES, a.classes()));
        List<Hierarchy> hs = outcome.hierarchies();
        for (int j = 0; j < hs.size(); j++) {
            Hierarchy h = hs.get(j);
            figures.accept(Figure.of(ReleaseId.of(release), QiSetLabel.of(qiSet), AttackerProfile.NONE, SubgroupLabel.ALL, Metric.kanonLevel(h.column()),
                    (double) a.levels()[j], null, null, "level " + a.levels()[j] + " of " + (h.height() - 1)
                    + " (" + h.source() + ")"));
            figures.accept(Figure.exact(ReleaseId.of(release), QiSetLabel.of(qiSet), AttackerProfile.NONE, SubgroupLabel.ALL, Metric.kanonInformationLoss(h.column()),
                    a.lossPerQi()[j]));
        }
        workloadError(assessment, release, outcome.released(), figures);
        // with other columns kept, a QI set is attacked whenever the release carries its columns, generalised or raw
        List<String> published = settings.otherColumns() == GeneralisedRelease.OtherColumns.KEEP
                ? List.of(outcome.released().columns())
                : outcome.hierarchies().stream().map(Hierarchy::column).toList();
        // only QI sets (and attackers) whose columns this release publishes can be measured against it
        RecordLevelRisk.assess(new CoveredAssessment(assessment, published), release,
                outcome.withTruth().orElse(outcome.released()), outcome.matcher(), outcome.withTruth().isPresent(), figures);
        if (linkedReleases && assessment.allYears().isPresent()) {
            composition(assessment, outcome, published, figures);
        }
    }

    /**
     * Releases every earlier census year the same way (its own optimal generalisation, the same pupils drawn)
     * and measures the composition attack of {@link PseudonymComposition} for each attacker whose knowledge
     * the release publishes.
     */
    private void composition(Assessment assessment, Outcome current, List<String> published, Consumer<Figure> figures) {
        Dataset<Row> all = assessment.allYears().orElseThrow();
        String yearCol = NpdColumns.CENSUS_YEAR;
        List<Integer> years = new ArrayList<>();
        for (Row r : all.select(yearCol).distinct().orderBy(yearCol).collectAsList()) {
            years.add(r.getInt(0));
        }
        Assessment covered = new CoveredAssessment(assessment, published);
        if (years.size() < 2 || covered.profiles().isEmpty()) {
            return;
        }
        List<String> sensitive = assessment.sensitiveAttributes();
        List<String> qiCols = new ArrayList<>();
        covered.qiSets().forEach(q -> q.columns().forEach(c -> { if (!qiCols.contains(c)) qiCols.add(c); }));
        List<PseudonymComposition.YearRelease> releases = new ArrayList<>();
        for (int i = 0; i < years.size(); i++) {
            int y = years.get(i);
            Outcome o = current;
            if (i < years.size() - 1) {
                Dataset<Row> census = all.where(org.apache.spark.sql.functions.col(yearCol).equalTo(y));
                java.util.Optional<Dataset<Row>> extract = assessment.resample(census, assessment.samplingFraction(),
                        org.pupilrisk.release.DataSource.EXTRACT_STREAM);
                if (extract.isEmpty()) {
                    return;
                }
                assessment.progress().step(id() + ": releasing " + y + " the same way (linked releases)");
                o = anonymise(new org.pupilrisk.release.CensusYearAssessment(assessment, extract.get(), census, "-" + y));
                if (!o.anonymisation().found()) {
                    continue; // nothing released that year
                }
            }
            List<Column> sel = new ArrayList<>();
            sel.add(new Column(NpdColumns.PUPIL_ID).cast("long").as(org.pupilrisk.attack.MonteCarloAttack.ID));
            qiCols.forEach(c -> sel.add(RecordLevelRisk.key(c)));
            sensitive.forEach(c -> sel.add(new Column(c).cast("string").as(c)));
            releases.add(new PseudonymComposition.YearRelease(y, o.released().select(sel.toArray(Column[]::new)), o.matcher()));
        }
        List<Column> tSel = new ArrayList<>();
        tSel.add(new Column(NpdColumns.PUPIL_ID).cast("long").as(org.pupilrisk.attack.MonteCarloAttack.ID));
        tSel.add(new Column(yearCol).cast("int").as("_y"));
        qiCols.forEach(c -> tSel.add(RecordLevelRisk.key(c)));
        sensitive.forEach(c -> tSel.add(new Column(c).cast("string").as(c)));
        Dataset<Row> truth = all.select(tSel.toArray(Column[]::new)).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> pool = RecordLevelRisk.withMask(assessment.extract(), assessment.subgroups())
                    .withColumn(org.pupilrisk.attack.MonteCarloAttack.ID, new Column(NpdColumns.PUPIL_ID).cast("long"));
            List<String> subgroups = assessment.subgroups().stream().map(Subgroup::name).toList();
            for (org.pupilrisk.scenario.Scenario.Profile p : covered.profiles()) {
                List<String> qi = covered.qiSets().stream().filter(q -> q.name().equals(p.qiSet())).findFirst()
                        .orElseThrow().columns();
                assessment.progress().step(id() + ": composition attack by " + p.name() + " over " + releases.size()
                        + " yearly releases");
                PseudonymComposition.assess(assessment.spark(), id(), p.name(), p.qiSet(), p.targets(), releases, pool, truth,
                        qi, sensitive, subgroups, assessment.seed(), assessment.monteCarloDraws(), figures);
            }
        } finally {
            truth.unpersist();
        }
    }

    /**
     * Utility for analysts: the fixed analytic workload (the same queries the table releases answer: AP
     * placement reasons by LA, SEN need by year group) tabulated from the released microdata against the
     * extract it was made from. Queries whose columns the data lack (a user's own file) are reported unavailable.
     */
    static void workloadError(Assessment assessment, String releaseId, Dataset<Row> released, Consumer<Figure> figures) {
        Set<String> have = Set.of(assessment.extract().columns());
        Set<String> published = Set.of(released.columns());
        for (TableSpec q : AnalyticWorkload.defaults()) {
            String why = assessment.userData() ? "not computed on user data"
                    : !have.containsAll(q.dimensions()) ? "the data lack the query's columns"
                    : !published.containsAll(q.dimensions()) ? "the release does not publish "
                            + q.dimensions().stream().filter(c -> !published.contains(c)).toList()
                            + " (other_columns: drop)"
                    : !resolves(released, q.filter()) ? "the release does not publish the columns of the query's filter ("
                            + q.filter() + "; other_columns: drop)"
                    : null;
            if (why != null) {
                for (MetricKey m : List.of(AnalyticWorkload.MAE, AnalyticWorkload.MRE)) {
                    figures.accept(Figure.unavailable(ReleaseId.of(releaseId), QiSetLabel.of(q.name()), AttackerProfile.NONE, SubgroupLabel.ALL,
                            m, why));
                }
                continue;
            }
            AnalyticWorkload.Error e = AnalyticWorkload.compare(TableBuilder.build(assessment, assessment.extract(), q),
                    TableBuilder.build(released, q));
                figures.accept(Figure.exact(ReleaseId.of(releaseId), QiSetLabel.of(q.name()), AttackerProfile.NONE, SubgroupLabel.ALL, AnalyticWorkload.MAE, e.mae()));
            figures.accept(Double.isNaN(e.mre())
                    ? Figure.unavailable(ReleaseId.of(releaseId), QiSetLabel.of(q.name()), AttackerProfile.NONE, SubgroupLabel.ALL, AnalyticWorkload.MRE, "every true cell is zero")
                    : Figure.exact(ReleaseId.of(releaseId), QiSetLabel.of(q.name()), AttackerProfile.NONE, SubgroupLabel.ALL, AnalyticWorkload.MRE, e.mre()));
        }
    }

    /** Whether a Spark SQL condition can be evaluated on the data: every column it names is there. */
    private static boolean resolves(Dataset<Row> data, String condition) {
        try {
            data.where(condition).schema(); // analysed eagerly: an unknown column fails here
            return true;
        } catch (Exception e) {
            if (e instanceof org.apache.spark.sql.AnalysisException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The chosen generalisation, the released records (as read back from the written file) and their matcher; with
     * {@code withTruth}, the same rows as they were written, each with its subgroup mask, cached (see
     * {@link RecordLevelRisk#assess(Assessment, String, Dataset, ValueMatcher, boolean, Consumer)}), until
     * {@link #close()}.
     */
    public record Outcome(String qiSetName, List<Hierarchy> hierarchies, Anonymisation anonymisation,
                          Dataset<Row> released, ValueMatcher matcher, Path written,
                          java.util.Optional<Dataset<Row>> withTruth) implements AutoCloseable {

        Outcome(String qiSetName, List<Hierarchy> hierarchies, Anonymisation anonymisation) {
            this(qiSetName, hierarchies, anonymisation, null, null, null, java.util.Optional.empty());
        }

        @Override
        public void close() {
            withTruth.ifPresent(Dataset::unpersist);
        }
    }

    /** Searches, builds and writes the release (without figures); {@link Outcome#withTruth()} is empty. */
    public Outcome anonymise(Assessment assessment) {
        return anonymise(assessment, false);
    }

    /** As {@link #anonymise(Assessment)}; with {@code forAttacks}, the released rows with their truth kept too. */
    private Outcome anonymise(Assessment assessment, boolean forAttacks) {
        Dataset<Row> data = assessment.extract();
        String qiSetName;
        List<String> qis;
        if (!settings.qiColumns().isEmpty()) {
            qiSetName = "k-anonymous-qi";
            qis = settings.qiColumns();
        } else {
            QiSet set = null;
            for (QiSet s : assessment.qiSets()) {
                if (settings.qiSet() == null || s.name().equals(settings.qiSet())) {
                    set = s;
                    break;
                }
            }
            if (set == null) {
                throw new InvalidInputException("k-anonymous: qi '" + settings.qiSet() + "' is not a QI set of the scenario");
            }
            qiSetName = set.name();
            qis = set.columns();
        }
        Set<String> columns = Set.of(data.columns());
        for (String q : qis) {
            if (!columns.contains(q)) {
                throw new InvalidInputException("k-anonymous: quasi-identifier " + q + " is not a column of the data");
            }
        }
        String sensitive = model.needsSensitive() ? settings.sensitive() : null;
        if (sensitive != null && !columns.contains(sensitive)) {
            throw new InvalidInputException("k-anonymous: sensitive attribute " + sensitive + " is not a column of the data");
        }
        if (sensitive != null && qis.contains(sensitive)) {
            throw new InvalidInputException("k-anonymous: sensitive attribute " + sensitive + " is also a quasi-identifier");
        }
        assessment.progress().step(id() + ": aggregating records on " + qis);
        Prepared.Entry prep = prepared.get(assessment, qis, sensitive, settings.hierarchies());
        assessment.progress().step(id() + ": searching " + LatticeSearch.latticeSize(prep.hierarchies()) + " generalisations");
        Anonymisation a = new LatticeSearch(prep.hierarchies(), prep.data().finest(), prep.data().global(), model,
                settings.measure(), prep.data().sensitive().indexOf(Hierarchy.MISSING)).run();
        if (!a.found()) {
            return new Outcome(qiSetName, prep.hierarchies(), a);
        }
        List<String> shown = new ArrayList<>(List.of(data.columns()));
        if (settings.otherColumns() == GeneralisedRelease.OtherColumns.DROP) {
            shown.clear();
            if (columns.contains(NpdColumns.PUPIL_ID)) {
                shown.add(NpdColumns.PUPIL_ID); // the extract's pseudonym, as NPD extracts carry one
            }
            shown.addAll(qis);
            List<String> labels = new ArrayList<>(assessment.sensitiveAttributes());
            if (sensitive != null) {
                labels.add(sensitive);
            }
            labels.stream().filter(columns::contains).filter(c -> !shown.contains(c)).forEach(shown::add);
        }
        // The released rows are made once, each with the subgroup mask of the extract's row it comes from, and kept:
        // the file is written from them and the attacks read them, so the attacks need no join with the extract for
        // each row's mask and true labels. Not where a label is itself generalised (a quasi-identifier): its true
        // value is then only in the extract, and the attacks join the written rows with it.
        boolean labelsKept = forAttacks && assessment.sensitiveAttributes().stream().noneMatch(qis::contains)
                && !columns.contains(ClassSizes.MASK);
        Dataset<Row> source = labelsKept ? RecordLevelRisk.withMask(data, assessment.subgroups()) : data;
        Dataset<Row> applied = GeneralisedRelease.apply(source, prep.hierarchies(), a, settings.suppressedRecords());
        java.util.Optional<Dataset<Row>> attacked = java.util.Optional.empty();
        if (labelsKept) {
            List<String> withMask = new ArrayList<>(shown);
            withMask.add(ClassSizes.MASK);
            attacked = java.util.Optional.of(applied.select(columns(withMask))
                    .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK()));
        }
        Dataset<Row> released = attacked.orElse(applied).select(columns(shown));
        Path dir = assessment.artefactDirectory(id());
        Path written = dir.resolve(settings.format() == GeneralisedRelease.Format.CSV ? "release-csv" : "release-parquet");
        try {
            GeneralisedRelease.write(released, written, settings.format());
            writeReport(dir.resolve("anonymisation.json"), prep.hierarchies(), a);
        } catch (RuntimeException e) {
            attacked.ifPresent(Dataset::unpersist);
            throw e;
        }
        Dataset<Row> readBack = settings.format() == GeneralisedRelease.Format.CSV
                ? assessment.spark().read().option("header", "true").csv(Storage.forSpark(written))
                : assessment.spark().read().parquet(Storage.forSpark(written));
        return new Outcome(qiSetName, prep.hierarchies(), a, readBack,
                new GeneralisationMatcher(prep.hierarchies(), a.levels()), written, attacked);
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(Column::new).toArray(Column[]::new);
    }

    private void writeReport(Path file, List<Hierarchy> hierarchies, Anonymisation a) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("release", id());
        root.put("measure", settings.measure().name().toLowerCase());
        root.put("suppression_limit", model.suppressionLimit());
        root.put("suppressed_records_mode", settings.suppressedRecords().name().toLowerCase());
        ArrayNode qis = root.putArray("quasi_identifiers");
        for (int j = 0; j < hierarchies.size(); j++) {
            ObjectNode q = qis.addObject();
            q.put("column", hierarchies.get(j).column());
            q.put("level", a.levels()[j]);
            q.put("top_level", hierarchies.get(j).height() - 1);
            q.put("hierarchy", hierarchies.get(j).source());
            q.put("loss", a.lossPerQi()[j]);
        }
        root.put("records", a.records());
        root.put("records_suppressed", a.suppressedRecords());
        root.put("classes", a.classes());
        root.put("classes_suppressed", a.suppressedClasses());
        root.put("loss", a.loss());
        root.put("discernibility", a.discernibility());
        root.put("lattice_nodes", a.nodesTotal());
        root.put("nodes_evaluated", a.nodesEvaluated());
        root.put("nodes_pruned_by_bound", a.nodesPrunedByBound());
        root.put("nodes_pruned_by_projection", a.nodesPrunedByProjection());
        root.put("projection_nodes_evaluated", a.projectionsEvaluated());
        AtomicOutput.file(file, tmp -> Files.writeString(tmp, mapper.writeValueAsString(root)));
    }

    /** Hierarchies and the aggregated records, computed once and shared by the releases of one entry. */
    static final class Prepared {
        record Entry(List<Hierarchy> hierarchies, QuasiIdentifierData data) {
        }

        /** Sensitive attributes other entries aggregate these quasi-identifiers on ({@link #companions}). */
        private final List<String> companions;

        Prepared(List<String> companions) {
            this.companions = List.copyOf(companions);
        }

        // a few entries: the assessed year's aggregate must survive the linked releases' earlier years
        private final Map<List<Object>, Entry> cache = new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Object>, Entry> eldest) {
                return size() > 3;
            }
        };

        synchronized Entry get(Assessment assessment, List<String> qis, String sensitive, Path hierarchyDir) {
            List<Object> key = List.of(assessment, qis, String.valueOf(sensitive), String.valueOf(hierarchyDir));
            Entry entry = cache.get(key);
            if (entry != null) {
                return entry;
            }
            Dataset<Row> data = assessment.extract();
            // Built-in hierarchies cover every value of the population when it is known (synthetic data): the
            // attacks generalise population records and attacker knowledge through them, not only released values.
            Dataset<Row> domain = assessment.population().orElse(data);
            // the same for every entry on these columns (a scan of the population each): a release with a sensitive
            // attribute (l-diversity) reuses those of the releases without one
            List<Hierarchy> hs = assessment.shared(new HierarchiesOf(domain, List.copyOf(qis), String.valueOf(hierarchyDir)),
                    () -> hierarchies(assessment, domain, qis, hierarchyDir));
            entry = new Entry(hs, aggregated(assessment, data, qis, hs, sensitive));
            cache.put(key, entry);
            return entry;
        }

        /**
         * The records counted per class (and sensitive value), once per run for every entry on the same records,
         * quasi-identifiers and sensitive attribute. Without a sensitive attribute of its own, when the run keeps what
         * releases share and another entry counts these quasi-identifiers on one (l-diversity, t-closeness), the
         * count is that entry's less its frequencies: the same classes in the same order with the same sizes
         * ({@link QuasiIdentifierData#withoutSensitive}), and the records are counted once, not twice (benchmarks/
         * RESULTS.md, "one count of the records for both k-anonymous entries").
         */
        private QuasiIdentifierData aggregated(Assessment assessment, Dataset<Row> data, List<String> qis,
                                               List<Hierarchy> hs, String sensitive) {
            String on = sensitive;
            if (sensitive == null && assessment.keepsShared()) {
                List<String> columns = List.of(data.columns());
                on = companions.stream().filter(c -> columns.contains(c) && !qis.contains(c)).findFirst().orElse(null);
            }
            String counted = on;
            QuasiIdentifierData q = assessment.shared(new Counted(data, hs, counted),
                    () -> QuasiIdentifierData.aggregate(data, hs, counted));
            return sensitive == null ? q.withoutSensitive() : q;
        }

        /** Shared-store key of a count of the records: the extract (by identity), hierarchies and sensitive column. */
        private record Counted(Dataset<Row> data, List<Hierarchy> hierarchies, String sensitive) {
        }

        private static List<Hierarchy> hierarchies(Assessment assessment, Dataset<Row> domain, List<String> qis,
                                                   Path hierarchyDir) {
            Map<String, Hierarchy> files = hierarchyDir == null ? Map.of() : HierarchyFiles.load(hierarchyDir, qis);
            List<String> builtIn = qis.stream().filter(q -> !files.containsKey(q)).toList();
            // from the population's values the record-level releases number (one job for both) when they include
            // these columns, else from a job of their own
            boolean shared = !builtIn.isEmpty() && assessment.population().isPresent()
                    && PopulationValues.columns(assessment).containsAll(builtIn);
            Map<String, Hierarchy> computed = shared
                    ? BuiltInHierarchies.fromObservations(PopulationValues.of(assessment).orElseThrow(), builtIn, Map.of())
                    : BuiltInHierarchies.fromData(builtIn, domain, Map.of());
            List<Hierarchy> hs = new ArrayList<>();
            for (String q : qis) {
                hs.add(files.containsKey(q) ? files.get(q) : computed.get(q));
            }
            return List.copyOf(hs);
        }

        /** The hierarchies of {@code qis} over the values of {@code domain}, with a user's files from a directory. */
        private record HierarchiesOf(Dataset<Row> domain, List<String> qis, String hierarchyDir) {
        }
    }
}
