package org.pupilrisk.release;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.scenario.Scenario;

/**
 * The same assessment for another census year (or another draw of the extract): the extract and the
 * population are replaced, everything the scenario chose is kept. Artefacts go to a directory of their own
 * ({@code suffix} appended to the release id), so the assessed year's are never overwritten.
 */
public final class CensusYearAssessment implements Assessment {

    private final Assessment inner;
    private final Dataset<Row> extract;
    private final Dataset<Row> population;
    private final String suffix;

    public CensusYearAssessment(Assessment inner, Dataset<Row> extract, Dataset<Row> population, String suffix) {
        this.inner = inner;
        this.extract = extract;
        this.population = population;
        this.suffix = suffix;
    }

    @Override public SparkSession spark() { return inner.spark(); }
    @Override public Dataset<Row> extract() { return extract; }
    @Override public Optional<Dataset<Row>> population() { return Optional.of(population); }
    @Override public OptionalLong populationSize() { return OptionalLong.of(population.count()); }
    @Override public List<QiSet> qiSets() { return inner.qiSets(); }
    @Override public List<String> sensitiveAttributes() { return inner.sensitiveAttributes(); }
    @Override public List<Subgroup> subgroups() { return inner.subgroups(); }
    @Override public boolean userData() { return inner.userData(); }
    @Override public int outputThreshold() { return inner.outputThreshold(); }
    @Override public long seed() { return inner.seed(); }
    @Override public Path artefactDirectory(String releaseId) { return inner.artefactDirectory(releaseId + suffix); }
    @Override public Progress progress() { return inner.progress(); }
    @Override public <T> T shared(Object key, java.util.function.Supplier<T> compute) { return inner.shared(key, compute); }
    @Override public boolean keepsShared() { return inner.keepsShared(); }
    @Override public List<Scenario.Profile> profiles() { return inner.profiles(); }
    @Override public int monteCarloDraws() { return inner.monteCarloDraws(); }
    @Override public Optional<Dataset<Row>> resample(Dataset<Row> census, double fraction, String stream) {
        return inner.resample(census, fraction, stream);
    }
    @Override public Optional<org.apache.spark.sql.Column> drawnBy(double fraction, String stream) {
        return inner.drawnBy(fraction, stream);
    }
    @Override public double samplingFraction() { return inner.samplingFraction(); }
}
