package org.pupilrisk.engine;

import org.pupilrisk.population.GeneratorVersion;

/**
 * Versions of the tool and of the libraries whose behaviour shapes the figures, as run.json and
 * {@code pupilrisk -V} report them. The tool's version and source commit come from
 * {@code build-info.properties}, which Maven fills in when it builds the jar, so the launcher, the
 * distribution and spark-submit all report the same.
 */
public final class BuildInfo {

    /** Read once, as the simulator reads its own generator-info (same keys, same "unknown" and "-dirty" rules). */
    private static final GeneratorVersion BUILD = GeneratorVersion.fromBuildProperties(BuildInfo.class,
            "build-info.properties");

    private BuildInfo() {
    }

    /** The project version the jar was built as, e.g. {@code 0.2.0}. */
    public static String tool() {
        return BUILD.version();
    }

    /**
     * The git commit the jar was built from, with {@code -dirty} appended when the working tree had changes
     * not in that commit (git describe's convention); "unknown" when built outside a git checkout.
     */
    public static String commit() {
        return BUILD.commit();
    }

    /** The Spark version on the class path. */
    public static String spark() {
        try {
            return org.apache.spark.package$.MODULE$.SPARK_VERSION();
        } catch (Throwable e) {
            return "unknown";
        }
    }
}
