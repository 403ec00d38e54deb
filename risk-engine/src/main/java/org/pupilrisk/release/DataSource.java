package org.pupilrisk.release;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.input.RowsOnThread;
import org.pupilrisk.input.UserCsv;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.RowCodes;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.population.NpdPopulation;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.scenario.Scenario;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Loads what is assessed: a population written by {@code pupilrisk generate}, or a user's own file.
 *
 * <p><b>Generated population</b> ({@code --population DIR}): folders {@code pupils/},
 * {@code ap_placements/}, {@code exclusions/}, {@code schools/} as Parquet or CSV with a header
 * (detected from the files). Each pupil row gets its year's labels:
 * <ul>
 *   <li>{@code APReason}: from the pupil's AP placements in that census year; with several, the
 *       alphabetically first reason code (a fixed, documented choice: placements carry no ranking);</li>
 *   <li>{@code ExclusionReason}: from the pupil's exclusions in that census year (the academic year
 *       September-August ending in the census January, when the exclusions carry no CensusYear):
 *       a permanent exclusion's reason before any suspension's; among those, the earliest start date,
 *       then the alphabetically first code.</li>
 * </ul>
 * plus {@code SchoolType} (from schools, by URN), {@code MonthOfBirth} (yyyy-MM) and
 * {@code YearOfBirth}. The population is every pupil of the census year; the extract applies the
 * scenario's filter and samples a fraction by a seeded hash of the pupil id.
 *
 * <p><b>User file</b> ({@code --data FILE}): the file is the extract; the population is unknown
 * (its size may be given). Rows get a sequential id in file order as their ground-truth identity.
 */
public final class DataSource {

    /** Derived from DateOfBirth. */
    public static final String MONTH_OF_BIRTH = NpdPopulation.MONTH_OF_BIRTH;
    public static final String YEAR_OF_BIRTH = NpdPopulation.YEAR_OF_BIRTH;

    /** The user file's name in messages (the command line maps it to its flag). */
    public static final String DATA = "data";

    private DataSource() {
    }

    /**
     * What was loaded.
     *
     * @param kind           "synthetic" or "user"
     * @param allYears       every census year's pupils with their labels (synthetic, several years)
     * @param censusYears    years present in the data (empty for user data)
     * @param scenario       the scenario as applied (for user data: QI set, sensitive and profiles from the flags)
     * @param extractCodes   the extract's values as numbers, when it was read on the driver (a user's CSV; see
     *                       {@link Assessment#extractCodes})
     */
    public record Loaded(String kind, Path path, Dataset<Row> extract, Optional<Dataset<Row>> population,
                         Optional<Dataset<Row>> allYears, OptionalLong populationSize, Integer censusYear,
                         List<Integer> censusYears, long records, Scenario scenario,
                         Optional<RowCodes> extractCodes) {

        /** Loaded data that Spark reads itself. */
        public Loaded(String kind, Path path, Dataset<Row> extract, Optional<Dataset<Row>> population,
                      Optional<Dataset<Row>> allYears, OptionalLong populationSize, Integer censusYear,
                      List<Integer> censusYears, long records, Scenario scenario) {
            this(kind, path, extract, population, allYears, populationSize, censusYear, censusYears, records, scenario,
                    Optional.empty());
        }
    }

    /** Checks, before Spark starts, that a population directory can be read. */
    public static void checkPopulationDir(Path dir) {
        NpdPopulation.check(dir);
    }

    /**
     * Checks, before Spark starts, that a user file can be read and has a known format; a CSV is read
     * whole here (every line checked), so a bad line fails the run before any Spark work.
     *
     * @return the CSV's rows and their numbers, for {@link #userFile}; empty for Parquet
     */
    public static Optional<CsvFile> checkDataFile(Path file, Charset charset) {
        if (!Files.isReadable(file) || !(Files.isRegularFile(file) || Files.isDirectory(file))) {
            throw new InvalidInputException(DATA + " " + file + ": not a readable file");
        }
        if (NpdPopulation.format(file, DATA + " " + file).equals("csv") && Files.isRegularFile(file)) {
            // numbered as read, row by row (the rows' strings are not kept), before Spark is needed: the command
            // line reads the file while Spark starts
            List<String> header = UserCsv.header(file, charset, DATA);
            List<String> kept = header.stream().filter(c -> !c.equals(NpdColumns.PUPIL_ID)).toList();
            RowCodes.Numbering numbering = new RowCodes.Numbering(header, kept);
            UserCsv.Streamed read;
            // numbered on a thread of its own while the next rows are parsed
            try (RowsOnThread numbered = new RowsOnThread((values, line) -> numbering.add(values), "pupilrisk-numbering")) {
                read = UserCsv.streamChecked(file, charset, DATA, numbered);
                numbered.finish();
            }
            return Optional.of(new CsvFile(header, numbering.numbers(), read.bytes(), read.sha256()));
        }
        return Optional.empty();
    }

