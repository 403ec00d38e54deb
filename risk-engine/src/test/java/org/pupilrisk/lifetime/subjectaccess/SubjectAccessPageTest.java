package org.pupilrisk.lifetime.subjectaccess;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.pupilrisk.lifetime.exposure.PupilExposure;
import org.pupilrisk.lifetime.exposure.PupilHistory;
import org.pupilrisk.lifetime.exposure.ShareIndex;
import org.pupilrisk.lifetime.ledger.Coverage;
import org.pupilrisk.lifetime.ledger.Delivery;
import org.pupilrisk.lifetime.ledger.RequesterType;
import org.pupilrisk.lifetime.ledger.Share;
import org.pupilrisk.lifetime.ledger.Tier;
import org.pupilrisk.population.NpdColumns;

class SubjectAccessPageTest {

    static final StructType SCHEMA = new StructType()
            .add(NpdColumns.PUPIL_ID, DataTypes.LongType).add(NpdColumns.CENSUS_YEAR, DataTypes.IntegerType)
            .add(NpdColumns.DATE_OF_BIRTH, DataTypes.StringType).add(NpdColumns.SEX, DataTypes.StringType)
            .add(NpdColumns.NC_YEAR, DataTypes.StringType).add(NpdColumns.SEN_TYPE, DataTypes.StringType)
            .add(NpdColumns.AP_REASON, DataTypes.StringType).add(NpdColumns.EXCLUSION_REASON, DataTypes.StringType)
            .add(NpdColumns.LOOKED_AFTER, DataTypes.BooleanType).add(NpdColumns.URN, DataTypes.IntegerType);

    static Row row(int year, String nc, String sen, String ap, String ex, boolean la) {
        return new GenericRowWithSchema(new Object[] {7L, year, "2004-05-06", "F", nc, sen, ap, ex, la, 100001}, SCHEMA);
    }

    /** 2018: SEMH need, AP for mental health, looked after. 2019: exclusion. 2020: nothing current. */
    static final List<Row> RECORDS = List.of(row(2018, "8", "SEMH", "MENTAL_HEALTH", null, true),
            row(2019, "9", "SEMH", null, "PA", false), row(2020, "10", null, null, null, false));

    @Test
    void labelsNoLongerCurrentAreListedWithTheYearTheyWereRecorded() {
        assertThat(SubjectAccessPage.staleLabels(RECORDS)).containsExactly(
                "Type of special educational need SEMH (census 2018, 2019)",
                "Reason for alternative provision MENTAL_HEALTH (census 2018)",
                "Looked after (census 2018)",
                "Exclusion reason PA (academic year ending 2019)");
    }

    @Test
    void thePageListsEveryRecordAndEveryShareThatHeldIt() {
        List<Share> shares = List.of(
                new Share("S1", LocalDate.parse("2019-07-01"), Tier.TIER1, RequesterType.MEDIA, "media-001", Delivery.FILE,
                        new Coverage(2018, 2019, "KS3", 1), 0),
                new Share("S2", LocalDate.parse("2020-07-01"), Tier.TIER4, RequesterType.ACADEMIC, "academic-001",
                        Delivery.SECURE_SERVICE, new Coverage(2020, 2020, "KS4", 1), 0));
        PupilHistory h = new PupilHistory(7, LocalDate.parse("2004-05-06"), "F", new int[] {2018, 2019, 2020},
                new int[] {8, 9, 10}, new int[] {0, 0, 0}, new int[] {PupilHistory.LABEL_SEN_TYPE, PupilHistory.LABEL_SEN_TYPE, 0},
                330, "B1", "B1 2", 100001);
        PupilExposure e = PupilExposure.of(h, new ShareIndex(shares, 1), null);
        String html = SubjectAccessPage.render(RECORDS, h, e, shares, 1, "test ledger");
        // S1 (KS3 of 2018-2019) holds the 2018 and 2019 records; S2 (KS4 = Year 11 of 2020) not Year 10
        assertThat(e.shares()).containsExactly(0);
        assertThat(html).contains("<strong>3 census records</strong>").contains("<strong>1 share</strong>")
                .contains("<td>2018, 2019</td>").contains("media-001").doesNotContain("academic-001")
                .contains("Reason for alternative provision MENTAL_HEALTH (census 2018)")
                .startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("http");
    }
}
