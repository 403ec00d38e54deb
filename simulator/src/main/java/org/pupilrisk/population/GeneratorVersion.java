package org.pupilrisk.population;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The generator a population was drawn by: the simulator's version and the git commit it was built from
 * ({@code -dirty} when the working tree had changes not in that commit; {@code unknown} outside a git checkout).
 * population.json records it, so a later generator (whose calibration or model may have changed) can tell that
 * regenerating the population would not give the same rows.
 *
 * @param version the simulator's project version, e.g. {@code 0.2.0}
 * @param commit  the source commit, {@code unknown} when not known
 */
public record GeneratorVersion(String version, String commit) {

    private static final GeneratorVersion RUNNING = load();

    /** The generator in this process. */
    public static GeneratorVersion running() {
        return RUNNING;
    }

    /**
     * Whether a population drawn by {@code this} generator would be drawn identically by {@code other}: same
     * version and same commit, both known and neither built from a changed working tree.
     */
    public boolean sameAs(GeneratorVersion other) {
        return version.equals(other.version) && commit.equals(other.commit) && known() && other.known();
    }

    private boolean known() {
        return !commit.equals("unknown") && !commit.endsWith("-dirty");
    }

    /** How population.json and notes write it: {@code 0.2.0 (commit 0a50370…)}. */
    @Override
    public String toString() {
        return version + " (commit " + commit + ")";
    }

    private static GeneratorVersion load() {
        return fromBuildProperties(GeneratorVersion.class, "generator-info.properties");
    }

    /**
     * The version and commit a properties resource that Maven filtered at build time records ({@code version},
     * {@code commit}, {@code dirty}): the simulator's generator-info, and the engine's build-info for
     * {@code pupilrisk -V} and run.json. A missing resource or an unfiltered value (an IDE build) reads
     * {@code unknown}.
     */
    public static GeneratorVersion fromBuildProperties(Class<?> owner, String resource) {
        Properties p = new Properties();
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String commit = built(p, "commit");
        return new GeneratorVersion(built(p, "version"),
                !commit.equals("unknown") && built(p, "dirty").equals("true") ? commit + "-dirty" : commit);
    }

    /** A value Maven filled in, or "unknown" when missing or not filtered (an IDE build). */
    private static String built(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }
}
