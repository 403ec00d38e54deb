package org.pupilrisk.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Turns every logger off when the JVM begins to shut down, before Spark's own shutdown work.
 *
 * <p>Why: a run stopped by SIGTERM or Ctrl-C ends on the CLI's one line ("interrupted; ..."). While Spark stops its
 * context, tasks still running log what that stop does to them (an executor's class loader that can no longer reach
 * the driver's class server, a write job aborted), each an ERROR with a stack trace. None of it is news to a user who
 * stopped the run. The hook runs in Hadoop's shutdown-hook manager above Spark's priority
 * ({@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}), so it has run before Spark's stop begins. Not installed under
 * {@code --verbose}, which shows everything.
 */
final class QuietShutdown {

    static final int BEFORE_SPARK_STOPS = org.apache.hadoop.fs.FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private QuietShutdown() {
    }

    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            try {
                org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(QuietShutdown::silence, BEFORE_SPARK_STOPS);
            } catch (IllegalStateException e) {
                // already shutting down: nothing left to quieten
            }
        }
    }

    static void silence() {
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
    }
}
