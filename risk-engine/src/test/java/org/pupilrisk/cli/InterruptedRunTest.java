package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped by SIGTERM (a scheduler's kill, a closed terminal) while it writes its output: nothing half-written
 * is left, and what it says is at most the one line that it was interrupted — not Spark's internal failure
 * ("Cannot invoke ... DAGScheduler.cleanupQueryJobs ... is null"), not a stack trace. The real command line runs in
 * its own JVM so that the signal, the shutdown hooks and the exit status are the real ones.
 */
class InterruptedRunTest {

    @TempDir
    Path dir;

    @Test
    void aGenerateStoppedWhileWritingLeavesNothingBehindAndNoStackTrace() throws Exception {
        Path out = dir.resolve("pop");
        List<String> cmd = CliJvm.command("1g", List.of("generate", "--pupils", "200000", "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch writing = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.add(line);
                    if (line.startsWith("pupilrisk: writing pupils")) {
                        writing.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        assertThat(writing.await(5, TimeUnit.MINUTES)).as("reached the write: %s", stderr).isTrue();
        Thread.sleep(2000); // inside the Spark job that writes the temporary sibling
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("stopped").isTrue();
        reader.join(10_000);

        // 130 when the CLI reports the interruption itself, 143 (128 + SIGTERM) when the JVM's shutdown ends first
        assertThat(p.exitValue()).isIn(130, 143);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.toList()).as("nothing half-written: no %s, no .pop.tmp-PID", out).isEmpty();
        }
        List<String> after = stderr.subList(stderr.indexOf(stderr.stream()
                .filter(l -> l.startsWith("pupilrisk: writing pupils")).findFirst().orElseThrow()) + 1, stderr.size());
        assertThat(after).as("stderr after the signal").allSatisfy(line -> {
            assertThat(line).doesNotStartWith("\tat ").doesNotContain("Exception").doesNotContain("DAGScheduler");
            assertThat(line).matches("pupilrisk: (interrupted; .*|writing .*|validating .*)");
        });
    }
}
