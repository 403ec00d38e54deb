package org.pupilrisk.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;

/**
 * A user's CSV is read whole on the driver, so each column's distinct values are known before Spark sees the rows
 * ({@link Assessment#extractValues}); record-level releases of the file pack their keys from them. The second method
 * is Spark's own: the distinct values of the loaded extract and a count of its empty fields.
 */
class UserFileValuesTest {

    @TempDir
    Path tmp;

    @Test
    void eachColumnsValuesAsReadAreTheLoadedExtractsDistinctValues() throws Exception {
        SparkSession spark = SparkSessions.getOrCreate("local[2]", false);
        Path csv = tmp.resolve("extract.csv");
        // the file's own id column gives way to the row's position, so its values are not reported
        Files.writeString(csv, String.join("\r\n",
                "Post.code,Sex,URN," + NpdColumns.PUPIL_ID,
                "B12 9,M,0123,p1", "B12 9,,123,p2", ",F,0123,p3", "LS1 4,F,,p4", "B12 9,M,0123,p5", "") , StandardCharsets.UTF_8);
        var table = DataSource.checkDataFile(csv, StandardCharsets.UTF_8);
        var scenario = ScenarioLoader.defaults().forUserData(false, List.of("Post.code", "Sex", "URN"), List.of());
        DataSource.Loaded loaded = DataSource.userFile(spark, csv, table, OptionalLong.empty(), scenario, "test");
        try {
            Map<String, Assessment.ColumnValues> read = loaded.extractValues().orElseThrow();
            assertThat(read.keySet()).containsExactlyInAnyOrder("Post.code", "Sex", "URN");
            List<String> columns = List.of("Post.code", "Sex", "URN");
            for (String c : columns) {
                List<Row> distinct = loaded.extract().select(NpdColumns.ref(c)).distinct().collectAsList();
                List<String> values = distinct.stream().filter(r -> !r.isNullAt(0)).map(r -> r.getString(0)).toList();
                assertThat(read.get(c).values()).as(c).containsExactlyInAnyOrderElementsOf(values);
                assertThat(read.get(c).empty()).as(c).isEqualTo(distinct.stream().anyMatch(r -> r.isNullAt(0)));
            }
            assertThat(read.get("URN").values()).containsExactlyInAnyOrder("0123", "123");
            assertThat(read.get("Sex").empty()).isTrue();
            assertThat(read.get("Post.code").values()).containsExactlyInAnyOrder("B12 9", "LS1 4");
            // the sensitive labels numbered from the values read are the labels Spark's job finds, in its order
            Map<String, List<String>> asRead = Map.of("Sex", read.get("Sex").values(), "URN", read.get("URN").values());
            assertThat(org.pupilrisk.metric.ClassSizes.labels(asRead, List.of("URN", "Sex")))
                    .isEqualTo(org.pupilrisk.metric.ClassSizes.labels(loaded.extract(), List.of("URN", "Sex")))
                    .isEqualTo(List.of(List.of("0123", "123"), List.of("F", "M")));
            // and the count of records is the file's rows, read on the driver, as Spark counts them
            assertThat(loaded.records()).isEqualTo(loaded.extract().count()).isEqualTo(5);
            loaded.extract().drop(NpdColumns.PUPIL_ID).write().parquet(tmp.resolve("extract.parquet").toString());
        } finally {
            loaded.extract().unpersist();
        }
        DataSource.Loaded parquet = DataSource.userFile(spark, tmp.resolve("extract.parquet"), java.util.Optional.empty(),
                OptionalLong.empty(), scenario, "test");
        assertThat(parquet.extractValues()).as("Parquet, read by Spark: values not known beforehand").isEmpty();
        parquet.extract().unpersist();
    }
}
