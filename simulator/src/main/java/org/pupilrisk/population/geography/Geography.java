package org.pupilrisk.population.geography;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.pupilrisk.population.calibration.CalibrationTargets;
import org.pupilrisk.population.Streams;

/**
 * England's geography as the simulator builds it: region &rarr; local authority &rarr; postcode district &rarr;
 * postcode sector &rarr; LSOA, nested and consistent (in reality LSOAs and postcode sectors overlap; here each
 * LSOA lies in one sector so that every coarser code follows from the finer one).
 *
 * <p>The 153 LAs are real (DfE numbers, names, regions). Districts, sectors and LSOAs are synthetic but sized
 * from the reference (calibration-facts §6): about 3,500 pupils per postcode district (≈2,600 in England),
 * ≈3.4 LSOAs per sector, ≈270 pupils per LSOA (≈33,700 LSOAs). Rural districts hold fewer pupils. Everything is
 * built deterministically from the seed on the driver; arrays are indexed by national index.
 */
public final class Geography implements Serializable {

    public static final String[] REGION_CODES = {"E12000001", "E12000002", "E12000003", "E12000004", "E12000005",
        "E12000006", "E12000007", "E12000008", "E12000009"};
    public static final String[] REGION_NAMES = {"North East", "North West", "Yorkshire and The Humber",
        "East Midlands", "West Midlands", "East of England", "London", "South East", "South West"};
    private static final String[] REGION_SHORT = {"NE", "NW", "YH", "EM", "WM", "EE", "LO", "SE", "SW"};
    public static final String LA_RESOURCE = "/org/pupilrisk/population/geography/local-authorities.csv";

    static final double URBAN_DISTRICT_PUPILS = 3800;
    static final double RURAL_DISTRICT_PUPILS = 2300;
    static final double PUPILS_PER_LSOA = 270;
    static final double LSOAS_PER_SECTOR = 3.4;

    public final LocalAuthority[] las;
    /** National pupils on roll the LA sizes are scaled to (pupils_all_schools 2023/24). */
    public final double nationalPupils;

    // districts
    public final int[] districtLa;
    public final boolean[] districtRural;
    public final String[] districtCode;
    public final int[] districtFirstLsoa;
    public final int[] districtLsoaCount;
    // LSOAs
    public final String[] lsoaCode;
    public final int[] lsoaDistrict;
    public final String[] lsoaSector;
    public final double[] lsoaPupils;
    /** logit of the LSOA's FSM propensity before calibration (area deprivation). */
    public final double[] lsoaFsmLogit;

    private Geography(LocalAuthority[] las, double nationalPupils, int[] districtLa, boolean[] districtRural,
                      String[] districtCode, int[] districtFirstLsoa, int[] districtLsoaCount, String[] lsoaCode,
                      int[] lsoaDistrict, String[] lsoaSector, double[] lsoaPupils, double[] lsoaFsmLogit) {
        this.las = las;
        this.nationalPupils = nationalPupils;
        this.districtLa = districtLa;
        this.districtRural = districtRural;
        this.districtCode = districtCode;
        this.districtFirstLsoa = districtFirstLsoa;
        this.districtLsoaCount = districtLsoaCount;
        this.lsoaCode = lsoaCode;
        this.lsoaDistrict = lsoaDistrict;
        this.lsoaSector = lsoaSector;
        this.lsoaPupils = lsoaPupils;
        this.lsoaFsmLogit = lsoaFsmLogit;
    }

    public int districts() {
        return districtLa.length;
    }

    public int lsoas() {
        return lsoaCode.length;
    }

    public static String postcodeArea(String district) {
        int i = 0;
        while (i < district.length() && Character.isLetter(district.charAt(i))) {
            i++;
        }
        return district.substring(0, i);
    }

