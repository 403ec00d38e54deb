package org.pupilrisk.release.tables.saferaccess;

import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.pupilrisk.settings.SettingsReader;

/**
 * Statistical disclosure control rules for outputs leaving a trusted research environment, with the
 * defaults of ACRO (Automatic Checking of Research Outputs, SACRO project; Green et al. 2023) and the
 * UK "Safe Researcher" guidance:
 * <ul>
 *   <li>threshold: every cell has at least {@code minCount} records (default 10);</li>
 *   <li>dominance (n, k): the n largest contributors make up at most k of a cell's total (n = 2, k = 90%);</li>
 *   <li>p_ratio: the total minus the two largest contributions is at least p of the largest (p = 10%),
 *       so no contributor can estimate the largest to within p;</li>
 *   <li>zeros: a zero cell is disclosive (it says no one in the group has the characteristic).</li>
 * </ul>
 * For a count every record contributes 1, so dominance and p-ratio only flag cells of one or two
 * records, which the threshold already catches; they matter for magnitude outputs (sums, means).
 */
public record OutputRules(int minCount, int dominanceN, double dominanceK, double pRatio, boolean zerosDisclosive) {

    public static OutputRules acroDefaults() {
        return new OutputRules(10, 2, 0.9, 0.1, true);
    }

    /**
     * What the checker knows about one cell.
     *
     * @param records    contributing records
     * @param total      the cell's value (= records for a count)
     * @param largest    descending contributions, at least {@code dominanceN} long (0-padded)
     */
    public record CellStats(long records, double total, double[] largest) {

        public static CellStats ofCount(long count) {
            return new CellStats(count, count, new double[] {count >= 1 ? 1 : 0, count >= 2 ? 1 : 0, count >= 3 ? 1 : 0});
        }
    }

    /** Why a cell fails, or null if it passes. */
    public String failure(CellStats cell) {
        if (cell.records() == 0) {
            return zerosDisclosive ? "zero" : null;
        }
        if (cell.records() < minCount) {
            return "threshold";
        }
        double[] top = cell.largest();
        double topN = 0;
        for (int i = 0; i < Math.min(dominanceN, top.length); i++) {
            topN += top[i];
        }
        if (cell.total() > 0 && topN > dominanceK * cell.total()) {
            return "dominance";
        }
        double first = top.length > 0 ? top[0] : 0;
        double second = top.length > 1 ? top[1] : 0;
        if (first > 0 && cell.total() - first - second < pRatio * first) {
            return "p_ratio";
        }
        return null;
    }

    public boolean passes(CellStats cell) {
        return failure(cell) == null;
    }

    public boolean passesCount(long count) {
        return passes(CellStats.ofCount(count));
    }

    public static OutputRules fromYaml(JsonNode node, String where) {
        SettingsReader r = SettingsReader.of(node, where, Set.of("min_count", "dominance_n", "dominance_k", "p_ratio", "zeros_disclosive"));
        OutputRules d = acroDefaults();
        return new OutputRules(r.integer("min_count", d.minCount(), 1, 1_000_000), r.integer("dominance_n", d.dominanceN(), 1, 100),
                r.number("dominance_k", d.dominanceK(), 0, 1), r.number("p_ratio", d.pRatio(), 0, 1),
                r.bool("zeros_disclosive", d.zerosDisclosive()));
    }
}
