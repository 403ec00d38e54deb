package org.pupilrisk.population;

import org.pupilrisk.files.Storage;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.pupilrisk.input.InvalidInputException;

/**
 * Reads a population written by {@code pupilrisk generate} (or laid out the same way) and gives each
 * pupil row its year's labels.
 *
 * <p>Folders {@code pupils/}, {@code ap_placements/}, {@code exclusions/}, {@code schools/} as Parquet
 * or CSV with a header (detected from the files). Each pupil row gets:
 * <ul>
 *   <li>{@code APReason}: from the pupil's AP placements in that census year; with several, the
 *       alphabetically first reason code (a fixed, documented choice: placements carry no ranking);</li>
 *   <li>{@code ExclusionReason}: from the pupil's exclusions in that census year (the academic year
 *       September-August ending in the census January, when the exclusions carry no CensusYear):
 *       a permanent exclusion's reason before any suspension's; among those, the earliest start date,
 *       then the alphabetically first code.</li>
 * </ul>
 * plus {@code SchoolType} (from schools, by URN), {@code MonthOfBirth} (yyyy-MM) and
 * {@code YearOfBirth}.
 *
 * <p>Messages name the input as {@code population DIR}; the command line maps the field to its flag.
 */
public final class NpdPopulation {

    /** The input's name in messages. */
    public static final String FIELD = "population";

    /** Derived from DateOfBirth. */
    public static final String MONTH_OF_BIRTH = "MonthOfBirth";
    public static final String YEAR_OF_BIRTH = "YearOfBirth";

    private NpdPopulation() {
    }

