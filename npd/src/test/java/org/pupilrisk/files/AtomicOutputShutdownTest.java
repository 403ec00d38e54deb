package org.pupilrisk.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted (SIGTERM) while Spark's tasks write into a temporary output leaves nothing behind, even though
 * JVM shutdown hooks run at the same time as those tasks: a task goes on writing (and its {@code mkdirs} re-creates
 * the temporary) until Spark's own hook has stopped the SparkContext. The child JVM below stands a writer thread in
 * for Spark's tasks and a Hadoop shutdown hook at Spark's priority for the SparkContext's stop, which ends the
 * writer only after a delay: a removal that does not wait for it loses the race.
 */
class AtomicOutputShutdownTest {

    @TempDir
    Path dir;

    @Test
    void aTemporaryStillBeingWrittenWhenTheJvmStopsIsRemovedAfterSparkHasStoppedItsTasks() throws Exception {
        Path out = dir.resolve("pop");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriterUntilSparkStops.class.getName(), out.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && !line.equals("writing")) {
                // the child's start-up
            }
            assertThat(line).as("the child reached the write").isEqualTo("writing");
            Thread.sleep(300);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("stopped").isTrue();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.toList()).as("nothing half-written").isEmpty();
        }
    }

    @Test
    void aFinishedRunsExitHasNothingToRemoveAndWaitsForNothing() throws Exception {
        Path out = dir.resolve("done");
        AtomicOutput.directory(out, tmp -> Files.writeString(tmp.resolve("figures.csv"), "x"));
        assertThat(out.resolve("figures.csv")).exists();
        assertThat(AtomicOutput.removeInProgressUntilQuiet()).as("removal passes at exit").isZero();

        // while an output is in progress the removal checks until quiet: three passes at least
        Path[] seen = new Path[1];
        try {
            AtomicOutput.directory(dir.resolve("failing"), tmp -> {
                seen[0] = tmp;
                assertThat(AtomicOutput.removeInProgressUntilQuiet()).as("passes while writing").isGreaterThanOrEqualTo(3);
                throw new IllegalStateException("the run fails after the check");
            });
        } catch (IllegalStateException expected) {
            // the run's own failure
        }
        assertThat(seen[0]).as("the temporary was removed").doesNotExist();
    }

    /** The child: writes files into the temporary until "Spark" (a Hadoop hook at Spark's priority) stops it. */
    public static final class WriterUntilSparkStops {
        public static void main(String[] args) throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            Thread[] writer = new Thread[1];
            org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(() -> {
                try {
                    Thread.sleep(500); // the SparkContext's stop takes a while; its tasks write on meanwhile
                    stop.set(true);
                    writer[0].join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, org.apache.hadoop.fs.FileSystem.SHUTDOWN_HOOK_PRIORITY + 30);
            AtomicOutput.directory(Path.of(args[0]), tmp -> {
                writer[0] = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            Path part = tmp.resolve("_temporary").resolve("attempt-" + (i % 50));
                            Files.createDirectories(part);
                            Files.writeString(part.resolve("part-" + i), "row");
                        } catch (java.io.IOException e) {
                            // removed under the writer's feet: it tries again, as a task's mkdirs would
                        }
                    }
                });
                writer[0].start();
                System.out.println("writing");
                System.out.flush();
                writer[0].join();
                throw new IllegalStateException("the job failed because the SparkContext stopped");
            });
        }
    }
}
