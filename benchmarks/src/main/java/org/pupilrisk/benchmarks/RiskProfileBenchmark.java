package org.pupilrisk.benchmarks;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.pupilrisk.attack.RecordLevelRisk;
import org.pupilrisk.metric.ClassSizes;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.release.pupillevel.PupilLevelRelease;
import org.pupilrisk.engine.ScenarioAssessment;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;

/**
 * Scale benchmark of the risk engine (not a timed test): a full risk profile of the default
 * scenario on a population of ROWS pupils, and the class-size stage against a bare Spark
 * groupBy-count on the same data in the same run.
 *
 * <p>Usage: {@code java ... org.pupilrisk.benchmarks.RiskProfileBenchmark ROWS [ROWS...]} (e.g. 1000000
 * 8500000). The population is synthesised in Spark from hashes of the pupil id (NPD column names,
 * plausible cardinalities: 5 birth cohorts, 2,300 postcode districts, 22,000 schools), so the
 * benchmark does not depend on the simulator.
 */
public final class RiskProfileBenchmark {

    private RiskProfileBenchmark() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSessions.getOrCreate(null, false);
        for (String a : args.length == 0 ? new String[] {"1000000"} : args) {
            run(spark, Long.parseLong(a));
        }
    }

    static void run(SparkSession spark, long rows) {
        Dataset<Row> pop = population(spark, rows).persist(StorageLevel.MEMORY_AND_DISK());
        long t = System.nanoTime();
        pop.count();
        double materialise = secs(t);
        Scenario scenario = ScenarioLoader.defaults();
        Dataset<Row> extract = pop.where(pmod(hash(lit(1), col(NpdColumns.PUPIL_ID)), lit(4)).equalTo(0))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long n = extract.count();
        DataSource.Loaded loaded = new DataSource.Loaded("synthetic", Path.of("synthetic"), extract, Optional.of(pop),
                Optional.empty(), OptionalLong.of(rows), 2024, List.of(2024), n, scenario);
        ScenarioAssessment a = new ScenarioAssessment(spark, loaded, Path.of(System.getProperty("java.io.tmpdir")),
                Assessment.Progress.SILENT);

        List<String> q = scenario.qiSet("neighbour").columns();
        t = System.nanoTime();
        pop.groupBy(q.stream().map(c -> col(c)).toArray(Column[]::new)).count().count();
        double bare = secs(t);
        Dataset<Row> masked = RecordLevelRisk.withMask(extract, a.subgroups());
        List<Column> sel = new ArrayList<>();
        sel.add(col(ClassSizes.MASK));
        q.forEach(c -> sel.add(col(c).cast("string").as(c)));
        List<Column> relSel = new ArrayList<>(sel);
        scenario.sensitive().forEach(s -> relSel.add(col(s)));
        Dataset<Row> popKeys = RecordLevelRisk.withMask(pop, a.subgroups()).select(sel.toArray(Column[]::new));
        t = System.nanoTime();
        ClassSizes.compute(masked.select(relSel.toArray(Column[]::new)), Optional.of(popKeys), q, scenario.sensitive(),
                a.subgroups().size());
        double classSizes = secs(t);

        List<Figure> figures = new ArrayList<>();
        t = System.nanoTime();
        new PupilLevelRelease("pupil-level", false).assess(a, figures::add);
        double full = secs(t);
        System.out.printf("rows=%d extract=%d materialise=%.1fs bare_groupby_count=%.1fs class_sizes_stage=%.1fs "
                        + "ratio=%.2f full_profile=%.1fs figures=%d cores=%d%n",
                rows, n, materialise, bare, classSizes, classSizes / bare, full, figures.size(),
                Runtime.getRuntime().availableProcessors());
        extract.unpersist();
        pop.unpersist();
    }

    /** A population with NPD column names, synthesised from hashes of the id. */
    static Dataset<Row> population(SparkSession spark, long rows) {
        Column id = col("id");
        Column dob = date_add(to_date(lit("2008-09-01")), pmod(hash(id, lit(1)), lit(365 * 5)));
        Column ap = pmod(hash(id, lit(6)), lit(150));
        Column sen = pmod(hash(id, lit(7)), lit(100));

        return spark.range(rows).select(
                id.as(NpdColumns.PUPIL_ID),
                lit(2024).as(NpdColumns.CENSUS_YEAR),
                dob.as(NpdColumns.DATE_OF_BIRTH),
                date_format(dob, "yyyy-MM").as(DataSource.MONTH_OF_BIRTH),
                when(pmod(hash(id, lit(2)), lit(2)).equalTo(0), lit("M")).otherwise(lit("F")).as(NpdColumns.SEX),
                concat(lit("D"), pmod(hash(id, lit(3)), lit(2300)).cast("string")).as(NpdColumns.POSTCODE_DISTRICT),
                concat(lit("D"), pmod(hash(id, lit(3)), lit(2300)).cast("string"), lit(" "),
                        pmod(hash(id, lit(4)), lit(10)).cast("string")).as(NpdColumns.POSTCODE_SECTOR),
                pmod(hash(id, lit(5)), lit(22000)).plus(100000).as(NpdColumns.URN),
                pmod(hash(id, lit(1)), lit(365 * 5)).divide(365).cast("int").plus(7).cast("string").as(NpdColumns.NC_YEAR),
                when(pmod(hash(id, lit(8)), lit(10)).lt(8), lit("WBRI")).otherwise(
                        concat(lit("E"), pmod(hash(id, lit(9)), lit(17)).cast("string"))).as(NpdColumns.ETHNIC_MINOR),
                when(sen.lt(13), lit("K")).when(sen.lt(18), lit("E")).otherwise(lit("N")).as(NpdColumns.SEN_PROVISION),
                when(sen.lt(18), when(sen.lt(9), lit("SEMH")).otherwise(lit("ASD"))).as(NpdColumns.SEN_TYPE),
                pmod(hash(id, lit(10)), lit(4)).equalTo(0).as(NpdColumns.FSM),
                pmod(hash(id, lit(11)), lit(150)).equalTo(0).as(NpdColumns.LOOKED_AFTER),
                when(ap.lt(1), element_at(array(lit("MENTAL_HEALTH"), lit("PERM_EXCLUDED"), lit("MEDICAL"), lit("SEN"), lit("PREGNANCY")),
                        pmod(hash(id, lit(12)), lit(5)).plus(1).cast("int"))).as(NpdColumns.AP_REASON),
                when(pmod(hash(id, lit(13)), lit(200)).equalTo(0), lit("PP")).as(NpdColumns.EXCLUSION_REASON),
                lit("PRIMARY").as(NpdColumns.SCHOOL_TYPE));
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
