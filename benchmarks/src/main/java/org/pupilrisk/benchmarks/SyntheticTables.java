package org.pupilrisk.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pupilrisk.release.tables.CountTable;
import org.pupilrisk.release.tables.spec.TableSpec;

/**
 * National-shaped AP tables with synthetic counts, for timing the suppression audit: LAs x schools x
 * year groups x reasons, most cells zero and the rest small, as in the AP census.
 */
final class SyntheticTables {

    static final List<String> REASONS = List.of("EHCP_NAMED", "PERM_EXCLUDED", "SUSPENDED", "MEDICAL", "MENTAL_HEALTH",
            "PREGNANCY", "YOUNG_OFFENDER", "SEN_NO_EHCP", "BEHAVIOUR", "OTHER");

    private SyntheticTables() {
    }

    /**
     * @param las            local authorities
     * @param schoolsPerLa   schools in each
     * @param years          year groups per school
     * @param nonZeroPercent share of school x year x reason cells with any pupils
     */
    static CountTable apTable(int las, int schoolsPerLa, int years, int nonZeroPercent, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CountTable.FinestCount> finest = new ArrayList<>(las * schoolsPerLa * years * REASONS.size());
        for (int la = 0; la < las; la++) {
            String laCode = String.valueOf(201 + la);
            for (int s = 0; s < schoolsPerLa; s++) {
                String urn = String.valueOf(100_000 + la * 1000 + s);
                for (int y = 0; y < years; y++) {
                    String year = String.valueOf(5 + y);
                    for (String reason : REASONS) {
                        long n = random.nextInt(100) < nonZeroPercent ? 1 + (long) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(0.75)) : 0;
                        finest.add(new CountTable.FinestCount(List.of(laCode, urn, year), reason, n));
                    }
                }
            }
        }
        return CountTable.of(TableSpec.of("ap-reason-by-school-year", TableSpec.AP_FILTER, "LA", "URN", "NCyearActual", "APReason"), finest);
    }
}
