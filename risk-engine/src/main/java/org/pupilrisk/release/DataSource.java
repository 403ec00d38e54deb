package org.pupilrisk.release;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.scenario.Scenario;

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
    public static final String MONTH_OF_BIRTH = "MonthOfBirth";
    public static final String YEAR_OF_BIRTH = "YearOfBirth";

    private DataSource() {
    }

    /**
     * What was loaded.
     *
     * @param kind           "synthetic" or "user"
     * @param allYears       every census year's pupils with their labels (synthetic, several years)
     * @param censusYears    years present in the data (empty for user data)
     * @param scenario       the scenario as applied (for user data: QI set, sensitive and profiles from the flags)
     */
    public record Loaded(String kind, Path path, Dataset<Row> extract, Optional<Dataset<Row>> population,
                         Optional<Dataset<Row>> allYears, OptionalLong populationSize, Integer censusYear,
                         List<Integer> censusYears, long records, Scenario scenario) {
    }

    /** Checks, before Spark starts, that a population directory can be read. */
    public static void checkPopulationDir(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new InvalidInputException("--population " + dir + ": not a readable directory");
        }
        locate(dir, NpdColumns.PUPILS, true);
    }

    /** Checks, before Spark starts, that a user file can be read and has a known format. */
    public static void checkDataFile(Path file) {
        if (!Files.isReadable(file) || !(Files.isRegularFile(file) || Files.isDirectory(file))) {
            throw new InvalidInputException("--data " + file + ": not a readable file");
        }
        format(file, "--data " + file);
    }

    /** Loads a generated population for the scenario's census year. */
    public static Loaded population(SparkSession spark, Path dir, Scenario scenario) {
        Dataset<Row> pupils = read(spark, locate(dir, NpdColumns.PUPILS, true).orElseThrow(), "pupils");
        requireColumns(pupils, List.of(NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR, NpdColumns.DATE_OF_BIRTH),
                dir.resolve(NpdColumns.PUPILS) + "");
        pupils = pupils.withColumn(NpdColumns.CENSUS_YEAR, col(NpdColumns.CENSUS_YEAR).cast(DataTypes.IntegerType))
                .withColumn(NpdColumns.PUPIL_ID, col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType));
        List<String> have = Arrays.asList(pupils.columns());

        Optional<Path> apPath = locate(dir, NpdColumns.AP_PLACEMENTS, false);
        if (apPath.isPresent() && !have.contains(NpdColumns.AP_REASON)) {
            Dataset<Row> ap = read(spark, apPath.get(), NpdColumns.AP_PLACEMENTS);
            requireColumns(ap, List.of(NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR, NpdColumns.AP_REASON), apPath.get() + "");
            ap = ap.groupBy(col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType).as(NpdColumns.PUPIL_ID),
                            col(NpdColumns.CENSUS_YEAR).cast(DataTypes.IntegerType).as(NpdColumns.CENSUS_YEAR))
                    .agg(min(col(NpdColumns.AP_REASON)).as(NpdColumns.AP_REASON));
            pupils = pupils.join(ap, new String[] {NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR}, "left");
        }
        Optional<Path> exPath = locate(dir, NpdColumns.EXCLUSIONS, false);
        if (exPath.isPresent() && !have.contains(NpdColumns.EXCLUSION_REASON)) {
            Dataset<Row> ex = read(spark, exPath.get(), NpdColumns.EXCLUSIONS);
            requireColumns(ex, List.of(NpdColumns.PUPIL_ID, NpdColumns.EXCLUSION_REASON), exPath.get() + "");
            List<String> exCols = Arrays.asList(ex.columns());
            if (!exCols.contains(NpdColumns.CENSUS_YEAR)) {
                requireColumns(ex, List.of(NpdColumns.EXCLUSION_START), exPath.get() + "");
                org.apache.spark.sql.Column start = to_date(col(NpdColumns.EXCLUSION_START));
                ex = ex.withColumn(NpdColumns.CENSUS_YEAR, year(start).plus(when(month(start).geq(9), 1).otherwise(0)));
            }
            org.apache.spark.sql.Column permanentFirst = exCols.contains(NpdColumns.EXCLUSION_CATEGORY)
                    ? when(col(NpdColumns.EXCLUSION_CATEGORY).equalTo("PERMANENT"), 0).otherwise(1) : lit(1);
            org.apache.spark.sql.Column start = exCols.contains(NpdColumns.EXCLUSION_START)
                    ? to_date(col(NpdColumns.EXCLUSION_START)) : lit(null).cast(DataTypes.DateType);
            ex = ex.groupBy(col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType).as(NpdColumns.PUPIL_ID),
                            col(NpdColumns.CENSUS_YEAR).cast(DataTypes.IntegerType).as(NpdColumns.CENSUS_YEAR))
                    .agg(min(struct(permanentFirst.as("p"), start.as("s"), col(NpdColumns.EXCLUSION_REASON).as("r"))).as("_x"))
                    .select(col(NpdColumns.PUPIL_ID), col(NpdColumns.CENSUS_YEAR), col("_x.r").as(NpdColumns.EXCLUSION_REASON));
            pupils = pupils.join(ex, new String[] {NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR}, "left");
        }
        Optional<Path> schoolsPath = locate(dir, NpdColumns.SCHOOLS, false);
        if (schoolsPath.isPresent() && !have.contains(NpdColumns.SCHOOL_TYPE) && have.contains(NpdColumns.URN)) {
            Dataset<Row> schools = read(spark, schoolsPath.get(), NpdColumns.SCHOOLS);
            if (Arrays.asList(schools.columns()).contains(NpdColumns.SCHOOL_TYPE)) {
                schools = schools.select(col(NpdColumns.URN).cast(DataTypes.LongType).as("_urn"), col(NpdColumns.SCHOOL_TYPE))
                        .dropDuplicates("_urn");
                pupils = pupils.join(schools, col(NpdColumns.URN).cast(DataTypes.LongType).equalTo(col("_urn")), "left").drop("_urn");
            }
        }
        for (String label : List.of(NpdColumns.AP_REASON, NpdColumns.EXCLUSION_REASON, NpdColumns.SCHOOL_TYPE)) {
            if (!Arrays.asList(pupils.columns()).contains(label)) {
                pupils = pupils.withColumn(label, lit(null).cast(DataTypes.StringType));
            }
        }
        pupils = withBirthColumns(pupils).persist(StorageLevel.MEMORY_AND_DISK());

        List<Integer> years = new ArrayList<>();
        for (Row r : pupils.select(NpdColumns.CENSUS_YEAR).distinct().orderBy(NpdColumns.CENSUS_YEAR).collectAsList()) {
            if (!r.isNullAt(0)) {
                years.add(r.getInt(0));
            }
        }
        if (years.isEmpty()) {
            throw new InvalidInputException("--population " + dir + ": pupils has no records");
        }
        int censusYear = scenario.censusYear().orElse(years.get(years.size() - 1));
        if (!years.contains(censusYear)) {
            throw new InvalidInputException("census_year: " + censusYear + " is not in --population " + dir
                    + " (years: " + years + ")");
        }
        Dataset<Row> population = pupils.where(col(NpdColumns.CENSUS_YEAR).equalTo(censusYear));
        validateScenario(population, scenario, "--population " + dir);
        Dataset<Row> extract = population.where(expr(scenario.extract().filter()));
        if (scenario.extract().samplingFraction() < 1) {
            long buckets = 1_000_000L;
            extract = extract.where(pmod(xxhash64(lit(scenario.seed()), lit("extract"), col(NpdColumns.PUPIL_ID)), lit(buckets))
                    .lt(lit(Math.round(scenario.extract().samplingFraction() * buckets))));
        }
        long popSize = population.count();
        long n = extract.count();
        if (n == 0) {
            throw new InvalidInputException("extract: the filter and sampling_fraction select no pupils of " + censusYear);
        }
        return new Loaded("synthetic", dir, extract, Optional.of(population),
                years.size() > 1 ? Optional.of(pupils) : Optional.empty(), OptionalLong.of(popSize), censusYear,
                List.copyOf(years), n, scenario);
    }

    /** Loads a user's own extract; the scenario's QI sets, subgroups and profiles give way to the flags. */
    public static Loaded userFile(SparkSession spark, Path file, List<String> qi, List<String> sensitive,
                                  OptionalLong populationSize, Scenario scenario) {
        Dataset<Row> data = read(spark, file, "--data");
        List<String> have = Arrays.asList(data.columns());
        for (String c : qi) {
            if (!have.contains(c)) {
                throw new InvalidInputException("--qi: column '" + c + "' is not in " + file + " (columns: " + String.join(", ", have) + ")");
            }
        }
        for (String c : sensitive) {
            if (!have.contains(c)) {
                throw new InvalidInputException("--sensitive: column '" + c + "' is not in " + file + " (columns: " + String.join(", ", have) + ")");
            }
        }
        if (have.contains(NpdColumns.PUPIL_ID)) {
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
        Dataset<Row> extract = spark.createDataFrame(rows, schema).persist(StorageLevel.MEMORY_AND_DISK());
        long n = extract.count();
        if (n == 0) {
            extract.unpersist();
            throw new InvalidInputException("--data " + file + ": no records");
        }
        if (populationSize.isPresent() && populationSize.getAsLong() < n) {
            extract.unpersist();
            throw new InvalidInputException("--population-size " + populationSize.getAsLong() + ": smaller than the "
                    + n + " records in " + file);
        }
        Scenario.QiSet q = new Scenario.QiSet("user", qi, "the columns given with --qi: " + String.join(", ", qi));
        Scenario.Subgroup all = new Scenario.Subgroup("all", "true", "all records in the file");
        Scenario.Profile p = new Scenario.Profile("exact_match", "user", "true",
                "an attacker who knows a record's exact values of every --qi column and that it is in the file",
                null, null);
        Scenario applied = scenario.forUserData(List.of(q), sensitive, List.of(all), List.of(p));
        return new Loaded("user", file, extract, Optional.empty(), Optional.empty(), populationSize, null,
                List.of(), n, applied);
    }

    private static Dataset<Row> withBirthColumns(Dataset<Row> pupils) {
        org.apache.spark.sql.Column dob = to_date(col(NpdColumns.DATE_OF_BIRTH).cast(DataTypes.StringType));
        return pupils.withColumn(MONTH_OF_BIRTH, date_format(dob, "yyyy-MM"))
                .withColumn(YEAR_OF_BIRTH, year(dob));
    }

    /** Every column and filter the scenario uses must exist in the data. */
    static void validateScenario(Dataset<Row> population, Scenario scenario, String source) {
        List<String> have = Arrays.asList(population.columns());
        for (Scenario.QiSet q : scenario.qiSets()) {
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
        for (Scenario.Subgroup s : scenario.subgroups()) {
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

    private static void requireColumns(Dataset<Row> data, List<String> columns, String source) {
        List<String> have = Arrays.asList(data.columns());
        for (String c : columns) {
            if (!have.contains(c)) {
                throw new InvalidInputException(source + ": column '" + c + "' missing (columns: " + String.join(", ", have) + ")");
            }
        }
    }

    /** The folder (or single file) of a dataset under a population directory. */
    static Optional<Path> locate(Path dir, String name, boolean required) {
        for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".parquet"), dir.resolve(name + ".csv"))) {
            if (Files.exists(p)) {
                if (!Files.isReadable(p)) {
                    throw new InvalidInputException("--population " + dir + ": " + p.getFileName() + " is not readable");
                }
                return Optional.of(p);
            }
        }
        if (required) {
            throw new InvalidInputException("--population " + dir + ": no " + name + "/ folder (expected the output of pupilrisk generate)");
        }
        return Optional.empty();
    }

    /** "parquet" or "csv", from the file name or the files inside a folder. */
    static String format(Path p, String what) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                        .filter(f -> !f.getFileName().toString().startsWith("_")).forEach(files::add);
            } catch (IOException e) {
                throw new InvalidInputException(what + ": cannot list " + p + " (" + e.getMessage() + ")");
            }
        } else {
            files.add(p);
        }
        boolean parquet = files.stream().anyMatch(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".parquet"));
        boolean csv = files.stream().anyMatch(f -> f.toString().toLowerCase(Locale.ROOT).matches(".*\\.csv(\\.gz)?$"));
        if (parquet) {
            return "parquet";
        }
        if (csv) {
            return "csv";
        }
        throw new InvalidInputException(what + ": " + p + " holds no .parquet or .csv files");
    }

    static Dataset<Row> read(SparkSession spark, Path p, String what) {
        String format = format(p, what + " " + p);
        try {
            Dataset<Row> d = format.equals("parquet")
                    ? spark.read().parquet(p.toString())
                    : spark.read().option("header", "true").option("inferSchema", "true").csv(p.toString());
            if (d.columns().length == 0) {
                throw new InvalidInputException(what + " " + p + ": no columns (an empty file?)");
            }
            return d;
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidInputException(what + " " + p + ": cannot read as " + format + " (" + msg + ")");
        }
    }
}
