package org.pupilrisk.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions of the tool and of the libraries whose behaviour shapes the figures, as run.json and
 * {@code pupilrisk -V} report them. The tool's version and source commit come from
 * {@code build-info.properties}, which Maven fills in when it builds the jar, so the launcher, the
 * distribution and spark-submit all report the same.
 */
public final class BuildInfo {

    private static final Properties BUILD = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A value Maven filled in, or "unknown" when the resource is missing or was not filtered (an IDE build). */
    private static String built(String key) {
        String v = BUILD.getProperty(key, "").trim();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    /** The project version the jar was built as, e.g. {@code 0.2.0}. */
    public static String tool() {
        return built("version");
    }

    /**
     * The git commit the jar was built from, with {@code -dirty} appended when the working tree had changes
     * not in that commit (git describe's convention); "unknown" when built outside a git checkout.
     */
    public static String commit() {
        String c = built("commit");
        return !"unknown".equals(c) && "true".equals(built("dirty")) ? c + "-dirty" : c;
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
