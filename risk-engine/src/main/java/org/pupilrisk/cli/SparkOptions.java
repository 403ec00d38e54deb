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

    /** A session being started on another thread ({@link #startWhileReading}); null when none was. */
    private java.util.concurrent.CompletableFuture<SparkSession> starting;

    /**
     * Starts Spark on another thread while the caller reads its input on this one (a user's CSV is read and
     * checked whole on the driver before any Spark work; Spark's start, several seconds, need not wait for it).
     * Nothing is started when a session already exists. {@link #session()} then waits for it; if the input turns
     * out bad, {@link #discard()} stops it, so that the run ends on the input's one-line error as before.
     */
    public void startWhileReading() {
        if (starting == null && SparkSession.getDefaultSession().isEmpty()) {
            starting = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    starting.complete(start());
                } catch (Throwable e) {
                    starting.completeExceptionally(e);
                }
            }, "pupilrisk-spark-start");
            t.setDaemon(true);
            t.start();
        }
    }

    /** A session started by {@link #startWhileReading} that the run will not use: stopped once it is up. */
    public void discard() {
        if (starting != null) {
            try {
                starting.join().stop();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                // its start failed: nothing to stop, and the input's error is the one to report
            }
            starting = null;
        }
    }

    public SparkSession session() {
        if (starting != null) {
            try {
                return starting.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error r) {
                    throw r;
                }
                throw e;
            }
        }
        return start();
    }

    private SparkSession start() {
        if (verbose) {
            // every logger, including those the quiet default turns down
            org.apache.logging.log4j.core.config.Configurator.setAllLevels(
                    org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.INFO);
        } else {
            QuietShutdown.install();
        }
        // bars only on a terminal, and not under --verbose, whose Spark log lines would tear them
        Progress.enableOnTerminal(verbose);
        SparkSession spark = SparkSessions.getOrCreate(master, verbose, conf);
        SparkStages.attach(spark);
        return spark;
    }
}