    /** Reads the bundled list of 153 local authorities. */
    public static LocalAuthority[] localAuthorities() {
        try (InputStream in = Geography.class.getResourceAsStream(LA_RESOURCE)) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<LocalAuthority> out = new ArrayList<>();
            Map<String, Integer> region = new HashMap<>();
            for (int i = 0; i < REGION_SHORT.length; i++) {
                region.put(REGION_SHORT[i], i);
            }
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                List<String> f = CalibrationTargets.Csv.split(line);
                Integer reg = region.get(f.get(2));
                if (reg == null) {
                    throw new IllegalStateException(LA_RESOURCE + ": unknown region " + f.get(2));
                }
                out.add(new LocalAuthority(Integer.parseInt(f.get(0)), f.get(1), reg, Double.parseDouble(f.get(3)),
                        Double.parseDouble(f.get(5)) / 100, Double.parseDouble(f.get(7)) / 100, f.get(9).charAt(0),
                        Double.parseDouble(f.get(10)), f.get(11)));
            }
            return out.toArray(new LocalAuthority[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default lognormal spread of pupils per postcode district (calibration data, see docs/calibration.md). */
    public static double defaultDistrictSpread(CalibrationTargets targets) {
        return targets.value("postcode_district_size_lognormal_sd_default");
    }

    /** Builds the national geography with the default district-size spread. */
    public static Geography build(CalibrationTargets targets, long seed) {
        return build(targets, seed, defaultDistrictSpread(targets));
    }

    /**
     * Builds the national geography (all 153 LAs) deterministically from {@code seed}.
     *
     * @param districtSpread standard deviation of log(pupils per postcode district) around the urban/rural means.
     *                       No published distribution exists; it is a generator setting (issue 11) because
     *                       uniqueness on date of birth + sex + district depends on it (the birthday formula holds
     *                       for equal districts; skewed ones put more pupils in big districts where they are less
     *                       unique).
     */
    public static Geography build(CalibrationTargets targets, long seed, double districtSpread) {
        LocalAuthority[] las = localAuthorities();
        double national = targets.value("pupils_all_schools", "2023/24");
        double listed = 0;
        for (LocalAuthority la : las) {
            listed += la.pupils();
        }
        double scale = national / listed;
        List<Integer> dLa = new ArrayList<>();
        List<Boolean> dRural = new ArrayList<>();
        List<String> dCode = new ArrayList<>();
        List<Integer> dFirst = new ArrayList<>();
        List<Integer> dCount = new ArrayList<>();
        List<String> lCode = new ArrayList<>();
        List<Integer> lDistrict = new ArrayList<>();
        List<String> lSector = new ArrayList<>();
        List<Double> lPupils = new ArrayList<>();
        List<Double> lFsm = new ArrayList<>();
        Map<String, Integer> areaCounter = new HashMap<>();
        for (int a = 0; a < las.length; a++) {
            LocalAuthority la = las[a];
            UniformRandomProvider rng = Streams.of(seed, 0x6E0L, a);
            double pupils = la.pupils() * scale;
            double mean = la.ruralShare() * RURAL_DISTRICT_PUPILS + (1 - la.ruralShare()) * URBAN_DISTRICT_PUPILS;
            int nd = (int) Math.max(1, Math.round(pupils / mean));
            int nRural = (int) Math.round(la.ruralShare() * nd);
            double[] size = new double[nd];
            double sum = 0;
            // rural districts spread evenly through the LA's list, so a cluster of neighbouring districts taken below
            // national scale has the LA's urban/rural mix rather than being all rural or all urban
            boolean[] isRural = new boolean[nd];
            for (int d = 0; d < nd; d++) {
                isRural[d] = (d + 1) * nRural / nd > d * nRural / nd;
            }
            for (int d = 0; d < nd; d++) {
                boolean rural = isRural[d];
                size[d] = (rural ? RURAL_DISTRICT_PUPILS : URBAN_DISTRICT_PUPILS) * Math.exp(districtSpread * Streams.gaussian(rng) - districtSpread * districtSpread / 2);
                sum += size[d];
            }
            for (int d = 0; d < nd; d++) {
                boolean rural = isRural[d];
                double dp = size[d] * pupils / sum;
                int number = areaCounter.merge(la.postcodeArea(), 1, Integer::sum);
                String code = la.postcodeArea() + number;
                int districtIndex = dLa.size();
                dLa.add(a);
                dRural.add(rural);
                dCode.add(code);
                dFirst.add(lCode.size());
                int nl = (int) Math.max(1, Math.round(dp / PUPILS_PER_LSOA));
                // a postcode sector is the district's code and one digit: at most ten per district
                int ns = (int) Math.min(10, Math.max(1, Math.round(nl / LSOAS_PER_SECTOR)));
                dCount.add(nl);
                double[] w = new double[nl];
                double ws = 0;
                for (int l = 0; l < nl; l++) {
                    w[l] = Math.exp(0.3 * Streams.gaussian(rng));
                    ws += w[l];
                }
                double laLogit = logit(la.fsmRate() * (rural ? 0.8 : 1.0));
                for (int l = 0; l < nl; l++) {
                    int sector = (int) ((long) l * ns / nl);
                    lCode.add(String.format("E01%06d", lCode.size() + 1));
                    lDistrict.add(districtIndex);
                    lSector.add(code + " " + (sector + 1) % 10);
                    lPupils.add(w[l] / ws * dp);
                    // LSOA deprivation spread around the LA mean: FSM rates vary several-fold between neighbourhoods.
                    lFsm.add(laLogit + 0.7 * Streams.gaussian(rng) - 0.2);
                }
            }
        }
        return new Geography(las, national, toInt(dLa), toBool(dRural), dCode.toArray(new String[0]), toInt(dFirst),
                toInt(dCount), lCode.toArray(new String[0]), toInt(lDistrict), lSector.toArray(new String[0]),
                toDouble(lPupils), toDouble(lFsm));
    }

    static double logit(double p) {
        double q = Math.min(0.98, Math.max(0.005, p));
        return Math.log(q / (1 - q));
    }

    private static int[] toInt(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] toDouble(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static boolean[] toBool(List<Boolean> l) {
        boolean[] b = new boolean[l.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = l.get(i);
        }
        return b;
    }
}