    /**
     * A user's CSV as read on the driver: its header and its values numbered ({@link RowCodes}), every column but
     * the file's own id column, which the row's position replaces; the size and SHA-256 of the bytes read, for the
     * run's manifest.
     */
    public record CsvFile(List<String> header, RowCodes.Numbers numbers, long bytes, String sha256) {
        public CsvFile {
            header = List.copyOf(header);
        }
    }

    /** Loads a generated population for the scenario's census year. */
    public static Loaded population(SparkSession spark, Path dir, Scenario scenario) {
        return population(spark, dir, scenario, columns -> { });
    }

    /**
     * As {@link #population(SparkSession, Path, Scenario)}; {@code beforeFirstJob} receives the population's columns
     * once they are known from the schema and before any Spark job runs (the releases check theirs there).
     */
    public static Loaded population(SparkSession spark, Path dir, Scenario scenario,
                                    java.util.function.Consumer<List<String>> beforeFirstJob) {
        Dataset<Row> pupils = NpdPopulation.labelledPupils(spark, dir);
        // analysis only: a scenario naming a column the population lacks fails before the first job
        validateScenario(pupils, scenario, NpdPopulation.FIELD + " " + dir);
        beforeFirstJob.accept(Arrays.asList(pupils.columns()));
        pupils = pupils.persist(StorageLevel.MEMORY_AND_DISK());

        List<Integer> years = new ArrayList<>();
        for (Row r : pupils.select(NpdColumns.CENSUS_YEAR).distinct().orderBy(NpdColumns.CENSUS_YEAR).collectAsList()) {
            if (!r.isNullAt(0)) {
                years.add(r.getInt(0));
            }
        }
        if (years.isEmpty()) {
            throw new InvalidInputException(NpdPopulation.FIELD + " " + dir + ": pupils has no records");
        }
        int censusYear = scenario.censusYear().orElse(years.get(years.size() - 1));
        if (!years.contains(censusYear)) {
            throw new InvalidInputException("census_year: " + censusYear + " is not in population " + dir
                    + " (years: " + years + ")");
        }
        Dataset<Row> population = pupils.where(col(NpdColumns.CENSUS_YEAR).equalTo(censusYear));
        Dataset<Row> extract = sample(population, scenario.extract().filter(), scenario.extract().samplingFraction(),
                scenario.seed(), EXTRACT_STREAM);
        long popSize = population.count();
        long n = extract.count();
        if (n == 0) {
            throw new InvalidInputException("extract: the filter and sampling_fraction select no pupils of " + censusYear);
        }
        return new Loaded("synthetic", dir, extract, Optional.of(population),
                years.size() > 1 ? Optional.of(pupils) : Optional.empty(), OptionalLong.of(popSize), censusYear,
                List.copyOf(years), n, scenario);
    }

    /** The hash stream of the scenario's own extract. */
    public static final String EXTRACT_STREAM = "extract";

    /**
     * The pupils of {@code census} an extract releases: those the filter selects, and of them a
     * {@code fraction} drawn by a hash of (seed, stream, pupil id). The draw depends on the pupil id only,
     * so the same pupils are released in every census year they are present (a yearly refresh of one
     * project's extract); another {@code stream} gives an independent draw.
     */
    public static Dataset<Row> sample(Dataset<Row> census, String filter, double fraction, long seed, String stream) {
        Dataset<Row> extract = census.where(expr(filter));
        if (fraction < 1) {
            extract = extract.where(drawn(fraction, seed, stream));
        }
        return extract;
    }

    /**
     * Whether {@link #sample} with {@code fraction}, {@code seed} and {@code stream} draws a pupil the filter selects:
     * a condition on the pupil id (true for everyone when the fraction is 1).
     */
    public static Column drawn(double fraction, long seed, String stream) {
        if (fraction >= 1) {
            return lit(true);
        }
        long buckets = 1_000_000L;
        return pmod(xxhash64(lit(seed), lit(stream), col(NpdColumns.PUPIL_ID)), lit(buckets))
                .lt(lit(Math.round(fraction * buckets)));
    }

