package org.pupilrisk.engine;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.RowCodes;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.NpdPopulation;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.population.GeneratorVersion;
import org.pupilrisk.population.PopulationManifest;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.DataSource;

/** The {@link Assessment} of a loaded data source under a scenario (what {@code pupilrisk assess} builds). */
public final class ScenarioAssessment implements Assessment, AutoCloseable {

    private final SparkSession spark;
    private final DataSource.Loaded data;
    private final Path output;
    private final Progress progress;
    /** What releases share within this run (see {@link Assessment#shared}). */
    private final ConcurrentHashMap<Object, Object> shared = new ConcurrentHashMap<>();

    public ScenarioAssessment(SparkSession spark, DataSource.Loaded data, Path output, Progress progress) {
        this.spark = spark;
        this.data = data;
        this.output = output;
        this.progress = progress;
    }

    public Scenario scenario() {
        return data.scenario();
    }

    public DataSource.Loaded data() {
        return data;
    }

    @Override
    public SparkSession spark() {
        return spark;
    }

    @Override
    public Dataset<Row> extract() {
        return data.extract();
    }

    @Override
    public Optional<RowCodes> extractCodes() {
        return data.extractCodes();
    }

    @Override
    public Optional<Dataset<Row>> population() {
        return data.population();
    }

    @Override
    public OptionalLong populationSize() {
        return data.populationSize();
    }

    @Override
    public List<QiSet> qiSets() {
        return scenario().qiSets();
    }

    @Override
    public List<String> sensitiveAttributes() {
        return scenario().sensitive();
    }

    @Override
    public List<Subgroup> subgroups() {
        return scenario().subgroups();
    }

    @Override
    public boolean userData() {
        return data.kind().equals("user");
    }

    @Override
    public int outputThreshold() {
        return scenario().outputThreshold();
    }

    @Override
    public long seed() {
        return scenario().seed();
    }

