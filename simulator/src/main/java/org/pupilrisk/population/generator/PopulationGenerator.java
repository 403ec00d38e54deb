package org.pupilrisk.population.generator;

import org.pupilrisk.files.Storage;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.OutputFormat;
import org.pupilrisk.population.PopulationManifest;
import org.pupilrisk.population.PopulationSettings;
import org.pupilrisk.population.geography.Frame;
import org.pupilrisk.progress.Progress;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.generator.Validation;
import org.pupilrisk.population.generator.ValidationRow;
import org.pupilrisk.population.geography.Geography;
import org.pupilrisk.population.pupil.Calibrator;
import org.pupilrisk.population.pupil.Codes;
import org.pupilrisk.population.pupil.PupilLives;
import org.pupilrisk.population.pupil.PupilModel;
import org.pupilrisk.population.pupil.PupilYear;
import org.pupilrisk.population.school.SchoolEstate;

/**
 * {@code pupilrisk generate}: builds geography and schools on the driver, calibrates, then generates pupils,
 * AP placements and exclusions as Spark jobs parallel over entity ids, writes every dataset and the
 * validation table into a temporary directory and moves it into place only when all is written.
 */
public final class PopulationGenerator {

    /**
     * What a run produced.
     *
     * @param entities           the children lived for the pupils' rows
     * @param childrenWithEvents the children lived again for the AP placements and exclusions: those with either
     */
    public record Result(long pupilRows, long apRows, long exclusionRows, int schools, int lsoas,
                         List<ValidationRow> validation, long entities, long childrenWithEvents) {
    }

    /** Census year the calibration sample is drawn from (any year gives the same constants up to sampling). */
    public static final int CALIBRATION_YEAR = 2024;

    private PopulationGenerator() {
    }