    /**
     * The columns of {@code data} that {@code condition} (a Spark SQL expression, such as a filter of the scenario)
     * reads, as Spark's analyser resolves them: so that a dataset cut down to the columns a step needs keeps every
     * column its filters read, whatever their spelling (case, back-quotes).
     */
    public static Set<String> columnsRead(Dataset<Row> data, String condition) {
        // named as the data spells them: a reference keeps the condition's spelling (case) of the column it resolves to
        Map<ExprId, String> spelled = new HashMap<>();
        for (Attribute a : CollectionConverters.asJava(data.queryExecution().analyzed().output())) {
            spelled.put(a.exprId(), a.name());
        }
        Set<String> read = new LinkedHashSet<>();
        scala.collection.Iterator<Attribute> it = data.select(expr(condition)).queryExecution().analyzed().references().iterator();
        while (it.hasNext()) {
            Attribute a = it.next();
            read.add(spelled.getOrDefault(a.exprId(), a.name()));
        }
        return read;
    }


    /**
     * Loads a user's own extract under a scenario already applied to it ({@link Scenario#forUserData}). A CSV is
     * read exactly ({@link UserCsv}: every column a string, in the given charset); Parquet keeps its own types.
     * Every column the scenario names (QI sets, sensitive attributes, subgroup and target filters) is checked
     * against the file before the first Spark job.
     *
     * @param scenarioSource where the scenario came from, named in errors about its sections
     */
    public static Loaded userFile(SparkSession spark, Path file, Optional<CsvFile> csv, OptionalLong populationSize,
                                  Scenario scenario, String scenarioSource) {
        List<String> have = csv.isPresent() ? csv.get().header()
                : Arrays.asList(NpdPopulation.read(spark, file, DATA + " " + file).columns());
        checkUserColumns(file, have, scenario, scenarioSource);
        Optional<CsvExtract> fromCsv = csv.map(t -> csvExtract(spark, t));
        Dataset<Row> extract = fromCsv.isPresent() ? fromCsv.get().rows() : parquetExtract(spark, file);
        // analysis only (no job): a filter naming a column the file lacks fails here, naming the section
        for (Subgroup g : scenario.subgroups()) {
            checkUserFilter(extract, g.filter(), scenarioSource + ": subgroups." + g.name() + ".filter", file, have);
        }
        for (Scenario.Profile p : scenario.profiles()) {
            checkUserFilter(extract, p.targets(), scenarioSource + ": profiles." + p.name() + ".targets", file, have);
        }
        // a CSV's rows are remade from their numbers by each job that reads them (csvExtract); a Parquet file's kept
        if (csv.isEmpty()) {
            extract = extract.persist(StorageLevel.MEMORY_AND_DISK());
        }
        // a CSV's records are its rows as read on the driver: counting them again would be a job for a known number
        long n = csv.isPresent() ? csv.get().numbers().rows() : extract.count();
        if (n == 0) {
            extract.unpersist();
            throw new InvalidInputException(DATA + " " + file + ": no records");
        }
        if (populationSize.isPresent() && populationSize.getAsLong() < n) {
            extract.unpersist();
            throw new InvalidInputException("population_size: " + populationSize.getAsLong() + " is smaller than the "
                    + n + " records in " + file);
        }
        return new Loaded("user", file, extract, Optional.empty(), Optional.empty(), populationSize, null,
                List.of(), n, scenario, fromCsv.map(CsvExtract::codes));
    }

    /**
     * Every QI and sensitive column of a scenario applied to a user's file must be a column of the file. The
     * {@code --qi} set is named by its flag; a scenario's own sections by their key path in {@code scenarioSource}.
     */
    public static void checkUserColumns(Path file, List<String> have, Scenario scenario, String scenarioSource) {
        String columns = " (columns: " + String.join(", ", have) + ")";
        for (QiSet q : scenario.qiSets()) {
            for (String c : q.columns()) {
                if (!have.contains(c)) {
                    String where = q.name().equals(Scenario.USER_QI_SET) && q.description().startsWith("the columns given with --qi")
                            ? "qi" : scenarioSource + ": qi_sets." + q.name() + ".columns";
                    throw new InvalidInputException(where + ": column '" + c + "' is not in " + file + columns);
                }
            }
        }
        for (String c : scenario.sensitive()) {
            if (!have.contains(c)) {
                throw new InvalidInputException("sensitive: column '" + c + "' is not in " + file + columns);
            }
        }
    }

