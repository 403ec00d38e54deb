package org.pupilrisk.population;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.pupilrisk.input.InvalidInputException;

/**
 * What a generated population was generated with ({@code population.json} in its folder): enough to generate
 * the same population again, or the same population under one changed assumption (the sensitivity grid's
 * district-size spread). The spread is the resolved value, not "default", so a later change of the documented
 * default cannot silently change what a recorded population means.
 *
 * @param pupils         pupils per census year asked for
 * @param firstYear      first census year
 * @param lastYear       last census year
 * @param seed           the generator's seed
 * @param districtSpread the district-size spread used (sd of log pupils per postcode district)
 * @param bundledCalibration false when the population was drawn from a generator settings file's values
 *                       ({@code generate --settings}), which this manifest does not hold: such a population cannot
 *                       be generated again from it
 */
public record PopulationManifest(long pupils, int firstYear, int lastYear, long seed, double districtSpread,
                                 boolean bundledCalibration) {

    /** A population drawn from the bundled calibration data. */
    public PopulationManifest(long pupils, int firstYear, int lastYear, long seed, double districtSpread) {
        this(pupils, firstYear, lastYear, seed, districtSpread, true);
    }

    public static final String FILE = "population.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes {@code population.json} into {@code dir}. */
    public void write(Path dir) {
        ObjectNode n = JSON.createObjectNode();
        n.put("pupils", pupils);
        n.put("first_year", firstYear);
        n.put("last_year", lastYear);
        n.put("seed", seed);
        n.put("district_spread", districtSpread);
        n.put("calibration", bundledCalibration ? "bundled" : "settings file");
        try {
            Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(n) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The manifest of a population folder; empty when it has none (a population generated before version 0.3.0,
     * or one a user assembled in the NPD layout themselves).
     */
    public static Optional<PopulationManifest> read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (java.io.InputStream in = Files.newInputStream(f)) {
            // a stream, not f.toFile(): the folder may be on a cluster filesystem
            JsonNode n = JSON.readTree(in);
            for (String k : new String[] {"pupils", "first_year", "last_year", "seed", "district_spread"}) {
                if (n == null || !n.hasNonNull(k) || !n.get(k).isNumber()) {
                    throw new InvalidInputException(f + ": field '" + k + "' is missing or not a number");
                }
            }
            // "calibration" is absent from manifests written before generator settings files existed: bundled
            boolean bundled = !n.hasNonNull("calibration") || "bundled".equals(n.get("calibration").asText());
            return Optional.of(new PopulationManifest(n.get("pupils").asLong(), n.get("first_year").asInt(),
                    n.get("last_year").asInt(), n.get("seed").asLong(), n.get("district_spread").asDouble(), bundled));
        } catch (IOException e) {
            throw new InvalidInputException(f + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
