package org.pupilrisk.release;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.RowCodes;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.scenario.Scenario;

/**
 * The same assessment, restricted to the QI sets (and the attacker profiles that know them) whose
 * columns a release actually publishes.
 *
 * <p>Why: a k-anonymous release publishes only the quasi-identifiers it protects. An attacker whose
 * knowledge needs a column the release does not carry cannot be compared with it, and measuring them
 * against a column that is not there would invent figures; such QI sets are left out, not scored 0.
 */
public final class CoveredAssessment implements Assessment {

    private final Assessment inner;
    private final List<QiSet> qiSets;
    private final List<Scenario.Profile> profiles;

    public CoveredAssessment(Assessment inner, Collection<String> publishedColumns) {
        this.inner = inner;
        Set<String> published = Set.copyOf(publishedColumns);
        this.qiSets = inner.qiSets().stream().filter(q -> published.containsAll(q.columns())).toList();
        Set<String> names = qiSets.stream().map(QiSet::name).collect(java.util.stream.Collectors.toSet());
        this.profiles = inner.profiles().stream().filter(p -> names.contains(p.qiSet())).toList();
    }

    @Override public SparkSession spark() { return inner.spark(); }
    @Override public Dataset<Row> extract() { return inner.extract(); }
    @Override public Optional<RowCodes> extractCodes() { return inner.extractCodes(); }
    @Override public Optional<Dataset<Row>> population() { return inner.population(); }
    @Override public OptionalLong populationSize() { return inner.populationSize(); }
    @Override public List<QiSet> qiSets() { return qiSets; }
    @Override public List<QiSet> scenarioQiSets() { return inner.scenarioQiSets(); }
    @Override public List<String> sensitiveAttributes() { return inner.sensitiveAttributes(); }
    @Override public List<Subgroup> subgroups() { return inner.subgroups(); }
    @Override public boolean userData() { return inner.userData(); }
    @Override public int outputThreshold() { return inner.outputThreshold(); }
    @Override public long seed() { return inner.seed(); }
    @Override public Path artefactDirectory(String releaseId) { return inner.artefactDirectory(releaseId); }
    @Override public Progress progress() { return inner.progress(); }
    @Override public <T> T shared(Object key, java.util.function.Supplier<T> compute) { return inner.shared(key, compute); }
    @Override public boolean keepsShared() { return inner.keepsShared(); }
    @Override public List<Scenario.Profile> profiles() { return profiles; }
    @Override public int monteCarloDraws() { return inner.monteCarloDraws(); }
    @Override public Optional<Dataset<Row>> allYears() { return inner.allYears(); }
    @Override public Optional<Dataset<Row>> resample(Dataset<Row> census, double fraction, String stream) {
        return inner.resample(census, fraction, stream);
    }
    @Override public Optional<org.apache.spark.sql.Column> drawnBy(double fraction, String stream) {
        return inner.drawnBy(fraction, stream);
    }
    @Override public double samplingFraction() { return inner.samplingFraction(); }
}