    @Override
    public Path artefactDirectory(String releaseId) {
        Path dir = output.resolve("releases").resolve(releaseId.replaceAll("[^A-Za-z0-9_.=-]", "_"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T shared(Object key, Supplier<T> compute) {
        // Not computeIfAbsent: a computation may itself ask for a shared value, which that method forbids.
        Object value = shared.get(key);
        if (value == null) {
            value = compute.get();
            Object earlier = shared.putIfAbsent(key, value);
            if (earlier != null) {
                value = earlier;
            }
        }
        return (T) value;
    }

    @Override
    public boolean keepsShared() {
        return true;
    }

    /** Closes the shared values that hold resources (persisted datasets): the run is over. */
    @Override
    public void close() {
        for (Object v : shared.values()) {
            if (v instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing a shared value of the run", e);
                }
            }
        }
        shared.clear();
    }

    @Override
    public List<Scenario.Profile> profiles() {
        return scenario().profiles();
    }

    @Override
    public int monteCarloDraws() {
        return scenario().monteCarloDraws();
    }

    @Override
    public Optional<Dataset<Row>> allYears() {
        return data.allYears();
    }

    @Override
    public Optional<Dataset<Row>> resample(Dataset<Row> census, double fraction, String stream) {
        return userData() ? Optional.empty()
                : Optional.of(DataSource.sample(census, scenario().extract().filter(), fraction, seed(), stream));
    }

    @Override
    public Optional<org.apache.spark.sql.Column> drawnBy(double fraction, String stream) {
        return userData() ? Optional.empty() : Optional.of(DataSource.drawn(fraction, seed(), stream));
    }

    @Override
    public OptionalDouble districtSpread() {
        return manifest().map(m -> OptionalDouble.of(m.districtSpread())).orElse(OptionalDouble.empty());
    }

    @Override
    public Optional<String> regenerationNote() {
        return manifest().flatMap(m -> m.regenerationCaveat(GeneratorVersion.running()));
    }

    private Optional<PopulationManifest> manifest() {
        return userData() ? Optional.empty() : PopulationManifest.read(data.path());
    }

    /**
     * {@inheritDoc}
     *
     * <p>At the population's own spread, when the running generator is the one that drew it (no
     * {@link #regenerationNote()}), the census year drawn afresh is the assessed census year row for row (tested:
     * {@code DistrictSpreadAxisTest}); the assessed one is then used as it is instead of being drawn a second time.
     */
    @Override
    public Optional<Regenerated> regenerate(double spread) {
        return regenerate(spread, Optional.empty());
    }

    /**
     * {@inheritDoc}
     *
     * <p>A census drawn afresh keeps only the pupil id, the census year, {@code columns}, every column one of
     * {@code conditions} reads ({@link DataSource#columnsRead}) and every column the extract's filter reads: it is
     * cached whole, and caching all the generator's columns cost about as long as drawing them. The assessed census
     * year, when it is the one asked for, is passed on as it is (already cached).
     */
    @Override
    public Optional<Regenerated> regenerate(double spread, List<String> columns, List<String> conditions) {
        return regenerate(spread, Optional.of(new Needed(columns, conditions)));
    }

    /** The columns a regenerated census must keep: see {@link #regenerate(double, List, List)}. */
    private record Needed(List<String> columns, List<String> conditions) {
    }

    private Optional<Regenerated> regenerate(double spread, Optional<Needed> needed) {
        Optional<PopulationManifest> m = manifest();
        if (m.isEmpty() || !m.get().bundledCalibration()) {
            // a population drawn from a settings file's values cannot be drawn again from the manifest alone
            return Optional.empty();
        }
        Optional<Dataset<Row>> assessed = population();
        if (assessed.isPresent() && m.get().districtSpread() == spread && regenerationNote().isEmpty()) {
            return Optional.of(new Regenerated() {
                @Override
                public Dataset<Row> census() {
                    return assessed.get();
                }

                @Override
                public void close() {
                    // the assessed census year belongs to the run, not to this regeneration
                }
            });
        }
        return generateAfresh(spread, needed);
    }

    /** The assessed census year drawn again by the running generator with {@code spread}; see {@link #regenerate}. */
    public Optional<Regenerated> generateAfresh(double spread) {
        return generateAfresh(spread, Optional.empty());
    }

    private Optional<Regenerated> generateAfresh(double spread, Optional<Needed> needed) {
        Optional<PopulationManifest> m = manifest();
        if (m.isEmpty() || !m.get().bundledCalibration()) {
            return Optional.empty();
        }
        int year = data.censusYear();
        // only the assessed census year: a panel's year equals a one-year run's with the same seed (the
        // generator is stationary), so the regenerated census differs from the assessed one by the spread alone.
        // Its rows are never written: they stream from the generator into the first job that reads the census,
        // labelled as a written population's are (NpdPopulation.labelled) but from the same generation pass (each
        // pupil-year carries its AP and exclusion labels: no second pass of every life for the events, no join),
        // and are cached there.
        PopulationGenerator.Unwritten rows = PopulationGenerator.unwritten(spark, new PopulationSettings(m.get().pupils(),
                year, year, m.get().seed(), OutputFormat.PARQUET, output, 0, spread));
        Dataset<Row> whole = NpdPopulation.labelled(rows.labelledPupils(), Optional.empty(), Optional.empty(),
                        Optional.of(rows.schools()))
                .where(col(NpdColumns.CENSUS_YEAR).equalTo(year));
        Dataset<Row> labelled = whole;
        if (needed.isPresent()) {
            Set<String> keep = new HashSet<>(List.of(NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR));
            keep.addAll(needed.get().columns());
            List<String> conditions = new ArrayList<>(needed.get().conditions());
            conditions.add(scenario().extract().filter());
            conditions.forEach(c -> keep.addAll(DataSource.columnsRead(whole, c)));
            // in the census' own order, so that the cut-down census differs from the whole one by columns alone
            labelled = whole.select(Arrays.stream(whole.columns()).filter(keep::contains).map(c -> col(c)).toArray(Column[]::new));
        }
        Dataset<Row> census = labelled.persist(StorageLevel.MEMORY_AND_DISK()); // cached by its first use, until close()
        return Optional.of(new Regenerated() {
            @Override
            public Dataset<Row> census() {
                return census;
            }

            @Override
            public void close() {
                census.unpersist(true);
                rows.close();
            }
        });
    }

    @Override
    public double samplingFraction() {
        return userData() ? 1.0 : scenario().extract().samplingFraction();
    }
}