    /** Checks, before Spark starts, that a population directory can be read. */
    public static void check(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new InvalidInputException(FIELD + " " + dir + ": not a readable directory");
        }
        locate(dir, NpdColumns.PUPILS, true);
    }

    /** Every census year's pupils with their labels and birth columns (not persisted). */
    public static Dataset<Row> labelledPupils(SparkSession spark, Path dir) {
        Dataset<Row> pupils = read(spark, locate(dir, NpdColumns.PUPILS, true).orElseThrow(), FIELD + " " + dir + ": pupils");
        requireColumns(pupils, List.of(NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR, NpdColumns.DATE_OF_BIRTH),
                dir.resolve(NpdColumns.PUPILS) + "");
        pupils = pupils.withColumn(NpdColumns.CENSUS_YEAR, col(NpdColumns.CENSUS_YEAR).cast(DataTypes.IntegerType))
                .withColumn(NpdColumns.PUPIL_ID, col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType));
        List<String> have = Arrays.asList(pupils.columns());

        Optional<Dataset<Row>> ap = Optional.empty();
        Optional<Path> apPath = locate(dir, NpdColumns.AP_PLACEMENTS, false);
        if (apPath.isPresent() && !have.contains(NpdColumns.AP_REASON)) {
            ap = Optional.of(read(spark, apPath.get(), FIELD + " " + dir + ": " + NpdColumns.AP_PLACEMENTS));
            requireColumns(ap.get(), List.of(NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR, NpdColumns.AP_REASON), apPath.get() + "");
        }
        Optional<Dataset<Row>> ex = Optional.empty();
        Optional<Path> exPath = locate(dir, NpdColumns.EXCLUSIONS, false);
        if (exPath.isPresent() && !have.contains(NpdColumns.EXCLUSION_REASON)) {
            ex = Optional.of(read(spark, exPath.get(), FIELD + " " + dir + ": " + NpdColumns.EXCLUSIONS));
            requireColumns(ex.get(), List.of(NpdColumns.PUPIL_ID, NpdColumns.EXCLUSION_REASON), exPath.get() + "");
            if (!Arrays.asList(ex.get().columns()).contains(NpdColumns.CENSUS_YEAR)) {
                requireColumns(ex.get(), List.of(NpdColumns.EXCLUSION_START), exPath.get() + "");
            }
        }
        Optional<Dataset<Row>> schools = Optional.empty();
        Optional<Path> schoolsPath = locate(dir, NpdColumns.SCHOOLS, false);
        if (schoolsPath.isPresent() && !have.contains(NpdColumns.SCHOOL_TYPE) && have.contains(NpdColumns.URN)) {
            schools = Optional.of(read(spark, schoolsPath.get(), FIELD + " " + dir + ": " + NpdColumns.SCHOOLS));
        }
        return labelled(pupils, ap, ex, schools);
    }

    /**
     * The labels of {@link #labelledPupils} given to pupil rows from their datasets, wherever these come from
     * (files, or a generator's rows that were never written): the one definition of the labels. {@code pupils}
     * has PupilID (long), CensusYear (int) and DateOfBirth; a dataset that is absent, or whose label the pupils
     * already carry, adds nothing but the label's null column. The generator can give its unwritten pupils the
     * two event labels from the same life ({@code PopulationGenerator.Unwritten.labelledPupils}) by this
     * definition; {@code PopulationGeneratorTest} holds the two equal, row for row.
     */
    public static Dataset<Row> labelled(Dataset<Row> pupils, Optional<Dataset<Row>> apPlacements,
                                        Optional<Dataset<Row>> exclusions, Optional<Dataset<Row>> schoolsData) {
        List<String> have = Arrays.asList(pupils.columns());
        if (apPlacements.isPresent() && !have.contains(NpdColumns.AP_REASON)) {
            Dataset<Row> ap = apPlacements.get();
            ap = ap.groupBy(col(NpdColumns.PUPIL_ID).cast(DataTypes.LongType).as(NpdColumns.PUPIL_ID),
                            col(NpdColumns.CENSUS_YEAR).cast(DataTypes.IntegerType).as(NpdColumns.CENSUS_YEAR))
                    .agg(min(col(NpdColumns.AP_REASON)).as(NpdColumns.AP_REASON));
            pupils = pupils.join(ap, new String[] {NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR}, "left");
        }
        if (exclusions.isPresent() && !have.contains(NpdColumns.EXCLUSION_REASON)) {
            Dataset<Row> ex = exclusions.get();
            List<String> exCols = Arrays.asList(ex.columns());
            if (!exCols.contains(NpdColumns.CENSUS_YEAR)) {
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
        if (schoolsData.isPresent() && !have.contains(NpdColumns.SCHOOL_TYPE) && have.contains(NpdColumns.URN)) {
            Dataset<Row> schools = schoolsData.get();
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
        return withBirthColumns(pupils);
    }

    private static Dataset<Row> withBirthColumns(Dataset<Row> pupils) {
        // to_date keeps a date column as it is and parses a CSV population's text: no round trip through text for
        // 9 million records. The month is written from the year and month numbers where the year has four digits,
        // as date_format writes it there, without a date formatter per record (the population's load spent about a
        // tenth of its time formatting dates); any other year keeps date_format's text.
        org.apache.spark.sql.Column dob = to_date(col(NpdColumns.DATE_OF_BIRTH));
        org.apache.spark.sql.Column numbered = concat(year(dob).cast(DataTypes.StringType), lit("-"),
                lpad(month(dob).cast(DataTypes.StringType), 2, "0"));
        return pupils.withColumn(MONTH_OF_BIRTH, when(year(dob).between(1000, 9999), numbered)
                        .otherwise(date_format(dob, "yyyy-MM")))
                .withColumn(YEAR_OF_BIRTH, year(dob));
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
    public static Optional<Path> locate(Path dir, String name, boolean required) {
        for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".parquet"), dir.resolve(name + ".csv"))) {
            if (Files.exists(p)) {
                if (!Files.isReadable(p)) {
                    throw new InvalidInputException(FIELD + " " + dir + ": " + p.getFileName() + " is not readable");
                }
                return Optional.of(p);
            }
        }
        if (required) {
            throw new InvalidInputException(FIELD + " " + dir + ": no " + name + "/ folder (expected the output of pupilrisk generate)");
        }
        return Optional.empty();
    }

    /** "parquet" or "csv", from the file name or the files inside a folder. */
    public static String format(Path p, String what) {
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

    /**
     * Reads a Parquet or CSV dataset of the tool's own writing. The read is forced here (a first row is
     * fetched) so that a corrupt file is one line naming it, not a stack trace from the first job.
     */
    public static Dataset<Row> read(SparkSession spark, Path p, String what) {
        String format = format(p, what);
        if (format.equals("parquet")) {
            checkParquetFiles(p, what);
        }
        try {
            Dataset<Row> d = format.equals("parquet")
                    ? spark.read().parquet(Storage.forSpark(p))
                    : spark.read().option("header", "true").option("inferSchema", "true").csv(Storage.forSpark(p));
            if (d.columns().length == 0) {
                throw new InvalidInputException(what + ": no columns (an empty file?)");
            }
            d.limit(1).collectAsList();
            return d;
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidInputException(what + ": cannot read " + p + " as " + format + " (" + firstLine(e) + ")");
        }
    }

    /**
     * Every Parquet file starts and ends with the magic {@code PAR1}; a file without both is damaged or
     * not Parquet. Checked in the driver so that it is one line naming the file, not a failed Spark task.
     */
    private static void checkParquetFiles(Path p, String what) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet"))
                        .filter(f -> !f.getFileName().toString().startsWith(".")).forEach(files::add);
            } catch (IOException e) {
                throw new InvalidInputException(what + ": cannot list " + p + " (" + e.getMessage() + ")");
            }
        } else {
            files.add(p);
        }
        byte[] magic = "PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (Path f : files) {
            try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(f)) {
                long size = ch.size();
                java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(4);
                java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(4);
                if (size >= 12) {
                    ch.read(head);
                    ch.position(size - 4);
                    ch.read(tail);
                }
                if (size < 12 || !Arrays.equals(head.array(), magic) || !Arrays.equals(tail.array(), magic)) {
                    throw new InvalidInputException(what + ": cannot read " + f + " as parquet (not a Parquet file, or damaged or truncated)");
                }
            } catch (IOException e) {
                throw new InvalidInputException(what + ": cannot read " + f + " (" + e.getMessage() + ")");
            }
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }
}