    private static void checkUserFilter(Dataset<Row> data, String filter, String key, Path file, List<String> have) {
        try {
            data.where(expr(filter)).schema();
        } catch (Exception e) {
            if (e instanceof org.apache.spark.sql.AnalysisException a && a.getMessageParameters().containsKey("objectName")) {
                throw new InvalidInputException(key + ": column " + a.getMessageParameters().get("objectName")
                        + " is not in " + file + " (columns: " + String.join(", ", have) + ")");
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidInputException(key + ": '" + filter + "' is not a valid condition on the data: " + msg);
        }
    }

    /**
     * Every value a string, as written; each row's ground-truth identity is its position in the file.
     * A column of the file named like the identity column gives way to it.
     *
     * <p>The rows reach Spark as numbers ({@link RowCodes}): each column's distinct values are numbered on the driver
     * and broadcast with each row's numbers, and the extract is Spark's range of row positions with each column made
     * from them by two array lookups, when a job reads it (equal values of a column are one String instance; no value
     * is changed). So nothing is shipped per task and nothing needs keeping: every job remakes the columns it reads,
     * which costs less than the conversion of every value that shipping and keeping the rows as Spark {@code Row}s
     * took (a checkpoint job before the first figure; benchmarks/RESULTS.md, "a user's CSV as numbers"). A local
     * relation ({@code createDataFrame(List<Row>)}) would put the whole file into the plan of every job.
     *
     * <p>The numbers are handed on ({@link CsvExtract#codes}): a record-level release of the file as it is packs its
     * class keys from them, and each column's distinct values need no Spark job to find.
     */
    private static CsvExtract csvExtract(SparkSession spark, CsvFile file) {
        RowCodes codes = RowCodes.share(spark, file.numbers());
        int rows = codes.rows();
        int slices = (int) Math.max(1, Math.min(spark.sparkContext().defaultParallelism() * 2L, (rows + 49_999L) / 50_000));
        Column position = col("id");
        List<Column> columns = new ArrayList<>();
        for (String c : codes.columns()) {
            columns.add(codes.value(c, position).as(c));
        }
        columns.add(position.as(NpdColumns.PUPIL_ID));
        Dataset<Row> data = spark.range(0, rows, 1, slices).select(columns.toArray(Column[]::new));
        return new CsvExtract(data, codes);
    }

    /** A CSV's rows as a dataset, and the numbers it is made from. */
    private record CsvExtract(Dataset<Row> rows, RowCodes codes) {
    }

    private static Dataset<Row> parquetExtract(SparkSession spark, Path file) {
        Dataset<Row> data = NpdPopulation.read(spark, file, DATA + " " + file);
        if (Arrays.asList(data.columns()).contains(NpdColumns.PUPIL_ID)) {
            data = data.drop(NpdColumns.PUPIL_ID);
        }
        // ground-truth identity: position in the file (file splits keep file order, so this is stable)
        StructType schema = data.schema().add(NpdColumns.PUPIL_ID, DataTypes.LongType, false);
        int width = data.columns().length;
        JavaRDD<Row> rows = data.javaRDD().zipWithIndex().map(t -> {
            Object[] v = new Object[width + 1];
            for (int i = 0; i < width; i++) {
                v[i] = t._1().get(i);
            }
            v[width] = t._2();
            return RowFactory.create(v);
        });
        return spark.createDataFrame(rows, schema);
    }

    /** Every column and filter the scenario uses must exist in the data. */
    static void validateScenario(Dataset<Row> population, Scenario scenario, String source) {
        List<String> have = Arrays.asList(population.columns());
        for (QiSet q : scenario.qiSets()) {
            for (String c : q.columns()) {
                if (!have.contains(c)) {
                    throw new InvalidInputException("qi_sets." + q.name() + ".columns: column '" + c + "' is not in " + source
                            + " (columns: " + String.join(", ", have) + ")");
                }
            }
        }
        for (String c : scenario.sensitive()) {
            if (!have.contains(c)) {
                throw new InvalidInputException("sensitive: column '" + c + "' is not in " + source);
            }
        }
        checkFilter(population, scenario.extract().filter(), "extract.filter");
        for (Subgroup s : scenario.subgroups()) {
            checkFilter(population, s.filter(), "subgroups." + s.name() + ".filter");
        }
        for (Scenario.Profile p : scenario.profiles()) {
            checkFilter(population, p.targets(), "profiles." + p.name() + ".targets");
        }
    }

    private static void checkFilter(Dataset<Row> data, String filter, String key) {
        try {
            data.where(expr(filter)).schema();
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidInputException(key + ": '" + filter + "' is not a valid condition on the data: " + msg);
        }
    }
}
