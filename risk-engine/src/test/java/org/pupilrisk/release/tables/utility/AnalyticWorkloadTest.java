package org.pupilrisk.release.tables.utility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.CountTable.FinestCount;
import org.pupilrisk.release.tables.spec.TableSpec;

/** The workload error of answering a query from released microdata (the k-anonymous release's utility). */
class AnalyticWorkloadTest {

    private static final TableSpec SEN_BY_YEAR = TableSpec.of("sen-need-by-year", "true", "NCyearActual", "PrimarySENtype");

    @Test
    void generalisedYearGroupsAnswerNoYearCellAndSuppressedRecordsCountNowhere() {
        // Truth: year 7 has ASD 4, SEMH 2; year 8 has ASD 1, SEMH 3.
        CountTable truth = CountTable.of(SEN_BY_YEAR, List.of(
                new FinestCount(List.of("7"), "ASD", 4), new FinestCount(List.of("7"), "SEMH", 2),
                new FinestCount(List.of("8"), "ASD", 1), new FinestCount(List.of("8"), "SEMH", 3)));
        // Release: year 7 kept exactly but one ASD record suppressed (3 left); year 8 generalised to "*".
        CountTable released = CountTable.of(SEN_BY_YEAR, List.of(
                new FinestCount(List.of("7"), "ASD", 3), new FinestCount(List.of("7"), "SEMH", 2),
                new FinestCount(List.of("*"), "ASD", 1), new FinestCount(List.of("*"), "SEMH", 3)));

        AnalyticWorkload.Error e = AnalyticWorkload.compare(truth, released);

        // absolute errors per true cell: |3-4| + |2-2| + |0-1| + |0-3| = 5 over 4 cells
        assertThat(e.cells()).isEqualTo(4);
        assertThat(e.mae()).isCloseTo(5.0 / 4, within(1e-12));
        // relative: 1/4 + 0 + 1/1 + 3/3 = 2.25 over the 4 non-zero true cells
        assertThat(e.mre()).isCloseTo(2.25 / 4, within(1e-12));
    }

    @Test
    void aReleaseEqualToTheTruthHasNoError() {
        List<FinestCount> cells = List.of(new FinestCount(List.of("7"), "ASD", 4), new FinestCount(List.of("8"), "SEMH", 3));
        AnalyticWorkload.Error e = AnalyticWorkload.compare(CountTable.of(SEN_BY_YEAR, cells), CountTable.of(SEN_BY_YEAR, cells));
        assertThat(e.mae()).isZero();
        assertThat(e.mre()).isZero();
    }
}
