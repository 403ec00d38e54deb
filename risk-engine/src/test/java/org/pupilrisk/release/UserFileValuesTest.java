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
import org.pupilrisk.metric.RowCodes;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;

/**
 * A user's CSV is read whole on the driver, so each column's distinct values are known before Spark sees the rows
 * ({@link Assessment#extractCodes}), and each record's numbers of them; record-level releases of the file pack their
 * keys from them. The second method is Spark's own: the distinct values of the loaded extract, whether it has empty
 * fields, and each loaded record's values.
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
            RowCodes read = loaded.extractCodes().orElseThrow();
            assertThat(read.columns()).containsExactly("Post.code", "Sex", "URN");
            List<String> columns = List.of("Post.code", "Sex", "URN");
            for (String c : columns) {
                List<Row> distinct = loaded.extract().select(NpdColumns.ref(c)).distinct().collectAsList();
                List<String> values = distinct.stream().filter(r -> !r.isNullAt(0)).map(r -> r.getString(0)).toList();
                assertThat(read.values(c)).as(c).containsExactlyInAnyOrderElementsOf(values);
                assertThat(read.empty(c)).as(c).isEqualTo(distinct.stream().anyMatch(r -> r.isNullAt(0)));
            }
            // numbered in order of first appearance, row by row: each record's numbers give back its values
            assertThat(read.values("URN")).containsExactly("0123", "123");
            assertThat(read.empty("Sex")).isTrue();
            assertThat(read.values("Post.code")).containsExactly("B12 9", "LS1 4");
            assertThat(read.rows()).isEqualTo(5);
            List<Row> rows = loaded.extract().orderBy(NpdColumns.PUPIL_ID).collectAsList();
            for (int r = 0; r < rows.size(); r++) {
                assertThat(rows.get(r).<Long>getAs(NpdColumns.PUPIL_ID)).isEqualTo(r);
                for (String c : columns) {
                    int n = read.code(read.index(c), r);
                    assertThat(n < 0 ? null : read.values(c).get(n)).as("row %s, %s", r, c).isEqualTo(rows.get(r).getAs(c));
                }
            }
            assertThat(rows.get(2).<String>getAs("Post.code")).isNull();
            assertThat(rows.get(3).<String>getAs("URN")).isNull();
            // the sensitive labels numbered from the values read are the labels Spark's job finds, in its order
            Map<String, List<String>> asRead = Map.of("Sex", read.values("Sex"), "URN", read.values("URN"));
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
        assertThat(parquet.extractCodes()).as("Parquet, read by Spark: not numbered beforehand").isEmpty();
        parquet.extract().unpersist();
    }
}
