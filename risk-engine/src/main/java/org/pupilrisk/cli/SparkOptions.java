package org.pupilrisk.cli;

import org.apache.spark.sql.SparkSession;
import org.pupilrisk.progress.Progress;
import org.pupilrisk.progress.SparkStages;
import org.pupilrisk.spark.SparkSessions;
import picocli.CommandLine.Option;

/** Options every Spark-backed verb shares (a picocli mixin). */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: local[*], embedded; under spark-submit the submitted master is kept).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting (repeatable), as spark-submit's --conf; it wins over pupilrisk's defaults.")
    java.util.Map<String, String> conf = new java.util.LinkedHashMap<>();

    @Option(names = "--verbose", description = "Show Spark's own logs and full stack traces.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }

    public SparkSession session() {
        if (verbose) {
            // every logger, including those the quiet default turns down
            org.apache.logging.log4j.core.config.Configurator.setAllLevels(
                    org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.INFO);
        }
        // bars only on a terminal, and not under --verbose, whose Spark log lines would tear them
        Progress.enableOnTerminal(verbose);
        SparkSession spark = SparkSessions.getOrCreate(master, verbose, conf);
        SparkStages.attach(spark);
        return spark;
    }
}
