package org.pupilrisk.population;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.population.generator.PopulationGenerator;
import org.pupilrisk.spark.SparkSessions;

/**
 * Same seed and options give the same rows whatever the number of Spark cores or partitions: each child's
 * random streams derive from the seed and its identity, never from a partition or thread.
 */
class DeterminismTest {

    @TempDir
    static Path dir;

    @AfterAll
    static void stopSessions() {
        if (SparkSession.getActiveSession().isDefined()) {
            SparkSession.getActiveSession().get().stop();
        }
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /** Order-independent digest of every dataset: row count and the sum of a 64-bit hash of each row. */
    static List<String> digest(SparkSession spark, Path out) {
        return Arrays.stream(new String[] {NpdColumns.PUPILS, NpdColumns.AP_PLACEMENTS, NpdColumns.EXCLUSIONS,
            NpdColumns.SCHOOLS, NpdColumns.GEOGRAPHY}).map(name -> {
                Dataset<Row> d = spark.read().parquet(out.resolve(name).toString());
                Column[] cols = Arrays.stream(d.columns()).map(c -> col(c)).toArray(Column[]::new);
                Row r = d.agg(count(lit(1)), sum(xxhash64(cols).cast("decimal(38,0)"))).first();
                return name + ":" + r.get(0) + ":" + r.get(1);
            }).toList();
    }

    static List<String> run(String master, int partitions, String name) {
        stopSessions();
        SparkSession spark = SparkSessions.getOrCreate(master, false);
        assertThat(spark.sparkContext().master()).isEqualTo(master);
        Path out = dir.resolve(name);
        PopulationGenerator.generate(spark, new PopulationSettings(4_000, 2023, 2024, 3, OutputFormat.PARQUET, out, partitions),
                line -> { });
        return digest(spark, out);
    }

    @Test
    void sameSeedGivesIdenticalRowsOnOneOrTwoCoresAndAnyPartitioning() {
        List<String> two = run("local[2]", 5, "two");
        List<String> twoOther = run("local[2]", 1, "two-other");
        List<String> one = run("local[1]", 3, "one");
        assertThat(two).hasSize(5);
        assertThat(twoOther).isEqualTo(two);
        assertThat(one).isEqualTo(two);
    }

    @Test
    void anotherSeedGivesOtherRows() {
        SparkSession spark = SparkSessions.getOrCreate("local[2]", false);
        Path a = dir.resolve("seed3");
        Path b = dir.resolve("seed4");
        PopulationGenerator.generate(spark, new PopulationSettings(1_500, 2024, 2024, 3, OutputFormat.PARQUET, a, 2), l -> { });
        PopulationGenerator.generate(spark, new PopulationSettings(1_500, 2024, 2024, 4, OutputFormat.PARQUET, b, 2), l -> { });
        assertThat(digest(spark, b).get(0)).isNotEqualTo(digest(spark, a).get(0));
    }
}
