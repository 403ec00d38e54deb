package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options and unwritable paths: exit code 2, one line on stderr naming the option, nothing written. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    private record Outcome(int code, String err) {
    }

    private Outcome run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = PupilRisk.execute(args);
            return new Outcome(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    private void assertRejected(String option, String... args) throws Exception {
        Outcome o = run(args);
        assertThat(o.code()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(o.err().lines().count()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).startsWith("pupilrisk: ").contains(option);
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("nothing written").isEmpty();
        }
    }

    @Test
    void rejectsAPupilCountOutOfRange() throws Exception {
        assertRejected("--pupils", "generate", "--pupils", "5", "--out", dir.resolve("p").toString());
        assertRejected("--pupils", "generate", "--pupils", "-3", "--out", dir.resolve("p").toString());
    }

    @Test
    void rejectsAMalformedOrReversedYearRange() throws Exception {
        assertRejected("--years", "generate", "--years", "2024-2018", "--out", dir.resolve("y").toString());
        assertRejected("--years", "generate", "--years", "twenty", "--out", dir.resolve("y").toString());
        assertRejected("--years", "generate", "--years", "1999", "--out", dir.resolve("y").toString());
    }

    @Test
    void rejectsUnknownFormatsAndScales() throws Exception {
        assertRejected("--format", "generate", "--format", "xml", "--out", dir.resolve("f").toString());
        assertRejected("--scale", "generate", "--scale", "huge", "--out", dir.resolve("s").toString());
        assertRejected("--partitions", "generate", "--partitions", "-1", "--out", dir.resolve("s").toString());
    }

    @Test
    void rejectsAnOutputUnderAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Outcome o = run("generate", "--scale", "tiny", "--out", file.resolve("out").toString());
        assertThat(o.code()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(o.err().lines().count()).as(o.err()).isEqualTo(1);
        assertThat(o.err()).contains("cannot write");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    @Test
    void requiresAnOutputDirectory() {
        Outcome o = run("generate", "--scale", "tiny");
        assertThat(o.code()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(o.err()).contains("--out");
    }
}
