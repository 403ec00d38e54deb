package org.pupilrisk.release;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.RowCodes;
import org.pupilrisk.metric.Subgroup;

/**
 * What a release model is assessed against: the data, the scenario's choices and where to write.
 *
 * <p>The extract holds the record-level rows a third party would receive for the assessed census
 * year, one row per pupil, NPD column names ({@link org.pupilrisk.population.NpdColumns}) with the
 * sensitive labels attached ({@code APReason}, {@code ExclusionReason}; null when the pupil has none).
 * For a synthetic population the whole census year is known as well, so population class sizes are
 * exact; for a user's own file it is not, and only estimators apply.
 */
public interface Assessment {

    SparkSession spark();

    /** The records released (the "sample"). */
    Dataset<Row> extract();

    /** Every pupil of the census year (the "population"), when known: synthetic data only. */
    Optional<Dataset<Row>> population();

    /**
     * What a table release aggregates: every pupil of the census year when the population is known. DfE
     * publishes census-wide tables, not tables of a sampled extract; a cell counted from a quarter sample
     * would be about four times too small, and "the label became certain" would hold only for sampled
     * pupils. For a user's own file (population unknown) the file itself.
     */
    default Dataset<Row> census() {
        return population().orElse(extract());
    }

    /** Population size N, known exactly for synthetic data or given by the user (--population-size). */
    OptionalLong populationSize();

    /** Named quasi-identifier sets to assess, in scenario order. */
    List<QiSet> qiSets();

    /**
     * Every QI set of the scenario, in scenario order, including those a view restricted to one release's columns
     * ({@link CoveredAssessment}) leaves out of {@link #qiSets()}: work shared by every release of a run is keyed on
     * these, so that a restricted release reuses what an unrestricted one computed.
     */
    default List<QiSet> scenarioQiSets() {
        return qiSets();
    }

    /** Sensitive attributes (columns whose values are labels an attacker may learn). */
    List<String> sensitiveAttributes();

    /** Subgroups figures are broken down by; the first is {@code all}. */
    List<Subgroup> subgroups();

    /** True when the data are a user's own file: then no output may carry a cell below {@link #outputThreshold()}. */
    boolean userData();

    /** Smallest count a report may show when run on real data. */
    int outputThreshold();

    /** The run's seed; each model derives its own streams from it, never from wall-clock or partitioning. */
    long seed();

    /** A directory (inside the run's temporary output) where a release may write its artefacts. */
    Path artefactDirectory(String releaseId);

    /** Progress of long work, shown on the terminal. */
    Progress progress();

    /**
     * A value computed once per run and reused by every release that asks for it under an equal key. Why:
     * the census-wide tables that the suppressed, safer-access and differentially private releases publish or
     * compare against are the same tables, and each k-anonymous release compares with the same extract
     * tables; aggregating each once saves a Spark job per repeat (issue 14). The value must be immutable and
     * depend on nothing but its key (a key names the data it was computed from). By default nothing is kept;
     * an assessment that wraps another forwards to it, so a run shares one store.
     */
    default <T> T shared(Object key, java.util.function.Supplier<T> compute) {
        return compute.get();
    }

    /**
     * Whether {@link #shared} keeps its values for the run. A store that keeps them closes those that are
     * {@link AutoCloseable} (persisted datasets) when the run ends; where nothing is kept (the default), each caller
     * is given a value of its own and closes it when done.
     */
    default boolean keepsShared() {
        return false;
    }

    /** Attacker profiles to simulate against record-level releases (docs/domain.md §5); none by default. */
    default List<org.pupilrisk.scenario.Scenario.Profile> profiles() {
        return List.of();
    }

    /** Monte-Carlo targets drawn per attacker profile. */
    default int monteCarloDraws() {
        return 1000;
    }

    /**
     * Every census year's pupils with the labels of their own year (for linking records across years),
     * when the data hold several years: synthetic data only.
     */
    default Optional<Dataset<Row>> allYears() {
        return Optional.empty();
    }

    /**
     * What the scenario's extract rule releases from {@code census} (pupils of one census year) with another
     * sampling fraction or an independent draw ({@code stream}): for yearly releases linked over time, the
     * sensitivity grid and the extract-draw uncertainty. Synthetic data only; empty for a user's own file.
     */
    default Optional<Dataset<Row>> resample(Dataset<Row> census, double fraction, String stream) {
        return Optional.empty();
    }

    /**
     * The condition on a census record under which {@link #resample} with {@code fraction} and {@code stream} keeps
     * it, among the records {@link #resample} keeps with fraction 1 (the extract's filter): so that several draws
     * from the same pupils can be read from one dataset. Empty where {@link #resample} is.
     */
    default Optional<Column> drawnBy(double fraction, String stream) {
        return Optional.empty();
    }

    /** The scenario's sampling fraction (1 for a user's own file, which is the whole release). */
    default double samplingFraction() {
        return 1.0;
    }

    /**
     * The district-size spread the assessed population was generated with (its {@code population.json});
     * empty for a user's own file or a population without generator settings.
     */
    default java.util.OptionalDouble districtSpread() {
        return java.util.OptionalDouble.empty();
    }

    /**
     * Why a census year regenerated by {@link #regenerate} may differ from the assessed population in more than
     * the spread (the population was drawn by another generator than the running one), or empty.
     */
    default Optional<String> regenerationNote() {
        return Optional.empty();
    }

    /**
     * The assessed census year of the same population generated afresh with another district-size spread:
     * the generator's recorded settings (pupils, seed) with only the spread changed, so the grid varies one
     * assumption at a time. Empty when {@link #districtSpread()} is. Closing it removes the temporary population.
     */
    default Optional<Regenerated> regenerate(double districtSpread) {
        return Optional.empty();
    }

    /**
     * As {@link #regenerate(double)}, for a step that reads only {@code columns} of the census and the columns that
     * {@code conditions} (Spark SQL expressions: subgroup filters, an attacker's targets) read: a census drawn
     * afresh may then hold only these, the pupil id, the census year and what the extract's filter reads.
     */
    default Optional<Regenerated> regenerate(double districtSpread, List<String> columns, List<String> conditions) {
        return regenerate(districtSpread);
    }

    /** A census year regenerated under another assumption; see {@link #regenerate}. */
    interface Regenerated extends AutoCloseable {
        Dataset<Row> census();

        @Override
        void close();
    }

    /**
     * The extract's values as numbers, when it was read whole on the driver (a user's CSV, which DataSource numbers
     * there, {@link RowCodes}): each column's distinct values without a Spark job, and each record's numbers by its
     * pupil id (its position in the file). Empty otherwise, and by default: an assessment that changes the extract
     * must not pass on numbers that are not its extract's. Why: a record-level release of the file as it is packs
     * its class keys from them ({@code RecordLevelRisk}).
     */
    default Optional<RowCodes> extractCodes() {
        return Optional.empty();
    }

    /** Reports progress of long work. */
    interface Progress {
        void step(String message);

        Progress SILENT = message -> { };
    }
}
