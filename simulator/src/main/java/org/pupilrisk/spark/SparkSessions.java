package org.pupilrisk.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that creates Spark sessions.
 *
 * <p>Embedded by default ({@code local[*]} inside the CLI's JVM, no install). When the JVM was
 * started by {@code spark-submit} the master is already in the configuration and is kept, so the
 * same jar runs unchanged on a cluster.
 *
 * <p>The user's Spark configuration wins: {@code spark-submit --conf} and {@code spark-defaults.conf}
 * (which reach the driver as {@code spark.*} system properties), {@code -Dspark.*} on a plain {@code java}
 * command line and the CLI's own {@code --conf KEY=VALUE} flags. The tool's small-machine defaults
 * ({@link #DEFAULTS}) fill only the keys none of these set.
 */
public final class SparkSessions {

    /** The tool's defaults, each applied only where the user has not set the key. */
    public static final Map<String, String> DEFAULTS = defaults();

    private SparkSessions() {
    }

    /**
     * Returns the active session or creates one.
     *
     * @param master master URL to use when none is configured ({@code null} means {@code local[*]})
     * @param verbose keep Spark's own INFO logging instead of the quiet default
     */
    public static SparkSession getOrCreate(String master, boolean verbose) {
        return getOrCreate(master, verbose, Map.of());
    }

    /**
     * Returns the active session or creates one.
     *
     * @param master  master URL from the command line ({@code null}: the configured one, else {@code local[*]})
     * @param verbose keep Spark's own INFO logging instead of the quiet default
     * @param conf    the command line's {@code --conf} settings; they win over the tool's defaults
     */
    public static SparkSession getOrCreate(String master, boolean verbose, Map<String, String> conf) {
        SparkConf settings = configuration(new SparkConf(), master, conf, System.getenv("SPARK_LOCAL_IP") != null);
        SparkSession session = SparkSession.builder().config(settings).getOrCreate();
        if (!verbose) {
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    /**
     * The session's configuration: {@code user} (the {@code spark.*} system properties: spark-submit's
     * {@code --conf}, {@code spark-defaults.conf}, {@code -D}) with the command line's {@code --conf} on top, and
     * the tool's defaults only for keys that neither sets.
     *
     * @param localIpSet whether {@code SPARK_LOCAL_IP} is set in the environment
     */
    public static SparkConf configuration(SparkConf user, String master, Map<String, String> cli, boolean localIpSet) {
        SparkConf conf = user.clone();
        cli.forEach(conf::set);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", "pupilrisk");
        boolean submitted = user.contains("spark.master");
        if (!localIpSet && !submitted) {
            // Binding to the external interface makes Spark warn and exposes listeners; loopback suffices locally.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        DEFAULTS.forEach(conf::setIfMissing);
        return conf;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("spark.ui.enabled", "false");
        // a few shuffle partitions per core rather than Spark's fixed 200: small machines are the default
        String fewPerCore = String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
        d.put("spark.sql.shuffle.partitions", fewPerCore);
        // and a few file splits per core: Spark sizes splits as the data over the cores, so it read the national census
        // year (211 MB) in three large splits and a small one, and on two cores one core idled while the other read the
        // third (benchmarks/RESULTS.md, "a few file splits per core"). Files under 4 MB stay one split each.
        d.put("spark.sql.files.minPartitionNum", fewPerCore);
        d.put("spark.sql.adaptive.enabled", "true");
        d.put("spark.sql.session.timeZone", "UTC");
        // Caching a dataset picked each column's compression by trying every scheme on every value: most of the time
        // it took to cache the national population (benchmarks/RESULTS.md, "the cache left uncompressed"). The
        // population's Parquet files are already compressed on disk; in memory it takes about 2.8x the room instead.
        d.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
        // cached datasets held as plain column arrays and scanned as column vectors, text included (ColumnarCache)
        d.put(ColumnarCache.CONF, ColumnarCache.class.getName());
        return java.util.Collections.unmodifiableMap(d);
    }
}
