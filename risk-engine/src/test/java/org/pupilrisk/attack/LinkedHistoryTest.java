package org.pupilrisk.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.TestAssessment;
import org.pupilrisk.spark.SparkSessions;

/**
 * #LabelsLastaLifetime, worked by hand: a label is carried when the NPD still links a pupil to a label
 * recorded in an earlier year that the current record no longer shows.
 */
class LinkedHistoryTest {

    @Test
    void aLabelIsCarriedOnlyWhenItNoLongerApplies() {
        SparkSession spark = SparkSessions.getOrCreate("local[2]", false);
        StructType schema = new StructType()
                .add(NpdColumns.PUPIL_ID, DataTypes.LongType).add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType)
                .add(NpdColumns.DATE_OF_BIRTH, DataTypes.DateType).add(NpdColumns.SEX, DataTypes.StringType)
                .add(NpdColumns.URN, DataTypes.IntegerType).add(NpdColumns.POSTCODE_DISTRICT, DataTypes.StringType)
                .add(NpdColumns.AP_REASON, DataTypes.StringType).add(NpdColumns.SEN_TYPE, DataTypes.StringType)
                .add(NpdColumns.EXCLUSION_REASON, DataTypes.StringType);
        Date dob = Date.valueOf("2012-03-04");
        List<Row> rows = new ArrayList<>();
        // 1: the same SEN need two years running: the 2024 record shows it anyway, nothing carried
        rows.add(RowFactory.create(1L, 2023, dob, "F", 100, "AB1", null, "ASD", null));
        rows.add(RowFactory.create(1L, 2024, dob, "F", 100, "AB1", null, "ASD", null));
        // 2: an AP placement for pregnancy in 2023, no placement in 2024: carries one
        rows.add(RowFactory.create(2L, 2023, dob, "F", 100, "AB1", "PREGNANCY", null, null));
        rows.add(RowFactory.create(2L, 2024, dob, "F", 100, "AB1", null, null, null));
        // 3: a SEN need in 2023 that changed by 2024 (SLCN -> MLD): the past need is carried
        rows.add(RowFactory.create(3L, 2023, dob, "M", 100, "AB1", null, "SLCN", null));
        rows.add(RowFactory.create(3L, 2024, dob, "M", 100, "AB1", null, "MLD", null));
        // 4: nothing recorded in 2023; a current AP placement in 2024 is current, not carried
        rows.add(RowFactory.create(4L, 2023, dob, "M", 100, "AB1", null, null, null));
        rows.add(RowFactory.create(4L, 2024, dob, "M", 100, "AB1", "MENTAL_HEALTH", null, null));
        // 5: excluded in 2023, not in 2024: the old exclusion reason is carried
        rows.add(RowFactory.create(5L, 2023, dob, "M", 100, "AB1", null, null, "PP"));
        rows.add(RowFactory.create(5L, 2024, dob, "M", 100, "AB1", null, null, null));
        Dataset<Row> years = spark.createDataFrame(rows, schema);
        Assessment a = new TestAssessment(spark, years, Optional.of(years), OptionalLong.of(5), List.of(),
                List.of(NpdColumns.AP_REASON, NpdColumns.SEN_TYPE, NpdColumns.EXCLUSION_REASON),
                List.of(Subgroup.ALL, new Subgroup("ap", "APReason IS NOT NULL")),
                List.of(), 10, 1L, Optional.of(years));
        List<Figure> figures = new ArrayList<>();
        LinkedHistory.assess(a, "pupil-level", figures::add);

        // pupils 2, 3 and 5 of 5 carry a label that no longer applies
        assertThat(value(figures, "all", "label_carried_rate")).isCloseTo(3.0 / 5, within(1e-12));
        assertThat(value(figures, "all", "label_carried_rate.APReason")).isCloseTo(1.0 / 5, within(1e-12));
        assertThat(value(figures, "all", "label_carried_rate.PrimarySENtype")).isCloseTo(1.0 / 5, within(1e-12));
        assertThat(value(figures, "all", "label_carried_rate.ExclusionReason")).isCloseTo(1.0 / 5, within(1e-12));
        // the one pupil in AP in 2024 (pupil 4) carries nothing from before
        assertThat(value(figures, "ap", "label_carried_rate")).isZero();
    }

    private static double value(List<Figure> figures, String subgroup, String metric) {
        return figures.stream().filter(f -> f.qiSet().equals("linked_2023-2024") && f.subgroup().equals(subgroup)
                        && f.metric().equals(metric))
                .findFirst().orElseThrow(() -> new AssertionError(subgroup + " " + metric)).value();
    }
}
