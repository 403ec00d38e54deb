package org.pupilrisk.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one place that creates Spark sessions.
 *
 * <p>Embedded by default ({@code local[*]} inside the CLI's JVM, no install). When the JVM was
 * started by {@code spark-submit} the master is already in the configuration and is kept, so the
 * same jar runs unchanged on a cluster.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * Returns the active session or creates one.
     *
     * @param master master URL to use when none is configured ({@code null} means {@code local[*]})
     * @param verbose keep Spark's own INFO logging instead of the quiet default
     */
    public static SparkSession getOrCreate(String master, boolean verbose) {
        SparkSession.Builder builder = SparkSession.builder().appName("pupilrisk");
        boolean submitted = System.getProperty("spark.master") != null;
        if (master != null) {
            builder.master(master);
        } else if (!submitted) {
            builder.master("local[*]");
        }
        if (System.getenv("SPARK_LOCAL_IP") == null && !submitted) {
            // Binding to the external interface makes Spark warn and exposes listeners; loopback suffices locally.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        builder.config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", String.valueOf(defaultShufflePartitions()))
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.session.timeZone", "UTC");
        SparkSession session = builder.getOrCreate();
        if (!verbose) {
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    /** A small-machine default: a few shuffle partitions per core rather than Spark's fixed 200. */
    private static int defaultShufflePartitions() {
        return Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
    }
}
