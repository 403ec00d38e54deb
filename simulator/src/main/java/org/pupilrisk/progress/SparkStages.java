package org.pupilrisk.progress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's share of a long stage: one bar per running Spark stage, tasks completed of its total, from the driver's
 * listener bus (so it works on the embedded master and on a cluster alike). Stages of a single task finish too fast
 * to be worth a line and get none.
 */
public final class SparkStages extends SparkListener {

    private final Map<Integer, Progress> running = new ConcurrentHashMap<>();

    private SparkStages() {
    }

    /** Contexts already listened to (a verb may ask for its session more than once). */
    private static final java.util.Set<Object> ATTACHED =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    /** Adds the listener to {@code spark}'s context when bars are on, once per context; otherwise does nothing. */
    public static void attach(SparkSession spark) {
        if (Progress.enabled() && ATTACHED.add(spark.sparkContext())) {
            spark.sparkContext().addSparkListener(new SparkStages());
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        int tasks = e.stageInfo().numTasks();
        if (tasks > 1) {
            running.put(e.stageInfo().stageId(), Progress.startSparkStage("Spark stage " + e.stageInfo().stageId(), tasks));
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        Progress p = running.get(e.stageId());
        if (p != null && e.taskInfo().successful()) {
            p.step();
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
        Progress p = running.remove(e.stageInfo().stageId());
        if (p != null) {
            p.close();
        }
    }
}
