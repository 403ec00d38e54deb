package org.pupilrisk.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pupilrisk.population.NpdColumns;

/**
 * A small generated-like population for tests, written as `pupilrisk generate` writes it (folders of
 * CSV with a header, NPD column names), and kept in memory so tests can count by a second method.
 */
public final class PopulationFixture {

    /** One pupil in one census year, with the labels the data source should attach. */
    public record Pupil(long id, int year, LocalDate dob, String sex, String ethnic, boolean fsm, String sen,
                        String senType, String district, String sector, int urn, String ncYear, boolean lookedAfter,
                        String apReason, String exclusionReason) {
    }

    public static final String[] AP_REASONS = {"MENTAL_HEALTH", "PERM_EXCLUDED", "MEDICAL", "PREGNANCY"};
    public static final String[] EX_REASONS = {"PP", "VA", "DB", "OW"};
    public static final int INDEPENDENT_URN = 100019;

    public final List<Pupil> pupils = new ArrayList<>();
    public final int[] years;

    private PopulationFixture(int[] years) {
        this.years = years;
    }

    /** {@code perYear} pupils followed over {@code years}; deterministic for a seed. */
    public static PopulationFixture create(int perYear, long seed, int... years) {
        PopulationFixture f = new PopulationFixture(years);
        Random r = new Random(seed);
        for (long id = 1; id <= perYear; id++) {
            LocalDate dob = LocalDate.of(2008 + r.nextInt(6), 1 + r.nextInt(12), 1 + r.nextInt(28));
            String sex = r.nextBoolean() ? "M" : "F";
            String ethnic = r.nextInt(10) < 7 ? "WBRI" : (r.nextBoolean() ? "APKN" : "BAFR");
            int urn = 100000 + r.nextInt(20);
            int districtNo = r.nextInt(8);
            String district = "B" + districtNo;
            for (int y : years) {
                if (r.nextInt(20) == 0) {
                    urn = 100000 + r.nextInt(20); // moves school
                }
                if (r.nextInt(25) == 0) {
                    districtNo = r.nextInt(8);
                    district = "B" + districtNo;
                }
                int sen = r.nextInt(100);
                String senFlag = sen < 12 ? "K" : sen < 16 ? "E" : "N";
                String senType = senFlag.equals("N") ? null : (r.nextBoolean() ? "SEMH" : "ASD");
                String ap = r.nextInt(25) == 0 ? AP_REASONS[r.nextInt(AP_REASONS.length)] : null;
                String ex = r.nextInt(30) == 0 ? EX_REASONS[r.nextInt(EX_REASONS.length)] : null;
                int nc = y - dob.getYear() - 5;
                f.pupils.add(new Pupil(id, y, dob, sex, ethnic, r.nextInt(4) == 0, senFlag, senType, district,
                        district + " " + r.nextInt(3), urn, Integer.toString(Math.max(1, Math.min(13, nc))),
                        r.nextInt(100) == 0, ap, ex));
            }
        }
        return f;
    }

    /** The LA of a fixture school: four LAs, each with five schools. */
    public static int laOf(int urn) {
        return 330 + urn % 4;
    }

    public List<Pupil> year(int y) {
        return pupils.stream().filter(p -> p.year() == y).toList();
    }

    /** Writes pupils/, ap_placements/, exclusions/, schools/ under {@code dir}. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir.resolve(NpdColumns.PUPILS));
            Files.createDirectories(dir.resolve(NpdColumns.AP_PLACEMENTS));
            Files.createDirectories(dir.resolve(NpdColumns.EXCLUSIONS));
            Files.createDirectories(dir.resolve(NpdColumns.SCHOOLS));
            List<String> lines = new ArrayList<>();
            lines.add(String.join(",", NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR, NpdColumns.DATE_OF_BIRTH, NpdColumns.SEX,
                    NpdColumns.ETHNIC_MINOR, NpdColumns.FSM, NpdColumns.SEN_PROVISION, NpdColumns.SEN_TYPE,
                    NpdColumns.POSTCODE_DISTRICT, NpdColumns.POSTCODE_SECTOR, NpdColumns.URN, NpdColumns.NC_YEAR,
                    NpdColumns.LOOKED_AFTER, NpdColumns.LA));
            List<String> ap = new ArrayList<>(List.of(String.join(",", NpdColumns.PUPIL_ID, NpdColumns.CENSUS_YEAR,
                    NpdColumns.AP_REASON, NpdColumns.AP_SETTING)));
            List<String> ex = new ArrayList<>(List.of(String.join(",", NpdColumns.PUPIL_ID, NpdColumns.EXCLUSION_CATEGORY,
                    NpdColumns.EXCLUSION_REASON, NpdColumns.EXCLUSION_START)));
            for (Pupil p : pupils) {
                lines.add(String.join(",", Long.toString(p.id()), Integer.toString(p.year()), p.dob().toString(), p.sex(),
                        p.ethnic(), Boolean.toString(p.fsm()), p.sen(), p.senType() == null ? "" : p.senType(),
                        p.district(), p.sector(), Integer.toString(p.urn()), p.ncYear(), Boolean.toString(p.lookedAfter()),
                        Integer.toString(laOf(p.urn()))));
                if (p.apReason() != null) {
                    ap.add(p.id() + "," + p.year() + "," + p.apReason() + ",URN");
                    // a second, later-coded placement the label rule must not pick
                    ap.add(p.id() + "," + p.year() + ",ZZ_OTHER,OTH");
                }
                if (p.exclusionReason() != null) {
                    // a suspension earlier in the year and the permanent exclusion that must win
                    ex.add(p.id() + ",SUSPENSION,AAA," + (p.year() - 1) + "-10-01");
                    ex.add(p.id() + ",PERMANENT," + p.exclusionReason() + "," + p.year() + "-02-01");
                }
            }
            Files.write(dir.resolve(NpdColumns.PUPILS).resolve("part-00000.csv"), lines);
            Files.write(dir.resolve(NpdColumns.AP_PLACEMENTS).resolve("part-00000.csv"), ap);
            Files.write(dir.resolve(NpdColumns.EXCLUSIONS).resolve("part-00000.csv"), ex);
            List<String> schools = new ArrayList<>(List.of(NpdColumns.URN + "," + NpdColumns.SCHOOL_TYPE));
            for (int u = 100000; u < 100020; u++) {
                schools.add(u + "," + (u == INDEPENDENT_URN ? "INDEPENDENT" : u % 2 == 0 ? "PRIMARY" : "SECONDARY"));
            }
            Files.write(dir.resolve(NpdColumns.SCHOOLS).resolve("part-00000.csv"), schools);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
