package org.pupilrisk.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The birth columns every pupil row gets: MonthOfBirth as yyyy-MM text and YearOfBirth, the same whether the
 * population stores the date of birth as a date (Parquet) or as text (CSV), with the month's text as Spark's
 * date_format writes it for any year.
 */
class NpdPopulationTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("NpdPopulationTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static final List<String> DATES = Arrays.asList("2010-01-31", "2009-12-01", "1999-09-09", "2020-02-29",
            "2024-10-05", null, "0999-05-05", "1000-01-01", "9999-12-31");
    private static final List<String> MONTHS = Arrays.asList("2010-01", "2009-12", "1999-09", "2020-02",
            "2024-10", null, "0999-05", "1000-01", "9999-12");
    private static final List<Integer> YEARS = Arrays.asList(2010, 2009, 1999, 2020, 2024, null, 999, 1000, 9999);

    private static Dataset<Row> pupils(DataType dobType) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < DATES.size(); i++) {
            String d = DATES.get(i);
            Object dob = d == null ? null : dobType.equals(DataTypes.DateType) ? Date.valueOf(java.time.LocalDate.parse(d)) : d;
            rows.add(RowFactory.create((long) i, 2024, dob));
        }
        StructType schema = new StructType().add(NpdColumns.PUPIL_ID, DataTypes.LongType)
                .add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType).add(NpdColumns.DATE_OF_BIRTH, dobType);
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void monthAndYearOfBirthAreThoseOfTheDateWhetherStoredAsADateOrAsText() {
        for (DataType type : List.of(DataTypes.DateType, DataTypes.StringType)) {
            List<Row> out = NpdPopulation.labelled(pupils(type), Optional.empty(), Optional.empty(), Optional.empty())
                    .orderBy(NpdColumns.PUPIL_ID).select(NpdPopulation.MONTH_OF_BIRTH, NpdPopulation.YEAR_OF_BIRTH)
                    .collectAsList();
            assertThat(out).hasSize(DATES.size());
            for (int i = 0; i < DATES.size(); i++) {
                assertThat(out.get(i).isNullAt(0) ? null : out.get(i).getString(0)).as(type + " " + DATES.get(i))
                        .isEqualTo(MONTHS.get(i));
                assertThat(out.get(i).isNullAt(1) ? null : out.get(i).getInt(1)).as(type + " " + DATES.get(i))
                        .isEqualTo(YEARS.get(i));
            }
        }
    }
}