    public static final StructType PUPILS_RAW = new StructType()
            .add(NpdColumns.PUPIL_ID, DataTypes.LongType, false)
            .add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType, false)
            .add("dob_day", DataTypes.IntegerType, false)
            .add(NpdColumns.SEX, DataTypes.StringType, false)
            .add(NpdColumns.ETHNIC_MINOR, DataTypes.StringType, false)
            .add(NpdColumns.ETHNIC_MAJOR, DataTypes.StringType, false)
            .add(NpdColumns.FIRST_LANGUAGE, DataTypes.StringType, false)
            .add(NpdColumns.FSM, DataTypes.BooleanType, false)
            .add(NpdColumns.SEN_PROVISION, DataTypes.StringType, false)
            .add(NpdColumns.SEN_TYPE, DataTypes.StringType, true)
            .add(NpdColumns.UPRN, DataTypes.LongType, false)
            .add(NpdColumns.LSOA, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_SECTOR, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_DISTRICT, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_AREA, DataTypes.StringType, false)
            .add(NpdColumns.URN, DataTypes.IntegerType, false)
            .add(NpdColumns.LA, DataTypes.IntegerType, false)
            .add(NpdColumns.NC_YEAR, DataTypes.StringType, false)
            .add(NpdColumns.LOOKED_AFTER, DataTypes.BooleanType, false)
            .add(NpdColumns.CHILD_IN_NEED, DataTypes.BooleanType, false)
            .add(NpdColumns.EVER_FSM_6, DataTypes.BooleanType, false);

    /**
     * The pupils' rows with each census year's labels from the same life ({@link Kind#LABELLED_PUPILS}): APReason,
     * the least reason among the year's AP placements, and ExclusionReason, the first reason of the year's first
     * exclusion (permanent before suspension, then the earliest start, then the least reason): the labels
     * {@code NpdPopulation.labelled} gives a pupil-year from the placements and exclusions datasets.
     */
    static final StructType LABELLED_PUPILS_RAW = PUPILS_RAW
            .add(NpdColumns.AP_REASON, DataTypes.StringType, true)
            .add(NpdColumns.EXCLUSION_REASON, DataTypes.StringType, true);

    /** The pupils' rows as written: {@link #PUPILS_RAW} with the day of birth a date. */
    static final StructType PUPILS_WRITTEN = withDate(PUPILS_RAW, "dob_day", NpdColumns.DATE_OF_BIRTH);
    static final StructType LABELLED_PUPILS_WRITTEN = withDate(LABELLED_PUPILS_RAW, "dob_day", NpdColumns.DATE_OF_BIRTH);

    public static final StructType AP_RAW = new StructType()
            .add(NpdColumns.PUPIL_ID, DataTypes.LongType, false)
            .add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType, false)
            .add(NpdColumns.LA, DataTypes.IntegerType, false)
            .add(NpdColumns.NC_YEAR, DataTypes.StringType, false)
            .add(NpdColumns.SEX, DataTypes.StringType, false)
            .add(NpdColumns.SEN_PROVISION, DataTypes.StringType, false)
            .add(NpdColumns.FSM, DataTypes.BooleanType, false)
            .add(NpdColumns.AP_REASON, DataTypes.StringType, false)
            .add(NpdColumns.AP_SETTING, DataTypes.StringType, false)
            .add(NpdColumns.AP_URN, DataTypes.IntegerType, true)
            .add("start_day", DataTypes.IntegerType, false);

    public static final StructType EXCLUSIONS_RAW = new StructType()
            .add(NpdColumns.PUPIL_ID, DataTypes.LongType, false)
            .add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType, false)
            .add(NpdColumns.URN, DataTypes.IntegerType, false)
            .add(NpdColumns.LA, DataTypes.IntegerType, false)
            .add(NpdColumns.NC_YEAR, DataTypes.StringType, false)
            .add(NpdColumns.SEX, DataTypes.StringType, false)
            .add(NpdColumns.SEN_PROVISION, DataTypes.StringType, false)
            .add(NpdColumns.FSM, DataTypes.BooleanType, false)
            .add(NpdColumns.EXCLUSION_CATEGORY, DataTypes.StringType, false)
            .add(NpdColumns.EXCLUSION_REASON, DataTypes.StringType, false)
            .add(NpdColumns.EXCLUSION_REASON_2, DataTypes.StringType, true)
            .add(NpdColumns.EXCLUSION_REASON_3, DataTypes.StringType, true)
            .add("start_day", DataTypes.IntegerType, false);

    /** AP placements (kind 0) and exclusions (kind 1) from one generation pass; split before writing. */
    static final StructType EVENTS_RAW = new StructType()
            .add("kind", DataTypes.IntegerType, false)
            .add(NpdColumns.PUPIL_ID, DataTypes.LongType, false)
            .add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType, false)
            .add(NpdColumns.URN, DataTypes.IntegerType, true)
            .add(NpdColumns.LA, DataTypes.IntegerType, false)
            .add(NpdColumns.NC_YEAR, DataTypes.StringType, false)
            .add(NpdColumns.SEX, DataTypes.StringType, false)
            .add(NpdColumns.SEN_PROVISION, DataTypes.StringType, false)
            .add(NpdColumns.FSM, DataTypes.BooleanType, false)
            .add(NpdColumns.AP_REASON, DataTypes.StringType, true)
            .add(NpdColumns.AP_SETTING, DataTypes.StringType, true)
            .add(NpdColumns.AP_URN, DataTypes.IntegerType, true)
            .add(NpdColumns.EXCLUSION_CATEGORY, DataTypes.StringType, true)
            .add(NpdColumns.EXCLUSION_REASON, DataTypes.StringType, true)
            .add(NpdColumns.EXCLUSION_REASON_2, DataTypes.StringType, true)
            .add(NpdColumns.EXCLUSION_REASON_3, DataTypes.StringType, true)
            .add("day", DataTypes.IntegerType, false);

    public static final StructType SCHOOLS = new StructType()
            .add(NpdColumns.URN, DataTypes.IntegerType, false)
            .add(NpdColumns.SCHOOL_NAME, DataTypes.StringType, false)
            .add(NpdColumns.SCHOOL_TYPE, DataTypes.StringType, false)
            .add(NpdColumns.LA, DataTypes.IntegerType, false)
            .add(NpdColumns.LSOA, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_SECTOR, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_DISTRICT, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_AREA, DataTypes.StringType, false)
            .add(NpdColumns.RURAL, DataTypes.BooleanType, false);

    public static final StructType GEOGRAPHY = new StructType()
            .add(NpdColumns.LSOA, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_SECTOR, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_DISTRICT, DataTypes.StringType, false)
            .add(NpdColumns.POSTCODE_AREA, DataTypes.StringType, false)
            .add(NpdColumns.LA, DataTypes.IntegerType, false)
            .add(NpdColumns.LA_NAME, DataTypes.StringType, false)
            .add(NpdColumns.REGION, DataTypes.StringType, false)
            .add(NpdColumns.REGION_NAME, DataTypes.StringType, false)
            .add(NpdColumns.RURAL, DataTypes.BooleanType, false);

    /** The driver-side model with the default district-size spread. */
    public static PupilModel model(long pupils, int firstYear, int lastYear, long seed) {
        return model(pupils, firstYear, lastYear, seed, Double.NaN);
    }

    /**
     * The driver-side model: geography, schools and calibrated parameters (no Spark involved).
     *
     * @param districtSpread lognormal spread of pupils per postcode district; NaN = the calibration data's default
     */
    public static PupilModel model(long pupils, int firstYear, int lastYear, long seed, double districtSpread) {
        return model(pupils, firstYear, lastYear, seed, districtSpread, CalibrationTargets.bundled());
    }

    /**
     * The driver-side model under the given calibration data (the bundled table, or a settings file's values:
     * {@code pupilrisk generate --settings}).
     */
    public static PupilModel model(long pupils, int firstYear, int lastYear, long seed, double districtSpread,
                                   CalibrationTargets targets) {
        Geography geo = Geography.build(targets, seed,
                Double.isNaN(districtSpread) ? Geography.defaultDistrictSpread(targets) : districtSpread);
        java.util.function.IntToDoubleFunction cohorts = PupilModel.cohortSizes(targets);
        int cluster = (int) targets.value("postcode_districts_per_sampled_cluster");
        double effective = PupilModel.effectiveCohorts(targets);
        Frame frame = Frame.of(geo, pupils, firstYear, lastYear, effective, seed, cohorts, cluster);
        SchoolEstate estate = SchoolEstate.build(geo, frame, PupilModel.participation(targets), seed);
        PupilModel model = new PupilModel(targets, geo, frame, estate, seed);
        // Calibrate on one reference census year: the population is stationary (constant cohorts, time-invariant
        // rates), so the constants hold for every year, and a panel's 2024 equals a 2024-only run's.
        Frame reference = Frame.of(geo, pupils, CALIBRATION_YEAR, CALIBRATION_YEAR, effective, seed,
                cohorts, cluster);
        PupilModel calibration = new PupilModel(targets, geo, reference, estate, seed);
        Calibrator.calibrate(calibration);
        model.copyCalibration(calibration);
        return model;
    }

    /**
     * Fails fast, before any work, when {@code out} cannot be written: it exists and is not a directory, or its
     * parent cannot be created or written. The message is a complete one-line error.
     */
    public static void checkWritable(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        if (java.nio.file.Files.exists(abs) && !java.nio.file.Files.isDirectory(abs)) {
            throw new AtomicOutput.OutputException("cannot write " + out + ": it exists and is not a directory");
        }
        Path parent = abs.getParent();
        Path existing = parent;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !java.nio.file.Files.isDirectory(existing) || !java.nio.file.Files.isWritable(existing)) {
            throw new AtomicOutput.OutputException("cannot write " + out + ": " + (existing == null ? parent : existing)
                    + " is not a writable directory");
        }
    }

    public static Result generate(SparkSession spark, PopulationSettings s, Consumer<String> progress) {
        checkWritable(s.out());
        progress.accept(String.format("building geography, schools and calibration for %,d pupils per census year, %d-%d, seed %d",
                s.pupils(), s.firstYear(), s.lastYear(), s.seed()));
        PupilModel model = model(s.pupils(), s.firstYear(), s.lastYear(), s.seed(), s.districtSpread(), s.calibration());
        Frame frame = model.frame;
        int lsoas = 0;
        for (int k : frame.keptLsoas) {
            lsoas += k;
        }
        progress.accept(String.format("%d postcode districts, %,d LSOAs, %,d schools; %,d children over %d birth cohorts",
                frame.districts.length, lsoas, model.estate.size(), frame.entities(), frame.cohorts));
        int parts = partitions(spark, s, frame);
        Broadcast<PupilModel> bc = spark.sparkContext().broadcast(model, scala.reflect.ClassTag$.MODULE$.apply(PupilModel.class));
        long[] counts = new long[4];
        List<ValidationRow>[] validation = new List[1];
        int lsoaCount = lsoas;
        AtomicOutput.directory(s.out(), tmp -> {
            OutputPolicy.mark(tmp);
            new PopulationManifest(s.pupils(), s.firstYear(), s.lastYear(), s.seed(), Double.isNaN(s.districtSpread())
                    ? Geography.defaultDistrictSpread(s.calibration()) : s.districtSpread(), s.targets() == null).write(tmp);
            write(spark.createDataFrame(schoolRows(model), SCHOOLS), tmp.resolve(NpdColumns.SCHOOLS), s.format(), NpdColumns.URN);
            write(spark.createDataFrame(geographyRows(model), GEOGRAPHY), tmp.resolve(NpdColumns.GEOGRAPHY), s.format(), NpdColumns.LSOA);
            progress.accept("writing " + NpdColumns.PUPILS + " (" + parts + " partitions)");
            EventfulChildren eventful = new EventfulChildren(spark);
            Dataset<Row> pupils = pupilRows(spark, bc, frame.entities(), parts, eventful);
            try (Progress bar = Progress.start("generating pupils", frame.entities(), "children")) {
                children = bar;
                write(pupils, tmp.resolve(NpdColumns.PUPILS), s.format(), NpdColumns.CENSUS_YEAR, NpdColumns.PUPIL_ID);
            } finally {
                children = null;
            }
            long[][] withEvents = eventful.byPartition(parts);
            long lived = java.util.Arrays.stream(withEvents).mapToLong(l -> l.length).sum();
            counts[3] = lived;
            progress.accept(String.format("writing %s and %s (the %,d children with either)", NpdColumns.AP_PLACEMENTS,
                    NpdColumns.EXCLUSIONS, lived));
            Broadcast<long[][]> listed = spark.sparkContext().broadcast(withEvents,
                    scala.reflect.ClassTag$.MODULE$.apply(long[][].class));
            Dataset<Row> events = events(spark, bc, listed, parts).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            try (Progress bar = Progress.start("generating AP and exclusions", lived, "children")) {
                children = bar;
                write(apRows(events), tmp.resolve(NpdColumns.AP_PLACEMENTS), s.format(), NpdColumns.CENSUS_YEAR,
                        NpdColumns.PUPIL_ID);
                write(exclusionRows(events), tmp.resolve(NpdColumns.EXCLUSIONS), s.format(), NpdColumns.CENSUS_YEAR, NpdColumns.PUPIL_ID,
                        NpdColumns.EXCLUSION_START);
            } finally {
                children = null;
                events.unpersist();
                listed.destroy();
            }
            progress.accept("validating against calibration targets");
            Validation v = new Validation(spark, tmp, s.format(), model, s.pupils());
            validation[0] = v.rows();
            counts[0] = v.pupilRows();
            counts[1] = v.apRows();
            counts[2] = v.exclusionRows();
            Validation.writeCsv(validation[0], tmp.resolve(NpdColumns.VALIDATION));
        });
        bc.destroy();
        return new Result(counts[0], counts[1], counts[2], model.estate.size(), lsoaCount, validation[0], frame.entities(),
                counts[3]);
    }

    /**
     * The rows {@link #generate} would write for these settings, as Spark datasets that are never written: pupils
     * (DateOfBirth a date), AP placements, exclusions and schools, from the same model and the same draws (so the
     * same values), without the geography table, the Parquet files, the validation or the manifest, and without
     * {@code out} or {@code format} being used. For work that needs a population's rows once, as the job that
     * reads them runs (the sensitivity grid's district-size spread): the rows stream from the generator into that
     * job. The AP placements and exclusions share one generation pass, cached at its first use.
     */
    public static Unwritten unwritten(SparkSession spark, PopulationSettings s) {
        PupilModel model = model(s.pupils(), s.firstYear(), s.lastYear(), s.seed(), s.districtSpread(), s.calibration());
        Frame frame = model.frame;
        int parts = partitions(spark, s, frame);
        Broadcast<PupilModel> bc = spark.sparkContext().broadcast(model, scala.reflect.ClassTag$.MODULE$.apply(PupilModel.class));
        Dataset<Row> events = records(spark, bc, frame.entities(), parts, Kind.EVENTS)
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        return new Unwritten(pupilRows(spark, bc, frame.entities(), parts, Kind.PUPILS),
                pupilRows(spark, bc, frame.entities(), parts, Kind.LABELLED_PUPILS), apRows(events), exclusionRows(events),
                spark.createDataFrame(schoolRows(model), SCHOOLS), events, bc);
    }

    /** A population's datasets that were generated but not written; see {@link #unwritten}. */
    public static final class Unwritten implements AutoCloseable {
        private final Dataset<Row> pupils;
        private final Dataset<Row> labelledPupils;
        private final Dataset<Row> apPlacements;
        private final Dataset<Row> exclusions;
        private final Dataset<Row> schools;
        private final Dataset<Row> events;
        private final Broadcast<PupilModel> model;

        private Unwritten(Dataset<Row> pupils, Dataset<Row> labelledPupils, Dataset<Row> apPlacements,
                          Dataset<Row> exclusions, Dataset<Row> schools, Dataset<Row> events, Broadcast<PupilModel> model) {
            this.pupils = pupils;
            this.labelledPupils = labelledPupils;
            this.apPlacements = apPlacements;
            this.exclusions = exclusions;
            this.schools = schools;
            this.events = events;
            this.model = model;
        }

        /** The pupils' rows, columns as {@code pupils/} holds them. */
        public Dataset<Row> pupils() {
            return pupils;
        }

        /**
         * The pupils' rows, as {@link #pupils}, with two columns more: APReason and ExclusionReason, each census
         * year's labels from its AP placements and exclusions as {@code NpdPopulation.labelled} gives them from
         * {@link #apPlacements} and {@link #exclusions} (null when the year has none). From one generation pass: no
         * second pass of every life for the events, no aggregation and no join (the sensitivity grid's district-size
         * spread reads a census this way; benchmarks/RESULTS.md, "the spread's labels from the same pass").
         */
        public Dataset<Row> labelledPupils() {
            return labelledPupils;
        }

        /** As {@code ap_placements/}. */
        public Dataset<Row> apPlacements() {
            return apPlacements;
        }

        /** As {@code exclusions/}. */
        public Dataset<Row> exclusions() {
            return exclusions;
        }

        /** As {@code schools/}. */
        public Dataset<Row> schools() {
            return schools;
        }

        /** Drops the events' cache and the model's broadcast: the datasets cannot be computed again after this. */
        @Override
        public void close() {
            events.unpersist();
            model.destroy();
        }
    }

    /** Partitions of the record-level datasets: the settings' or about 250,000 children each. */
    private static int partitions(SparkSession spark, PopulationSettings s, Frame frame) {
        return s.partitions() > 0 ? s.partitions()
                : (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(2000, frame.entities() / 250_000 + 1));
    }

    /** The pupils' rows as written (the day of birth a date), each partition noting its children with events. */
    private static Dataset<Row> pupilRows(SparkSession spark, Broadcast<PupilModel> bc, long entities, int parts,
                                          EventfulChildren eventful) {
        return records(spark, bc, entities, parts, Kind.PUPILS, eventful);
    }

    /** The pupils' rows of {@code kind} (with or without the year's labels): the day of birth a date. */
    private static Dataset<Row> pupilRows(SparkSession spark, Broadcast<PupilModel> bc, long entities, int parts, Kind kind) {
        return records(spark, bc, entities, parts, kind);
    }

    /** {@code raw}'s columns with {@code rawDate} (days since 1970) made {@code dateColumn}, a date, in its place. */
    static StructType withDate(StructType raw, String rawDate, String dateColumn) {
        StructType schema = new StructType();
        for (StructField f : raw.fields()) {
            schema = f.name().equals(rawDate) ? schema.add(dateColumn, DataTypes.DateType, f.nullable()) : schema.add(f);
        }
        return schema;
    }

    /** The AP placements' rows as written, from the events of one generation pass. */
    private static Dataset<Row> apRows(Dataset<Row> events) {
        return events.filter(col("kind").equalTo(0)).select(col(NpdColumns.PUPIL_ID),
                col(NpdColumns.CENSUS_YEAR), col(NpdColumns.LA), col(NpdColumns.NC_YEAR), col(NpdColumns.SEX),
                col(NpdColumns.SEN_PROVISION), col(NpdColumns.FSM), col(NpdColumns.AP_REASON),
                col(NpdColumns.AP_SETTING), col(NpdColumns.AP_URN),
                expr("date_from_unix_date(day)").as(NpdColumns.AP_START_DATE));
    }

    /** The exclusions' rows as written, from the events of one generation pass. */
    private static Dataset<Row> exclusionRows(Dataset<Row> events) {
        return events.filter(col("kind").equalTo(1)).select(col(NpdColumns.PUPIL_ID),
                col(NpdColumns.CENSUS_YEAR), col(NpdColumns.URN), col(NpdColumns.LA), col(NpdColumns.NC_YEAR),
                col(NpdColumns.SEX), col(NpdColumns.SEN_PROVISION), col(NpdColumns.FSM),
                col(NpdColumns.EXCLUSION_CATEGORY), col(NpdColumns.EXCLUSION_REASON),
                col(NpdColumns.EXCLUSION_REASON_2), col(NpdColumns.EXCLUSION_REASON_3),
                expr("date_from_unix_date(day)").as(NpdColumns.EXCLUSION_START));
    }

    /** Reads a dataset written by {@link #generate} (Parquet or CSV with header). */
    public static Dataset<Row> read(SparkSession spark, Path dir, OutputFormat format, StructType rawSchema, String dateColumn,
                                    String rawDate) {
        if (format == OutputFormat.PARQUET) {
            return spark.read().parquet(Storage.forSpark(dir));
        }
        // every column nullable: CSV has no way to say a value cannot be missing
        StructType schema = new StructType();
        for (StructField f : withDate(rawSchema, rawDate, dateColumn).fields()) {
            schema = schema.add(f.name(), f.dataType(), true);
        }
        return spark.read().option("header", "true").schema(schema).csv(Storage.forSpark(dir));
    }

    private static void write(Dataset<Row> df, Path dir, OutputFormat format, String... order) {
        if (format == OutputFormat.PARQUET) {
            df.write().mode(SaveMode.ErrorIfExists).parquet(Storage.forSpark(dir));
        } else {
            Column[] cols = new Column[order.length];
            for (int i = 0; i < order.length; i++) {
                cols[i] = col(order[i]);
            }
            // One sorted CSV file per dataset folder, with a header line.
            df.orderBy(cols).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                    .option("header", "true").option("dateFormat", "yyyy-MM-dd").csv(Storage.forSpark(dir));
        }
    }

    /**
     * What a generation pass emits: the pupils' rows, the events (AP placements and exclusions), or the pupils' rows
     * with each year's labels from its events ({@link #LABELLED_PUPILS_RAW}).
     */
    enum Kind { PUPILS, EVENTS, LABELLED_PUPILS }

    static Dataset<Row> records(SparkSession spark, Broadcast<PupilModel> bc, long entities, int parts, Kind kind) {
        return records(spark, bc, entities, parts, kind, null);
    }

    /**
     * As {@link #records(SparkSession, Broadcast, long, int, Kind)}, each partition noting in {@code eventful} (when
     * not null) which of its children had an AP placement or exclusion.
     */
    private static Dataset<Row> records(SparkSession spark, Broadcast<PupilModel> bc, long entities, int parts, Kind kind,
                                        EventfulChildren eventful) {
        StructType schema = switch (kind) {
            case PUPILS -> PUPILS_WRITTEN;
            case EVENTS -> EVENTS_RAW;
            case LABELLED_PUPILS -> LABELLED_PUPILS_WRITTEN;
        };
        FlatMapFunction<Long, InternalRow> f = chunk -> new RecordIterator(bc.value(), kind,
                chunk * entities / parts, (chunk + 1) * entities / parts, chunk, eventful);
        return fromChunks(spark, parts, f, schema);
    }

    /**
     * One partition per chunk 0..parts-1, each's rows from {@code f}, as Spark's internal rows of {@code schema}.
     * Internal rows because the texts are made once per run (each code's UTF-8 bytes) rather than encoded again for
     * every row, as Spark's encoder of external rows does (benchmarks/RESULTS.md, "the rows in Spark's own form").
     */
    private static Dataset<Row> fromChunks(SparkSession spark, int parts, FlatMapFunction<Long, InternalRow> f,
                                           StructType schema) {
        if (!(spark instanceof org.apache.spark.sql.classic.SparkSession classic)) {
            throw new IllegalStateException("generation needs Spark's classic session (not Spark Connect)");
        }
        List<Long> chunks = new ArrayList<>(parts);
        for (long c = 0; c < parts; c++) {
            chunks.add(c);
        }
        JavaRDD<InternalRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(chunks, parts).flatMap(f);
        return classic.internalCreateDataFrame(rows.rdd(), schema, false);
    }

    /**
     * The events of the children listed, partition by partition ({@link EventfulChildren#byPartition}): the rows a
     * pass of {@link Kind#EVENTS} over every child gives, in the same partitions and order, since a child without
     * events adds none.
     */
    private static Dataset<Row> events(SparkSession spark, Broadcast<PupilModel> bc, Broadcast<long[][]> listed, int parts) {
        FlatMapFunction<Long, InternalRow> f = chunk -> new RecordIterator(bc.value(), listed.value()[(int) (long) chunk]);
        return fromChunks(spark, parts, f, EVENTS_RAW);
    }

    private static List<Row> schoolRows(PupilModel m) {
        List<Row> rows = new ArrayList<>();
        SchoolEstate e = m.estate;
        Geography g = m.geo;
        for (int i = 0; i < e.size(); i++) {
            int l = e.lsoa[i];
            int d = g.lsoaDistrict[l];
            rows.add(RowFactory.create(e.urn[i], e.name[i], e.type[i].name(), g.las[e.la[i]].number(), g.lsoaCode[l],
                    g.lsoaSector[l], g.districtCode[d], Geography.postcodeArea(g.districtCode[d]), g.districtRural[d]));
        }
        return rows;
    }

    private static List<Row> geographyRows(PupilModel m) {
        List<Row> rows = new ArrayList<>();
        Geography g = m.geo;
        Frame f = m.frame;
        for (int s = 0; s < f.districts.length; s++) {
            int d = f.districts[s];
            var la = g.las[g.districtLa[d]];
            for (int k = 0; k < f.keptLsoas[s]; k++) {
                int l = g.districtFirstLsoa[d] + k;
                rows.add(RowFactory.create(g.lsoaCode[l], g.lsoaSector[l], g.districtCode[d],
                        Geography.postcodeArea(g.districtCode[d]), la.number(), la.name(),
                        Geography.REGION_CODES[la.region()], Geography.REGION_NAMES[la.region()], g.districtRural[d]));
            }
        }
        return rows;
    }

    /** Children per progress step: the bar's cost stays far below the generation's. */
    private static final int PROGRESS_BATCH = 2048;

    /** The bar of the generation pass running now on this JVM, or null. */
    private static volatile Progress children;

    /** Lazily generates the rows of one kind for a range of entity ids. */
    static final class RecordIterator implements Iterator<InternalRow>, PupilLives.Sink, Serializable {
        private final PupilModel m;
        private final PupilLives lives;
        private final Kind kind;
        private final long end;
        private long next;
        /** The children to live, when listed (the events pass), and the next one's index; else next to end. */
        private final long[] listed;
        private int at;
        /** The child being lived. */
        private long current;
        /** Where this partition's children with events are noted, or null; its index, and the children so far. */
        private final EventfulChildren eventful;
        private final long partition;
        private long[] withEvents = new long[0];
        private int withEventsCount;
        private boolean reported;
        private final ArrayDeque<InternalRow> buffer = new ArrayDeque<>();
        private final PupilYear p = new PupilYear();
        /** Each LSOA's, sector's (by LSOA), district's and area's (by district) code, as Spark holds texts. */
        private final UTF8String[] lsoaCode;
        private final UTF8String[] sectorOfLsoa;
        private final UTF8String[] districtCode;
        private final UTF8String[] areaOfDistrict;
        private final Integer[] urnBoxed;
        private final Integer[] laBoxed;
        private int unreported;

        RecordIterator(PupilModel m, Kind kind, long start, long end, long partition, EventfulChildren eventful) {
            this(m, kind, start, end, null, partition, eventful);
        }

        /** The events of the children listed, ascending. */
        RecordIterator(PupilModel m, long[] listed) {
            this(m, Kind.EVENTS, 0, 0, listed, 0, null);
        }

        private RecordIterator(PupilModel m, Kind kind, long start, long end, long[] listed, long partition,
                               EventfulChildren eventful) {
            this.m = m;
            this.lives = new PupilLives(m);
            this.kind = kind;
            this.next = start;
            this.end = end;
            this.listed = listed;
            this.partition = partition;
            this.eventful = eventful;
            lsoaCode = utf8(m.geo.lsoaCode);
            sectorOfLsoa = utf8(m.geo.lsoaSector);
            districtCode = utf8(m.geo.districtCode);
            areaOfDistrict = new UTF8String[m.geo.districts()];
            for (int d = 0; d < areaOfDistrict.length; d++) {
                areaOfDistrict[d] = UTF8String.fromString(Geography.postcodeArea(m.geo.districtCode[d]));
            }
            urnBoxed = new Integer[m.estate.size()];
            for (int i = 0; i < urnBoxed.length; i++) {
                urnBoxed[i] = m.estate.urn[i];
            }
            laBoxed = new Integer[m.geo.las.length];
            for (int a = 0; a < laBoxed.length; a++) {
                laBoxed[a] = m.geo.las[a].number();
            }
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && more()) {
                current = listed == null ? next++ : listed[at++];
                lives.live(current, p, this);
                if (++unreported == PROGRESS_BATCH || !more()) {
                    reportProgress();
                }
            }
            if (buffer.isEmpty() && eventful != null && !reported) {
                eventful.note(partition, java.util.Arrays.copyOf(withEvents, withEventsCount));
                reported = true;
            }
            return !buffer.isEmpty();
        }

        private boolean more() {
            return listed == null ? next < end : at < listed.length;
        }

        /** Notes the child being lived as one with events (once). */
        private void noteEvent() {
            if (withEventsCount > 0 && withEvents[withEventsCount - 1] == current) {
                return;
            }
            if (withEventsCount == withEvents.length) {
                withEvents = java.util.Arrays.copyOf(withEvents, Math.max(64, 2 * withEventsCount));
            }
            withEvents[withEventsCount++] = current;
        }

        /** Children done, to the bar of the run on this JVM (the embedded master's; none on a cluster's executors). */
        private void reportProgress() {
            Progress bar = children;
            if (bar != null) {
                bar.stepBy(unreported);
            }
            unreported = 0;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.poll();
        }

        // The code lists as Spark holds texts (sex: 0 male, 1 female)
        private static final UTF8String[] SEX = utf8(new String[] {"M", "F"});
        private static final UTF8String[] ETHNIC_MINOR = utf8(Codes.ETHNIC_MINOR);
        private static final UTF8String[] ETHNIC_MAJOR_OF = utf8(Codes.ETHNIC_MAJOR_OF);
        private static final UTF8String[] LANGUAGE = utf8(Codes.LANGUAGE);
        private static final UTF8String[] SEN_PROVISION = utf8(Codes.SEN_PROVISION);
        private static final UTF8String[] SEN_NEED = utf8(Codes.SEN_NEED);
        private static final UTF8String[] NC_YEAR = utf8(Codes.NC_YEAR);
        private static final UTF8String[] AP_REASON = utf8(Codes.AP_REASON);
        private static final UTF8String[] AP_SETTING = utf8(Codes.AP_SETTING);
        private static final UTF8String[] EXCLUSION_CATEGORY = utf8(Codes.EXCLUSION_CATEGORY);
        private static final UTF8String[] EXCLUSION_REASON = utf8(Codes.EXCLUSION_REASON);

        private static UTF8String[] utf8(String[] texts) {
            UTF8String[] u = new UTF8String[texts.length];
            for (int i = 0; i < u.length; i++) {
                u[i] = UTF8String.fromString(texts[i]);
            }
            return u;
        }

        /** The labelled kind: this census year's pupil row, held until the year's events are in; null between years. */
        private Object[] year;
        /** The year's least AP reason so far (null: no placement). */
        private String apLabel;
        /** The year's first exclusion so far: 0 permanent, 1 suspension, 2 none; its day and first reason. */
        private int exclusionRank = 2;
        private int exclusionDay;
        private String exclusionLabel;

        @Override
        public void pupil(PupilYear p) {
            if (kind == Kind.EVENTS) {
                return;
            }
            int d = m.geo.lsoaDistrict[p.lsoa];
            // the date of birth as Spark holds a date: days since 1970
            Object[] values = {p.pupilId, p.censusYear, p.dobEpochDay, SEX[p.sex], ETHNIC_MINOR[p.ethnicity],
                    ETHNIC_MAJOR_OF[p.ethnicity], LANGUAGE[p.language], p.fsm, SEN_PROVISION[p.sen],
                    p.need < 0 ? null : SEN_NEED[p.need], p.uprn, lsoaCode[p.lsoa], sectorOfLsoa[p.lsoa], districtCode[d],
                    areaOfDistrict[d], urnBoxed[p.school], laBoxed[m.estate.la[p.school]], NC_YEAR[p.nc], p.lookedAfter,
                    p.childInNeed, p.everFsm6};
            if (kind == Kind.PUPILS) {
                buffer.add(new GenericInternalRow(values));
                return;
            }
            year = java.util.Arrays.copyOf(values, values.length + 2);
            apLabel = null;
            exclusionRank = 2;
            exclusionLabel = null;
        }

        @Override
        public void yearDone(PupilYear p) {
            if (year != null) {
                year[year.length - 2] = apLabel == null ? null : UTF8String.fromString(apLabel);
                year[year.length - 1] = exclusionLabel == null ? null : UTF8String.fromString(exclusionLabel);
                buffer.add(new GenericInternalRow(year));
                year = null;
            }
        }

        @Override
        public void apPlacement(PupilYear p, int reason, int setting, int apSchool, int la, int startEpochDay) {
            if (eventful != null) {
                noteEvent();
            }
            if (year != null) {
                // NpdPopulation.labelled: min(APReason) over the pupil-year's placements
                String r = Codes.AP_REASON[reason];
                if (apLabel == null || r.compareTo(apLabel) < 0) {
                    apLabel = r;
                }
                return;
            }
            if (kind != Kind.EVENTS) {
                return;
            }
            buffer.add(new GenericInternalRow(new Object[] {0, p.pupilId, p.censusYear, null, laBoxed[la], NC_YEAR[p.nc],
                    SEX[p.sex], SEN_PROVISION[p.sen], p.fsm, AP_REASON[reason], AP_SETTING[setting],
                    apSchool < 0 ? null : urnBoxed[apSchool], null, null, null, null, startEpochDay}));
        }

        @Override
        public void exclusion(PupilYear p, int category, int reason, int reason2, int reason3, int school, int epochDay) {
            if (eventful != null) {
                noteEvent();
            }
            if (year != null) {
                // NpdPopulation.labelled: the reason of min(permanent first, start, reason) over the pupil-year's exclusions
                int rank = Codes.EXCLUSION_CATEGORY[category].equals("PERMANENT") ? 0 : 1;
                String r = Codes.EXCLUSION_REASON[reason];
                if (rank < exclusionRank || rank == exclusionRank && (epochDay < exclusionDay
                        || epochDay == exclusionDay && r.compareTo(exclusionLabel) < 0)) {
                    exclusionRank = rank;
                    exclusionDay = epochDay;
                    exclusionLabel = r;
                }
                return;
            }
            if (kind != Kind.EVENTS) {
                return;
            }
            buffer.add(new GenericInternalRow(new Object[] {1, p.pupilId, p.censusYear, urnBoxed[school],
                    laBoxed[m.estate.la[school]], NC_YEAR[p.nc], SEX[p.sex], SEN_PROVISION[p.sen], p.fsm, null, null, null,
                    EXCLUSION_CATEGORY[category], EXCLUSION_REASON[reason], reason2 < 0 ? null : EXCLUSION_REASON[reason2],
                    reason3 < 0 ? null : EXCLUSION_REASON[reason3], epochDay}));
        }
    }
}
