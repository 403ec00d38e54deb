package org.pupilrisk.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.metric.Metric;

/** Every metric of the figures contract has a plain-English definition and a kind that decides its output rule. */
class MetricGlossaryTest {

    @Test
    void everyContractMetricIsDefined() {
        List<String> contract = List.of("sample_uniqueness", "records_at_risk_k2", "records_at_risk_k3", "records_at_risk_k5",
                "records_at_risk_k10", "prosecutor_risk_max", "prosecutor_risk_avg", "prosecutor_share_above_0.2",
                "prosecutor_share_above_0.1", "prosecutor_share_above_0.09", "prosecutor_share_above_0.05",
                "journalist_risk_max", "journalist_risk_avg", "marketer_risk", "population_uniqueness",
                "population_uniqueness_zayatz", "population_uniqueness_pitman", "population_uniqueness_snb",
                "population_uniqueness_dankar", "label_disclosure_rate", "attack_success_rate", "attack_claims_rate",
                "attack_precision", "records", "label_carried_rate", "linked_uniqueness", "kanon_information_loss",
                "kanon_suppressed_share", "suppressed_cells_recovered_exact_share", "suppressed_cells_presence_disclosed_share",
                "pupils_label_certain", "outputs_approved", "pupils_disclosed_by_differencing", "cells_suppressed_share",
                "workload_mae", "workload_mre");
        for (String m : contract) {
            assertThat(MetricGlossary.of(m).known()).as(m).isTrue();
            assertThat(MetricGlossary.of(m).definition()).as(m).isNotBlank();
        }
    }

    @Test
    void kindsDecideHowAFigureIsGuarded() {
        assertThat(MetricGlossary.of("records").kind()).isEqualTo(Metric.Kind.COUNT);
        assertThat(MetricGlossary.of("pupils_label_certain").kind()).isEqualTo(Metric.Kind.COUNT);
        assertThat(MetricGlossary.of("sample_uniqueness").kind()).isEqualTo(Metric.Kind.SHARE_OF_RECORDS);
        assertThat(MetricGlossary.of("records_at_risk_k10").kind()).isEqualTo(Metric.Kind.SHARE_OF_RECORDS);
        assertThat(MetricGlossary.of("label_disclosure_rate.APReason").kind()).isEqualTo(Metric.Kind.SHARE_OF_RECORDS);
        assertThat(MetricGlossary.of("attack_success_rate").kind()).isEqualTo(Metric.Kind.PROPORTION);
        assertThat(MetricGlossary.of("workload_mae").kind()).isEqualTo(Metric.Kind.NUMBER);
        assertThat(MetricGlossary.of("something_new").known()).isFalse();
    }

    @Test
    void perLabelDisclosureMetricsNameTheirLabel() {
        assertThat(MetricGlossary.labelOf("label_disclosure_rate.APReason")).contains("APReason");
        assertThat(MetricGlossary.labelOf("label_disclosure_rate:ExclusionReason")).contains("ExclusionReason");
        assertThat(MetricGlossary.labelOf("label_disclosure_rate[PrimarySENtype]")).contains("PrimarySENtype");
        assertThat(MetricGlossary.labelOf("label_disclosure_rate")).isEmpty();
        assertThat(MetricGlossary.isLabelDisclosure("label_disclosure_rate")).isTrue();
        assertThat(MetricGlossary.isLabelDisclosure("label_disclosure_ratex")).isFalse();
        assertThat(MetricGlossary.isLabelDisclosure("attack_success_rate")).isFalse();
    }
}
