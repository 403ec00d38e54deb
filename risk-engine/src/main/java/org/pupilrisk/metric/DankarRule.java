package org.pupilrisk.metric;

/**
 * Dankar et al.'s decision rule: which uniqueness estimator to trust for a given sampling fraction.
 *
 * <p>With sampling fraction n/N at most 0.1, use Pitman (Zayatz when Pitman does not converge);
 * above 0.1, use the smaller of Zayatz and SNB (Zayatz when SNB does not converge). The figure's note
 * names the model chosen. Source: Dankar, El Emam, Neisa &amp; Roffey, "Estimating the re-identification
 * risk of clinical data sets", BMC Medical Informatics and Decision Making 12:66, 2012; as in ARX
 * (org.deidentifier.arx.risk.RiskModelPopulationUniqueness).
 */
public final class DankarRule {

    public static final MetricKey METRIC = Metric.POPULATION_UNIQUENESS_DANKAR;

    private DankarRule() {
    }

    public static UniquesEstimate estimate(SizeHistogram h, long populationSize) {
        if (h.classes(1) == 0) {
            return UniquesEstimate.of(0).withNote("no sample uniques");
        }
        double fraction = (double) h.records() / populationSize;
        UniquesEstimate zayatz = ZayatzEstimator.estimate(h, populationSize);
        if (fraction <= 0.1) {
            UniquesEstimate pitman = PitmanEstimator.estimate(h, populationSize);
            if (pitman.available()) {
                return pitman.withNote("Dankar rule: Pitman (sampling fraction <= 0.1)");
            }
            return zayatz.available() ? zayatz.withNote("Dankar rule: Zayatz (Pitman did not converge)") : zayatz;
        }
        UniquesEstimate snb = SnbEstimator.estimate(h, populationSize);
        if (snb.available() && zayatz.available()) {
            return zayatz.uniques() < snb.uniques()
                    ? zayatz.withNote("Dankar rule: Zayatz (smaller than SNB)")
                    : snb.withNote("Dankar rule: SNB (smaller than Zayatz)");
        }
        return zayatz.available() ? zayatz.withNote("Dankar rule: Zayatz (SNB did not converge)") : zayatz;
    }
}
