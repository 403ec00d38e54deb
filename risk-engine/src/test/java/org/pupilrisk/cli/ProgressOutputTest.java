package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.progress.Progress;

/**
 * The real command line in its own JVM with stderr going to a pipe, as in a log or CI: the per-step lines with
 * elapsed time, and no bar, no carriage return, no escape sequence. (That a terminal gets the bars is
 * {@code progress.ProgressTest}'s and the tmux screens' in docs/progress.md: a second Spark JVM here would double
 * the test's two minutes.)
 */
class ProgressOutputTest {

    @TempDir
    Path dir;

    @Test
    void aRunWhoseStderrIsNotATerminalPrintsStepLinesOnly() throws Exception {
        Run quiet = run(null, "generate", "--pupils", "1500", "--out", dir.resolve("quiet").toString());
        assertThat(quiet.exit()).as(quiet.stderr()).isZero();
        assertThat(quiet.stderr()).contains("pupilrisk: writing pupils").containsPattern("pupilrisk: wrote .* in [0-9.]+ s");
        assertThat(quiet.stderr()).doesNotContain("\r").doesNotContain("\u001b").doesNotContain("% [").doesNotContain(" left");
        assertThat(quiet.stderr().lines().allMatch(l -> l.startsWith("pupilrisk: "))).as(quiet.stderr()).isTrue();
    }

    record Run(int exit, String stderr) {
    }

    private static Run run(String terminal, String... args) throws Exception {
        List<String> cmd = CliJvm.command("768m", System.getProperty("java.class.path"),
                terminal == null ? List.of() : List.of(Progress.TERMINAL_PROPERTY + "=" + terminal), List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("TERM", "xterm");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err;
        try (InputStream in = p.getErrorStream()) {
            err = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + List.of(args));
        }
        return new Run(p.exitValue(), err);
    }
}
